"""Rounds of an election: the first round, the next one as the rules say, the parallel mixed
round, and settings changed by assembly decision (counting again and voiding a round:
``app.services.elections.counts``, re-exported here).

The next round's contest comes from ``ballots.counting.next_round`` (women's → mixed round,
further round for open seats, runoff among tied candidates, repeat of a void round); this
module only loads and stores. Seats left vacant after declines:
``app.services.elections.vacancies``; the chair's round page:
``app.services.elections.round_panel``.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.enums import PollKind, PollState
from app.extensions import db
from app.models import AssemblyDecision, Candidate, Conference, Election, Poll
from app.services.elections.counts import (
    RoundError,
    counted_result,
    invariant_problem,
    lot_of,
    recount,
    void_round,
)
from app.services.elections.standing import standing_of
from app.services.elections.words import complete_text, step_text
from app.services.errors import NotFound
from app.services.polls.ballot_messages import ballot_error_text
from app.services.polls.manage import ballot_order
from app.services.protocol.audit import append_event, ensure_conference_recorded
from app.services.scope import conference_election, conference_poll
from ballots import audit as chain
from ballots.contest import Candidate as ContestCandidate
from ballots.contest import Contest, contest_from_dict, contest_to_dict
from ballots.counting import next_round
from ballots.election import women_seats
from ballots.errors import BallotError
from ballots.rules import Rules, apply_overrides, load_preset

__all__ = [
    "FIRST_ROUND_KINDS",
    "RoundError",
    "candidate_dicts",
    "counted_result",
    "create_first_round",
    "create_next_round",
    "create_parallel_mixed_round",
    "first_round_contest",
    "invariant_problem",
    "mixed_seats_left",
    "next_round_kind",
    "next_round_number",
    "no_next_round_reason",
    "recount",
    "record_decision",
    "round_title",
    "set_election_rules",
    "store_round",
    "void_round",
]


#: What a chair may hold as the first round under women_first instead of the rules' order
#: (women's round for the minimum share, then the mixed round): a women's round for all seats
#: (women's places elected on their own) or a mixed round for all seats (the women's places
#: were elected before, separately). Elsewhere the kind would only change labels.
FIRST_ROUND_KINDS = ("women", "mixed")


def _public_id() -> str:
    return secrets.token_hex(8)


def candidate_dicts(candidates: list[Candidate]) -> list[dict[str, str]]:
    """Contest candidates as on the ballot (Wahlordnung § 8, ``polls.ballot_order``):
    id ``C<row id>``, withdrawn candidates left out."""
    ordered = sorted((c for c in candidates if not c.withdrawn),
                     key=lambda c: (ballot_order(c.name), c.id))
    return [{"id": f"C{c.id}", "name": c.name, "group": c.quota_group} for c in ordered]


def _rules_spec(election: Election) -> dict[str, Any]:
    return {"preset": election.preset, "overrides": dict(election.overrides or {})}


def store_round(election: Election, contest: Contest, *, paper: bool) -> Poll:
    """The round as a DRAFT poll of the election (not committed)."""
    data = contest_to_dict(contest)
    poll = Poll(public_id=_public_id(), conference_id=election.conference_id,
                election_id=election.id, kind=PollKind.ELECTION.value, title=contest.title,
                contest=data, state=PollState.DRAFT.value, paper=paper)
    db.session.add(poll)
    db.session.flush()
    return poll


def round_title(election: Election, kind: str, number: int) -> str:
    """"Delegierte – 2. Wahlgang (gemischter Wahlgang)": the title the round is stored with."""
    words = {"women": "Frauenwahlgang", "mixed": "gemischter Wahlgang", "general": "Wahlgang",
             "further": "weiterer Wahlgang", "runoff": "Stichwahl", "repeat": "Wiederholung"}
    return f"{election.title} – {number}. Wahlgang ({words.get(kind, kind)})"


def _check_first_round_kind(rules: Rules, kind: str | None) -> None:
    """Refuse a first-round choice that is unknown or means nothing under these rules."""
    if kind is None:
        return
    if kind not in FIRST_ROUND_KINDS:
        raise RoundError(_("Unbekannte Art des ersten Wahlgangs: „%(kind)s“.", kind=kind))
    if rules.quota != "women_first":
        raise RoundError(_("Unter diesen Regeln gibt es keinen Frauenwahlgang: der erste "
                           "Wahlgang ist einer für alle Plätze."))


def first_round_contest(election: Election, *, seats: int | None = None,
                        kind: str | None = None) -> Contest:
    """The first round's contest. As the rules say (``kind`` None): under women_first the
    women's round (only the quota group) with the minimum share of seats, rounded as the rules
    say; otherwise a general round of everyone not withdrawn for all seats. Under women_first
    the chair may instead choose (:data:`FIRST_ROUND_KINDS`) a women's round or a mixed round
    for all seats."""
    rules = _election_rules(election)
    _check_first_round_kind(rules, kind)
    cands = candidate_dicts(list(election.candidates))
    round_kind = kind or ("women" if rules.quota == "women_first" else "general")
    if round_kind == "women":
        group = rules.quota_groups[0]
        others = [c["name"] for c in cands if c["group"] != group]
        if kind == "women" and others:
            # no later round they could run in: a mistake in the list, not a choice
            raise RoundError(_("Im Frauenwahlgang für alle Plätze kandidieren nur Frauen "
                               "(Gruppe „%(group)s“); nicht in dieser Gruppe: %(names)s.",
                               group=group, names=", ".join(others)))
        cands = [c for c in cands if c["group"] == group]
        if seats is None and kind is None:
            seats = women_seats(rules, election.seats)
    if not cands:
        raise RoundError(_("Für diesen Wahlgang kandidiert niemand."))
    return _contest(election, round_kind, seats or election.seats, cands, number=1)


def create_first_round(election_id: int, *, paper: bool = False, seats: int | None = None,
                       kind: str | None = None, conference_id: int | None = None) -> Poll:
    """The first round as a DRAFT poll, as the rules say or as the chair chose (``kind``, see
    :func:`first_round_contest`); the choice is kept so the draft keeps it when it follows
    later changes of the list or the rules."""
    election = conference_election(election_id, conference_id)
    contest = first_round_contest(election, seats=seats, kind=kind)
    election.first_round_kind = kind
    poll = store_round(election, contest, paper=paper)
    db.session.commit()
    return poll


def _election_rules(election: Election) -> Rules:
    return apply_overrides(load_preset(election.preset), election.overrides or {})


def _row(contest_id: str) -> int:
    """Row id of a contest candidate ``C<id>`` (ties in the ballot order keep nomination order)."""
    return int(contest_id[1:]) if contest_id[1:].isdigit() else 0


def _contest(election: Election, kind: str, seats: int, cands: list[dict[str, str]], *,
             number: int) -> Contest:
    try:
        return contest_from_dict({
            "kind": "election", "title": round_title(election, kind, number),
            "rules": _rules_spec(election), "seats": seats, "candidates": cands,
            "round": {"number": number, "kind": kind}})
    except BallotError as exc:
        raise RoundError(_("Der Wahlgang kann so nicht angelegt werden: %(error)s",
                           error=ballot_error_text(exc))) from exc


def create_parallel_mixed_round(women_poll_id: int, *, paper: bool = False,
                                conference_id: int | None = None) -> Poll:
    """The mixed round alongside the women's round — allowed only when no more women run
    than there are women's seats, so nobody can move over (docs/rules.md, Quotas)."""
    women = conference_poll(women_poll_id, conference_id)
    contest = contest_from_dict(women.contest)
    if contest.round.kind != "women":
        raise RoundError(_("Parallel geht nur ein gemischter Wahlgang zu einem Frauenwahlgang."))
    if len(contest.candidates) > contest.seats:
        raise RoundError(_("Es kandidieren %(women)d Frauen für %(seats)d Frauenplätze: Nicht "
                           "Gewählte wechseln in den gemischten Wahlgang, er muss danach "
                           "stattfinden.", women=len(contest.candidates), seats=contest.seats))
    election = conference_election(int(women.election_id or 0), None)
    seats = mixed_seats_left(election)
    if seats < 1:
        raise RoundError(_all_seats_were_womens())
    women_ids = set(contest.ids)
    cands = [c for c in candidate_dicts(list(election.candidates)) if c["id"] not in women_ids]
    mixed = _contest(election, "mixed", seats, cands, number=contest.round.number + 1)
    poll = store_round(election, mixed, paper=paper)
    db.session.commit()
    return poll


