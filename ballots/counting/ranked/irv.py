"""Instant-runoff voting (IRV) for one seat: a majority of the continuing ballots wins.

Each round gives every ballot to its highest-ranked continuing candidate. A candidate with more
than half of the ballots that still count (exhausted ballots no longer do) is elected;
otherwise the candidate with the fewest votes is excluded and the next round starts. The last
continuing candidate is elected. Ties for exclusion follow the Scottish STV rule 51 so IRV and
one-seat STV agree: the most recent earlier round at which the tied candidates had unequal votes
decides (lowest is excluded), then a lot. Candidates with no votes at all are excluded together
(their order cannot matter) as long as someone else continues.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ballots.counting.ranked.common import (
    LotNeeded,
    NeedsLot,
    RankedBallot,
    TieBreak,
    TieBreaker,
    aggregate_rankings,
    check_candidates,
    draw_or_stop,
    look_back,
)

__all__ = ["Round", "IRVResult", "count_irv"]


@dataclass(frozen=True, slots=True)
class Round:
    """One IRV round: votes of every candidate (0 once excluded), what it decided and why."""

    number: int
    votes: tuple[tuple[str, int], ...]
    continuing_total: int
    exhausted: int
    elected: str | None
    excluded: tuple[str, ...]
    ties: tuple[TieBreak, ...]

    def votes_of(self, candidate: str) -> int:
        """Votes of ``candidate`` in this round."""
        return dict(self.votes)[candidate]


@dataclass(frozen=True, slots=True)
class IRVResult:
    """An IRV count; ``winner`` is None only when a lot is missing or nobody stood."""

    method: str
    candidates: tuple[str, ...]
    valid: int
    empty: int
    rounds: tuple[Round, ...]
    winner: str | None
    excluded: tuple[str, ...]
    ties: tuple[TieBreak, ...]
    needs_lot: LotNeeded | None

    @property
    def elected(self) -> tuple[str, ...]:
        """The winner as a tuple, for callers that treat every method alike."""
        return () if self.winner is None else (self.winner,)

    @property
    def complete(self) -> bool:
        """True when no lot is missing."""
        return self.needs_lot is None


def count_irv(
    candidates: Sequence[str],
    ballots: Iterable[RankedBallot],
    *,
    lot: TieBreaker | None = None,
) -> IRVResult:
    """Count ranked ballots by IRV; ``ballots`` are rankings or ``(ranking, count)`` pairs.

    Empty rankings are abstentions. A decisive tie without ``lot`` stops the count with
    ``needs_lot`` set instead of guessing.
    """
    cands = check_candidates(candidates, 1)
    counts, empty = aggregate_rankings(cands, ballots)
    valid = sum(counts.values())
    continuing = set(cands)
    excluded: list[str] = []
    rounds: list[Round] = []
    ties: list[TieBreak] = []
    history: list[dict[str, Fraction]] = []
    winner: str | None = None
    needs: LotNeeded | None = None
    while continuing and winner is None:
        number = len(rounds) + 1
        votes = dict.fromkeys(cands, 0)
        for ranking, count in counts.items():
            for cid in ranking:
                if cid in continuing:
                    votes[cid] += count
                    break
        history.append({c: Fraction(v) for c, v in votes.items()})
        total = sum(votes.values())
        ties_from = len(ties)
        out: tuple[str, ...] = ()
        top = max(votes[c] for c in continuing)
        if len(continuing) == 1 or 2 * top > total:
            (winner,) = [c for c in continuing if votes[c] == top]
        else:
            try:
                out = _exclusion(cands, continuing, votes, history, number, lot, ties)
            except NeedsLot as stop:
                needs = stop.needed
        rounds.append(
            Round(
                number=number,
                votes=tuple((c, votes[c]) for c in cands),
                continuing_total=total,
                exhausted=valid - total,
                elected=winner,
                excluded=out,
                ties=tuple(ties[ties_from:]),
            )
        )
        if needs is not None:
            break
        continuing.difference_update(out)
        excluded.extend(out)
    return IRVResult(
        method="irv",
        candidates=cands,
        valid=valid,
        empty=empty,
        rounds=tuple(rounds),
        winner=winner,
        excluded=tuple(excluded),
        ties=tuple(ties),
        needs_lot=needs,
    )


def _exclusion(
    cands: tuple[str, ...],
    continuing: set[str],
    votes: dict[str, int],
    history: list[dict[str, Fraction]],
    number: int,
    lot: TieBreaker | None,
    ties: list[TieBreak],
) -> tuple[str, ...]:
    """Who leaves after this round: the lowest, by look-back or lot when tied."""
    low = min(votes[c] for c in continuing)
    lowest = tuple(c for c in cands if c in continuing and votes[c] == low)
    if len(lowest) == 1 or (low == 0 and len(lowest) < len(continuing)):
        return lowest
    group, at = look_back(lowest, history, lowest=True)
    if len(group) == 1:
        order = tuple(c for c in lowest if c != group[0]) + group
        ties.append(TieBreak(number, "exclusion", lowest, order, "earlier-stage", at))
        return group
    drawn = draw_or_stop(group, f"irv:round-{number}:exclusion", number, lot)
    ties.append(TieBreak(number, "exclusion", group, drawn, "lot"))
    return (drawn[-1],)
