"""Who holds a seat after declines, who may still run, and the further round for seats left
vacant after declines.

Who holds which seat is the election's standing (``app.services.elections``, computed by
``ballots.election``). Nobody holding a seat of the election (elected or moved up, answer
accepted or still pending) and nobody who declined runs in a later round. A seat whose holders
all declined with no substitute left is the standing's ``refill`` step: a further round of its
seat kind (``refill_round``) that names the seat in ``round.fills``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from app.enums import PollState
from app.extensions import db
from app.models import Candidate, Election, Poll
from app.services.elections.lists import seat_label
from app.services.elections.rounds import (
    RoundError,
    candidate_dicts,
    next_round_number,
    round_title,
    store_round,
)
from app.services.elections.standing import standing_of
from app.services.polls.ballot_messages import ballot_error_text
from app.services.polls.manage import PollError, open_poll, parse_candidate_lines
from app.services.roster.csv_import import name_key
from app.services.scope import conference_election, conference_poll
from ballots.contest import Candidate as ContestCandidate
from ballots.contest import contest_from_dict
from ballots.counting import Vacancy, refill_round
from ballots.election import Standing
from ballots.errors import BallotError

__all__ = ["VacantSeats", "create_refill_round", "drop_seated_from_draft",
           "not_running_again", "open_round", "seated_in_draft", "vacant_seats"]


@dataclass(frozen=True, slots=True)
class VacantSeats:
    """The seats of one kind left vacant after declines, as the round page shows them: labels
    with who declined, who would run in a further round, and why it cannot be held now."""

    kind: str
    vacancies: tuple[Vacancy, ...]
    labels: tuple[str, ...]
    candidates: tuple[str, ...]
    required: str | None
    blocked: str | None

    @property
    def count(self) -> int:
        return len(self.vacancies)


def not_running_again(election_id: int) -> frozenset[str]:
    """Contest ids (``C<row>``) who run in no later round: seat holders and who declined."""
    st = standing_of(election_id)
    return frozenset(st.holders) | frozenset(st.declined)


def _vacancy(st: Standing, key: str) -> Vacancy:
    """The seat ``key`` as the round that last stood for it numbers it (``round.fills``)."""
    seat = st.seat(key)
    place = next(r for r in st.rounds if r.poll == seat.poll)
    number = next(n for n, k in place.slots if k == key)
    return Vacancy(place.number, number, place.seat_kind, seat.slot.kind, seat.required,
                   tuple(h.candidate for h in seat.holdings if h.answer == "declined"))


def _running(election_id: int) -> str | None:
    """Why no further round can be created now: a round of the election still in progress."""
    busy = db.session.scalar(sa.select(Poll.title).where(
        Poll.election_id == election_id,
        Poll.state.in_((PollState.DRAFT.value, PollState.OPEN.value))).limit(1))
    if busy is not None:
        return _("Erst „%(title)s“ abschließen (oder den Entwurf löschen); dann kann der weitere "
                 "Wahlgang angelegt werden.", title=busy)
    return None


def _eligible(election: Election, gone: frozenset[str], required: str | None) -> list[Candidate]:
    """Nominated candidates who may run for these seats, in ballot order."""
    rows = {f"C{c.id}": c for c in election.candidates
            if f"C{c.id}" not in gone and (required is None or c.quota_group == required)}
    return [rows[d["id"]] for d in candidate_dicts(list(rows.values()))]  # withdrawn left out


def vacant_seats(election_id: int) -> list[VacantSeats]:
    """Seats left vacant after declines and not yet taken up by a round, grouped by seat kind
    (one further round per kind): the standing's ``refill`` steps."""
    election = conference_election(election_id, None)
    st = standing_of(election_id)
    blocked = _running(election_id)
    gone = frozenset(st.holders) | frozenset(st.declined)
    out = []
    for step in (s for s in st.steps if s.kind == "refill"):
        group = tuple(_vacancy(st, key) for key in step.seats)
        labels = tuple(_("%(seat)s (%(round)d. Wahlgang; abgelehnt: %(names)s)",
                         seat=seat_label(st.seat(v_key)), round=v.round,
                         names=", ".join(st.names.get(c, "") for c in v.declined))
                       for v_key, v in zip(step.seats, group, strict=True))
        required = group[0].required
        out.append(VacantSeats(step.seat_kind or "general", group, labels,
                               tuple(c.name for c in _eligible(election, gone, required)),
                               required, blocked))
    return out