def record_decision(conference_id: int, text: str, *, election_id: int | None = None,
                    poll_id: int | None = None,
                    overrides: dict[str, Any] | None = None) -> AssemblyDecision:
    """An assembly decision with its exact wording (audit ``decision``, protocol)."""
    text = text.strip()
    if not text:
        raise RoundError(_("Bitte den Wortlaut des Beschlusses eintragen."))
    public = None
    if poll_id is not None:
        public = db.session.scalar(sa.select(Poll.public_id).where(Poll.id == poll_id))
    conference = db.session.get(Conference, conference_id)
    assert conference is not None
    ensure_conference_recorded(conference)  # the audit file starts with the conference
    row = AssemblyDecision(conference_id=conference_id, election_id=election_id,
                           poll_id=poll_id, text=text, overrides=dict(overrides or {}))
    db.session.add(row)
    event = append_event(conference_id, "decision", chain.decision_data(
        text=text, poll=public, overrides=overrides or None))
    row.audit_seq = event.seq
    return row


def _checked_kind(poll: Poll, kind: str | None) -> str:
    """The kind of round that follows ``poll`` (:func:`next_round_kind`); a kind asked for
    must be that one (a form sends what the page offered)."""
    offered = "repeat" if poll.state == PollState.VOID.value else next_round_kind(poll)
    if offered is None:
        raise RoundError(no_next_round_reason(poll))
    if kind not in (None, offered):
        raise RoundError(_("Nach diesem Wahlgang kann nur „%(offered)s“ angelegt werden, "
                           "nicht „%(kind)s“.", offered=_kind_word(offered),
                           kind=_kind_word(kind or "")))
    return offered


