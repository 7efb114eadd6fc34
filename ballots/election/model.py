"""The standing of an election: every seat with its holder (or why it has none), the
substitutes in order, who may still run, and the next step the rules call for."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ballots.election.definition import SeatSlot

__all__ = ["Holding", "NextStep", "RoundPlace", "SeatState", "Standing", "Substitute"]


@dataclass(frozen=True, slots=True)
class Holding:
    """One person's hold on a seat. ``how``: ``elected`` (in ``poll``, with ``votes``) or
    ``moved_up`` (for ``moved_up_for``; ranked in ``poll``); ``by_lot`` when a lot decided it;
    ``answer``: pending / accepted / declined."""

    candidate: str
    how: str
    poll: str
    round_number: int
    votes: int | None
    by_lot: bool
    moved_up_for: str | None
    answer: str


@dataclass(frozen=True, slots=True)
class SeatState:
    """One seat now. ``status``: held · open (no round has decided it yet) · pending (a runoff
    or lot is outstanding) · running (a round for it is set up or open) · vacant (stays empty:
    ``vacancy`` = ``rule`` — the rules leave it empty — or ``declined`` — everyone who could
    hold it declined). ``holdings``: everyone who held it, in order."""

    slot: SeatSlot
    status: str
    holder: str | None
    holdings: tuple[Holding, ...]
    vacancy: str | None
    reason_de: str
    reason_en: str
    required: str | None
    poll: str | None


@dataclass(frozen=True, slots=True)
class Substitute:
    """A substitute: rank on ``list`` (a quota group, or ``all``), ranked by ``poll``."""

    candidate: str
    list: str
    rank: int
    poll: str
    votes: int | None


@dataclass(frozen=True, slots=True)
class NextStep:
    """What the rules call for next. ``kind``: first (no round yet) · wait (a round is set
    up or open) · lot · runoff · repeat · mixed · further · refill · complete. ``after``: the
    poll it follows; ``seats``: the seat keys it decides; ``candidates``: who runs (ids)."""

    kind: str
    after: str | None = None
    seat_kind: str | None = None
    seats: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RoundPlace:
    """A round of the election and the election seats its seats stand for (seat number →
    seat key; None where it maps to none, e.g. a void round's)."""

    poll: str
    number: int
    kind: str
    seat_kind: str
    state: str
    status: str | None
    slots: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class Standing:
    """The election now (see module doc). ``steps`` lists every step possible now, the most
    pressing first; ``next`` is the first (or ``complete``)."""

    election: str
    seats: tuple[SeatState, ...]
    substitutes: tuple[tuple[str, tuple[Substitute, ...]], ...]
    declined: tuple[str, ...]
    may_run: tuple[str, ...]
    steps: tuple[NextStep, ...]
    rounds: tuple[RoundPlace, ...]
    names: Mapping[str, str] = field(default_factory=dict)
    groups: Mapping[str, str] = field(default_factory=dict)

    @property
    def next(self) -> NextStep:
        return self.steps[0] if self.steps else NextStep("complete")

    @property
    def complete(self) -> bool:
        return not self.steps

    @property
    def holders(self) -> tuple[str, ...]:
        """Everyone holding a seat now, in seat order."""
        return tuple(s.holder for s in self.seats if s.holder is not None)

    def seat(self, key: str) -> SeatState:
        for seat in self.seats:
            if seat.slot.key == key:
                return seat
        raise KeyError(key)

    def round(self, poll: str) -> RoundPlace | None:
        return next((r for r in self.rounds if r.poll == poll), None)

    def steps_after(self, poll: str) -> tuple[NextStep, ...]:
        return tuple(s for s in self.steps if s.after == poll)
