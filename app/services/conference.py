"""The conference header and the chair's dashboard numbers.

One active conference per installation for now: the latest one. Every query still names its
``conference_id`` so a multi-conference installation only needs a chooser, not new queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from app.extensions import db
from app.models import Conference, Delegate, Poll

__all__ = [
    "HEADER_FIELDS",
    "ConferenceError",
    "RosterCounts",
    "create_conference",
    "current_conference",
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
    """The latest conference (highest id), or None before the first one exists."""
    return db.session.scalar(db.select(Conference).order_by(Conference.id.desc()).limit(1))


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
    from app.services.mandate import check_rule

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
    conference = db.get_or_404(Conference, conference_id)
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
    from app.services.checkin import entitled_clause

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
