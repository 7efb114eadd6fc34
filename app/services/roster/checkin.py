"""Check-in desk: presence, who may vote right now, and substitutes taking over a vote.

Rules (docs/roster-and-checkin.md):
- A regular delegate (not a substitute) may vote when present, with voting right, and not
  represented. A substitute (Ersatzdelegierte) may vote only while present *and* holding the
  transferred vote of an absent delegate with voting right — their own ``has_vote`` is ignored.
- A transfer needs: the substitute present and free; the represented delegate a regular
  delegate with voting right, absent and not represented already. Both must be in the same
  conference. One substitute holds at most one vote (unique ``represents_id``).
- While represented, a delegate cannot be checked in: end the transfer first (the desk sees why).
  A substitute holding a vote cannot be checked out either: end the transfer first.
- The desk says "einchecken"/"auschecken" (check in/out), never "anmelden"/"abmelden": those are
  the officials' login and logout.
- Ending a transfer clears ``represents_id`` and ``transferred_at`` (the time the vote moved).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import aliased

from app.enums import PollState
from app.extensions import db
from app.models import Conference, Delegate, Issuance, Poll
from app.models.base import utcnow
from app.services.protocol.audit import append_event, ensure_conference_recorded
from app.services.roster.csv_import import surname_key
from app.services.voting.issued import PHONE
from ballots import audit as chain

__all__ = [
    "CheckinError",
    "DeskRow",
    "check_transfer",
    "credentials_kept",
    "end_transfer",
    "entitled_clause",
    "is_entitled_now",
    "rows_for",
    "search",
    "set_present",
    "transfer_vote",
]

SEARCH_LIMIT = 50


class CheckinError(ValueError):
    """The desk asked for something the rules forbid; the message says why and what to do."""


def _represented_by(delegate_id: int) -> Delegate | None:
    return db.session.scalar(db.select(Delegate).where(Delegate.represents_id == delegate_id))


def is_entitled_now(delegate: Delegate) -> bool:
    """Whether ``delegate`` may receive a ballot credential at this moment."""
    if not delegate.present:
        return False
    if delegate.is_substitute:
        held = delegate.represents
        return held is not None and held.has_vote and not held.present
    return delegate.has_vote and _represented_by(delegate.id) is None


def entitled_clause() -> sa.ColumnElement[bool]:
    """:func:`is_entitled_now` as an SQL condition on the ``delegates`` table (for counts and
    the vote path's statements). Written on the table, not the ORM class, so Core statements
    use it without the ORM's per-execution work; ORM queries over ``Delegate`` accept it too."""
    delegates = Delegate.__table__.c
    held = Delegate.__table__.alias("held")
    represented = sa.exists().where(held.c.represents_id == delegates.id)
    holds_vote = sa.exists().where(
        held.c.id == delegates.represents_id, held.c.has_vote.is_(True),
        held.c.present.is_(False),
    )
    return sa.and_(
        delegates.present.is_(True),
        sa.or_(
            sa.and_(delegates.is_substitute.is_(False), delegates.has_vote.is_(True),
                    ~represented),
            sa.and_(delegates.is_substitute.is_(True), holds_vote),
        ),
    )


@dataclass(frozen=True, slots=True)
class DeskRow:
    """What the desk sees per delegate (computed here, not in the template)."""

    id: int
    name: str
    delegation: str
    quota_group: str
    has_vote: bool
    is_substitute: bool
    present: bool
    entitled: bool
    card_number: int
    card_valid: bool
    represents: str | None
    represented_by: str | None


def _delegate(conference_id: int, delegate_id: int) -> Delegate:
    delegate = db.session.get(Delegate, delegate_id)
    if delegate is None or delegate.conference_id != conference_id:
        raise CheckinError(_("Diese Person steht nicht auf der Liste dieser Versammlung."))
    return delegate


def search(conference_id: int, query: str, *, limit: int = SEARCH_LIMIT) -> list[DeskRow]:
    """Delegates whose name or delegation contains ``query`` (case-insensitive), by name."""
    stmt = db.select(Delegate).where(Delegate.conference_id == conference_id)
    words = query.split()
    for word in words[:5]:
        pattern = f"%{word.replace('%', '').replace('_', '')}%"
        stmt = stmt.where(
            sa.or_(Delegate.name.ilike(pattern), Delegate.delegation.ilike(pattern))
        )
    found = db.session.scalars(stmt.order_by(Delegate.name).limit(limit))
    return _rows(conference_id, sorted(found, key=lambda d: (surname_key(d.name), d.id)))


def rows_for(conference_id: int, delegate_ids: list[int]) -> list[DeskRow]:
    """Desk rows for these delegates of this conference (others are left out)."""
    stmt = db.select(Delegate).where(
        Delegate.conference_id == conference_id, Delegate.id.in_(delegate_ids)
    )
    return _rows(conference_id, sorted(db.session.scalars(stmt),
                                       key=lambda d: (surname_key(d.name), d.id)))


def _rows(conference_id: int, delegates: list[Delegate]) -> list[DeskRow]:
    holders = {
        d.represents_id: d.name
        for d in db.session.scalars(
            db.select(Delegate).where(
                Delegate.conference_id == conference_id, Delegate.represents_id.is_not(None)
            )
        )
    }
    return [
        DeskRow(
            id=d.id,
            name=d.name,
            delegation=d.delegation,
            quota_group=d.quota_group,
            has_vote=d.has_vote,
            is_substitute=d.is_substitute,
            present=d.present,
            entitled=is_entitled_now(d),
            card_number=d.card_number,
            card_valid=d.token_hash is not None,
            represents=d.represents.name if d.represents is not None else None,
            represented_by=holders.get(d.id),
        )
        for d in delegates
    ]


def set_present(conference_id: int, delegate_id: int, present: bool) -> Delegate:
    delegate = _delegate(conference_id, delegate_id)
    if present and not delegate.present:
        holder = _represented_by(delegate.id)
        if holder is not None:
            raise CheckinError(
                _("%(name)s wird gerade von %(holder)s vertreten. Erst die Stimmübertragung "
                  "beenden, dann einchecken.", name=delegate.name, holder=holder.name)
            )
        delegate.present = True
        delegate.checked_in_at = utcnow()
    elif not present and delegate.present:
        if delegate.represents_id is not None:
            raise CheckinError(
                _("%(name)s hält die Stimme von %(other)s. Erst die Stimmübertragung beenden, "
                  "dann auschecken.", name=delegate.name, other=delegate.represents.name)
            )
        delegate.present = False
    db.session.commit()
    return delegate


def credentials_kept(conference_id: int, delegate_id: int) -> list[str]:
    """Titles of the open polls for which this delegate's card was issued a credential (a
    paper ballot from the desk is the desk's own knowledge and needs no note).

    Said to the desk when the delegate is checked out: the credential stays valid (it is
    anonymous, so the server cannot withdraw it), and whether it was used is unknowable by
    design — the server only knows that it was *issued*, which every checked-in phone does by
    itself when a poll opens (docs/roster-and-checkin.md, "Checking out during a vote")."""
    return list(db.session.scalars(
        sa.select(Poll.title).join(Issuance, Issuance.poll_id == Poll.id).where(
            Poll.conference_id == conference_id, Poll.state == PollState.OPEN.value,
            Issuance.delegate_id == delegate_id, Issuance.channel == PHONE)
        .order_by(Poll.id)))


def a_poll_is_open(conference_id: int) -> bool:
    """Voting rights are frozen while a poll is open (see :func:`_refuse_while_a_poll_is_open`)."""
    return bool(db.session.scalar(
        db.select(sa.func.count()).select_from(Poll).where(
            Poll.conference_id == conference_id, Poll.state == PollState.OPEN.value
        )
    ))


def _refuse_while_a_poll_is_open(conference_id: int) -> None:
    """A voting right changes hands only between votes.

    Otherwise one right could vote twice in the same poll: the delegate fetches a credential,
    leaves, and the substitute taking over fetches another (or the reverse when a transfer
    ends). Paper conferences follow the same rule: no ballot handed over mid-vote.
    """
    if a_poll_is_open(conference_id):
        raise CheckinError(_(
            "Während eine Abstimmung läuft, kann kein Stimmrecht übertragen oder "
            "zurückgegeben werden – sonst könnte dieselbe Stimme zweimal abgegeben werden. "
            "Bitte nach dem Schließen der Abstimmung erneut versuchen."
        ))


def check_transfer(
    conference_id: int, substitute_id: int, delegate_id: int
) -> tuple[Delegate, Delegate]:
    """(substitute, absent delegate) if the transfer is allowed now, else :class:`CheckinError`.

    The desk's confirmation page asks this first, so it never offers a transfer the rules
    refuse; :func:`transfer_vote` asks again when it stores the transfer."""
    _refuse_while_a_poll_is_open(conference_id)
    substitute = _delegate(conference_id, substitute_id)
    absent = _delegate(conference_id, delegate_id)
    if not substitute.is_substitute:
        raise CheckinError(_("%(name)s ist nicht als Ersatzdelegierte/r eingetragen.",
                             name=substitute.name))
    if not substitute.present:
        raise CheckinError(_("%(name)s muss zuerst eingecheckt sein.", name=substitute.name))
    if substitute.represents_id is not None:
        raise CheckinError(_("%(name)s vertritt bereits %(other)s.", name=substitute.name,
                             other=substitute.represents.name))
    if absent.is_substitute or not absent.has_vote:
        raise CheckinError(_("%(name)s hat kein eigenes Stimmrecht, das übertragen werden kann.",
                             name=absent.name))
    if absent.present:
        raise CheckinError(_("%(name)s ist anwesend; nur die Stimme Abwesender kann "
                             "übertragen werden.", name=absent.name))
    holder = _represented_by(absent.id)
    if holder is not None:
        raise CheckinError(_("%(name)s wird bereits von %(holder)s vertreten.",
                             name=absent.name, holder=holder.name))
    return substitute, absent


def _record_transfer(conference_id: int, substitute: Delegate, delegate_id: int,
                     moment: datetime, *, ended: bool) -> None:
    """The ``transfer`` audit event, in the same transaction as the change it records."""
    from app.services.polls.lifecycle import delegate_ref  # lifecycle imports this module

    conference = db.session.get(Conference, conference_id)
    assert conference is not None
    ensure_conference_recorded(conference)
    at = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    append_event(conference_id, "transfer", chain.transfer_data(
        substitute=delegate_ref(substitute.id), delegate=delegate_ref(delegate_id),
        at=at.strftime("%Y-%m-%dT%H:%M:%SZ"), ended=ended))


def transfer_vote(conference_id: int, substitute_id: int, delegate_id: int) -> Delegate:
    """Record that the substitute takes over the absent delegate's vote (and audit it)."""
    substitute, absent = check_transfer(conference_id, substitute_id, delegate_id)
    substitute.represents_id = absent.id
    substitute.transferred_at = utcnow()
    _record_transfer(conference_id, substitute, absent.id, substitute.transferred_at,
                     ended=False)
    db.session.commit()
    return substitute


def end_transfer(conference_id: int, substitute_id: int) -> Delegate:
    _refuse_while_a_poll_is_open(conference_id)
    substitute = _delegate(conference_id, substitute_id)
    if substitute.represents_id is None:
        raise CheckinError(_("%(name)s vertritt niemanden.", name=substitute.name))
    _record_transfer(conference_id, substitute, substitute.represents_id, utcnow(), ended=True)
    substitute.represents_id = None
    substitute.transferred_at = None
    db.session.commit()
    return substitute


def transfer_candidates(conference_id: int) -> list[Delegate]:
    """Absent regular delegates with voting right who are not represented yet."""
    held = aliased(Delegate)
    absent = db.session.scalars(
        db.select(Delegate).where(
            Delegate.conference_id == conference_id,
            Delegate.is_substitute.is_(False),
            Delegate.has_vote.is_(True),
            Delegate.present.is_(False),
            ~sa.exists().where(held.represents_id == Delegate.id),
        )
    )
    return sorted(absent, key=lambda d: (surname_key(d.name), d.id))
