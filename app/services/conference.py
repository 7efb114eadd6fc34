"""The conference header and the chair's dashboard numbers.

The current conference is the latest real one (the demo only while no real one exists);
earlier conferences stay readable — their protocols and audit files — from the conferences
page, and the demo can be removed there. Every query names its ``conference_id``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from app.extensions import db
from app.models import (
    AuditEvent,
    Candidate,
    Conference,
    Delegate,
    Election,
    Poll,
    SignedProtocol,
)
from app.services.errors import NotFound
from app.services.scope import conference_by_id

__all__ = [
    "HEADER_FIELDS",
    "ConferenceError",
    "RosterCounts",
    "all_conferences",
    "conference_rows",
    "create_conference",
    "current_conference",
    "remove_demo",
    "roster_counts",
    "update_conference",
]

#: Editable header fields and their longest allowed value (the column sizes).
HEADER_FIELDS = {
    "title": 200,
    "organisation": 200,
    "place": 200,
    "convocation": 4000,
    "chair_names": 400,
    "commission_names": 400,
    "minute_taker": 200,
}


class ConferenceError(ValueError):
    """The header cannot be saved as given; the message says which field and why."""


@dataclass(frozen=True, slots=True)
class RosterCounts:
    total: int
    with_vote: int
    substitutes: int
    present: int
    entitled_now: int
    cards_printed: int


def current_conference() -> Conference | None:
    """The latest real conference (highest id), else the demo, else None."""
    return db.session.scalar(db.select(Conference).order_by(
        Conference.is_demo.asc(), Conference.id.desc()).limit(1))


def all_conferences() -> list[Conference]:
    """Every conference, newest first (the conferences page)."""
    return list(db.session.scalars(db.select(Conference).order_by(Conference.id.desc())))


def conference_rows() -> list[dict[str, object]]:
    """The conferences page: each conference with its signed protocols (newest first)."""
    current = current_conference()
    rows = []
    for conference in all_conferences():
        signed = list(db.session.scalars(sa.select(SignedProtocol).where(
            SignedProtocol.conference_id == conference.id).order_by(SignedProtocol.id.desc())))
        audit = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.conference_id == conference.id))
        rows.append({"conference": conference, "current": conference is current,
                     "signed": signed, "audit": bool(audit)})
    return rows


def remove_demo(conference_id: int) -> str:
    """Delete the demo conference and everything in it; a real conference is refused (its
    record is the minutes of an assembly). Returns the removed title."""
    conference = db.session.get(Conference, conference_id)
    if conference is None:
        raise NotFound(_("Diese Versammlung gibt es nicht."))
    if not conference.is_demo:
        raise ConferenceError(_("Nur die Demo-Versammlung kann entfernt werden; eine echte "
                                "Versammlung bleibt mit ihrem Protokoll erhalten."))
    _delete_rows_of(conference_id)
    title = conference.title
    db.session.delete(conference)
    db.session.commit()
    return title


def _delete_rows_of(conference_id: int) -> None:
    """Every row belonging to the conference, children first (whatever tables exist)."""
    polls = sa.select(Poll.id).where(Poll.conference_id == conference_id)
    elections = sa.select(Election.id).where(Election.conference_id == conference_id)
    delegates = sa.select(Delegate.id).where(Delegate.conference_id == conference_id)
    candidates = sa.select(Candidate.id).where(Candidate.election_id.in_(elections))
    owners = (("conference_id", None), ("poll_id", polls), ("election_id", elections),
              ("delegate_id", delegates), ("candidate_id", candidates))
    for table in reversed(db.metadata.sorted_tables):
        if table.name == "conferences":
            continue
        if table.name == "delegates":  # transfers point from delegate to delegate
            db.session.execute(table.update().where(table.c.conference_id == conference_id)
                               .values(represents_id=None))
        for column, ids in owners:
            if column in table.c:
                where = (table.c[column] == conference_id if ids is None
                         else table.c[column].in_(ids))
                db.session.execute(table.delete().where(where))
                break


def _clean(values: dict[str, object]) -> tuple[dict[str, str], date | None]:
    fields: dict[str, str] = {}
    for key, limit in HEADER_FIELDS.items():
        text = str(values.get(key) or "").strip()
        if len(text) > limit:
            raise ConferenceError(
                _("Das Feld %(field)s ist zu lang (höchstens %(limit)d Zeichen).",
                  field=key, limit=limit)
            )
        fields[key] = text
    if not fields["title"]:
        raise ConferenceError(_("Der Titel der Versammlung fehlt."))
    held_on = values.get("held_on")
    if held_on is not None and not isinstance(held_on, date):
        raise ConferenceError(_("Das Datum ist ungültig."))
    return fields, held_on


def _quorum(values: dict[str, object]) -> str | None:
    """The quorum rule as ``ballots.quorum`` writes it; None (absent) keeps the default."""
    from app.services.roster.mandate import check_rule

    rule = values.get("quorum")
    if not rule:
        return None
    try:
        return check_rule(str(rule))
    except ValueError as exc:
        raise ConferenceError(str(exc)) from None


def create_conference(values: dict[str, object]) -> Conference:
    fields, held_on = _clean(values)
    conference = Conference(**fields, held_on=held_on, quorum=_quorum(values))
    db.session.add(conference)
    db.session.commit()
    return conference


def update_conference(conference_id: int, values: dict[str, object]) -> Conference:
    fields, held_on = _clean(values)
    conference = conference_by_id(conference_id)
    for key, value in fields.items():
        setattr(conference, key, value)
    conference.held_on = held_on
    rule = _quorum(values)
    if rule is not None:
        conference.quorum = rule
    db.session.commit()
    return conference


def roster_counts(conference_id: int) -> RosterCounts:
    """All dashboard/desk counts in one query."""
    from app.services.roster.checkin import entitled_clause

    d = Delegate
    row = db.session.execute(
        db.select(
            db.func.count(d.id),
            db.func.count(d.id).filter(d.has_vote.is_(True), d.is_substitute.is_(False)),
            db.func.count(d.id).filter(d.is_substitute.is_(True)),
            db.func.count(d.id).filter(d.present.is_(True)),
            db.func.count(d.id).filter(entitled_clause()),
            db.func.count(d.id).filter(d.card_number > 0),
        ).where(d.conference_id == conference_id)
    ).one()
    return RosterCounts(*(int(x) for x in row))


def polls_of(conference_id: int) -> list[Poll]:
    return list(
        db.session.scalars(
            db.select(Poll).where(Poll.conference_id == conference_id).order_by(Poll.id)
        )
    )
