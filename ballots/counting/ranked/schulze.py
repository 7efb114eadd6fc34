"""The Schulze method (beatpath), link strength measured in winning votes.

``d[X][Y]`` is the number of ballots that rank X above Y (a ranked candidate is above every
unranked one; unranked candidates are equal). A link X→Y has strength ``d[X][Y]`` if
``d[X][Y] > d[Y][X]``, else 0; ``p[X][Y]`` is the strength of the strongest path (widest path,
Floyd–Warshall). X is better than Y when ``p[X][Y] > p[Y][X]`` — Schulze proved this relation
transitive, so it orders the candidates except where they are tied.

Ranking for several seats (a *Schulze ranking*, not repeated elections): place by place, the
candidates not beaten by any unplaced candidate are the potential winners of that place; one
of them takes it, the rest stay in the race for the next place. The top ``seats`` places are
elected. Several potential winners are a tie, which Schulze breaks by a random ranking of the
candidates (his "TBRC"); here that is the explicit ``lot``. Without a lot the ranking stops at
the tie and ``needs_lot`` names the place and the tied candidates — never sort order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ballots.counting.ranked.common import (
    LotNeeded,
    NeedsLot,
    RankedBallot,
    TieBreak,
    TieBreaker,
    aggregate_rankings,
    check_candidates,
    draw_or_stop,
)

__all__ = ["SchulzeResult", "count_schulze", "pairwise", "strongest_paths"]

Matrix = tuple[tuple[int, ...], ...]


@dataclass(frozen=True, slots=True)
class SchulzeResult:
    """Pairwise and strongest-path matrices (ballot order) and the ranking they give.

    ``ranking`` is as far as it is decided; ``needs_lot.stage`` is the place where a tie
    stopped it. ``elected`` is ``ranking[:seats]``.
    """

    method: str
    candidates: tuple[str, ...]
    seats: int
    valid: int
    empty: int
    pairwise: Matrix
    strongest: Matrix
    ranking: tuple[str, ...]
    ties: tuple[TieBreak, ...]
    needs_lot: LotNeeded | None

    @property
    def elected(self) -> tuple[str, ...]:
        """The top ``seats`` places that are decided."""
        return self.ranking[: self.seats]

    @property
    def winner(self) -> str | None:
        """First place, if decided."""
        return self.ranking[0] if self.ranking else None

    @property
    def complete(self) -> bool:
        """True when every seat is decided (a tie further down may still be open)."""
        return len(self.elected) == min(self.seats, len(self.candidates))

    def beats(self, x: str, y: str) -> bool:
        """Schulze's relation: the strongest path x→y is stronger than y→x."""
        i, j = self.candidates.index(x), self.candidates.index(y)
        return self.strongest[i][j] > self.strongest[j][i]


def pairwise(candidates: Sequence[str], counts: dict[tuple[str, ...], int]) -> Matrix:
    """``d[i][j]``: ballots ranking candidate i above candidate j."""
    index = {c: i for i, c in enumerate(candidates)}
    n = len(candidates)
    d = [[0] * n for _ in range(n)]
    for ranking, count in counts.items():
        ranked = [index[c] for c in ranking]
        seen = set(ranked)
        unranked = [i for i in range(n) if i not in seen]
        for pos, i in enumerate(ranked):
            row = d[i]
            for j in ranked[pos + 1 :]:
                row[j] += count
            for j in unranked:
                row[j] += count
    return tuple(tuple(row) for row in d)


def strongest_paths(d: Matrix) -> Matrix:
    """Widest paths with winning-votes link strength (Schulze 2011, section 2.3)."""
    n = len(d)
    p = [[d[i][j] if i != j and d[i][j] > d[j][i] else 0 for j in range(n)] for i in range(n)]
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            for k in range(n):
                if k != i and k != j:
                    p[j][k] = max(p[j][k], min(p[j][i], p[i][k]))
    return tuple(tuple(row) for row in p)


def count_schulze(
    candidates: Sequence[str],
    seats: int,
    ballots: Iterable[RankedBallot],
    *,
    lot: TieBreaker | None = None,
) -> SchulzeResult:
    """Rank the candidates by Schulze (winning votes) and elect the top ``seats``."""
    cands = check_candidates(candidates, seats)
    counts, empty = aggregate_rankings(cands, ballots)
    d = pairwise(cands, counts)
    p = strongest_paths(d)
    ranking: list[str] = []
    ties: list[TieBreak] = []
    needs: LotNeeded | None = None
    rest = list(range(len(cands)))
    while rest:
        place = len(ranking) + 1
        best = [i for i in rest if all(p[j][i] <= p[i][j] for j in rest)]
        tied = tuple(cands[i] for i in best)
        if len(tied) == 1:
            chosen = tied[0]
        else:
            try:
                drawn = draw_or_stop(tied, f"schulze:place-{place}", place, lot)
            except NeedsLot as stop:
                needs = stop.needed
                break
            ties.append(TieBreak(place, f"place-{place}", tied, drawn, "lot"))
            chosen = drawn[0]
        ranking.append(chosen)
        rest.remove(cands.index(chosen))
    return SchulzeResult(
        method="schulze-winning-votes",
        candidates=cands,
        seats=seats,
        valid=sum(counts.values()),
        empty=empty,
        pairwise=d,
        strongest=p,
        ranking=tuple(ranking),
        ties=tuple(ties),
        needs_lot=needs,
    )