def _nominate(election: Election, text: str, required: str | None) -> list[Candidate]:
    """New candidacies for the further round ("Name; Gruppe" per line); for seats reserved
    for a group the group may be left out."""
    if not text.strip():
        return []
    try:
        lines = parse_candidate_lines(text)
    except PollError as exc:
        raise RoundError(str(exc)) from exc
    known = {name_key(c.name) for c in election.candidates}
    people = [(name, group or (required or "")) for name, group in lines]
    for name, group in people:  # every line checked before anything is added
        if required is not None and group != required:
            raise RoundError(_("Für diese Plätze kandidieren nur Angehörige der Gruppe "
                               "„%(group)s“; nicht: %(name)s.", group=required, name=name))
        if name_key(name) in known:
            raise RoundError(_("„%(name)s“ steht schon auf der Liste.", name=name))
    rows = [Candidate(name=name, quota_group=group) for name, group in people]
    election.candidates.extend(rows)
    db.session.flush()
    return rows


def create_refill_round(election_id: int, kind: str, *, paper: bool = False,
                        nominations: str = "", conference_id: int | None = None) -> Poll:
    """A further round (DRAFT) for the seats of ``kind`` left vacant after declines, for
    everyone nominated who may hold them and runs in no other seat, plus new candidacies.
    Nothing is stored when it cannot be held. With ``conference_id``, an election of another
    conference is refused."""
    election = conference_election(election_id, conference_id)
    group = next((g for g in vacant_seats(election_id) if g.kind == kind), None)
    if group is None:
        raise RoundError(_("Kein Sitz dieser Art ist nach einer Ablehnung unbesetzt."))
    if group.blocked:
        raise RoundError(group.blocked)
    st = standing_of(election_id)
    gone = frozenset(st.holders) | frozenset(st.declined)
    _nominate(election, nominations, group.required)
    running = _eligible(election, gone, group.required)
    if not running:
        db.session.rollback()
        raise RoundError(ngettext(
            "Für den unbesetzten Sitz kandidiert niemand mehr: bitte neue Kandidaturen "
            "eintragen.",
            "Für die %(num)d unbesetzten Sitze kandidiert niemand mehr: bitte neue "
            "Kandidaturen eintragen.", group.count))
    template_poll = next(r.poll for r in st.rounds if r.number == group.vacancies[0].round)
    template = contest_from_dict(db.session.scalar(
        sa.select(Poll.contest).where(Poll.public_id == template_poll)))
    number = next_round_number(election_id)
    try:
        contest = refill_round(
            template, group.vacancies, number=number,
            candidates=[ContestCandidate(f"C{c.id}", c.name, c.quota_group) for c in running],
            elected_before=Counter(st.groups[h] for h in st.holders),
            total_seats=election.seats, title=round_title(election, "further", number))
    except BallotError as exc:
        db.session.rollback()
        raise RoundError(ballot_error_text(exc)) from exc
    poll = store_round(election, contest, paper=paper)
    db.session.commit()
    return poll


def seated_in_draft(poll: Poll) -> list[str]:
    """Names in a draft round who hold a seat of the election or declined since the draft was
    made (a decline moved them up): they must not run in it."""
    if poll.state != PollState.DRAFT.value or poll.election_id is None:
        return []
    gone = not_running_again(poll.election_id)
    return [c["name"] for c in poll.contest.get("candidates") or [] if c["id"] in gone]


def drop_seated_from_draft(conference_id: int, poll_id: int) -> Poll:
    """Take everyone in :func:`seated_in_draft` off the draft round's list."""
    poll = conference_poll(poll_id, conference_id)
    if poll.election_id is None:
        raise RoundError(_("Nur Wahlgänge einer Wahl haben einen Entwurf mit Kandidaturen."))
    if poll.state != PollState.DRAFT.value:
        raise RoundError(_("Nur ein Entwurf kann noch geändert werden."))
    gone = not_running_again(poll.election_id)
    contest = dict(poll.contest)
    contest["candidates"] = [c for c in contest.get("candidates") or [] if c["id"] not in gone]
    if not contest["candidates"]:
        raise RoundError(_("Danach kandidiert in diesem Wahlgang niemand mehr: bitte den "
                           "Entwurf löschen."))
    try:
        contest_from_dict(contest)
    except BallotError as exc:
        raise RoundError(ballot_error_text(exc)) from exc
    poll.contest = contest
    db.session.commit()
    return poll


def open_round(conference_id: int, poll_id: int) -> Poll:
    """Open a draft round from its page — not while someone in it holds a seat or declined."""
    poll = conference_poll(poll_id, conference_id)
    seated = seated_in_draft(poll)
    if seated:
        raise RoundError(ngettext(
            "%(names)s hat inzwischen einen Sitz dieser Wahl oder hat abgelehnt und kann nicht "
            "mehr kandidieren: erst den Entwurf aktualisieren.",
            "%(names)s haben inzwischen einen Sitz dieser Wahl oder haben abgelehnt und können "
            "nicht mehr kandidieren: erst den Entwurf aktualisieren.",
            len(seated), names=", ".join(seated)))
    return open_poll(conference_id, poll_id)

