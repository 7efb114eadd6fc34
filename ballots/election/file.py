"""An election file (``python -m ballots election FILE``): an election's definition and, in
order, what happened to it — rounds with their ballots or paper totals and lots, declines
and acceptances, voided rounds — folded into its standing (docs/formats.md, §7).

A round entry names the kind of round; its seats and candidates come from the standing the
events before it leave (the step the rules call for), so nobody writes them twice. Every
mistake is a :class:`~ballots.errors.FormatError` naming its path in the file
(``events[3].ballots[17].marks.C3``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ballots.cli_tally import tally_file
from ballots.contest import Candidate, Contest, Round, contest_to_dict, rules_from_spec
from ballots.counting import apply_declines_across, next_round, refill_round
from ballots.counting.declines import vacancies_after_declines
from ballots.counting.result import Result
from ballots.election.definition import ElectionDefinition, make_definition
from ballots.election.events import (
    Answer,
    ElectionEvent,
    RoundCounted,
    RoundCreated,
    RoundVoided,
)
from ballots.election.model import NextStep, Standing
from ballots.election.standing import standing
from ballots.errors import BallotError, FormatError

__all__ = ["ROUND_ENTRY_KINDS", "ElectionPlayer", "ElectionRun", "PlayedRound",
           "definition_from_file", "election_from_dict"]

#: What a round entry's ``"round"`` may say: ``next`` (the step the rules call for now), a
#: step kind, or an explicit round for seats of one kind.
ROUND_ENTRY_KINDS = ("next", "first", "runoff", "repeat", "mixed", "further", "refill",
                     "women", "general")
_ROUND_KEYS = {"round", "poll", "after", "seat_kind", "candidates", "parallel", "overrides",
               "entitled", "present", "issued", "ballots", "paper_totals", "lot"}


@dataclass(frozen=True, slots=True)
class PlayedRound:
    """One round of the file: its poll id, contest and result (None: set up, not counted)."""

    poll: str
    contest: Contest
    result: Result | None


@dataclass(frozen=True, slots=True)
class ElectionRun:
    """The definition, the events built from the file, its rounds and the standing."""

    definition: ElectionDefinition
    events: tuple[ElectionEvent, ...]
    rounds: tuple[PlayedRound, ...]
    standing: Standing


def _str(data: Mapping[str, Any], key: str, path: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value:
        raise FormatError("must be a non-empty string", path=f"{path}{key}")
    return value


def _whole(value: Any, path: str, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise FormatError(f"must be a whole number ≥ {minimum}", path=path)
    return value


def definition_from_file(data: Mapping[str, Any]) -> ElectionDefinition:
    """The definition part of an election file (title, rules, seats, candidates, …)."""
    rules = rules_from_spec(data.get("rules"))
    seats = _whole(data.get("seats"), "seats", 1)
    women = data.get("women_seats")
    if women is not None:
        women = _whole(women, "women_seats", 0)
    raw = data.get("candidates")
    if not isinstance(raw, list) or not raw:
        raise FormatError("must be a non-empty list", path="candidates")
    cands: list[Candidate] = []
    withdrawn: list[str] = []
    for i, item in enumerate(raw):
        path = f"candidates[{i}]"
        if not isinstance(item, Mapping):
            raise FormatError("must be an object", path=path)
        extra = set(item) - {"id", "name", "group", "withdrawn"}
        if extra:
            raise FormatError("unknown key", path=f"{path}.{sorted(extra)[0]}")
        cid = _str(item, "id", f"{path}.")
        name, group = item.get("name", cid), item.get("group", "")
        if not isinstance(name, str) or not isinstance(group, str):
            raise FormatError("name and group must be strings", path=path)
        if any(c.id == cid for c in cands):
            raise FormatError(f"candidate id {cid!r} repeats", path=f"{path}.id")
        cands.append(Candidate(cid, name, group))
        if item.get("withdrawn"):
            withdrawn.append(cid)
    first = data.get("first_round_kind")
    if first is not None and not isinstance(first, str):
        raise FormatError("must be \"women\" or \"mixed\"", path="first_round_kind")
    return make_definition(id=_str(data, "id", "", "E1"), title=_str(data, "title", ""),
                           rules=rules, seats=seats, candidates=cands, withdrawn=withdrawn,
                           women=women, first_round_kind=first,
                           rules_spec=dict(data["rules"]))


class ElectionPlayer:
    """An election file's events applied one by one (:meth:`apply`), the standing kept
    after each (``now``); :func:`election_from_dict` plays a whole file with it."""

    def __init__(self, definition: ElectionDefinition) -> None:
        self.definition = definition
        self.events: list[ElectionEvent] = []
        self.rounds: dict[str, PlayedRound] = {}
        self.now = standing(definition, ())

    def run(self) -> ElectionRun:
        """What has been played so far."""
        return ElectionRun(self.definition, tuple(self.events), tuple(self.rounds.values()),
                           self.now)

    def apply(self, entry: Any, path: str = "") -> None:
        """Play one entry of ``events`` (``path``: where it is in the file, e.g.
        ``events[3].``); FormatError names what is wrong with it."""
        if not isinstance(entry, Mapping):
            raise FormatError("must be an object", path=path[:-1])
        if "round" in entry:
            _play_round(self, entry, path)
        elif "count" in entry:
            _play_count(self, entry, path)
        elif set(entry) <= {"decline", "accept", "note"} and len(
                set(entry) & {"decline", "accept"}) == 1:
            accepted = "accept" in entry
            who = entry["accept" if accepted else "decline"]
            self.candidate(who, f"{path}{'accept' if accepted else 'decline'}")
            self.add(Answer(who, accepted, str(entry.get("note") or "")), path[:-1])
        elif set(entry) <= {"void", "reason"} and "void" in entry:
            if entry["void"] not in self.rounds:
                raise FormatError(f"no round {entry['void']!r} before this entry",
                                  path=f"{path}void")
            self.add(RoundVoided(entry["void"], str(entry.get("reason") or "")), path[:-1])
        else:
            raise FormatError("must be a round ({\"round\": …}), {\"count\": POLL, …}, "
                              "{\"decline\": ID}, {\"accept\": ID} or {\"void\": POLL}",
                              path=path[:-1])

    def add(self, event: ElectionEvent, path: str) -> None:
        try:
            self.now = standing(self.definition, (*self.events, event))
        except BallotError as exc:
            raise FormatError(str(exc), path=path) from exc
        self.events.append(event)

    def candidate(self, cid: Any, path: str) -> Candidate:
        for cand in self.definition.candidates:
            if cand.id == cid:
                return cand
        raise FormatError(f"unknown candidate {cid!r} (not in \"candidates\")", path=path)

    def step(self, kind: str, after: Any, seat_kind: Any, path: str) -> NextStep:
        for step in self.now.steps:
            if step.kind == kind and (after is None or step.after == after) and (
                    seat_kind is None or step.seat_kind == seat_kind):
                return step
        offered = ", ".join(f"{s.kind}" + (f" after {s.after}" if s.after else "")
                            + (f" ({s.seat_kind})" if s.kind == "refill" else "")
                            for s in self.now.steps) or "nothing (the election is complete)"
        raise FormatError(f"the rules call for no {kind!r} round now; they call for: {offered}",
                          path=path)

    def base(self, kind: str, seats: int, cands: Sequence[Candidate], number: int,
             overrides: Mapping[str, Any]) -> Contest:
        spec = dict(self.definition.rules_spec)
        if overrides:
            spec = ({**spec, "overrides": {**(spec.get("overrides") or {}), **overrides}}
                    if "preset" in spec else {**spec, **overrides})
        return Contest("election", self.definition.title, rules_from_spec(spec), seats,
                       tuple(cands), Round(number, kind), rules_spec=spec)


def _round_contest(play: ElectionPlayer, entry: Mapping[str, Any], path: str) -> Contest:
    """The contest of a round entry (module doc); FormatError names the entry's key."""
    kind = entry["round"]
    if kind not in ROUND_ENTRY_KINDS:
        raise FormatError(f"unknown round {kind!r}; allowed: {', '.join(ROUND_ENTRY_KINDS)}",
                          path=f"{path}round")
    number = len(play.rounds) + 1
    overrides = entry.get("overrides") or {}
    if not isinstance(overrides, Mapping):
        raise FormatError("must be a table", path=f"{path}overrides")
    after = entry.get("after")
    if overrides and kind in ("repeat", "refill"):
        raise FormatError(f"a {kind} round keeps the rules of the round it follows",
                          path=f"{path}overrides")
    if kind == "next":
        kind = play.now.next.kind
        if kind in ("complete", "wait", "lot"):
            raise FormatError(f"no round to hold now (next: {kind})", path=f"{path}round")
    chosen = entry.get("candidates")
    if chosen is not None and not isinstance(chosen, list):
        raise FormatError("must be a list of candidate ids", path=f"{path}candidates")
    if kind == "mixed" and entry.get("parallel"):
        # Alongside the women's round: everyone nominated who does not run in it.
        women = next((r for r in reversed(play.rounds.values())
                      if r.contest.round.kind == "women"), None)
        if women is None:
            raise FormatError("a parallel mixed round needs a women's round before it",
                              path=f"{path}parallel")
        seats = tuple(s.slot.key for s in play.now.seats
                      if s.slot.kind == "mixed" and s.status == "open")
        ids: Sequence[str] = tuple(c for c in play.now.may_run if c not in women.contest.ids)
    elif kind in ("women", "general") or (kind == "mixed" and not any(
            s.kind == "mixed" for s in play.now.steps)):
        seats = tuple(s.slot.key for s in play.now.seats
                      if s.slot.kind == kind and s.status == "open" and s.poll is None)
        required = next((s.slot.required for s in play.now.seats if s.slot.kind == kind),
                        None)
        ids = tuple(c for c in play.now.may_run
                    if required is None or play.now.groups.get(c) == required)
    else:
        step = play.step(kind, after, entry.get("seat_kind"), f"{path}round")
        seats, ids = step.seats, step.candidates
        if kind in ("runoff", "repeat", "further"):
            return _following(play, kind, step, chosen, number, overrides, path)
        if kind == "refill":
            return _refill(play, step, chosen, number, path)
    if not seats:
        raise FormatError(f"no undecided seat for a {kind!r} round", path=f"{path}round")
    cands = [play.candidate(c, f"{path}candidates[{i}]")
             for i, c in enumerate(chosen if chosen is not None else ids)]
    round_kind = play.definition.slot(seats[0]).kind if kind == "first" else kind
    return play.base(round_kind, len(seats), cands, number, overrides)


