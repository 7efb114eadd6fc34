"""An election's standing as one fold over its events (see :mod:`ballots.election.events`).

1. Every round's seats are mapped onto the election's seats when the round comes: a round
   that names the seats it fills (``round.fills``) takes those; under odd_places a seat is its
   list place; otherwise a round of seat kind K takes the first seats of kind K that no
   earlier round decided (filled, or left vacant by the rules) and no round in progress
   holds. So a runoff for the third women's seat fills "Frauenplatz 3", and seats decided in
   a round stay decided while a runoff decides the others.
2. Declines and moving up are ``ballots.counting.apply_declines_across`` over the counted
   rounds (a women's seat only to a woman; a chain of declines; seats refilled later).
3. Every seat then has exactly one state; the steps the rules call for follow from them
   (:mod:`ballots.election.steps`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ballots.contest import Contest
from ballots.counting.declines import SeatHolding, apply_declines_across
from ballots.counting.result import Result, Seat
from ballots.election.definition import ElectionDefinition, SeatSlot
from ballots.election.events import Answer, ElectionEvent, RoundCounted, RoundCreated, RoundVoided
from ballots.election.model import Holding, RoundPlace, SeatState, Standing, Substitute
from ballots.election.steps import next_steps
from ballots.errors import BallotError

__all__ = ["ElectionError", "standing"]


class ElectionError(BallotError):
    """The events do not make up an election (a round for seats that do not exist, an answer
    from someone never elected, ...); ``code`` names the problem (``election.*``)."""


@dataclass(slots=True)
class _Round:
    poll: str
    contest: Contest
    result: Result | None = None
    state: str = "created"  # created · counted · voided
    slots: tuple[str | None, ...] = ()

    @property
    def deciding(self) -> bool:
        """Counted with seats that can be decided (not void, not voided)."""
        return (self.state == "counted" and self.result is not None
                and self.result.status != "void")

    def seats(self) -> tuple[Seat, ...]:
        return self.result.seats if self.result is not None else ()

    def numbers(self) -> tuple[int, ...]:
        """Seat numbers of the round (its result's, or as set up)."""
        if self.result is not None:
            return tuple(s.number for s in self.result.seats)
        rnd = self.contest.round
        if rnd.places is not None:
            return tuple(rnd.places)
        return tuple(range(1, self.contest.seats + 1))


def _collect(events: Iterable[ElectionEvent]) -> tuple[list[_Round], dict[str, Answer]]:
    rounds: dict[str, _Round] = {}
    answers: dict[str, Answer] = {}
    for event in events:
        if isinstance(event, RoundCreated):
            known = rounds.get(event.poll)
            if known is None:
                rounds[event.poll] = _Round(event.poll, event.contest)
            elif known.state == "created":
                known.contest = event.contest
        elif isinstance(event, RoundCounted):
            known = rounds.setdefault(event.poll, _Round(event.poll, event.contest))
            if known.state == "voided":
                raise ElectionError(f"round {event.poll} was voided and cannot be counted",
                                    code="election.counted_after_void",
                                    params={"poll": event.poll})
            known.contest, known.result, known.state = event.contest, event.result, "counted"
        elif isinstance(event, RoundVoided):
            if event.poll not in rounds:
                raise ElectionError(f"round {event.poll} voided before it exists",
                                    code="election.unknown_round", params={"poll": event.poll})
            rounds[event.poll].state = "voided"
        elif isinstance(event, Answer):
            if event.candidate in answers:
                raise ElectionError(f"{event.candidate} answered twice",
                                    code="election.answer_twice",
                                    params={"candidate": event.candidate})
            answers[event.candidate] = event
    return list(rounds.values()), answers


def _map_slots(definition: ElectionDefinition, rounds: Sequence[_Round]) -> None:
    """Give every round's seats their election seats (module doc, step 1)."""
    decided: set[str] = set()
    held_by_running: set[str] = set()
    by_number: dict[int, _Round] = {}
    odd = definition.rules.quota == "odd_places"
    keys = {s.key for s in definition.seats}
    for rnd in rounds:
        info = rnd.contest.round
        numbers = rnd.numbers()
        slots: list[str | None]
        if info.fills:
            slots = []
            for number, seat in info.fills:
                earlier = by_number.get(number)
                if earlier is None or seat not in earlier.numbers():
                    raise ElectionError(
                        f"round {info.number} fills seat {seat} of round {number}, which "
                        "is not an earlier round", code="election.bad_fills",
                        params={"round": info.number})
                slots.append(earlier.slots[earlier.numbers().index(seat)])
        elif odd:
            slots = [f"P{n}" if f"P{n}" in keys else None for n in numbers]
        else:
            free = [s.key for s in definition.of_kind(info.seat_kind)
                    if s.key not in decided and s.key not in held_by_running]
            if len(numbers) > len(free) and rnd.state != "created":
                raise ElectionError(
                    f"round {info.number} is held for {len(numbers)} seats of kind "
                    f"{info.seat_kind!r}, but only {len(free)} are undecided",
                    code="election.too_many_seats",
                    params={"round": info.number, "seats": len(numbers), "free": len(free)})
            slots = [*free[:len(numbers)], *[None] * (len(numbers) - len(free))]
        if None in slots and rnd.state != "created":
            raise ElectionError(f"round {info.number} names seats the election does not have",
                                code="election.unknown_seat", params={"round": info.number})
        rnd.slots = tuple(slots)
        by_number[info.number] = rnd
        if rnd.state == "created":
            held_by_running.update(s for s in slots if s is not None)
        elif rnd.deciding:
            decided.update(slot for seat, slot in zip(rnd.seats(), slots, strict=True)
                           if slot is not None and seat.status in ("filled", "vacant"))


def standing(definition: ElectionDefinition, events: Iterable[ElectionEvent]) -> Standing:
    """The standing of ``definition`` after ``events`` (in the order they happened)."""
    rounds, answers = _collect(events)
    _map_slots(definition, rounds)
    counted = [r for r in rounds if r.deciding]
    results = [r.result for r in counted if r.result is not None]
    declined = [cid for cid, a in answers.items() if not a.accepted]
    known = {c.id for r in results for c in r.candidates}
    stray = sorted(set(answers) - known)
    if stray:
        raise ElectionError(f"answer from {stray[0]}, who ran in no counted round",
                            code="election.answer_not_elected", params={"candidate": stray[0]})
    try:
        lists = apply_declines_across(results, declined)
    except BallotError as exc:
        raise ElectionError(str(exc), code="election.bad_fills") from exc
    per_round: list[list[SeatHolding]] = [[] for _ in counted]
    for held in lists.seats:
        per_round[held.round].append(held)
    ranked_in = dict(lists.ranked_in)
    seats = tuple(_seat_state(slot, rounds, counted, per_round, ranked_in, answers)
                  for slot in definition.seats)
    in_chain = {h.candidate for s in seats for h in s.holdings}
    never = sorted(set(answers) - in_chain)
    if never:
        raise ElectionError(f"answer from {never[0]}, who holds no seat",
                            code="election.answer_not_elected", params={"candidate": never[0]})
    names, groups = _people(definition, rounds)
    gone = {s.holder for s in seats if s.holder is not None} | set(declined)
    may_run = tuple(cid for cid in names if cid not in gone and cid not in definition.withdrawn)
    subs = tuple((name, tuple(
        Substitute(cid, name, rank, counted[ranked_in[cid]].poll,
                   _votes(counted[ranked_in[cid]].result, cid))
        for rank, cid in enumerate(ids, start=1))) for name, ids in lists.substitutes)
    places = tuple(RoundPlace(
        r.poll, r.contest.round.number, r.contest.round.kind, r.contest.round.seat_kind,
        r.state, r.result.status if r.result is not None else None,
        tuple((n, s) for n, s in zip(r.numbers(), r.slots, strict=True) if s is not None))
        for r in rounds)
    steps = next_steps(definition, places, seats, {r.poll: r.contest for r in rounds},
                       {r.poll: r.result for r in rounds if r.result is not None},
                       may_run=may_run, gone=frozenset(gone | definition.withdrawn),
                       groups=groups)
    return Standing(election=definition.id, seats=seats, substitutes=subs,
                    declined=tuple(lists.declined), may_run=may_run, steps=steps,
                    rounds=places, names=names, groups=groups)


def _people(definition: ElectionDefinition, rounds: Sequence[_Round]
            ) -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    groups: dict[str, str] = {}
    for cand in (*definition.candidates, *(c for r in rounds for c in r.contest.candidates)):
        names.setdefault(cand.id, cand.name)
        groups.setdefault(cand.id, cand.group)
    return names, groups


def _votes(result: Result | None, cid: str) -> int | None:
    if result is None:
        return None
    try:
        return result.candidate(cid).yes
    except KeyError:
        return None


def _by_lot(result: Result, cid: str) -> bool:
    return any(t.lot is not None and cid in t.candidates and t.at_stake == "seat"
               for t in result.ties)


def _chain(rnd: _Round, held: SeatHolding, counted: Sequence[_Round],
           ranked_in: dict[str, int], answers: dict[str, Answer]) -> list[Holding]:
    out: list[Holding] = []
    assert rnd.result is not None
    for step, cid in enumerate(held.holders):
        answer = answers.get(cid)
        word = "pending" if answer is None else "accepted" if answer.accepted else "declined"
        if step == 0:
            out.append(Holding(cid, "elected", rnd.poll, rnd.contest.round.number,
                               _votes(rnd.result, cid), _by_lot(rnd.result, cid), None, word))
        else:
            source = counted[ranked_in.get(cid, held.round)]
            out.append(Holding(cid, "moved_up", source.poll, source.contest.round.number,
                               _votes(source.result, cid), False, held.holders[step - 1],
                               word))
    return out


def _seat_state(slot: SeatSlot, rounds: Sequence[_Round], counted: Sequence[_Round],
                per_round: Sequence[Sequence[SeatHolding]], ranked_in: dict[str, int],
                answers: dict[str, Answer]) -> SeatState:
    entries = []  # (round, seat, holding) of every counted round seat standing for this slot
    for index, rnd in enumerate(counted):
        for seat, slot_key, held in zip(rnd.seats(), rnd.slots, per_round[index], strict=True):
            if slot_key == slot.key:
                entries.append((rnd, seat, held))
    running = next((r for r in rounds if r.state == "created" and slot.key in r.slots), None)
    decisive = next(((r, s, h) for r, s, h in entries if s.status in ("filled", "vacant")),
                    None)
    if decisive is None:
        latest = entries[-1] if entries else None
        if running is not None:
            return SeatState(slot, "running", None, (), None,
                             "Wahlgang läuft oder ist angelegt", "a round for it is set up",
                             slot.required, running.poll)
        if latest is not None and latest[1].status == "tied":
            return SeatState(slot, "pending", None, (), None, latest[1].reason_de,
                             latest[1].reason_en, latest[1].required, latest[0].poll)
        reason = (latest[1].reason_de, latest[1].reason_en) if latest else (
            "noch kein Wahlgang", "no round held yet")
        return SeatState(slot, "open", None, (), None, *reason,
                         slot.required if latest is None else latest[1].required,
                         latest[0].poll if latest else None)
    rnd, seat, held = decisive
    if seat.status == "vacant":
        return SeatState(slot, "vacant", None, (), "rule", seat.reason_de, seat.reason_en,
                         seat.required, rnd.poll)
    holdings = _chain(rnd, held, counted, ranked_in, answers)
    refills = [(r, s, h) for r, s, h in entries if r is not rnd and r.contest.round.fills]
    for r, _s, h in refills:
        holdings += _chain(r, h, counted, ranked_in, answers)
    holder = held.holder
    if holder is not None:
        last = next(h for h in reversed(holdings) if h.candidate == holder)
        return SeatState(slot, "held", holder, tuple(holdings), None, "", "", seat.required,
                         last.poll)
    if running is not None:
        return SeatState(slot, "running", None, tuple(holdings), None,
                         "Wahlgang läuft oder ist angelegt", "a round for it is set up",
                         seat.required, running.poll)
    if refills and refills[-1][1].status == "tied":
        # the further round for it tied: its runoff or lot decides the seat
        r, s, _h = refills[-1]
        return SeatState(slot, "pending", None, tuple(holdings), None, s.reason_de,
                         s.reason_en, seat.required, r.poll)
    if refills:
        r, s, _h = refills[-1]
        return SeatState(slot, "vacant", None, tuple(holdings), "declined",
                         f"im {r.contest.round.number}. Wahlgang nicht besetzt: {s.reason_de}",
                         f"not filled in round {r.contest.round.number}: {s.reason_en}",
                         seat.required, r.poll)
    return SeatState(slot, "vacant", None, tuple(holdings), "declined",
                     "Wahl nicht angenommen; keine Ersatzperson für diesen Sitz",
                     "election declined; no substitute for this seat", seat.required, rnd.poll)
