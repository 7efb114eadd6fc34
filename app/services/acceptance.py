"""Acceptance of election ("nimmt die Wahl an" / "lehnt ab") and the final lists it shapes.

An election's standing is assembled from its counted rounds in order: who is elected with
which seat type, the substitute lists, vacant seats. A decline moves the next substitute of
the same seat type up (a women's seat only to a woman); the domain rule is
``ballots.counting.apply_declines`` when present, else the fallback below, which follows
RULES.md (Substitutes and declining).
"""

from __future__ import annotations

import csv
import io
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.enums import PollState
from app.extensions import db
from app.i18n import localized
from app.models import Acceptance, Candidate, Election, Poll
from app.services.audit import append_event
from ballots import audit as chain

__all__ = [
    "AcceptanceError",
    "candidate_row_id",
    "election_standing",
    "final_lists_csv",
    "record_acceptance",
]


class AcceptanceError(ValueError):
    """The answer cannot be recorded; the message says why (German)."""


def candidate_row_id(contest_id: str) -> int | None:
    """The contest names candidates ``C<row id>``; other ids have no row."""
    if contest_id.startswith("C") and contest_id[1:].isdigit():
        return int(contest_id[1:])
    return None


def _counted_rounds(election_id: int) -> list[Poll]:
    return list(db.session.scalars(
        sa.select(Poll).where(Poll.election_id == election_id,
                              Poll.state == PollState.CLOSED.value).order_by(Poll.id)
    ))


def _seat_kind(poll: Poll) -> str:
    rnd = (poll.contest or {}).get("round") or {}
    kind = rnd.get("kind", "general")
    if kind in ("women", "mixed", "general"):
        return str(kind)
    return str(rnd.get("base_kind") or "general")


def _raw_standing(election_id: int) -> dict[str, Any]:
    """Elected, substitutes and vacant seats before any decline."""
    elected: list[dict[str, Any]] = []
    latest_by_kind: dict[str, Poll] = {}
    substitutes: dict[str, list[dict[str, Any]]] = {}
    votes: dict[str, int] = {}
    pending: list[str] = []
    for poll in _counted_rounds(election_id):
        result = poll.result or {}
        if result.get("status") != "final":
            pending.append(poll.public_id)
            continue
        latest_by_kind[_seat_kind(poll)] = poll
        by_id = {c["id"]: c for c in result.get("candidates", [])}
        for cid, cand in by_id.items():
            votes[cid] = int(cand.get("yes", 0))
        rnd = (poll.contest or {}).get("round") or {}
        for seat in result.get("seats", []):
            if seat.get("status") == "filled" and seat.get("candidate"):
                cand = by_id.get(seat["candidate"], {})
                elected.append({
                    "candidate": seat["candidate"], "name": cand.get("name", ""),
                    "group": cand.get("group", ""), "seat_type": seat.get("type"),
                    "seat_label": localized(seat, "label"), "round": rnd.get("number"),
                    "poll": poll.public_id, "yes": cand.get("yes"),
                })
        order = {cid: i for i, cid in enumerate(by_id)}
        for name, ids in (result.get("substitutes") or {}).items():
            substitutes[name] = [
                {"candidate": cid, "name": by_id.get(cid, {}).get("name", ""),
                 "group": by_id.get(cid, {}).get("group", ""),
                 "yes": by_id.get(cid, {}).get("yes"), "poll": poll.public_id,
                 "order": (poll.id, order.get(cid, 0))}
                for cid in ids
            ]
    vacant: list[dict[str, Any]] = []
    for kind, poll in latest_by_kind.items():
        for seat in (poll.result or {}).get("seats", []):
            if seat.get("status") in ("vacant", "open"):
                vacant.append({"seat_type": seat.get("type") or kind,
                               "seat_label": localized(seat, "label"), "status": seat["status"],
                               "reason": localized(seat, "reason") or None, "poll": poll.public_id})
    elected_ids = {e["candidate"] for e in elected}
    for name in substitutes:  # someone elected in a later round is no longer a substitute
        substitutes[name] = [s for s in substitutes[name] if s["candidate"] not in elected_ids]
    return {"elected": elected, "substitutes": substitutes, "vacant": vacant,
            "pending_rounds": pending, "votes": votes}


def _next_substitute(seat_type: str, subs: dict[str, list[dict[str, Any]]],
                     women_group: str | None) -> dict[str, Any] | None:
    """Who moves up for a seat of ``seat_type`` (as ``ballots.counting.apply_declines`` does
    within one round): the first substitute in the round's result order (votes, ties by lot)
    who may hold the seat — a women's seat only a woman."""
    candidates = [(s["order"], name, s) for name, items in subs.items() for s in items
                  if seat_type != "women" or s["group"] == women_group]
    if not candidates:
        return None
    _order, name, chosen = min(candidates, key=lambda item: item[0])
    subs[name].remove(chosen)
    return chosen