def _following(play: ElectionPlayer, kind: str, step: NextStep, chosen: list[Any] | None,
               number: int, overrides: Mapping[str, Any], path: str) -> Contest:
    """A runoff, repeat or further round after ``step.after`` (``next_round``)."""
    before = play.rounds[step.after or ""]
    ids = chosen if chosen is not None else list(step.candidates)
    for i, cid in enumerate(ids):
        play.candidate(cid, f"{path}candidates[{i}]")
    if kind == "repeat" or before.result is None:
        rnd = before.contest.round
        contest = replace(before.contest, round=replace(
            rnd, number=number, kind="repeat", base_kind=rnd.seat_kind))
    else:
        gone = [c for c in before.contest.ids if c not in ids]
        try:
            contest = next_round(before.contest, before.result, kind=kind, withdrawn=gone,
                                 overrides=overrides or None)
        except BallotError as exc:
            raise FormatError(str(exc), path=f"{path}round") from exc
        contest = replace(contest, round=replace(contest.round, number=number))
    if kind in ("further", "repeat") or chosen is not None:
        # a repeat or further round: who may still run (not who holds a seat meanwhile)
        contest = replace(contest, candidates=tuple(play.candidate(c, path) for c in ids))
    return contest


def _refill(play: ElectionPlayer, step: NextStep, chosen: list[Any] | None, number: int,
            path: str) -> Contest:
    """A further round for the seats of ``step`` left vacant after declines."""
    places = {r.poll: r for r in play.now.rounds}
    counted = [r for r in play.rounds.values() if r.result is not None
               and r.result.status != "void" and places[r.poll].state == "counted"]
    results = [r.result for r in counted if r.result is not None]
    lists = apply_declines_across(results, play.now.declined)
    wanted = {(places[r.poll].number, n) for r in counted for n, k in places[r.poll].slots
              if k in step.seats}
    vacancies = [v for v in vacancies_after_declines(results, lists)
                 if (v.round, v.seat) in wanted]
    ids = chosen if chosen is not None else list(step.candidates)
    cands = [play.candidate(c, f"{path}candidates[{i}]") for i, c in enumerate(ids)]
    held = Counter(play.now.groups.get(h, "") for h in play.now.holders)
    try:
        return refill_round(counted[-1].contest, vacancies, number=number, candidates=cands,
                            elected_before=dict(held), total_seats=len(play.definition.seats))
    except BallotError as exc:
        raise FormatError(str(exc), path=f"{path}round") from exc


