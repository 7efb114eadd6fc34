"""The Saalanzeige: a read-only display link per conference for the projector laptop.

The chair creates a link (``/saal/<secret>``) and opens it on the laptop at the projector; that
laptop then needs no login. The link shows the conference's current poll and follows it (the
open poll's live turnout, after close its result) and nothing else: it is not a login, sets no
session and opens no other page (docs/security.md, "Saalanzeige").

The secret has 130 random bits like a delegate's card (``app.services.roster.tokens``) and is stored
only as its SHA-256, so the chair sees it once; renewing it makes the old link stop working,
revoking it leaves none.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.enums import PollState
from app.extensions import db
from app.models import Conference, Poll
from app.services.polls import hall
from app.services.roster.tokens import CROCKFORD, TOKEN_CHARS, hash_token, new_token
from app.services.scope import conference_by_id

__all__ = ["DisplayLinkError", "conference_for", "current_poll", "has_link", "issue_link",
           "revoke_link", "state"]

_ENDED = (PollState.CLOSED.value, PollState.VOID.value)


class DisplayLinkError(LookupError):
    """The link is malformed, revoked or renewed since: it opens nothing."""


def issue_link(conference_id: int) -> str:
    """A new secret for the conference's Saalanzeige (the previous link stops working)."""
    conference = conference_by_id(conference_id)
    token = new_token()
    conference.display_token_hash = hash_token(token)
    db.session.commit()
    return token


def revoke_link(conference_id: int) -> None:
    conference = conference_by_id(conference_id)
    conference.display_token_hash = None
    db.session.commit()


def has_link(conference_id: int) -> bool:
    return db.session.scalar(
        sa.select(Conference.display_token_hash).where(Conference.id == conference_id)
    ) is not None


def conference_for(token: str) -> Conference:
    """The conference whose current Saalanzeige link is ``token``."""
    if len(token) != TOKEN_CHARS or any(ch not in CROCKFORD for ch in token):
        raise DisplayLinkError(token)
    conference = db.session.scalar(
        sa.select(Conference).where(Conference.display_token_hash == hash_token(token))
    )
    if conference is None:
        raise DisplayLinkError(token)
    return conference


def current_poll(conference_id: int) -> Poll | None:
    """What the hall should see: the open poll (the latest opened, if rounds run in
    parallel), else the poll that ended last; None before the first vote."""
    polls = Poll.__table__.c
    open_poll = db.session.scalar(
        sa.select(Poll).where(Poll.conference_id == conference_id,
                              Poll.state == PollState.OPEN.value)
        .order_by(polls.opened_at.desc(), polls.id.desc()).limit(1))
    if open_poll is not None:
        return open_poll
    return db.session.scalar(
        sa.select(Poll).where(Poll.conference_id == conference_id, Poll.state.in_(_ENDED))
        .order_by(polls.closed_at.desc().nulls_last(), polls.id.desc()).limit(1))


def state(conference_id: int) -> dict[str, Any]:
    """What the display's script polls: which poll, its state, the turnout counts — the
    same counts the chair's hall display shows, nothing about any ballot's content."""
    poll = current_poll(conference_id)
    if poll is None:
        return {"poll": None, "state": "none"}
    counts = hall.turnout(poll.id)
    return {key: counts[key] for key in ("poll", "state", "cast", "present", "text")}
