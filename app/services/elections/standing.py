"""An election's standing from its rows: the definition and events ``ballots.election``
folds into seats, holders, substitutes, vacancies and the next step. Every page, the final
lists, the acceptance form and the protocol read this one standing; nothing here decides.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.enums import PollState
from app.extensions import db
from app.models import Acceptance, Election, Poll
from app.services.elections.counts import RoundError, counted_result
from ballots.contest import Candidate as ContestCandidate
from ballots.contest import contest_from_dict
from ballots.election import (
    Answer,
    ElectionDefinition,
    ElectionEvent,
    RoundCounted,
    RoundCreated,
    RoundVoided,
    Standing,
    make_definition,
    standing,
)
from ballots.rules import apply_overrides, load_preset

__all__ = ["ElectionNotFound", "election_definition", "election_events", "election_id_text",
           "standing_of", "standing_of_election"]


class ElectionNotFound(LookupError):
    """No such election (in this conference)."""


def election_id_text(election_id: int) -> str:
    """The election's id in contests, the audit file and the protocol: ``E<row id>``."""
    return f"E{election_id}"


def _women_seats(election: Election) -> int | None:
    """The women's seats as the first women's round was set up (the chair may have chosen
    their number), else None: as the rules and the first-round choice say."""
    first = db.session.scalar(sa.select(Poll.contest).where(
        Poll.election_id == election.id).order_by(Poll.id).limit(1))
    rnd = (first or {}).get("round") or {}
    if rnd.get("kind") == "women" and not rnd.get("fills"):
        return int(first.get("seats") or 0)
    return None


def election_definition(election: Election) -> ElectionDefinition:
    """The election as ``ballots.election`` takes it: rules with overrides, seats, everyone
    nominated (``C<row id>``), withdrawn ones marked."""
    spec = {"preset": election.preset, "overrides": dict(election.overrides or {})}
    rules = apply_overrides(load_preset(election.preset), election.overrides or {})
    women = _women_seats(election) if rules.quota == "women_first" else None
    return make_definition(
        id=election_id_text(election.id), title=election.title, rules=rules,
        seats=election.seats, women=women, first_round_kind=election.first_round_kind,
        candidates=[ContestCandidate(f"C{c.id}", c.name, c.quota_group)
                    for c in sorted(election.candidates, key=lambda c: c.id)],
        withdrawn=[f"C{c.id}" for c in election.candidates if c.withdrawn], rules_spec=spec)


def election_events(election: Election) -> list[ElectionEvent]:
    """Rounds in the order they were created, each as far as it got; then the answers in the
    order they were recorded."""
    events: list[ElectionEvent] = []
    polls = db.session.scalars(sa.select(Poll).where(Poll.election_id == election.id)
                               .order_by(Poll.id)).all()
    for poll in polls:
        contest = contest_from_dict(poll.contest)
        counted = poll.state in (PollState.CLOSED.value, PollState.VOID.value) and poll.result
        if counted:
            try:
                events.append(RoundCounted(poll.public_id, contest, counted_result(poll)))
            except RoundError:
                events.append(RoundCreated(poll.public_id, contest))
        else:
            events.append(RoundCreated(poll.public_id, contest))
        if poll.state == PollState.VOID.value:
            events.append(RoundVoided(poll.public_id, poll.void_reason or ""))
    answers = db.session.scalars(sa.select(Acceptance).where(
        Acceptance.election_id == election.id).order_by(Acceptance.id)).all()
    events += [Answer(f"C{a.candidate_id}", a.accepted, a.note or "") for a in answers]
    return events


def standing_of_election(election: Election) -> Standing:
    return standing(election_definition(election), election_events(election))


def standing_of(election_id: int, *, conference_id: int | None = None) -> Standing:
    """The standing of the election (of ``conference_id``, when given)."""
    election = db.session.get(Election, election_id)
    if election is None or conference_id not in (None, election.conference_id):
        raise ElectionNotFound(election_id)
    return standing_of_election(election)