def _count(contest: Contest, entry: Mapping[str, Any], path: str) -> Result | None:
    """The round's result from its ballots or paper totals (None: neither given)."""
    if "ballots" not in entry and "paper_totals" not in entry:
        if "lot" in entry or "issued" in entry:
            raise FormatError("a lot or issued count needs the round's ballots",
                              path=f"{path}ballots")
        return None
    data = contest_to_dict(contest)
    for key in ("entitled", "present"):
        if key in entry:
            data[key] = entry[key]
    data.update({k: entry[k] for k in ("ballots", "paper_totals", "lot", "issued")
                 if k in entry})
    try:
        return tally_file(data)
    except FormatError as exc:
        raise FormatError(exc.message, path=path + exc.path) from exc
    except BallotError as exc:
        raise FormatError(str(exc), path=path.rstrip(".")) from exc


def election_from_dict(data: Any) -> ElectionRun:
    """Parse and play an election file (module doc); FormatError names the bad path."""
    if not isinstance(data, Mapping):
        raise FormatError("the election file must hold one JSON object")
    extra = set(data) - {"id", "title", "rules", "seats", "women_seats", "first_round_kind",
                         "candidates", "events"}
    if extra:
        raise FormatError("unknown key", path=sorted(extra)[0])
    play = ElectionPlayer(definition_from_file(data))
    events = data.get("events", [])
    if not isinstance(events, list):
        raise FormatError("must be a list", path="events")
    for i, entry in enumerate(events):
        play.apply(entry, f"events[{i}].")
    return play.run()