def election_standing(election_id: int) -> dict[str, Any]:
    """The final lists: elected in order with seat type and acceptance, substitutes in order,
    vacant seats with their reason, and who moved up for whom."""
    election = db.session.get(Election, election_id)
    if election is None:
        raise AcceptanceError(_("Diese Wahl gibt es nicht."))
    raw = _raw_standing(election_id)
    answers = {a.candidate_id: a for a in db.session.scalars(
        sa.select(Acceptance).where(Acceptance.election_id == election_id))}
    women_group = _women_group(election)
    subs = {k: list(v) for k, v in raw["substitutes"].items()}
    final: list[dict[str, Any]] = []
    declined: list[dict[str, Any]] = []
    vacant = list(raw["vacant"])
    queue = [dict(e, moved_up_for=None) for e in raw["elected"]]
    while queue:
        entry = queue.pop(0)
        row_id = candidate_row_id(entry["candidate"])
        answer = answers.get(row_id) if row_id is not None else None
        entry["acceptance"] = ("pending" if answer is None
                               else "accepted" if answer.accepted else "declined")
        if answer is None or answer.accepted:
            final.append(entry)
            continue
        declined.append(entry)
        successor = _next_substitute(entry["seat_type"], subs, women_group)
        if successor is None:
            vacant.append({"seat_type": entry["seat_type"], "seat_label": entry["seat_label"],
                           "status": "vacant", "poll": entry["poll"],
                           "reason": _("%(name)s hat die Wahl nicht angenommen; keine "
                                       "Ersatzperson für diesen Sitztyp.", name=entry["name"])})
            continue
        successor = {k: v for k, v in successor.items() if k != "order"}
        queue.insert(0, {**successor, "seat_type": entry["seat_type"],
                         "seat_label": entry["seat_label"], "round": entry["round"],
                         "moved_up_for": entry["candidate"]})
    for position, entry in enumerate(final, start=1):
        entry["position"] = position
    return {
        "elected": final,
        "declined": declined,
        "substitutes": {
            name: [{**{k: v for k, v in s.items() if k != "order"}, "rank": i}
                   for i, s in enumerate(items, start=1)]
            for name, items in subs.items()
        },
        "vacant": vacant,
        "pending_rounds": raw["pending_rounds"],
    }


def _women_group(election: Election) -> str | None:
    from ballots.rules import apply_overrides, load_preset

    rules = apply_overrides(load_preset(election.preset), election.overrides or {})
    return rules.quota_groups[0] if rules.quota != "none" and rules.quota_groups else None


def record_acceptance(election_id: int, candidate_id: int, *, accepted: bool,
                      note: str = "") -> Acceptance:
    """Record one elected person's answer (once) and append the ``acceptance`` audit event."""
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None or candidate.election_id != election_id:
        raise AcceptanceError(_("Diese Kandidatur gehört nicht zu dieser Wahl."))
    standing = election_standing(election_id)
    entry = next((e for e in standing["elected"] if e["candidate"] == f"C{candidate_id}"), None)
    if entry is None:
        raise AcceptanceError(_("%(name)s ist (noch) nicht gewählt.", name=candidate.name))
    if entry["acceptance"] != "pending":
        raise AcceptanceError(_("Für %(name)s ist die Antwort bereits erfasst.",
                                 name=candidate.name))
    poll = db.session.scalar(sa.select(Poll).where(Poll.public_id == entry["poll"]))
    assert poll is not None
    row = Acceptance(election_id=election_id, poll_id=poll.id, candidate_id=candidate_id,
                     accepted=accepted, note=note.strip())
    db.session.add(row)
    event = append_event(poll.conference_id, "acceptance", chain.acceptance_data(
        poll=poll.public_id, candidate=entry["candidate"], accepted=accepted,
        note=note.strip() or None))
    row.audit_seq = event.seq
    db.session.commit()
    return row


def final_lists_csv(election_id: int) -> str:
    """Delegates and substitutes as CSV (semicolon, UTF-8 with BOM so spreadsheets read it)."""
    standing = election_standing(election_id)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Liste"), _("Rang"), _("Name"), _("Gruppe"), _("Sitztyp"), _("Wahlgang"),
                     _("Ja"), _("Annahme"), _("Nachgerückt für")])
    names = {e["candidate"]: e["name"] for e in standing["elected"] + standing["declined"]}
    for e in standing["elected"]:
        writer.writerow([_("Delegierte"), e["position"], e["name"], e["group"], e["seat_label"],
                         e["round"], e.get("yes"), _answer(e["acceptance"]),
                         names.get(e["moved_up_for"] or "", "")])
    for name, items in standing["substitutes"].items():
        for s in items:
            writer.writerow([_("Ersatz (%(list)s)", list=name), s["rank"], s["name"],
                             s["group"], "", "", s.get("yes"), "", ""])
    for v in standing["vacant"]:
        writer.writerow([_("unbesetzt"), "", "", "", v["seat_label"], "", "", "", ""])
    return out.getvalue()


def _answer(code: str) -> str:
    return {"accepted": _("nimmt an"), "declined": _("lehnt ab"), "pending": _("offen")}[code]
