"""What happens after a count: declines and moving up, and the next round — pure functions.

* :func:`apply_declines_across`: an elected person who declines (Annahme der Wahl) or drops
  out is replaced by the next substitute *of the same seat type* — a women's seat only by a
  woman — over all counted rounds of an election; :func:`apply_declines` is the one-round view.
* :func:`next_round`: the contest of the following round — women's round → mixed round (women
  not elected move over; the women's vacant seats are *not* carried over), a further round for
  the open seats with the remaining candidates, a runoff among tied candidates, or the repeat
  of a void round.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ballots.contest import Candidate, Contest, Round, check_contest
from ballots.counting.result import Result
from ballots.errors import BallotError
from ballots.rules import apply_overrides

__all__ = [
    "CrossRoundLists",
    "FinalLists",
    "SeatHolding",
    "apply_declines",
    "apply_declines_across",
    "next_round",
]


@dataclass(frozen=True, slots=True)
class FinalLists:
    """Seats after declines: (seat number, seat type, holder or None) in seat order; the
    remaining substitutes per list; who moved up into which seat."""

    seats: tuple[tuple[int, str, str | None], ...]
    substitutes: tuple[tuple[str, tuple[str, ...]], ...]
    moved_up: tuple[tuple[str, int], ...]
    declined: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SeatHolding:
    """One seat of one round after declines. ``holders``: who was elected into it, then each
    substitute who moved up, in order; ``holder`` keeps the seat (None: empty or vacant)."""

    round: int
    number: int
    type: str
    required: str | None
    holders: tuple[str, ...]
    holder: str | None


@dataclass(frozen=True, slots=True)
class CrossRoundLists:
    """An election's seats over all its rounds after declines. ``round`` in a seat is the
    position of its round in the input; ``ranked_in`` says which round's result ranks each
    substitute (remaining or moved up); ``declined`` is in the order the seats were handled."""

    seats: tuple[SeatHolding, ...]
    substitutes: tuple[tuple[str, tuple[str, ...]], ...]
    ranked_in: tuple[tuple[str, int], ...]
    declined: tuple[str, ...]


def apply_declines_across(results: Sequence[Result],
                          declined_ids: Iterable[str]) -> CrossRoundLists:
    """Declines over the counted rounds of one election (``results`` in round order).

    The substitute list of each name comes from the latest round that has it (that round ranked
    the same people again, e.g. the women who moved from the women's into the mixed round);
    anyone elected in any round leaves the lists. Seats are handled round by round in seat
    order; a declining holder's seat goes to the first substitute in vote order (earlier round
    first) who may hold it — a seat that requires a group only to that group (RULES.md,
    Substitutes and declining). A successor who declines too passes it on; with nobody left
    the seat stays vacant.
    """
    declined = tuple(dict.fromkeys(declined_ids))
    group: dict[str, str] = {c.id: c.group for r in results for c in r.candidates}
    for cid in declined:
        if cid not in group:
            raise BallotError(f"declined: unknown candidate {cid!r}")
    elected = {s.candidate for r in results for s in r.seats
               if s.status == "filled" and s.candidate is not None}
    lists: dict[str, tuple[int, tuple[str, ...]]] = {}
    for index, result in enumerate(results):
        for name, ids in result.substitutes:
            lists[name] = (index, ids)
    rank: dict[str, tuple[int, int]] = {}
    for index, ids in lists.values():
        position = {c.id: p for p, c in enumerate(results[index].candidates)}
        for cid in ids:
            if cid not in elected:
                rank[cid] = (index, position[cid])
    queue = sorted(rank, key=lambda cid: rank[cid])
    handled: list[str] = []
    seats: list[SeatHolding] = []
    for index, result in enumerate(results):
        for seat in result.seats:
            holders: list[str] = []
            holder = seat.candidate if seat.status == "filled" else None
            while holder is not None:
                holders.append(holder)
                if holder not in declined:
                    break
                handled.append(holder)
                holder = next((s for s in queue if seat.required is None
                               or group[s] == seat.required), None)
                if holder is not None:
                    queue.remove(holder)
            keeps = holders[-1] if holders and holders[-1] not in declined else None
            seats.append(SeatHolding(index, seat.number, seat.type, seat.required,
                                     tuple(holders), keeps))
    left = [cid for cid in queue if cid not in declined]
    subs = tuple((name, tuple(cid for cid in ids if cid in left))
                 for name, (_index, ids) in lists.items())
    return CrossRoundLists(
        seats=tuple(seats), substitutes=subs,
        ranked_in=tuple((cid, rank[cid][0]) for cid in sorted(rank, key=lambda c: rank[c])),
        declined=(*handled, *(cid for cid in declined if cid not in handled)),
    )


def apply_declines(result: Result, declined_ids: Iterable[str]) -> FinalLists:
    """One round's view of :func:`apply_declines_across` (a declined substitute drops out)."""
    declined = tuple(dict.fromkeys(declined_ids))
    lists = apply_declines_across((result,), declined)
    seats = tuple((h.number, h.type, h.holder) for h in lists.seats)
    moved = tuple((who, h.number) for h in lists.seats for who in h.holders[1:]
                  if who not in declined)
    return FinalLists(seats, lists.substitutes, moved, declined)


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
