"""Who holds a seat after declines, who may still run, and the further round for seats left
vacant after declines.

Who holds which seat is ``ballots.counting.apply_declines_across`` over the election's counted
rounds and the recorded answers (the rule ``acceptance.election_standing`` shows). Here it
decides who runs in a later round: nobody holding a seat of the election (elected or moved up,
answer accepted or still pending) and nobody who declined. A seat whose holders all declined
with no substitute left (``vacancies_after_declines``) can be filled by a further round of its
seat kind (``refill_round``); the round names the seat in ``round.fills``, so the final lists
show it filled by that round.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from app.enums import PollState
from app.extensions import db
from app.i18n import localized
from app.models import Acceptance, Candidate, Election, Poll
from app.services.ballot_messages import ballot_error_text
from app.services.polls import PollError, open_poll, parse_candidate_lines
from app.services.roster_csv import name_key
from app.services.rounds import (
    RoundError,
    candidate_dicts,
    counted_result,
    next_round_number,
    round_title,
    store_round,
)
from ballots.contest import Candidate as ContestCandidate
from ballots.contest import contest_from_dict
from ballots.counting import (
    CrossRoundLists,
    Result,
    Vacancy,
    apply_declines_across,
    refill_round,
    vacancies_after_declines,
)
from ballots.errors import BallotError

__all__ = ["ElectionLists", "VacantSeats", "create_refill_round", "drop_seated_from_draft",
           "election_lists", "not_running_again", "open_round", "seated_in_draft",
           "vacant_seats"]

#: Results whose filled seats count: final ones, and those waiting only for a runoff (their
#: other seats are decided). A round waiting for a lot is decided by the lot first.
_COUNTED = ("final", "runoff_needed")


@dataclass(frozen=True, slots=True)
class ElectionLists:
    """The counted rounds of an election (polls and results in order), the seats after the
    recorded declines, and who declined."""

    polls: tuple[Poll, ...]
    results: tuple[Result, ...]
    lists: CrossRoundLists
    declined: frozenset[str]

    @property
    def holders(self) -> frozenset[str]:
        """Everyone who holds a seat now (answer accepted or still pending)."""
        return frozenset(h.holder for h in self.lists.seats if h.holder is not None)


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


def election_lists(election_id: int) -> ElectionLists:
    """Seats, substitutes and declines over the election's counted rounds."""
    polls = tuple(poll for poll in db.session.scalars(
        sa.select(Poll).where(Poll.election_id == election_id,
                              Poll.state == PollState.CLOSED.value).order_by(Poll.id))
        if (poll.result or {}).get("status") in _COUNTED)
    results = tuple(counted_result(poll) for poll in polls)
    declined = frozenset(f"C{row}" for row in db.session.scalars(
        sa.select(Acceptance.candidate_id).where(Acceptance.election_id == election_id,
                                                 Acceptance.accepted.is_(False))))
    known = {c.id for r in results for c in r.candidates}
    return ElectionLists(polls, results, apply_declines_across(results, sorted(declined & known)),
                         declined)


def not_running_again(election_id: int) -> frozenset[str]:
    """Contest ids (``C<row>``) who run in no later round: seat holders and who declined."""
    standing = election_lists(election_id)
    return standing.holders | standing.declined


def _covered(election_id: int) -> set[tuple[int, int]]:
    """Seats a round already created fills (draft, open, or closed and not yet decided)."""
    covered: set[tuple[int, int]] = set()
    for contest in db.session.scalars(sa.select(Poll.contest).where(
            Poll.election_id == election_id, Poll.state != PollState.VOID.value)):
        for item in ((contest or {}).get("round") or {}).get("fills") or []:
            covered.add((int(item["round"]), int(item["seat"])))
    return covered


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
    (one further round per kind)."""
    election = db.get_or_404(Election, election_id)
    standing = election_lists(election_id)
    covered = _covered(election_id)
    open_ = [v for v in vacancies_after_declines(standing.results, standing.lists)
             if (v.round, v.seat) not in covered]
    names = {c.id: c.name for r in standing.results for c in r.candidates}
    seats = {(poll.contest["round"]["number"], seat["number"]): localized(seat, "label")
             for poll in standing.polls for seat in (poll.result or {}).get("seats", [])}
    blocked = _running(election_id)
    gone = standing.holders | standing.declined
    out = []
    for kind in dict.fromkeys(v.kind for v in open_):
        group = [v for v in open_ if v.kind == kind]
        required = group[0].required
        labels = tuple(_("%(seat)s (%(round)d. Wahlgang; abgelehnt: %(names)s)",
                         seat=seats.get((v.round, v.seat), ""), round=v.round,
                         names=", ".join(names[c] for c in v.declined)) for v in group)
        out.append(VacantSeats(kind, tuple(group), labels,
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
    election = db.get_or_404(Election, election_id)
    if conference_id not in (None, election.conference_id):
        raise RoundError(_("Diese Wahl gibt es nicht."))
    group = next((g for g in vacant_seats(election_id) if g.kind == kind), None)
    if group is None:
        raise RoundError(_("Kein Sitz dieser Art ist nach einer Ablehnung unbesetzt."))
    if group.blocked:
        raise RoundError(group.blocked)
    standing = election_lists(election_id)
    _nominate(election, nominations, group.required)
    running = _eligible(election, standing.holders | standing.declined, group.required)
    if not running:
        db.session.rollback()
        raise RoundError(ngettext(
            "Für den unbesetzten Sitz kandidiert niemand mehr: bitte neue Kandidaturen "
            "eintragen.",
            "Für die %(num)d unbesetzten Sitze kandidiert niemand mehr: bitte neue "
            "Kandidaturen eintragen.", group.count))
    groups = {c.id: c.group for r in standing.results for c in r.candidates}
    template = contest_from_dict(next(
        p.contest for p in standing.polls
        if p.contest["round"]["number"] == group.vacancies[0].round))
    number = next_round_number(election_id)
    try:
        contest = refill_round(
            template, group.vacancies, number=number,
            candidates=[ContestCandidate(f"C{c.id}", c.name, c.quota_group) for c in running],
            elected_before=Counter(groups[h] for h in standing.holders),
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
    poll = db.get_or_404(Poll, poll_id)
    if poll.conference_id != conference_id or poll.election_id is None:
        raise RoundError(_("Diese Abstimmung gehört zu einer anderen Versammlung."))
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
    poll = db.get_or_404(Poll, poll_id)
    seated = seated_in_draft(poll) if poll.conference_id == conference_id else []
    if seated:
        raise RoundError(ngettext(
            "%(names)s hat inzwischen einen Sitz dieser Wahl oder hat abgelehnt und kann nicht "
            "mehr kandidieren: erst den Entwurf aktualisieren.",
            "%(names)s haben inzwischen einen Sitz dieser Wahl oder haben abgelehnt und können "
            "nicht mehr kandidieren: erst den Entwurf aktualisieren.",
            len(seated), names=", ".join(seated)))
    return open_poll(conference_id, poll_id)

