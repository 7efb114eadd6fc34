"""Acceptance of election ("nimmt die Wahl an" / "lehnt ab") and the final lists it shapes.

An election's standing is assembled from its counted rounds in order: who is elected with
which seat type, the substitute lists, vacant seats. A decline moves the next substitute of
the same seat type up (a women's seat only to a woman); that rule lives in one place,
``ballots.counting.apply_declines_across`` (RULES.md, Substitutes and declining).
"""

from __future__ import annotations

import io
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.enums import PollState
from app.extensions import db
from app.i18n import current_language, localized
from app.models import Acceptance, Candidate, Election, Poll
from app.services.audit import append_event
from app.services.protocol_words import ACCEPTANCE, word
from app.services.rounds import counted_result
from app.services.spreadsheet import csv_writer
from ballots import audit as chain
from ballots.counting import apply_declines_across

__all__ = [
    "ANSWERS",
    "AcceptanceError",
    "candidate_row_id",
    "election_standing",
    "final_lists_csv",
    "parse_answer",
    "record_acceptance",
    "recorded_message",
]

#: The two answers the chair's form sends: "1" accepts the election, "0" declines it.
ANSWERS = {"1": True, "0": False}


class AcceptanceError(ValueError):
    """The answer cannot be recorded; the message says why (German)."""


def parse_answer(raw: str | None) -> bool:
    """The form's ``accepted`` value as True/False; anything but the two answers is refused
    (a decline moves a substitute up and is written to the audit chain: never by accident)."""
    if raw is None or raw.strip() not in ANSWERS:
        raise AcceptanceError(_no_answer())
    return ANSWERS[raw.strip()]


def _no_answer() -> str:
    return _("Bitte „nimmt die Wahl an“ oder „lehnt ab“ wählen; die Antwort ist nicht erfasst.")


def _election(election_id: int, conference_id: int | None) -> Election:
    """The election, if it exists (and belongs to ``conference_id`` when that is given)."""
    election = db.session.get(Election, election_id)
    if election is None or conference_id not in (None, election.conference_id):
        raise AcceptanceError(_("Diese Wahl gibt es nicht."))
    return election


def candidate_row_id(contest_id: str) -> int | None:
    """The contest names candidates ``C<row id>``; other ids have no row."""
    if contest_id.startswith("C") and contest_id[1:].isdigit():
        return int(contest_id[1:])
    return None


def _counted_rounds(election_id: int) -> tuple[list[Poll], list[str]]:
    """The election's closed rounds with a final result, in order, and those still pending."""
    counted: list[Poll] = []
    pending: list[str] = []
    for poll in db.session.scalars(
        sa.select(Poll).where(Poll.election_id == election_id,
                              Poll.state == PollState.CLOSED.value).order_by(Poll.id)
    ):
        if (poll.result or {}).get("status") == "final":
            counted.append(poll)
        else:
            pending.append(poll.public_id)
    return counted, pending


def _seat_kind(poll: Poll) -> str:
    rnd = (poll.contest or {}).get("round") or {}
    kind = rnd.get("kind", "general")
    if kind in ("women", "mixed", "general"):
        return str(kind)
    return str(rnd.get("base_kind") or "general")


def _open_seats(counted: list[Poll]) -> list[dict[str, Any]]:
    """Seats left vacant or open by the latest round of each seat type."""
    latest_by_kind = {_seat_kind(poll): poll for poll in counted}
    vacant: list[dict[str, Any]] = []
    for kind, poll in latest_by_kind.items():
        for seat in (poll.result or {}).get("seats", []):
            if seat.get("status") in ("vacant", "open"):
                vacant.append({"seat_type": seat.get("type") or kind,
                               "seat_label": localized(seat, "label"), "status": seat["status"],
                               "reason": localized(seat, "reason") or None,
                               "poll": poll.public_id})
    return vacant