def _play_round(play: ElectionPlayer, entry: Mapping[str, Any], path: str) -> None:
    extra = set(entry) - _ROUND_KEYS
    if extra:
        raise FormatError("unknown key", path=f"{path}{sorted(extra)[0]}")
    contest = _round_contest(play, entry, path)
    poll = entry.get("poll", f"R{contest.round.number}")
    if not isinstance(poll, str) or not poll or poll in play.rounds:
        raise FormatError("must be a new, non-empty round id", path=f"{path}poll")
    result = _count(contest, entry, path)
    play.add(RoundCreated(poll, contest) if result is None
             else RoundCounted(poll, contest, result), path[:-1])
    play.rounds[poll] = PlayedRound(poll, contest, result)


def _play_count(play: ElectionPlayer, entry: Mapping[str, Any], path: str) -> None:
    """Count a round set up earlier (a parallel round), or count one again (a lot drawn
    later, a recount): the new count replaces the earlier one."""
    extra = set(entry) - {"count", "ballots", "paper_totals", "lot", "issued", "entitled",
                          "present"}
    if extra:
        raise FormatError("unknown key", path=f"{path}{sorted(extra)[0]}")
    poll = entry["count"]
    known = play.rounds.get(poll) if isinstance(poll, str) else None
    if known is None:
        raise FormatError(f"no round {poll!r} before this entry", path=f"{path}count")
    result = _count(known.contest, entry, path)
    if result is None:
        raise FormatError("give the round's \"ballots\" or \"paper_totals\"",
                          path=f"{path}ballots")
    play.add(RoundCounted(poll, known.contest, result), path[:-1])
    play.rounds[poll] = PlayedRound(poll, known.contest, result)
