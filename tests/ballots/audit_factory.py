"""Real audit files for tests: real poll keys, the full blind-signature flow, real tally.

Plain ``make_*`` functions so app tests can reuse them. Nothing here is stubbed: every
credential goes through ``ballots.credential`` and ``ballots.blind`` (prepare, blind, blind_sign,
finalize) and every result through ``ballots.counting.tally``, so a passing verifier means the
pieces fit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ballots import blind
from ballots.audit import (
    ballots_data,
    conference_data,
    dumps_line,
    issuances_data,
    make_event,
    poll_closed_data,
    poll_opened_data,
    presence_data,
    protocol_signed_data,
    result_data,
    roster_data,
)
from ballots.audit.events import body_hash
from ballots.contest import contest_from_dict
from ballots.counting import result_to_dict, tally
from ballots.counting.lot import lot_from_dict
from ballots.credential import credential_message
from ballots.marks import parse_ballot
from ballots.protocol import protocol_hash, public_key_fingerprint, sign_protocol

Credential = tuple[bytes, bytes, bytes, bytes]  # msg, sig, blinded_msg, blind_sig


@cache
def make_poll_key(slot: int = 0) -> rsa.RSAPrivateKey:
    """A 2048-bit poll key; cached per ``slot`` because generating one takes a while."""
    return blind.generate_key(2048)


@cache
def make_protocol_key(slot: int = 0) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def make_motion_contest(title: str = "Antrag A1: Satzungsänderung", *,
                        preset: str = "motion-simple") -> dict[str, Any]:
    return {"kind": "motion", "title": title, "rules": {"preset": preset, "overrides": {}},
            "seats": 1, "candidates": [{"id": "motion", "name": title, "group": ""}],
            "round": {"number": 1, "kind": "general"}}


def make_election_contest(*, seats: int = 2,
                          names: Sequence[str] = ("Anna Arndt", "Berta Brandt", "Clara Cordes"),
                          ) -> dict[str, Any]:
    """A DIE LINKE women's round (Ja/Nein/Enthaltung per candidate, Ja > Nein)."""
    return {"kind": "election", "title": "Delegierte zum Landesparteitag – Frauenwahlgang",
            "rules": {"preset": "linke-delegates", "overrides": {}}, "seats": seats,
            "candidates": [{"id": f"C{i}", "name": name, "group": "Frau"}
                           for i, name in enumerate(names, start=1)],
            "round": {"number": 1, "kind": "women"}}


def make_credential(key: rsa.RSAPrivateKey, poll_id: str) -> Credential:
    """One credential through the whole RFC 9474 flow, as phone and server run it."""
    pub = key.public_key()
    msg = credential_message(poll_id)
    blinded, inv = blind.blind(pub, msg)
    blind_sig = blind.blind_sign(key, blinded)
    sig = blind.finalize(pub, msg, blind_sig, inv)
    return msg, sig, blinded, blind_sig


@dataclass
class PollRun:
    """What one poll produced: its key, credentials (by delegate ref) and cast ballots."""

    poll_id: str
    contest: dict[str, Any]
    key: rsa.RSAPrivateKey
    present: int
    credentials: dict[str, Credential] = field(default_factory=dict)
    cast: list[tuple[bytes, bytes, dict[str, Any]]] = field(default_factory=list)


def make_poll_run(poll_id: str, contest: Mapping[str, Any], choices: Sequence[Mapping[str, Any]],
                  *, issued: int | None = None, present: int | None = None,
                  key_slot: int = 0) -> PollRun:
    """Issue ``issued`` credentials (default: one per ballot) and cast ``choices`` with them."""
    issued = len(choices) if issued is None else issued
    key = make_poll_key(key_slot)
    run = PollRun(poll_id, dict(contest), key, issued if present is None else present)
    for index in range(issued):
        run.credentials[f"D{index + 1:04d}"] = make_credential(key, poll_id)
    for (msg, sig, _b, _s), ballot in zip(run.credentials.values(), choices, strict=False):
        run.cast.append((msg, sig, dict(ballot)))
    return run


def make_result(contest: Mapping[str, Any], ballots: Sequence[Mapping[str, Any]], *,
                issued: int, lot: Mapping[str, Any] | None = None) -> Any:
    """The result dict the app records: real parse_ballot and tally, issued = issuances."""
    parsed = contest_from_dict(contest)
    lot_input = None if lot is None else lot_from_dict(dict(lot))
    return result_to_dict(tally(parsed, [parse_ballot(parsed, b) for b in ballots],
                                issued=issued, lot=lot_input))


def make_poll_events(prev: dict[str, Any], run: PollRun) -> list[dict[str, Any]]:
    """presence, poll_opened, issuances, poll_closed, ballots, result — chained after ``prev``."""
    pub = run.key.public_key()
    datas = [
        ("presence", presence_data(present=run.present, poll=run.poll_id)),
        ("poll_opened", poll_opened_data(
            poll=run.poll_id, contest=run.contest, public_key_pem=blind.public_key_pem(pub),
            key_fingerprint=blind.public_key_fingerprint(pub), present=run.present)),
        ("issuances", issuances_data(poll=run.poll_id, issuances=[
            (ref, blinded, blind_sig)
            for ref, (_m, _s, blinded, blind_sig) in run.credentials.items()])),
        ("poll_closed", poll_closed_data(poll=run.poll_id, issued=len(run.credentials),
                                         cast=len(run.cast))),
        ("ballots", ballots_data(poll=run.poll_id, ballots=run.cast)),
        ("result", result_data(poll=run.poll_id, result=make_result(
            run.contest, [ballot for _m, _s, ballot in run.cast],
            issued=len(run.credentials)))),
    ]
    events = []
    for type_, data in datas:
        prev = make_event(prev, type_, data)
        events.append(prev)
    return events


