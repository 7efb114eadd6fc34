"""What happens after a count: declines and moving up, and the next round — pure functions.

* :func:`apply_declines`: an elected person who declines (Annahme der Wahl) or drops out is
  replaced by the next substitute *of the same seat type* — a women's seat only by a woman.
* :func:`next_round`: the contest of the following round — women's round → mixed round (women
  not elected move over; the women's vacant seats are *not* carried over), a further round for
  the open seats with the remaining candidates, a runoff among tied candidates, or the repeat
  of a void round.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ballots.contest import Candidate, Contest, Round, check_contest
from ballots.counting.result import Result
from ballots.errors import BallotError
from ballots.rules import apply_overrides

__all__ = ["FinalLists", "apply_declines", "next_round"]


@dataclass(frozen=True, slots=True)
class FinalLists:
    """Seats after declines: (seat number, seat type, holder or None) in seat order; the
    remaining substitutes per list; who moved up into which seat."""

    seats: tuple[tuple[int, str, str | None], ...]
    substitutes: tuple[tuple[str, tuple[str, ...]], ...]
    moved_up: tuple[tuple[str, int], ...]
    declined: tuple[str, ...]


def apply_declines(result: Result, declined_ids: Iterable[str]) -> FinalLists:
    """Replace declining elected candidates by the next suitable substitute (vote order)."""
    declined = tuple(dict.fromkeys(declined_ids))
    known = {c.id for c in result.candidates}
    for cid in declined:
        if cid not in known:
            raise BallotError(f"declined: unknown candidate {cid!r}")
    group = {c.id: c.group for c in result.candidates}
    queue = [c.id for c in result.candidates
             if c.outcome == "substitute" and c.id not in declined]
    seats: list[tuple[int, str, str | None]] = []
    moved: list[tuple[str, int]] = []
    for seat in result.seats:
        holder = seat.candidate if seat.status == "filled" else None
        if holder is not None and holder in declined:
            holder = next((s for s in queue if seat.required is None
                           or group[s] == seat.required), None)
            if holder is not None:
                queue.remove(holder)
                moved.append((holder, seat.number))
        seats.append((seat.number, seat.type, holder))
    lists = tuple((name, tuple(cid for cid in ids if cid in queue))
                  for name, ids in result.substitutes)
    return FinalLists(tuple(seats), lists, tuple(moved), declined)


def _with_overrides(contest: Contest, overrides: Mapping[str, Any] | None) -> Contest:
    if not overrides:
        return contest
    rules = apply_overrides(contest.rules, overrides)
    spec: dict[str, Any] = copy.deepcopy(dict(contest.rules_spec))
    if "preset" in spec:
        spec["overrides"] = {**(spec.get("overrides") or {}), **overrides}
    else:
        spec = {}
    return replace(contest, rules=rules, rules_spec=spec)


def next_round(
    contest: Contest,
    result: Result,
    *,
    kind: str | None = None,
    seats: int | None = None,
    add: Iterable[Candidate] = (),
    withdrawn: Iterable[str] = (),
    overrides: Mapping[str, Any] | None = None,
    title: str | None = None,
) -> Contest:
    """The contest of the round after ``result`` (see module doc for the kinds)."""
    if kind is None:
        if result.status == "runoff_needed":
            kind = "runoff"
        elif result.status == "void":
            kind = "repeat"
        elif contest.round.kind == "women":
            kind = "mixed"
        else:
            kind = "further"
    gone = set(withdrawn)
    elected = set(result.elected)
    rnd = contest.round
    number = rnd.number + 1
    base = rnd.seat_kind
    if kind == "runoff":
        tie = next((t for t in result.ties if t.resolution in ("runoff", "pending")
                    and t.at_stake == "seat"), None)
        if tie is None:
            raise BallotError("next_round: no tie for a seat to hold a runoff for")
        cands = tuple(c for c in contest.candidates if c.id in tie.candidates)
        places = tuple(s.number for s in result.seats if s.status == "tied")
        new_round = Round(number, "runoff", base, places if rnd.places or
                          contest.rules.quota == "odd_places" else None,
                          rnd.total_seats, rnd.elected_before)
        out = replace(contest, candidates=cands, seats=tie.seats, round=new_round)
    elif kind == "repeat":
        out = replace(contest, round=replace(rnd, number=number, kind="repeat", base_kind=base))
    elif kind == "mixed":
        if seats is None:
            raise BallotError("next_round: the mixed round needs its number of seats")
        cands = tuple(c for c in contest.candidates if c.id not in elected and c.id not in gone)
        cands += tuple(add)
        out = replace(contest, candidates=cands, seats=seats, round=Round(number, "mixed"))
    elif kind == "further":
        open_seats = [s for s in result.seats if s.status == "open"]
        if not open_seats:
            raise BallotError("next_round: no open seats left for a further round")
        before = Counter(dict(rnd.elected_before))
        before.update(c.group for c in result.candidates if c.outcome == "elected")
        cands = tuple(c for c in contest.candidates if c.id not in elected and c.id not in gone)
        cands += tuple(add)
        open_places = (tuple(s.number for s in open_seats)
                       if contest.rules.quota == "odd_places" else None)
        new_round = Round(number, "further", base, open_places,
                          rnd.total_seats or contest.seats, tuple(sorted(before.items())))
        out = replace(contest, candidates=cands, seats=seats or len(open_seats), round=new_round)
    else:
        raise BallotError(f"next_round: unknown kind {kind!r}")
    if title is not None:
        out = replace(out, title=title)
    out = _with_overrides(out, overrides)
    if not out.candidates:
        raise BallotError("next_round: no candidates left")
    check_contest(out)
    return out
