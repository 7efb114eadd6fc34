"""The steps an election's rules call for next, from its seats' states (pure).

Before any round, the first round: under women_first the women's round for the women's seats,
otherwise one round for every seat. Then, in order of urgency: a round set up or open is
waited for; a lot is drawn; a runoff decides tied seats; a void round is repeated; under
women_first the mixed round follows once every women's seat is decided; seats left open get
a further round; seats vacant after declines get a further round that fills them
(``round.fills``) once no runoff or lot is outstanding (its losers may move up). Nothing left:
the election is complete.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ballots.contest import Contest
from ballots.counting.result import Result
from ballots.election.definition import ElectionDefinition
from ballots.election.model import NextStep, RoundPlace, SeatState

__all__ = ["next_steps"]


def next_steps(definition: ElectionDefinition, rounds: Sequence[RoundPlace],
               seats: Sequence[SeatState], contests: Mapping[str, Contest],
               results: Mapping[str, Result], *, may_run: Sequence[str],
               gone: frozenset[str], groups: Mapping[str, str]) -> tuple[NextStep, ...]:
    state = {s.slot.key: s for s in seats}
    steps: list[NextStep] = []
    later_rounds = {r.poll: {s for later in rounds[i + 1:] for _n, s in later.slots}
                    for i, r in enumerate(rounds)}
    for rnd in rounds:
        keys = tuple(s for _n, s in rnd.slots)
        if rnd.state == "created":
            steps.append(NextStep("wait", rnd.poll, rnd.seat_kind, keys,
                                  contests[rnd.poll].ids))
        elif rnd.state == "counted" and rnd.status == "lot_needed":
            tied = tuple(k for k in keys if state[k].status == "pending")
            steps.append(NextStep("lot", rnd.poll, rnd.seat_kind, tied))
    for rnd in rounds:
        result = results.get(rnd.poll)
        covered = later_rounds[rnd.poll]
        if rnd.state == "counted" and rnd.status == "runoff_needed" and result is not None:
            tied = tuple(s for n, s in rnd.slots if state[s].status == "pending"
                         and s not in covered)
            tie = next((t for t in result.ties if t.at_stake == "seat"
                        and t.resolution in ("runoff", "pending")), None)
            if tied and tie is not None:
                steps.append(NextStep("runoff", rnd.poll, rnd.seat_kind, tied,
                                      tuple(c for c in tie.candidates if c not in gone)))
        elif rnd.state == "voided" or (rnd.state == "counted" and rnd.status == "void"):
            undecided = tuple(s for _n, s in rnd.slots
                              if state[s].status in ("open", "pending") and s not in covered)
            if undecided:
                steps.append(NextStep("repeat", rnd.poll, rnd.seat_kind, undecided,
                                      tuple(c for c in contests[rnd.poll].ids
                                            if c not in gone)))
    steps += _first(definition, rounds, may_run, groups)
    steps += _mixed(definition, rounds, state, may_run)
    steps += _further(rounds, seats, contests, gone)
    steps += _refill(seats, rounds, may_run, groups)
    return tuple(steps)


def _first(definition: ElectionDefinition, rounds: Sequence[RoundPlace],
           may_run: Sequence[str], groups: Mapping[str, str]) -> list[NextStep]:
    """The first round, before any round exists (a mixed round for all seats under
    women_first without women's seats is :func:`_mixed`'s)."""
    if rounds or not definition.seats:
        return []
    women = definition.of_kind("women")
    if definition.rules.quota == "women_first" and not women:
        return []
    slots = women or definition.seats
    required = slots[0].required if women else None
    return [NextStep("first", None, slots[0].kind, tuple(s.key for s in slots),
                     tuple(c for c in may_run if required is None or groups.get(c) == required))]


def _mixed(definition: ElectionDefinition, rounds: Sequence[RoundPlace],
           state: Mapping[str, SeatState], may_run: Sequence[str]) -> list[NextStep]:
    """The mixed round, once no women's seat waits for a round and none was held yet."""
    mixed = definition.of_kind("mixed")
    if definition.rules.quota != "women_first" or not mixed:
        return []
    if any(r.seat_kind == "mixed" for r in rounds):
        return []
    women = [r for r in rounds if r.seat_kind == "women"]
    if definition.of_kind("women") and not any(r.state == "counted" for r in women):
        return []
    if any(state[s.key].status in ("pending", "running") for s in definition.of_kind("women")):
        return []
    if any(r.state == "counted" and r.status in ("lot_needed", "void") for r in women):
        return []
    after = next((r.poll for r in reversed(women) if r.state == "counted"), None)
    return [NextStep("mixed", after, "mixed", tuple(s.key for s in mixed), tuple(may_run))]


def _further(rounds: Sequence[RoundPlace], seats: Sequence[SeatState],
             contests: Mapping[str, Contest], gone: frozenset[str]) -> list[NextStep]:
    """Seats a counted round left open (nobody met the threshold) get a further round among
    that round's candidates who may still run — after any runoff of the same seat kind, whose
    losers may then run too."""
    out: list[NextStep] = []
    counted = {r.poll: r for r in rounds if r.state == "counted"}
    for kind in dict.fromkeys(s.slot.kind for s in seats):
        of_kind = [s for s in seats if s.slot.kind == kind]
        if any(s.status in ("pending", "running") for s in of_kind):
            continue
        left_open = [s for s in of_kind if s.status == "open" and s.poll in counted]
        for poll in dict.fromkeys(s.poll for s in left_open):
            if poll is None or counted[poll].status not in ("final", "runoff_needed"):
                continue
            keys = tuple(s.slot.key for s in left_open if s.poll == poll)
            out.append(NextStep("further", poll, kind, keys,
                                tuple(c for c in contests[poll].ids if c not in gone)))
    return out


def _refill(seats: Sequence[SeatState], rounds: Sequence[RoundPlace],
            may_run: Sequence[str], groups: Mapping[str, str]) -> list[NextStep]:
    """Seats vacant after declines, one further round per seat kind (every nominated person
    who may hold them and holds no seat) — not while a tie for a seat is outstanding: its
    losers become substitutes, and the first of them who may hold the seat moves up."""
    out: list[NextStep] = []
    if any(s.status == "pending" for s in seats):
        return out
    after = next((r.poll for r in reversed(rounds) if r.state == "counted"), None)
    for kind in dict.fromkeys(s.slot.kind for s in seats):
        vacant = [s for s in seats if s.slot.kind == kind and s.status == "vacant"
                  and s.vacancy == "declined"]
        if not vacant:
            continue
        required = vacant[0].required
        out.append(NextStep("refill", after, kind, tuple(s.slot.key for s in vacant),
                            tuple(c for c in may_run
                                  if required is None or groups.get(c) == required)))
    return out
