"""Acceptance of election ("nimmt die Wahl an" / "lehnt ab") and the final lists it shapes.

The election's standing — who holds which seat, substitutes, vacancies — is
``ballots.election.standing`` (read through ``app.services.elections``); a decline moves the
next substitute of the same seat type up (a women's seat only to a woman) there, once.
"""

from __future__ import annotations

import io
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.extensions import db
from app.i18n import current_language
from app.models import Acceptance, Candidate, Election, Poll
from app.services.elections.lists import final_lists
from app.services.elections.standing import standing_of
from app.services.protocol.audit import append_event
from app.services.protocol.spreadsheet import csv_writer
from app.services.protocol.words import ACCEPTANCE, word
from ballots import audit as chain

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


def election_standing(election_id: int, *, conference_id: int | None = None) -> dict[str, Any]:
    """The final lists: elected in seat order with seat label and answer, who declined,
    substitutes in order, every seat without a holder once with its reason.

    All of it is ``ballots.election.standing`` over the election's rounds and answers (the
    same fold the verifier replays); this function only words it. With ``conference_id``, an
    election of another conference is refused like an unknown one."""
    _election(election_id, conference_id)
    return final_lists(standing_of(election_id))


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
    moves up (or that the seat stays vacant, or waits for an outstanding runoff or lot)."""
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
    if standing["pending_rounds"]:
        # a runoff or lot is outstanding: whoever loses it may still move up
        return _("Erfasst: %(name)s lehnt die Wahl ab. Noch kann niemand nachrücken: erst "
                 "entscheidet die Stichwahl oder das Los; wer dort unterliegt, kann nachrücken.",
                 name=name)
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