def _kind_word(kind: str) -> str:
    words = {"mixed": _("gemischter Wahlgang"), "further": _("weiterer Wahlgang"),
             "runoff": _("Stichwahl"), "repeat": _("wiederholter Wahlgang")}
    return words.get(kind, kind)


def create_next_round(poll_id: int, *, kind: str | None = None, seats: int | None = None,
                      paper: bool = False, overrides: dict[str, Any] | None = None,
                      decision_text: str = "", add: list[int] | None = None,
                      conference_id: int | None = None) -> Poll:
    """One click after a closed round: the next round as the rules say
    (:func:`next_round_kind`, then ``next_round``).

    A void round is repeated; a women's round (or its runoff or repeat) is followed by the
    mixed round for the remaining seats, if any are left; open seats get a further round; tied
    candidates a runoff. Nobody who holds a seat of the election (elected or moved up, answer
    accepted or pending) or declined runs again (``vacancies.not_running_again``). Settings
    changed for the new round need the assembly's decision (its wording goes to audit and
    protocol)."""
    poll = conference_poll(poll_id, conference_id)
    if poll.election_id is None:
        raise RoundError(_("Nur Wahlen haben weitere Wahlgänge."))
    if poll.state not in (PollState.CLOSED.value, PollState.VOID.value):
        raise RoundError(_("Der Wahlgang ist noch nicht abgeschlossen."))
    if overrides and not decision_text.strip():
        raise RoundError(_("Abweichende Regeln brauchen einen Beschluss der Versammlung: "
                           "bitte den Wortlaut eintragen."))
    election = conference_election(poll.election_id, None)
    contest = contest_from_dict(poll.contest)
    kind = _checked_kind(poll, kind)
    st = standing_of(election.id)
    gone = (frozenset(st.holders) | frozenset(st.declined)
            | {f"C{c.id}" for c in election.candidates if c.withdrawn})
    extra = []
    if kind == "mixed":
        if seats is None:
            seats = mixed_seats_left(election)
        if seats < 1:
            raise RoundError(_all_seats_were_womens())
        # the mixed round is open to everyone nominated who has no seat yet; those who lost
        # in this round move over with ``next_round``
        taken = set(contest.ids) | gone
        add = [c.id for c in election.candidates if f"C{c.id}" not in taken] + list(add or [])
    for cid in add or []:
        cand = db.session.get(Candidate, cid)
        if cand is None or cand.election_id != election.id:
            raise NotFound(_("Diese Kandidatur gehört nicht zu dieser Wahl."))
        extra.append(ContestCandidate(f"C{cand.id}", cand.name, cand.quota_group))
    number = next_round_number(poll.election_id)
    try:
        if kind == "repeat":
            running = tuple(c for c in contest.candidates if c.id not in gone)
            if not running:
                raise RoundError(_("Für diesen Wahlgang kandidiert niemand mehr."))
            new = replace(contest, candidates=running, round=replace(
                contest.round, number=number, kind="repeat", base_kind=contest.round.seat_kind))
        else:
            new = next_round(contest, recount(poll, lot=lot_of(poll)), kind=kind, seats=seats,
                             add=extra, withdrawn=sorted(gone), overrides=overrides or None)
            new = replace(new, round=replace(new.round, number=number))
    except BallotError as exc:
        raise RoundError(_("Kein weiterer Wahlgang möglich: %(error)s",
                           error=ballot_error_text(exc))) from exc
    ordered = tuple(sorted(new.candidates, key=lambda c: (ballot_order(c.name), _row(c.id))))
    new = replace(new, title=round_title(election, new.round.kind, new.round.number),
                  entitled=None, present=None, candidates=ordered)
    created = store_round(election, new, paper=paper)
    if overrides:
        record_decision(election.conference_id, decision_text, election_id=election.id,
                        poll_id=created.id, overrides=overrides)
    db.session.commit()
    return created


