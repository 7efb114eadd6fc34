"""Filling seats in vote order under a quota.

:func:`assign` is a pure function of the contest and an *order* of the candidates who passed
the threshold; the caller decides that order (votes, then recorded lots), never this module.
Quotas:

* ``women_first`` (DIE LINKE Bundessatzung § 10 (4)): a women's round's seats only go to the
  group; empty women's seats stay vacant, never go to men. Mixed rounds are open to all.
* ``odd_places`` (Grüne Frauenstatut § 1): odd list places only for the group (variant
  ``one_of_first_two``: place 1 or 2, then the odd places); empty women's places stay vacant.
* ``min_share_with_cap`` (SPD Organisationsstatut § 11): each listed group gets at least
  ``quota_min_share`` of all seats (rounded by ``quota_rounding``), so at most the rest; a
  candidate is skipped when electing them would make a minimum unreachable.
* ``quota_shrinks``: the same minimum for one group, but never more than the group's
  candidates who ran; ``round_void_below_share`` only checks afterwards (see elections).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ballots.contest import Contest

__all__ = ["Assignment", "SeatSpec", "assign", "group_minimums"]


@dataclass(frozen=True, slots=True)
class SeatSpec:
    """One seat of the round; ``required`` is the group a candidate must belong to."""

    number: int
    type: str
    label_de: str
    label_en: str
    required: str | None
    final_if_empty: bool


@dataclass(frozen=True, slots=True)
class Assignment:
    """Seats with their holder (or None) and the candidates skipped because of the quota."""

    seats: tuple[tuple[SeatSpec, str | None], ...]
    skipped: tuple[str, ...]
    reserved: Mapping[str, int]


def _round_share(value: Fraction, how: str) -> int:
    if how == "up":
        return math.ceil(value)
    if how == "down":
        return math.floor(value)
    return math.floor(value + Fraction(1, 2))


def group_minimums(contest: Contest) -> dict[str, int]:
    """Seats each quota group must get over all rounds (``min_share`` quotas)."""
    rules = contest.rules
    total = contest.round.total_seats or contest.seats
    before = dict(contest.round.elected_before)
    mins: dict[str, int] = {}
    for group in rules.quota_groups:
        minimum = _round_share(rules.quota_min_share * total, rules.quota_rounding)
        if rules.quota == "quota_shrinks":
            ran = sum(1 for c in contest.candidates if c.group == group) + before.get(group, 0)
            minimum = min(minimum, ran)
        mins[group] = minimum
    return mins


def _specs(contest: Contest) -> list[SeatSpec]:
    rules = contest.rules
    kind = contest.round.seat_kind
    group = rules.quota_groups[0] if rules.quota_groups else None
    specs: list[SeatSpec] = []
    if rules.quota == "odd_places":
        places = contest.round.places or tuple(range(1, contest.seats + 1))
        for p in places:
            women = p % 2 == 1 and not (rules.odd_places_variant == "one_of_first_two" and p == 1)
            specs.append(SeatSpec(p, f"list place {p}", f"Listenplatz {p}", f"list place {p}",
                                  group if women else None, women))
        return specs
    fills = contest.round.fills
    for n in range(1, contest.seats + 1):
        shown = fills[n - 1][1] if fills else n  # a seat filled after declines keeps its name
        if rules.quota == "women_first" and kind == "women":
            specs.append(SeatSpec(n, "women", f"Frauenplatz {shown}", f"women's seat {shown}",
                                  group, True))
        elif rules.quota == "women_first":
            specs.append(SeatSpec(n, "mixed", f"gemischter Platz {shown}", f"mixed seat {shown}",
                                  None, False))
        else:
            specs.append(SeatSpec(n, "general", f"Sitz {shown}", f"seat {shown}", None, False))
    return specs


def assign(contest: Contest, order: Sequence[str]) -> Assignment:
    """Fill the round's seats from ``order`` (best first) under the rule set's quota."""
    rules = contest.rules
    groups = {c.id: c.group for c in contest.candidates}
    specs = _specs(contest)
    if rules.quota == "odd_places":
        return _assign_places(contest, specs, order, groups)
    if rules.quota in ("min_share_with_cap", "quota_shrinks"):
        return _assign_min_share(contest, specs, order, groups)
    filled: list[tuple[SeatSpec, str | None]] = []
    pool = [cid for cid in order if specs and (specs[0].required is None
                                                or groups[cid] == specs[0].required)]
    for k, spec in enumerate(specs):
        filled.append((spec, pool[k] if k < len(pool) else None))
    return Assignment(tuple(filled), (), {})


def _assign_places(
    contest: Contest, specs: list[SeatSpec], order: Sequence[str], groups: Mapping[str, str]
) -> Assignment:
    rules = contest.rules
    group = rules.quota_groups[0]
    remaining = list(order)
    filled: list[tuple[SeatSpec, str | None]] = []
    for spec in specs:
        required = spec.required
        if rules.odd_places_variant == "one_of_first_two" and spec.number == 2:
            first = next((cid for s, cid in filled if s.number == 1), None)
            if first is not None and groups[first] != group:
                required = group
                spec = SeatSpec(spec.number, spec.type, spec.label_de, spec.label_en, group, True)
        pick = next((cid for cid in remaining if required is None or groups[cid] == required),
                    None)
        if pick is not None:
            remaining.remove(pick)
        filled.append((spec, pick))
    return Assignment(tuple(filled), (), {})


def _assign_min_share(
    contest: Contest, specs: list[SeatSpec], order: Sequence[str], groups: Mapping[str, str]
) -> Assignment:
    rules = contest.rules
    mins = group_minimums(contest)
    total = contest.round.total_seats or contest.seats
    caps: dict[str, int] = {}
    if rules.quota == "min_share_with_cap":
        for g in mins:
            caps[g] = total - sum(m for h, m in mins.items() if h != g)
    count = {g: dict(contest.round.elected_before).get(g, 0) for g in mins}
    remaining = len(specs)
    chosen: list[str] = []
    skipped: list[str] = []
    for cid in order:
        if remaining == 0:
            break
        g = groups[cid]
        after = dict(count)
        if g in after:
            after[g] += 1
            if g in caps and after[g] > caps[g]:
                skipped.append(cid)
                continue
        need = sum(max(0, mins[h] - after[h]) for h in mins)
        if need > remaining - 1:
            skipped.append(cid)
            continue
        count = after
        chosen.append(cid)
        remaining -= 1
    reserved = {h: max(0, mins[h] - count[h]) for h in mins if mins[h] > count[h]}
    filled = [(spec, chosen[k] if k < len(chosen) else None) for k, spec in enumerate(specs)]
    return Assignment(tuple(filled), tuple(skipped), reserved)
