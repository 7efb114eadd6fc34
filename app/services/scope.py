"""The one getter of every chair action: a poll or an election of *this* conference.

A poll id from another conference (or none at all) is :class:`~app.services.errors.NotFound`,
so no chair action — lot, void, next round, acceptance, refill — can reach across."""

from __future__ import annotations

from flask_babel import gettext as _

from app.extensions import db
from app.models import Conference, Election, Poll
from app.services.errors import NotFound

__all__ = ["conference_by_id", "conference_election", "conference_poll"]


def conference_poll(poll_id: int, conference_id: int | None) -> Poll:
    """The poll, if it exists and belongs to ``conference_id`` (None: any conference — only
    for the app's own calls, never a view's)."""
    poll = db.session.get(Poll, poll_id)
    if poll is None or conference_id not in (None, poll.conference_id):
        raise NotFound(_("Diese Abstimmung gibt es nicht."))
    return poll


def conference_election(election_id: int, conference_id: int | None) -> Election:
    """The election, if it exists and belongs to ``conference_id`` (as above)."""
    election = db.session.get(Election, election_id)
    if election is None or conference_id not in (None, election.conference_id):
        raise NotFound(_("Diese Wahl gibt es nicht."))
    return election


def conference_by_id(conference_id: int) -> Conference:
    """The conference, or NotFound."""
    conference = db.session.get(Conference, conference_id)
    if conference is None:
        raise NotFound(_("Diese Versammlung gibt es nicht."))
    return conference
