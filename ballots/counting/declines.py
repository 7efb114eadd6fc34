"""Declines and moving up over the counted rounds of one election — pure functions.

* :func:`apply_declines_across`: an elected person who declines (Annahme der Wahl) or drops
  out is replaced by the next substitute *of the same seat type* — a women's seat only by a
  woman — over all counted rounds of an election; :func:`apply_declines` is the one-round view.
* :func:`vacancies_after_declines`: the seats left empty because everyone who could hold them
  declined, and no later round fills them yet — what a further round (``round.fills``) is for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ballots.counting.result import Result
from ballots.errors import BallotError

__all__ = [
    "CrossRoundLists",
    "FinalLists",
    "SeatHolding",
    "Vacancy",
    "apply_declines",
    "apply_declines_across",
    "vacancies_after_declines",
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
    substitute who moved up, in order; ``holder`` keeps the seat (None: empty or vacant).

    A seat left vacant after declines that a later round fills (``round.fills``) names that
    round's seat in ``filled_in`` (round position, seat number), and its ``holder`` is whoever
    holds that seat in the end; the later seat names it back in ``fills``. Its holders are
    listed there, never twice."""

    round: int
    number: int
    type: str
    required: str | None
    holders: tuple[str, ...]
    holder: str | None
    fills: tuple[int, int] | None = None
    filled_in: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class CrossRoundLists:
    """An election's seats over all its rounds after declines. ``round`` in a seat is the
    position of its round in the input; ``ranked_in`` says which round's result ranks each
    substitute (remaining or moved up); ``declined`` is in the order the seats were handled."""

    seats: tuple[SeatHolding, ...]
    substitutes: tuple[tuple[str, tuple[str, ...]], ...]
    ranked_in: tuple[tuple[str, int], ...]
    declined: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Vacancy:
    """A seat left vacant after declines: round *number* (as in ``round.fills``) and seat
    number, the seat kind its round fills (women / mixed / general), the group the seat is
    reserved for, and who declined it, in order."""

    round: int
    seat: int
    kind: str
    type: str
    required: str | None
    declined: tuple[str, ...]


def _links(results: Sequence[Result]) -> dict[tuple[int, int], tuple[int, int]]:
    """Seat filled after declines (round position, seat number) → the later seat filling it."""
    position = {result.round.number: index for index, result in enumerate(results)}
    links: dict[tuple[int, int], tuple[int, int]] = {}
    for index, result in enumerate(results):
        for seat, (number, seat_number) in zip(result.seats, result.round.fills, strict=False):
            if number not in position or position[number] >= index:
                raise BallotError(f"round {result.round.number} fills seat {seat_number} of "
                                  f"round {number}, which is not an earlier counted round")
            links[(position[number], seat_number)] = (index, seat.number)
    return links


def apply_declines_across(results: Sequence[Result],
                          declined_ids: Iterable[str]) -> CrossRoundLists:
    """Declines over the counted rounds of one election (``results`` in round order).

    Each substitute is ranked by the latest round they ran in (the mixed round ranks the women
    who moved over from the women's round again; someone who moved up meanwhile and so did not
    run keeps the earlier rank; a runoff ranks its losers at the place of the tie it decided,
    ahead of whoever came after that tie); anyone elected in any round leaves the lists. Seats are
    handled round by round in seat order; a declining holder's seat goes to the first
    substitute in vote order (earlier round first) who may hold it — a seat that requires a
    group only to that group (docs/rules.md, Substitutes and declining). A successor who declines
    too passes it on; with nobody left the seat stays vacant — until a later round fills it
    (``round.fills``): then it is that round's seat, and only substitutes listed before that
    round could have moved up into it.
    """
    declined = tuple(dict.fromkeys(declined_ids))
    group: dict[str, str] = {c.id: c.group for r in results for c in r.candidates}
    for cid in declined:
        if cid not in group:
            raise BallotError(f"declined: unknown candidate {cid!r}")
    links = _links(results)
    elected = {s.candidate for r in results for s in r.seats
               if s.status == "filled" and s.candidate is not None}
    rank, list_of, listed_from = _ranking(results)
    for cid in elected:
        rank.pop(cid, None)
    queue = sorted(rank, key=lambda cid: rank[cid])
    handled: list[str] = []
    seats: list[SeatHolding] = []
    for index, result in enumerate(results):
        fills = dict(zip((s.number for s in result.seats), result.round.fills, strict=False))
        for seat in result.seats:
            later = links.get((index, seat.number))
            holders: list[str] = []
            holder = seat.candidate if seat.status == "filled" else None
            while holder is not None:
                holders.append(holder)
                if holder not in declined:
                    break
                handled.append(holder)
                holder = next((s for s in queue if (seat.required is None
                                                    or group[s] == seat.required)
                               and (later is None or listed_from[s] < later[0])), None)
                if holder is not None:
                    queue.remove(holder)
            keeps = holders[-1] if holders and holders[-1] not in declined else None
            filled = fills.get(seat.number)
            seats.append(SeatHolding(
                index, seat.number, seat.type, seat.required, tuple(holders), keeps,
                fills=None if filled is None else _earlier(results, filled), filled_in=later))
    names = dict.fromkeys(name for r in results for name, _ids in r.substitutes)
    subs = tuple((name, tuple(cid for cid in queue
                              if list_of[cid] == name and cid not in declined))
                 for name in names)
    return CrossRoundLists(
        seats=_held_through(seats), substitutes=subs,
        ranked_in=tuple((cid, rank[cid][3]) for cid in sorted(rank, key=lambda c: rank[c])),
        declined=(*handled, *(cid for cid in declined if cid not in handled)),
    )


