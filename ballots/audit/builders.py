"""Typed builders for the ``data`` of each event type, so the app never assembles dicts by hand.

They encode bytes as base64url, sort the lists the format requires sorted (issuances by
delegate reference, ballots by credential hash) and compute trackers — the same rules the
verifier enforces, written once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ballots.audit.encoding import b64url_encode
from ballots.credential import credential_hash, tracker_code

__all__ = [
    "acceptance_data",
    "ballot_entry",
    "ballots_data",
    "conference_data",
    "decision_data",
    "election_data",
    "issuances_data",
    "poll_closed_data",
    "poll_opened_data",
    "poll_voided_data",
    "presence_data",
    "protocol_signed_data",
    "result_data",
    "roster_data",
    "transfer_data",
]


def conference_data(*, title: str, organisation: str, date: str, place: str,
                    settings: Mapping[str, Any]) -> dict[str, Any]:
    """``date`` is ISO 8601 (``2025-03-08``); ``settings`` the conference-wide settings."""
    return {"title": title, "organisation": organisation, "date": date, "place": place,
            "settings": dict(settings)}


def roster_data(*, entitled: int, voting_right: int, substitutes: int) -> dict[str, Any]:
    return {"entitled": entitled, "voting_right": voting_right, "substitutes": substitutes}


def presence_data(*, present: int, poll: str | None = None) -> dict[str, Any]:
    """Present delegates with voting right; ``poll`` if the snapshot was taken for a poll."""
    return {"present": present, "poll": poll}


def transfer_data(*, substitute: str, delegate: str, at: str,
                  ended: bool = False) -> dict[str, Any]:
    """A substitute (Ersatzdelegierte/r) takes over an absent delegate's voting right, or
    gives it back (``ended``). Both are named by their delegate reference, as in
    ``issuances``; ``at`` is the moment in ISO 8601 UTC (``2025-03-08T09:12:00Z``)."""
    data: dict[str, Any] = {"substitute": substitute, "delegate": delegate, "at": at}
    if ended:
        data["ended"] = True
    return data


def poll_opened_data(*, poll: str, contest: Mapping[str, Any], public_key_pem: str,
                     key_fingerprint: str, present: int, paper: bool = False,
                     election: str | None = None) -> dict[str, Any]:
    """``contest`` is the Contract 2 dict; a paper poll has empty key fields; ``election``
    links a round to its election (``election`` event)."""
    data: dict[str, Any] = {"poll": poll, "contest": dict(contest),
                            "public_key": public_key_pem, "key_fingerprint": key_fingerprint,
                            "present": present}
    if paper:
        data["paper"] = True
    if election is not None:
        data["election"] = election
    return data


def election_data(*, election: str, title: str, rules: Mapping[str, Any], seats: int,
                  candidates: Sequence[Mapping[str, Any]],
                  women_seats: int | None = None) -> dict[str, Any]:
    """An election's definition (written before its first round opens, and again whenever
    its list of candidates changes): the replay of its standing starts from the latest one."""
    data: dict[str, Any] = {"election": election, "title": title, "rules": dict(rules),
                            "seats": seats, "candidates": [dict(c) for c in candidates]}
    if women_seats is not None:
        data["women_seats"] = women_seats
    return data


def issuances_data(*, poll: str, issuances: Iterable[tuple[str, bytes, bytes]],
                   paper: Iterable[str] = (), replaced: Iterable[str] = ()) -> dict[str, Any]:
    """All issuances of a poll as (delegate ref, blinded_msg, blind_sig), sorted by ref;
    ``paper`` the refs of delegates who got a paper ballot instead, ``replaced`` those who got
    one because their credential was lost (only in a poll that had any, so every other file
    keeps its form)."""
    items = [{"delegate": ref, "blinded_msg": b64url_encode(blinded),
              "blind_sig": b64url_encode(signed)} for ref, blinded, signed in issuances]
    items.sort(key=lambda item: item["delegate"])
    data: dict[str, Any] = {"poll": poll, "issuances": items}
    lost = set(replaced)
    on_paper = sorted(set(paper) | lost)
    if on_paper:
        data["paper"] = [{"delegate": ref, "replaces_credential": True} if ref in lost
                         else {"delegate": ref} for ref in on_paper]
    return data


def poll_closed_data(*, poll: str, issued: int, cast: int,
                     paper_issued: int | None = None,
                     paper_cast: int | None = None) -> dict[str, Any]:
    """``issued``/``cast`` count credentials and phone ballots; a poll with paper beside the
    phones adds its paper ballots issued and cast."""
    data: dict[str, Any] = {"poll": poll, "issued": issued, "cast": cast}
    if paper_issued is not None:
        data["paper_issued"] = paper_issued
        data["paper_cast"] = paper_cast or 0
    return data


def ballot_entry(msg: bytes, sig: bytes, ballot: Mapping[str, Any]) -> dict[str, Any]:
    """One entry of a ``ballots`` event, with its tracker computed."""
    tracker = tracker_code(credential_hash(msg))
    return {"msg": b64url_encode(msg), "sig": b64url_encode(sig), "ballot": dict(ballot),
            "tracker": tracker}


def ballots_data(*, poll: str, ballots: Iterable[tuple[bytes, bytes, Mapping[str, Any]]],
                 paper: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """All ballots of a poll as (msg, sig, ballot JSON), sorted by credential hash; ``paper``
    the commission's totals of the paper ballots cast beside the phones (the ``paper_totals``
    form of ``ballots.counting.totals``)."""
    keyed = sorted(((credential_hash(msg), ballot_entry(msg, sig, ballot))
                    for msg, sig, ballot in ballots), key=lambda pair: pair[0])
    data: dict[str, Any] = {"poll": poll, "ballots": [entry for _, entry in keyed]}
    if paper is not None:
        data["paper"] = dict(paper)
    return data


def result_data(*, poll: str, result: Mapping[str, Any],
                lot: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``result`` is ``result_to_dict(...)``; ``lot`` the lot input dict if a lot was drawn."""
    return {"poll": poll, "result": dict(result), "lot": None if lot is None else dict(lot)}


def poll_voided_data(*, poll: str, reason: str) -> dict[str, Any]:
    return {"poll": poll, "reason": reason}


def decision_data(*, text: str, poll: str | None = None,
                  overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """An assembly decision (e.g. deviating rules for a vote) as adopted, with its overrides."""
    return {"text": text, "poll": poll, "overrides": None if overrides is None else dict(overrides)}


def acceptance_data(*, poll: str, candidate: str, accepted: bool,
                    note: str | None = None) -> dict[str, Any]:
    """Whether an elected candidate (id as in the poll's contest) accepts the election."""
    return {"poll": poll, "candidate": candidate, "accepted": accepted, "note": note}


def protocol_signed_data(*, protocol_hash: str, audit_head: str,
                         key_fingerprint: str) -> dict[str, Any]:
    """Recorded right after signing: ``audit_head`` must be the hash of the event before."""
    return {"protocol_hash": protocol_hash, "audit_head": audit_head,
            "key_fingerprint": key_fingerprint}
