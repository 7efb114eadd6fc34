"""Single transferable vote by the Scottish STV rules (SSI 2007/42, Schedule 1, rules 45–52).

Scottish STV is the weighted inclusive Gregory method (WIGM) with a Droop quota
``floor(valid / (seats + 1)) + 1`` (rule 46) and ballot values truncated to five decimal places
(rule 48 (3)); all arithmetic is exact (``Fraction``) so the truncation is the only rounding and
is the law's own. ``decimals=None`` gives pure WIGM with exact fractional transfer values.

Rules as implemented (see docs/ranked-methods.md for the full text and the deviations):
* a candidate whose votes equal or exceed the quota is elected (rule 47);
* the largest surplus is transferred first, all of the candidate's papers at value
  ``trunc(value × surplus / total)`` (rules 48, 49 (1)); equal surpluses: most recent earlier
  stage at which the totals differed, highest first, then lot (49 (2), (3));
* otherwise the continuing candidate with fewest votes is excluded and all of its papers move on
  at their current value (rule 50); equal lowest: most recent earlier stage with unequal totals,
  lowest excluded, then lot (rule 51);
* when no more candidates continue than seats remain, they are all elected (rule 52).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from ballots.counting.ranked.common import (
    LotNeeded,
    NeedsLot,
    RankedBallot,
    Ranking,
    TieBreak,
    TieBreaker,
    aggregate_rankings,
    check_candidates,
    draw_or_stop,
    look_back,
)

__all__ = ["Stage", "Elected", "STVResult", "count_stv", "droop_quota"]

StageKind = Literal["first-preferences", "surplus", "exclusion"]
Parcel = tuple[Ranking, int, int, Fraction]  # ranking, position of current holder, count, value
_ZERO = Fraction(0)


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of the count, with everything needed to read it aloud.

    ``subjects`` are the candidates whose surplus was transferred or who were excluded (several
    only when candidates without any votes are excluded together). ``transfer_value`` is the
    value a paper of value 1 carried on at a surplus transfer. ``votes`` are the totals after
    the stage (ballot order), ``changes`` the non-zero changes in this stage;
    ``non_transferable`` and ``loss`` (value lost to truncation) are this stage's amounts, the
    ``_total`` fields the running sums: votes + non-transferable + loss = valid papers, always.
    """

    number: int
    kind: StageKind
    subjects: tuple[str, ...]
    transfer_value: Fraction | None
    votes: tuple[tuple[str, Fraction], ...]
    changes: tuple[tuple[str, Fraction], ...]
    non_transferable: Fraction
    loss: Fraction
    non_transferable_total: Fraction
    loss_total: Fraction
    elected: tuple[str, ...]
    excluded: tuple[str, ...]
    ties: tuple[TieBreak, ...]

    def votes_of(self, candidate: str) -> Fraction:
        """Total of ``candidate`` after this stage."""
        return dict(self.votes)[candidate]


@dataclass(frozen=True, slots=True)
class Elected:
    """Who was elected, at which stage, with how many votes, and by which rule."""

    candidate: str
    stage: int
    votes: Fraction
    by: Literal["quota", "last-vacancies"]


@dataclass(frozen=True, slots=True)
class STVResult:
    """A complete (or lot-blocked) STV count; ``needs_lot`` says where it stopped, if it did."""

    method: str
    candidates: tuple[str, ...]
    seats: int
    valid: int
    empty: int
    quota: int
    stages: tuple[Stage, ...]
    elected: tuple[str, ...]
    elections: tuple[Elected, ...]
    excluded: tuple[str, ...]
    ties: tuple[TieBreak, ...]
    needs_lot: LotNeeded | None
    vacant: int

    @property
    def complete(self) -> bool:
        """True when every outcome is decided (no lot is missing)."""
        return self.needs_lot is None


def droop_quota(valid: int, seats: int) -> int:
    """Rule 46: valid papers divided by seats + 1, decimals ignored, plus one."""
    return valid // (seats + 1) + 1