def _runoffs(results: Sequence[Result]) -> dict[int, tuple[int, int]]:
    """Runoff position → (position of the round whose tie for a seat it decides, place of
    that tie in the round's vote order)."""
    out: dict[int, tuple[int, int]] = {}
    for j, result in enumerate(results):
        if result.round.kind != "runoff":
            continue
        running = {c.id for c in result.candidates}
        for i in range(j - 1, -1, -1):
            tie = next((t for t in results[i].ties if t.resolution == "runoff"
                        and running <= set(t.candidates)), None)
            if tie is not None:
                order = [c.id for c in results[i].candidates]
                out[j] = (i, min(order.index(cid) for cid in tie.candidates))
                break
    return out


def _ranking(results: Sequence[Result]
             ) -> tuple[dict[str, tuple[int, int, int, int]], dict[str, str], dict[str, int]]:
    """Each substitute's rank and list from the latest round they ran in — someone who ran
    again is ranked again (or is no longer a substitute); someone who did not (moved up
    meanwhile, or not in a runoff) keeps the earlier rank. Also the first round that listed
    each one.

    A rank is (round position, place, place in a runoff, round position that ranked them):
    a runoff ranks its losers at the place of the tie it decides, and whoever came after that
    tie (their rank waited for it) is listed from the tied round once a runoff decided it."""
    rank: dict[str, tuple[int, int, int, int]] = {}
    list_of: dict[str, str] = {}
    listed_from: dict[str, int] = {}
    runoffs = _runoffs(results)
    decided = {i for i, _place in runoffs.values()}
    for index, result in enumerate(results):
        listed = {cid: name for name, ids in result.substitutes for cid in ids}
        if index in decided:
            listed.update({c.id: c.substitute_list for c in result.candidates
                           if c.outcome == "substitute" and c.substitute_rank is None
                           and c.substitute_list is not None})
        for place, cand in enumerate(result.candidates):
            if cand.id in listed:
                if index in runoffs:
                    tied_round, tie_place = runoffs[index]
                    rank[cand.id] = (tied_round, tie_place, place, index)
                else:
                    rank[cand.id] = (index, place, 0, index)
                list_of[cand.id] = listed[cand.id]
                listed_from.setdefault(cand.id, index)
            else:
                rank.pop(cand.id, None)
    return rank, list_of, listed_from


def _earlier(results: Sequence[Result], filled: tuple[int, int]) -> tuple[int, int]:
    """(round number, seat number) → (round position, seat number)."""
    number, seat = filled
    return next(i for i, r in enumerate(results) if r.round.number == number), seat


def _held_through(seats: list[SeatHolding]) -> tuple[SeatHolding, ...]:
    """A seat filled in a later round is held by whoever holds that round's seat in the end
    (later rounds first, so a chain of such rounds resolves). When several rounds fill the
    same seat (a refill round left it open, a further round after it filled it), the latest
    one — the seat's ``filled_in`` — decides."""
    by_seat = {(h.round, h.number): h for h in seats}
    for held in sorted(seats, key=lambda h: -h.round):
        if (held.fills is not None and held.fills in by_seat
                and by_seat[held.fills].filled_in == (held.round, held.number)):
            target = by_seat[held.fills]
            final = by_seat[(held.round, held.number)].holder
            by_seat[held.fills] = SeatHolding(
                target.round, target.number, target.type, target.required, target.holders,
                final, target.fills, target.filled_in)
    return tuple(by_seat[(h.round, h.number)] for h in seats)


def vacancies_after_declines(results: Sequence[Result],
                             lists: CrossRoundLists) -> tuple[Vacancy, ...]:
    """Seats whose holders all declined with no substitute left to move up, not yet filled by
    a later counted round, in round and seat order (``lists`` from
    :func:`apply_declines_across` over the same ``results``)."""
    out: list[Vacancy] = []
    for held in lists.seats:
        if not held.holders or held.holder is not None or held.filled_in is not None:
            continue
        rnd = results[held.round].round
        out.append(Vacancy(rnd.number, held.number, rnd.seat_kind, held.type, held.required,
                           held.holders))
    return tuple(out)


def apply_declines(result: Result, declined_ids: Iterable[str]) -> FinalLists:
    """One round's view of :func:`apply_declines_across` (a declined substitute drops out)."""
    declined = tuple(dict.fromkeys(declined_ids))
    lists = apply_declines_across((result,), declined)
    seats = tuple((h.number, h.type, h.holder) for h in lists.seats)
    moved = tuple((who, h.number) for h in lists.seats for who in h.holders[1:]
                  if who not in declined)
    return FinalLists(seats, lists.substitutes, moved, declined)