def make_motion_choices(yes: int = 5, no: int = 3, abstain: int = 1) -> list[dict[str, Any]]:
    return ([{"marks": {"motion": "Y"}}] * yes + [{"marks": {"motion": "N"}}] * no
            + [{"marks": {"motion": "A"}}] * abstain)


def make_election_choices() -> list[dict[str, Any]]:
    return [
        {"marks": {"C1": "Y", "C2": "Y"}},
        {"marks": {"C1": "Y", "C3": "Y"}},
        {"marks": {"C2": "Y"}},
        {"marks": {"C1": "Y", "C2": "Y"}},
        {"marks": {}, "global": "abstain_all"},
        {"marks": {"C3": "Y"}},
    ]


def make_tied_contest() -> dict[str, Any]:
    """One board seat under the association preset, whose ties are settled by lot."""
    return {"kind": "election", "title": "Kassenprüfung",
            "rules": {"preset": "association", "overrides": {}}, "seats": 1,
            "candidates": [{"id": "C1", "name": "Dora Dietz", "group": ""},
                           {"id": "C2", "name": "Emil Engel", "group": ""}],
            "round": {"number": 1, "kind": "general"}}


def make_lot_audit(public_value: str = "4711") -> list[dict[str, Any]]:
    """A tied poll (P-TIE): first result ``lot_needed``, then the result with the lot drawn
    against the chain head after that first result."""
    events = [make_event(None, "conference", conference_data(
        title="Mitgliederversammlung", organisation="Beispielverein e. V.", date="2025-05-01",
        place="Vereinsheim", settings={}))]
    choices = [{"marks": {"C1": "Y"}}, {"marks": {"C2": "Y"}}] * 2
    run = make_poll_run("P-TIE", make_tied_contest(), choices, present=4, key_slot=2)
    events.extend(make_poll_events(events[-1], run))
    lot = {"public_value": public_value, "audit_hash": events[-1]["hash"]}
    events.append(make_event(events[-1], "result", result_data(
        poll="P-TIE", lot=lot, result=make_result(run.contest, choices, issued=4, lot=lot))))
    return events


@dataclass
class AuditFixture:
    events: list[dict[str, Any]]
    runs: dict[str, PollRun]
    protocol: dict[str, Any] | None = None


def make_audit(*, with_protocol: bool = True) -> AuditFixture:
    """A whole conference: a motion (P-MOTION) and an election round (P-WOMEN) with a spare
    credential issued but not used, then a signed protocol."""
    events: list[dict[str, Any]] = []
    events.append(make_event(None, "conference", conference_data(
        title="Landesparteitag 2025", organisation="DIE LINKE Beispielland",
        date="2025-03-08", place="Musterstadt", settings={"language": "de"})))
    events.append(make_event(events[-1], "roster", roster_data(
        entitled=20, voting_right=18, substitutes=4)))
    runs = {
        "P-MOTION": make_poll_run("P-MOTION", make_motion_contest(), make_motion_choices(),
                                  present=12, key_slot=0),
        "P-WOMEN": make_poll_run("P-WOMEN", make_election_contest(), make_election_choices(),
                                 issued=7, present=12, key_slot=1),
    }
    for run in runs.values():
        events.extend(make_poll_events(events[-1], run))
    fixture = AuditFixture(events, runs)
    if with_protocol:
        fixture.protocol = append_signed_protocol(events)
    return fixture


def make_protocol(events: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return {"format": "wahlgang-protocol", "v": 1, "title": "Wahlprotokoll Landesparteitag 2025",
            "audit_head": events[-1]["hash"], "rounds": [{"poll": "P-MOTION"}]}


def append_signed_protocol(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Sign a protocol over the chain so far and record ``protocol_signed``; return it."""
    key = make_protocol_key()
    signed = sign_protocol(make_protocol(events), key)
    events.append(make_event(events[-1], "protocol_signed", protocol_signed_data(
        protocol_hash=protocol_hash(signed), audit_head=signed["audit_head"],
        key_fingerprint=public_key_fingerprint(key))))
    return signed


def make_audit_text(events: Sequence[Mapping[str, Any]]) -> str:
    return "".join(dumps_line(event) for event in events)


def rechain(events: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Re-link and re-hash after tampering, as a forger would: only the *content* checks can
    catch what this leaves behind. Keeps each ``protocol_signed`` head pointing at its
    predecessor."""
    out: list[dict[str, Any]] = []
    prev = "0" * 64
    for seq, event in enumerate(events, start=1):
        body = {"v": 1, "seq": seq, "type": event["type"], "prev": prev,
                "data": event["data"]}
        if event["type"] == "protocol_signed":
            body["data"] = {**event["data"], "audit_head": prev}
        prev = body_hash(body)
        out.append({**body, "hash": prev})
    return out


def find_event(events: Sequence[dict[str, Any]], type_: str, poll: str) -> dict[str, Any]:
    return next(e for e in events if e["type"] == type_ and e["data"].get("poll") == poll)


def bump_first_int(obj: Any) -> bool:
    """Add one to the first non-boolean integer found (depth first, sorted keys)."""
    items: Iterator[tuple[Any, Any]] = (
        iter(sorted(obj.items())) if isinstance(obj, dict) else iter(enumerate(obj)))
    for key, value in items:
        if isinstance(value, int) and not isinstance(value, bool):
            obj[key] = value + 1
            return True
        if isinstance(value, (dict, list)) and bump_first_int(value):
            return True
    return False