def _truncate(value: Fraction, decimals: int | None) -> Fraction:
    if decimals is None:
        return value
    scale = 10**decimals
    return Fraction(value.numerator * scale // value.denominator, scale)


class _Count:
    """Mutable working state of one count; frozen into Stage records as it goes."""

    def __init__(
        self,
        candidates: tuple[str, ...],
        seats: int,
        quota: int,
        lot: TieBreaker | None,
        decimals: int | None,
    ) -> None:
        self.candidates = candidates
        self.seats = seats
        self.quota = Fraction(quota)
        self.lot = lot
        self.decimals = decimals
        self.votes: dict[str, Fraction] = dict.fromkeys(candidates, _ZERO)
        self.papers: dict[str, list[Parcel]] = {c: [] for c in candidates}
        self.continuing: set[str] = set(candidates)
        self.pending: list[str] = []  # elected, surplus not yet transferred
        self.elections: list[Elected] = []
        self.excluded: list[str] = []
        self.history: list[dict[str, Fraction]] = []
        self.stages: list[Stage] = []
        self.ties: list[TieBreak] = []
        self.nt_total = _ZERO
        self.loss_total = _ZERO

    @property
    def vacancies(self) -> int:
        return self.seats - len(self.elections)

    def place(self, parcel_ranking: Ranking, start: int, count: int, value: Fraction) -> str | None:
        """Give a parcel to the next continuing preference at or after ``start``."""
        for pos in range(start, len(parcel_ranking)):
            cid = parcel_ranking[pos]
            if cid in self.continuing:
                self.papers[cid].append((parcel_ranking, pos, count, value))
                self.votes[cid] += value * count
                return cid
        return None

    def pick(self, tied: Sequence[str], *, lowest: bool, context: str) -> str:
        """One candidate out of a decisive tie: look back, then lot (or stop for one)."""
        stage = len(self.stages) + 1
        if len(tied) == 1:
            return tied[0]
        ordered = tuple(c for c in self.candidates if c in tied)
        group, at = look_back(ordered, self.history, lowest=lowest)
        if len(group) == 1:
            others = tuple(c for c in ordered if c != group[0])
            order = others + group if lowest else group + others
            self.ties.append(TieBreak(stage, context, ordered, order, "earlier-stage", at))
            return group[0]
        label = f"stv:stage-{stage}:{context}"
        drawn = draw_or_stop(group, label, stage, self.lot)
        self.ties.append(TieBreak(stage, context, group, drawn, "lot", None))
        return drawn[-1] if lowest else drawn[0]

    def order_elected(self, group: list[str]) -> list[str]:
        """Order candidates elected at one stage: votes, then look-back, then lot if given."""
        stage = len(self.stages) + 1
        rest = sorted(group, key=self.candidates.index)
        out: list[str] = []
        while rest:
            top = max(self.votes[c] for c in rest)
            best = [c for c in rest if self.votes[c] == top]
            if len(best) > 1:
                group_, at = look_back(best, self.history, lowest=False)
                if len(group_) == 1:
                    self.ties.append(
                        TieBreak(
                            stage,
                            "order-of-election",
                            tuple(best),
                            group_ + tuple(c for c in best if c != group_[0]),
                            "earlier-stage",
                            at,
                        )
                    )
                    best = list(group_)
                elif self.lot is not None:
                    drawn = draw_or_stop(
                        group_, f"stv:stage-{stage}:order-of-election", stage, self.lot
                    )
                    self.ties.append(TieBreak(stage, "order-of-election", group_, drawn, "lot"))
                    best = [drawn[0]]
                else:
                    self.ties.append(
                        TieBreak(stage, "order-of-election", group_, group_, "unresolved")
                    )
                    best = list(group_)
            else:
                best = best[:1]
            out.extend(best)
            rest = [c for c in rest if c not in best]
        return out

    def finish_stage(
        self,
        kind: StageKind,
        subjects: tuple[str, ...],
        transfer_value: Fraction | None,
        before: dict[str, Fraction],
        nt: Fraction,
        loss: Fraction,
        ties_from: int,
    ) -> None:
        """Elect (rule 47, then rule 52), freeze the stage and remember its totals."""
        self.history.append(dict(self.votes))
        self.nt_total += nt
        self.loss_total += loss
        number = len(self.stages) + 1
        reached = [c for c in self.continuing if self.votes[c] >= self.quota]
        elected_now: list[str] = []
        for cid in self.order_elected(reached)[: self.vacancies]:
            self._elect(cid, number, "quota")
            elected_now.append(cid)
        if 0 < self.vacancies and len(self.continuing) <= self.vacancies:
            for cid in self.order_elected(list(self.continuing)):
                self._elect(cid, number, "last-vacancies")
                elected_now.append(cid)
        changes = tuple(
            (c, self.votes[c] - before[c]) for c in self.candidates if self.votes[c] != before[c]
        )
        self.stages.append(
            Stage(
                number=number,
                kind=kind,
                subjects=subjects,
                transfer_value=transfer_value,
                votes=tuple((c, self.votes[c]) for c in self.candidates),
                changes=changes,
                non_transferable=nt,
                loss=loss,
                non_transferable_total=self.nt_total,
                loss_total=self.loss_total,
                elected=tuple(elected_now),
                excluded=subjects if kind == "exclusion" else (),
                ties=tuple(self.ties[ties_from:]),
            )
        )

    def _elect(self, cid: str, stage: int, by: Literal["quota", "last-vacancies"]) -> None:
        self.continuing.discard(cid)
        self.elections.append(Elected(cid, stage, self.votes[cid], by))
        if self.votes[cid] > self.quota:
            self.pending.append(cid)

    def transfer_surplus(self) -> None:
        ties_from = len(self.ties)
        top = max(self.votes[c] for c in self.pending)
        cid = self.pick(
            [c for c in self.pending if self.votes[c] == top],
            lowest=False,
            context="order-of-surplus",
        )
        self.pending.remove(cid)
        before = dict(self.votes)
        total = self.votes[cid]
        surplus = total - self.quota
        parcels, self.papers[cid] = self.papers[cid], []
        nt = moved = _ZERO
        for ranking, pos, count, value in parcels:
            new = _truncate(value * surplus / total, self.decimals)
            if not new:
                continue
            if self.place(ranking, pos + 1, count, new) is None:
                nt += new * count
            else:
                moved += new * count
        self.votes[cid] = self.quota
        tv = _truncate(surplus / total, self.decimals)
        self.finish_stage("surplus", (cid,), tv, before, nt, surplus - moved - nt, ties_from)

    def exclude(self) -> None:
        ties_from = len(self.ties)
        low = min(self.votes[c] for c in self.continuing)
        lowest = [c for c in self.candidates if c in self.continuing and self.votes[c] == low]
        if low == 0 and len(lowest) <= len(self.continuing) - self.vacancies:
            subjects = tuple(lowest)  # hold no value: order of exclusion cannot matter
        else:
            subjects = (self.pick(lowest, lowest=True, context="exclusion"),)
        before = dict(self.votes)
        nt = _ZERO
        self.continuing.difference_update(subjects)
        self.excluded.extend(subjects)
        for cid in subjects:
            parcels, self.papers[cid] = self.papers[cid], []
            for ranking, pos, count, value in parcels:
                if self.place(ranking, pos + 1, count, value) is None:
                    nt += value * count
            self.votes[cid] = _ZERO
        self.finish_stage("exclusion", subjects, None, before, nt, _ZERO, ties_from)


def _method_name(decimals: int | None) -> str:
    if decimals is None:
        return "wigm-exact"
    return "scottish-stv" if decimals == 5 else f"wigm-{decimals}-decimals"


def count_stv(
    candidates: Sequence[str],
    seats: int,
    ballots: Iterable[RankedBallot],
    *,
    lot: TieBreaker | None = None,
    decimals: int | None = 5,
) -> STVResult:
    """Count ranked ballots by Scottish STV (``decimals=5``) or exact WIGM (``decimals=None``).

    ``candidates`` in ballot order (results list them in that order, never decide by it);
    ``ballots`` are rankings or ``(ranking, count)`` pairs; empty rankings are abstentions and
    do not count towards the quota. A decisive tie without ``lot`` ends the count early with
    ``needs_lot`` set; call again with a lot to finish it.
    """
    cands = check_candidates(candidates, seats)
    if decimals is not None and (isinstance(decimals, bool) or decimals < 0):
        raise ValueError("decimals must be None or >= 0")
    counts, empty = aggregate_rankings(cands, ballots)
    valid = sum(counts.values())
    quota = droop_quota(valid, seats)
    state = _Count(cands, seats, quota, lot, decimals)
    needs: LotNeeded | None = None
    try:
        zero = dict(state.votes)
        for ranking, count in counts.items():
            state.place(ranking, 0, count, Fraction(1))
        state.finish_stage("first-preferences", (), None, zero, _ZERO, _ZERO, 0)
        while state.vacancies > 0 and len(state.continuing) > state.vacancies:
            if state.pending:
                state.transfer_surplus()
            else:
                state.exclude()
    except NeedsLot as stop:
        needs = stop.needed
    return STVResult(
        method=_method_name(decimals),
        candidates=cands,
        seats=seats,
        valid=valid,
        empty=empty,
        quota=quota,
        stages=tuple(state.stages),
        elected=tuple(e.candidate for e in state.elections),
        elections=tuple(state.elections),
        excluded=tuple(state.excluded),
        ties=tuple(state.ties),
        needs_lot=needs,
        vacant=max(0, seats - len(state.elections)) if needs is None else 0,
    )
