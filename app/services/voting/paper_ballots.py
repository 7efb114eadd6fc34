"""Paper beside phones: the desk hands a delegate a paper ballot instead of a credential.

A delegate without a phone (or an empty battery) votes on paper in the same poll as everyone
else. The desk's record goes where a credential would: the issuance row of (poll, delegate),
with channel "paper" and no signature. Its primary key keeps each delegate to one of the two —
a delegate who fetched a credential gets no paper ballot, and a paper ballot's holder gets no
credential (``credentials._earlier_issuance`` refuses).

One exception: a credential lost with its browser (cleared data, an in-app QR viewer, another
browser) cannot be fetched again, and the server cannot tell whether it was used: it never
links a credential to a ballot. The desk may then hand out a paper ballot as a *replacement*,
marked on the row. That risks one double vote per replacement, no more: every replacement is
counted and named in the audit file and the protocol, and a count that exceeds the people who
got a ballot proves double votes (docs/security.md, "Paper beside phones").

Nothing here records a ballot number or the time: a number on the paper joined with this row
would reveal how the delegate voted.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.enums import PollState
from app.extensions import db
from app.models import Delegate, Issuance, PaperTotals, Poll
from app.services.errors import NotFound
from app.services.polls.lifecycle import lock_poll
from app.services.roster.checkin import is_entitled_now
from app.services.scope import conference_poll
from app.services.voting.issued import PAPER, PHONE, IssuedCounts, issued_counts
from app.services.voting.presence import record_late_presence

__all__ = ["PAPER", "PHONE", "PaperBallotError", "PaperChoice", "issue_paper_ballot",
           "paper_choices", "paper_possible"]



class PaperBallotError(ValueError):
    """The desk may not hand out this paper ballot; the message says why (German)."""


@dataclass(frozen=True, slots=True)
class PaperChoice:
    """An open poll as the desk sees it for one delegate. ``holds``: "" (nothing yet),
    "paper", "phone" (fetched a credential) or "replaced" (credential lost, paper handed out)."""

    poll_id: int
    title: str
    holds: str
    entered: bool


def _open_polls(conference_id: int) -> list[Poll]:
    return list(db.session.scalars(
        sa.select(Poll).where(Poll.conference_id == conference_id,
                              Poll.state == PollState.OPEN.value, Poll.paper.is_(False))
        .order_by(Poll.id)))


def _holds(row: Issuance | None) -> str:
    if row is None:
        return ""
    if row.channel == PAPER:
        return PAPER
    return "replaced" if row.paper_replacement else PHONE


def paper_choices(conference_id: int, delegate_id: int) -> tuple[Delegate, list[PaperChoice]]:
    """The delegate and every open poll with what they hold in it, for the desk's page."""
    delegate = db.session.get(Delegate, delegate_id)
    if delegate is None or delegate.conference_id != conference_id:
        raise NotFound(_("Diese Person gibt es in dieser Versammlung nicht."))
    polls = _open_polls(conference_id)
    rows = {row.poll_id: row for row in db.session.scalars(
        sa.select(Issuance).where(Issuance.delegate_id == delegate.id,
                                  Issuance.poll_id.in_([p.id for p in polls])))}
    entered = set(db.session.scalars(
        sa.select(PaperTotals.poll_id).where(PaperTotals.poll_id.in_([p.id for p in polls]))))
    return delegate, [PaperChoice(p.id, p.title, _holds(rows.get(p.id)), p.id in entered)
                      for p in polls]


def paper_possible(conference_id: int) -> bool:
    """Whether any poll is open on phones, so the desk can hand out a paper ballot for it."""
    return bool(_open_polls(conference_id))


def issue_paper_ballot(conference_id: int, delegate_id: int, poll_id: int, *,
                       replaces_credential: bool = False) -> IssuedCounts:
    """Record that the desk hands ``delegate_id`` a paper ballot for ``poll_id`` (module
    docstring); with ``replaces_credential`` for a credential lost with its browser. Returns
    the poll's paper count afterwards. Refusals change nothing."""
    poll = conference_poll(poll_id, conference_id)
    delegate = db.session.get(Delegate, delegate_id)
    if delegate is None or delegate.conference_id != conference_id:
        raise NotFound(_("Diese Person gibt es in dieser Versammlung nicht."))
    try:
        poll = lock_poll(poll.id, exclusive=False) or poll
        _require_paper_possible(poll, delegate)
        row = db.session.get(Issuance, (poll.id, delegate.id), populate_existing=True)
        if row is None:
            record_late_presence(poll, delegate)
            db.session.add(Issuance(poll_id=poll.id, delegate_id=delegate.id, blinded_msg=b"",
                                    blind_sig=b"", channel=PAPER, paper_replacement=False))
        else:
            _replace(row, delegate, replaces_credential)
        db.session.commit()
    except (PaperBallotError, NotFound):
        db.session.rollback()
        raise
    except IntegrityError:  # the phone fetched a credential in the same moment
        db.session.rollback()
        raise PaperBallotError(_(
            "%(name)s hat gerade eine Berechtigung auf einem Gerät abgeholt; kein "
            "Papierstimmzettel.", name=delegate.name)) from None
    return issued_counts(poll_id)


def _require_paper_possible(poll: Poll, delegate: Delegate) -> None:
    if poll.state != PollState.OPEN.value:
        raise PaperBallotError(_("„%(title)s“ ist nicht geöffnet.", title=poll.title))
    if poll.paper:
        raise PaperBallotError(_("„%(title)s“ ist ein Papierwahlgang: dort bekommen alle einen "
                                 "Papierstimmzettel, ohne Eintrag hier.", title=poll.title))
    if db.session.get(PaperTotals, poll.id) is not None:
        raise PaperBallotError(_("Die Papierstimmzettel von „%(title)s“ sind schon ausgezählt "
                                 "und erfasst; es gibt keinen weiteren.", title=poll.title))
    if not is_entitled_now(delegate):
        raise PaperBallotError(_("%(name)s ist nicht stimmberechtigt anwesend und bekommt "
                                 "keinen Stimmzettel.", name=delegate.name))


def _replace(row: Issuance, delegate: Delegate, replaces_credential: bool) -> None:
    """A second ballot for the same poll: only a replacement for a lost credential."""
    if row.channel == PAPER or row.paper_replacement:
        raise PaperBallotError(_("%(name)s hat für diese Abstimmung schon einen "
                                 "Papierstimmzettel.", name=delegate.name))
    if not replaces_credential:
        raise PaperBallotError(_(
            "%(name)s hat für diese Abstimmung schon eine Berechtigung auf einem Gerät "
            "abgeholt und bekommt keinen Papierstimmzettel. Ist sie mit dem Browser verloren "
            "gegangen, wählen Sie „Ersatz für verlorene Berechtigung“.", name=delegate.name))
    row.paper_replacement = True
