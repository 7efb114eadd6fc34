"""What an election is before any round: its rules, its seats (each with a unique label and
type) and who is nominated.

The seats are the election's, not a round's: a runoff for the third women's seat fills
"Frauenplatz 3", never a "Frauenplatz 1" of its own. Every round maps its seats onto these
(:mod:`ballots.election.standing`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ballots.contest import Candidate
from ballots.errors import FormatError
from ballots.rules import Rules

__all__ = [
    "FIRST_ROUND_KINDS",
    "ElectionDefinition",
    "SeatSlot",
    "election_seats",
    "make_definition",
    "round_share",
    "women_seats",
]

#: What a chair may hold first under women_first instead of the rules' order: a women's round
#: for all seats, or a mixed round for all seats (the women's places elected separately).
FIRST_ROUND_KINDS = ("women", "mixed")


@dataclass(frozen=True, slots=True)
class SeatSlot:
    """One seat of the election. ``kind`` is the kind of round that fills it (women / mixed /
    general); ``number`` counts within the kind (the list place under odd_places);
    ``required`` is the quota group the seat is reserved for (None: open to all)."""

    key: str
    kind: str
    number: int
    required: str | None
    label_de: str
    label_en: str


@dataclass(frozen=True, slots=True)
class ElectionDefinition:
    """An election: id (stable, e.g. ``"E3"``), title, rules (``rules_spec`` as given: preset
    and overrides), seats, everyone nominated (``withdrawn`` ids run in no round)."""

    id: str
    title: str
    rules: Rules
    seats: tuple[SeatSlot, ...]
    candidates: tuple[Candidate, ...]
    withdrawn: frozenset[str] = frozenset()
    rules_spec: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def slot(self, key: str) -> SeatSlot:
        for seat in self.seats:
            if seat.key == key:
                return seat
        raise KeyError(key)

    def of_kind(self, kind: str) -> tuple[SeatSlot, ...]:
        return tuple(s for s in self.seats if s.kind == kind)


def round_share(value: Fraction, how: str) -> int:
    """A share of seats as a whole number, rounded as the rules say (up / down / nearest)."""
    if how == "up":
        return math.ceil(value)
    if how == "down":
        return math.floor(value)
    return math.floor(value + Fraction(1, 2))


def women_seats(rules: Rules, seats: int, first_round_kind: str | None = None) -> int:
    """Seats of the women's round under women_first (12 seats, 1/2 → 6): all of them when the
    chair holds a women's round for all seats, none when a mixed round for all seats."""
    if rules.quota != "women_first":
        return 0
    if first_round_kind == "women":
        return seats
    if first_round_kind == "mixed":
        return 0
    return min(seats, round_share(rules.quota_min_share * seats, rules.quota_rounding))


def election_seats(rules: Rules, seats: int, *, women: int | None = None
                   ) -> tuple[SeatSlot, ...]:
    """The seats of an election of ``seats`` seats under ``rules``; under women_first the
    first ``women`` are women's seats (default: :func:`women_seats`)."""
    if seats < 1:
        raise FormatError("an election needs at least one seat", path="seats")
    group = rules.quota_groups[0] if rules.quota_groups else None
    if rules.quota == "women_first":
        count = women_seats(rules, seats) if women is None else women
        if not 0 <= count <= seats:
            raise FormatError(f"women's seats must be 0..{seats}", path="women_seats")
        return (tuple(SeatSlot(f"W{n}", "women", n, group, f"Frauenplatz {n}",
                               f"women's seat {n}") for n in range(1, count + 1))
                + tuple(SeatSlot(f"M{n}", "mixed", n, None, f"gemischter Platz {n}",
                                 f"mixed seat {n}") for n in range(1, seats - count + 1)))
    if rules.quota == "odd_places":
        out = []
        for place in range(1, seats + 1):
            women_place = place % 2 == 1 and not (
                rules.odd_places_variant == "one_of_first_two" and place == 1)
            out.append(SeatSlot(f"P{place}", "general", place, group if women_place else None,
                                f"Listenplatz {place}", f"list place {place}"))
        return tuple(out)
    return tuple(SeatSlot(f"S{n}", "general", n, None, f"Sitz {n}", f"seat {n}")
                 for n in range(1, seats + 1))


def make_definition(*, id: str, title: str, rules: Rules, seats: int,
                    candidates: Iterable[Candidate], withdrawn: Iterable[str] = (),
                    women: int | None = None, first_round_kind: str | None = None,
                    rules_spec: Mapping[str, Any] | None = None) -> ElectionDefinition:
    """An :class:`ElectionDefinition` with its seats laid out (``women`` or
    ``first_round_kind`` as in :func:`election_seats` / :func:`women_seats`)."""
    if first_round_kind is not None and first_round_kind not in FIRST_ROUND_KINDS:
        raise FormatError(f"unknown first round kind {first_round_kind!r}",
                          path="first_round_kind")
    if women is None and rules.quota == "women_first":
        women = women_seats(rules, seats, first_round_kind)
    cands = tuple(candidates)
    ids = [c.id for c in cands]
    if len(set(ids)) != len(ids):
        raise FormatError("candidate ids must be unique", path="candidates")
    return ElectionDefinition(id=id, title=title, rules=rules,
                              seats=election_seats(rules, seats, women=women),
                              candidates=cands, withdrawn=frozenset(withdrawn),
                              rules_spec=dict(rules_spec or {}))