def election_standing(election_id: int, *, conference_id: int | None = None) -> dict[str, Any]:
    """The final lists: elected in order with seat type and acceptance, substitutes in order,
    vacant seats with their reason, and who moved up for whom.

    Who moves up is ``ballots.counting.apply_declines_across`` over the counted rounds (the
    same results the verifier recounts); this function only adds names, labels and answers.
    With ``conference_id``, an election of another conference is refused like an unknown one."""
    _election(election_id, conference_id)
    counted, pending = _counted_rounds(election_id)
    answers = {f"C{a.candidate_id}": a for a in db.session.scalars(
        sa.select(Acceptance).where(Acceptance.election_id == election_id))}
    lists = apply_declines_across([counted_result(poll) for poll in counted],
                                  [cid for cid, a in answers.items() if not a.accepted])
    people = [{c["id"]: c for c in (poll.result or {}).get("candidates", [])}
              for poll in counted]
    ranked_in = dict(lists.ranked_in)

    def person(cid: str, index: int) -> dict[str, Any]:
        cand = people[index].get(cid, {})
        return {"candidate": cid, "name": cand.get("name", ""), "group": cand.get("group", ""),
                "yes": cand.get("yes"), "poll": counted[index].public_id}

    final: list[dict[str, Any]] = []
    declined: list[dict[str, Any]] = []
    vacant = _open_seats(counted)
    for held in lists.seats:
        if not held.holders:
            continue
        poll = counted[held.round]
        seat = next(s for s in poll.result["seats"] if s["number"] == held.number)
        place = {"seat_type": seat.get("type"), "seat_label": localized(seat, "label"),
                 "round": ((poll.contest or {}).get("round") or {}).get("number")}
        before = None
        for step, cid in enumerate(held.holders):
            entry = {**person(cid, held.round if step == 0 else ranked_in[cid]), **place,
                     "moved_up_for": before}
            answer = answers.get(cid)
            entry["acceptance"] = ("pending" if answer is None
                                   else "accepted" if answer.accepted else "declined")
            (declined if entry["acceptance"] == "declined" else final).append(entry)
            before = cid
        if held.holder is None:
            vacant.append({"seat_type": place["seat_type"], "seat_label": place["seat_label"],
                           "status": "vacant", "poll": declined[-1]["poll"],
                           "reason": _("%(name)s hat die Wahl nicht angenommen; keine "
                                       "Ersatzperson für diesen Sitztyp.",
                                       name=declined[-1]["name"])})
    for position, entry in enumerate(final, start=1):
        entry["position"] = position
    return {
        "elected": final,
        "declined": declined,
        "substitutes": {
            name: [{**person(cid, ranked_in[cid]), "rank": rank}
                   for rank, cid in enumerate(ids, start=1)]
            for name, ids in lists.substitutes
        },
        "vacant": vacant,
        "pending_rounds": pending,
    }


def record_acceptance(election_id: int, candidate_id: int, *, accepted: bool,
                      note: str = "", conference_id: int | None = None) -> Acceptance:
    """Record one elected person's answer (once) and append the ``acceptance`` audit event.

    ``accepted`` must be a real bool (a truthy string would record a decline or acceptance
    nobody chose; views parse the form with :func:`parse_answer`)."""
    if not isinstance(accepted, bool):
        raise AcceptanceError(_no_answer())
    _election(election_id, conference_id)
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


def recorded_message(row: Acceptance) -> str:
    """What the chair sees after recording an answer: whose answer, and after a decline who
    moves up (or that the seat stays vacant)."""
    candidate = db.session.get(Candidate, row.candidate_id)
    name = candidate.name if candidate is not None else ""
    if row.accepted:
        return _("Erfasst: %(name)s nimmt die Wahl an.", name=name)
    standing = election_standing(row.election_id)
    declined = f"C{row.candidate_id}"
    successor = next((e for e in standing["elected"] if e["moved_up_for"] == declined), None)
    if successor is not None:
        return _("Erfasst: %(name)s lehnt die Wahl ab. %(next)s rückt nach.",
                 name=name, next=successor["name"])
    return _("Erfasst: %(name)s lehnt die Wahl ab. Niemand kann nachrücken; der Sitz bleibt "
             "unbesetzt.", name=name)


def final_lists_csv(election_id: int, *, conference_id: int | None = None) -> str:
    """Delegates and substitutes as CSV (semicolon, UTF-8 with BOM so spreadsheets read it).
    Words in the user's language; columns in docs/protocol.md ("CSV files")."""
    standing = election_standing(election_id, conference_id=conference_id)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv_writer(out)
    writer.writerow([_("Liste"), _("Rang"), _("Name"), _("Gruppe"), _("Sitztyp"), _("Wahlgang"),
                     _("Ja"), _("Annahme"), _("Nachgerückt für"), _("Bemerkung")])
    names = {e["candidate"]: e["name"] for e in standing["elected"] + standing["declined"]}
    lang = current_language()
    for e in standing["elected"]:
        writer.writerow([_("Delegierte"), e["position"], e["name"], e["group"], e["seat_label"],
                         e["round"], e.get("yes"), word(ACCEPTANCE, e["acceptance"], lang),
                         names.get(e["moved_up_for"] or "", ""), ""])
    for name, items in standing["substitutes"].items():
        for s in items:
            writer.writerow([_("Ersatz (%(list)s)", list=name), s["rank"], s["name"],
                             s["group"], "", "", s.get("yes"), "", "", ""])
    for v in standing["vacant"]:
        writer.writerow([_("unbesetzt"), "", "", "", v["seat_label"], "", "", "", "",
                         v.get("reason") or ""])
    return out.getvalue()