def next_round_number(election_id: int) -> int:
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(Poll).where(Poll.election_id == election_id))
    return int(count or 0) + 1


def mixed_seats_left(election: Election) -> int:
    """Seats of the mixed round while none was held or set up yet (none when the women's
    round held every seat of the election)."""
    st = standing_of(election.id)
    if any(r.seat_kind == "mixed" for r in st.rounds):
        return 0
    return sum(1 for seat in st.seats if seat.slot.kind == "mixed")


#: The steps of the standing that a click on "next round" after a round creates.
_ROUND_STEPS = ("runoff", "repeat", "mixed", "further")


def next_round_kind(poll: Poll) -> str | None:
    """What one click on "next round" creates after this round: the standing's step after
    it ("repeat" after a void round, "runoff" after a tie for a seat, "mixed" once the
    women's seats are decided, "further" for open seats). None while the round is open, a
    lot is still to be drawn, or the election needs no more rounds."""
    if poll.election_id is None:
        return None
    if poll.state == PollState.VOID.value:
        return "repeat"
    if poll.state != PollState.CLOSED.value:
        return None
    steps = [s for s in standing_of(poll.election_id).steps_after(poll.public_id)
             if s.kind in _ROUND_STEPS]
    return steps[0].kind if steps else None


def _all_seats_were_womens() -> str:
    return _("Alle Plätze dieser Wahl waren Frauenplätze: es folgt kein gemischter Wahlgang.")


def no_next_round_reason(poll: Poll) -> str:
    """Why :func:`next_round_kind` offers no round after this closed round."""
    if (poll.result or {}).get("status") == "lot_needed":
        return _("Erst das Los ziehen: Stimmengleichheit.")
    if poll.election_id is None:
        return complete_text()
    st = standing_of(poll.election_id)
    rnd = contest_from_dict(poll.contest).round
    if rnd.seat_kind == "women" and not rnd.fills and st.complete:
        if not any(seat.slot.kind == "mixed" for seat in st.seats):
            return _all_seats_were_womens() + " " + _("Die Wahl ist abgeschlossen.")
    if st.complete:
        return complete_text()
    titles = {p.public_id: p.title for p in db.session.scalars(
        sa.select(Poll).where(Poll.election_id == poll.election_id))}
    return _("Als Nächstes: %(step)s", step=step_text(st, st.next, titles))


def set_election_rules(election_id: int, overrides: dict[str, Any], decision_text: str
                       ) -> Election:
    """Settings overridden for this election by assembly decision: checked against the rule
    set, recorded with the decision's wording (audit ``decision``, protocol), and applied to
    the election's draft rounds."""
    election = conference_election(election_id, None)
    if not decision_text.strip():
        raise RoundError(_("Abweichende Regeln brauchen einen Beschluss der Versammlung: "
                           "bitte den Wortlaut eintragen."))
    merged = {**(election.overrides or {}), **overrides}
    try:
        apply_overrides(load_preset(election.preset), merged)
    except BallotError as exc:
        raise RoundError(_("Diese Einstellung geht nicht: %(error)s",
                           error=ballot_error_text(exc))) from exc
    opened = db.session.scalar(sa.select(sa.func.count()).select_from(Poll).where(
        Poll.election_id == election.id, Poll.state != PollState.DRAFT.value))
    if opened:
        raise RoundError(_("Die Wahl hat schon begonnen; abweichende Regeln gelten dann nur "
                           "für einen neuen Wahlgang (beim Anlegen des Wahlgangs eintragen)."))
    election.overrides = merged
    election.decision_text = "\n".join(
        t for t in (election.decision_text, decision_text.strip()) if t)
    for poll in election.polls:
        contest = dict(poll.contest)
        contest["rules"] = {"preset": election.preset, "overrides": dict(merged)}
        poll.contest = contest
    record_decision(election.conference_id, decision_text, election_id=election.id,
                    overrides=overrides)
    db.session.commit()
    return election

