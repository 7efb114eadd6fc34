"""What the ranked methods share: ballot input, tie records and the lot hook.

A ranked ballot is a tuple of candidate ids, first preference first. Identical rankings may be
passed pre-aggregated as ``(ranking, count)`` pairs, so a count over a million ballots with a few
hundred distinct rankings costs a few hundred steps per stage, not a million.

Ties are never broken by sort order. Where a rule's own tie rule (e.g. "look back at earlier
stages") does not decide, the method asks ``lot`` — a :data:`TieBreaker` — and records the
outcome; without a lot it stops and reports :class:`LotNeeded` instead of guessing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from ballots.errors import BallotError, InvalidBallot

__all__ = [
    "Ranking",
    "RankedBallot",
    "TieBreaker",
    "TieBreak",
    "LotNeeded",
    "NeedsLot",
    "aggregate_rankings",
    "check_candidates",
    "draw_or_stop",
    "look_back",
    "ranked_result_to_dict",
]

Ranking = tuple[str, ...]
"""Candidate ids in preference order; a candidate may appear once; an empty ranking abstains."""

RankedBallot = Ranking | tuple[Ranking, int]
"""One ranking, or ``(ranking, count)`` for ``count`` identical ballots."""

TieBreaker = Callable[[tuple[str, ...], str], tuple[str, ...]]
"""A lot: given the tied ids (ballot order) and a context label, returns them best first.

"Best first" means: for an exclusion the *last* id is excluded; for an order of transfer,
election or rank the *first* id goes first. The callable must be reproducible and recorded by
the caller (e.g. a chair's announced value plus the round's audit hash); the methods only ever
pass it the tied ids and a context such as ``"stv:stage-4:exclude"``.
"""

DecidedBy = Literal["earlier-stage", "lot", "unresolved"]


@dataclass(frozen=True, slots=True)
class TieBreak:
    """A tie met during a count and how it was settled, for the protocol.

    ``decided_by`` is ``"earlier-stage"`` (the rule's look-back, ``look_back_stage`` names the
    stage), ``"lot"``, or ``"unresolved"`` for an order that has no effect on the outcome (e.g.
    the order among candidates elected at the same stage); unresolved ties keep ballot order.
    """

    stage: int
    context: str
    tied: tuple[str, ...]
    order: tuple[str, ...]
    decided_by: DecidedBy
    look_back_stage: int | None = None


@dataclass(frozen=True, slots=True)
class LotNeeded:
    """A tie that decides the outcome, which only a lot can settle; the count stopped here."""

    stage: int
    context: str
    tied: tuple[str, ...]


class NeedsLot(Exception):
    """Internal signal: a decisive tie without a lot; carries the :class:`LotNeeded`."""

    def __init__(self, needed: LotNeeded) -> None:
        super().__init__(needed.context)
        self.needed = needed


def check_candidates(candidates: Sequence[str], seats: int) -> tuple[str, ...]:
    """Validate the candidate list and seat count once, for every method."""
    cands = tuple(candidates)
    if len(set(cands)) != len(cands):
        raise BallotError("Kandidierende doppelt in der Liste.")
    if any(not isinstance(c, str) or not c for c in cands):
        raise BallotError("Kandidierenden-IDs müssen nichtleere Zeichenketten sein.")
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise BallotError(f"Zahl der Sitze muss mindestens 1 sein, nicht {seats!r}.")
    return cands


def aggregate_rankings(
    candidates: Sequence[str], ballots: Iterable[RankedBallot]
) -> tuple[dict[Ranking, int], int]:
    """Merge identical rankings; return (ranking -> count, number of empty rankings).

    Raises :class:`InvalidBallot` for an unknown or repeated candidate or a bad count, with
    ``path`` ``ballots[i]`` — a ranked count refuses to guess what a malformed ballot meant.
    """
    known = frozenset(candidates)
    counts: dict[Ranking, int] = {}
    empty = 0
    for index, ballot in enumerate(ballots):
        ranking, count = _split(ballot, index)
        if not ranking:
            empty += count
            continue
        if ranking not in counts:
            _check_ranking(ranking, known, index)
            counts[ranking] = 0
        counts[ranking] += count
    return counts, empty


def _split(ballot: RankedBallot, index: int) -> tuple[Ranking, int]:
    path = f"ballots[{index}]"
    if len(ballot) == 2 and isinstance(ballot[0], tuple):
        ranking, count = ballot
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InvalidBallot(
                "Anzahl muss eine ganze Zahl ≥ 0 sein.",
                path=path,
                reason_en="count must be an integer >= 0",
            )
        return tuple(ranking), count
    return tuple(ballot), 1


def _check_ranking(ranking: Ranking, known: frozenset[str], index: int) -> None:
    path = f"ballots[{index}]"
    for cid in ranking:
        if cid not in known:
            raise InvalidBallot(
                f"Unbekannte Kandidatur {cid!r}.",
                path=path,
                reason_en=f"unknown candidate {cid!r}",
            )
    if len(set(ranking)) != len(ranking):
        raise InvalidBallot(
            "Eine Kandidatur ist mehrfach gereiht.",
            path=path,
            reason_en="a candidate is ranked more than once",
        )


def draw_or_stop(
    tied: tuple[str, ...], context: str, stage: int, lot: TieBreaker | None
) -> tuple[str, ...]:
    """Ask the lot to order ``tied`` best first, or raise :class:`NeedsLot` if there is none."""
    if lot is None:
        raise NeedsLot(LotNeeded(stage=stage, context=context, tied=tied))
    order = tuple(lot(tied, context))
    if sorted(order) != sorted(tied) or len(order) != len(tied):
        raise BallotError(f"Das Los für {context} muss genau {', '.join(tied)} ordnen.")
    return order


def look_back(
    tied: Sequence[str],
    history: Sequence[Mapping[str, Fraction]],
    *,
    lowest: bool,
) -> tuple[tuple[str, ...], int | None]:
    """Narrow ``tied`` by the most recent earlier stage at which their votes differed.

    Scottish rules 49 (2) and 51 (2) (SSI 2007/42): regard is had to the totals "at the end of
    the most recent preceding stage at which they had unequal numbers of votes". ``history``
    holds the totals after each earlier stage, oldest first. Returns the candidates that are
    still tied at the extreme (``lowest`` or highest) — repeated further back while several
    remain — and the 1-based stage that narrowed them last (``None`` if none did).
    """
    group = tuple(tied)
    decided_at: int | None = None
    for index in range(len(history) - 1, -1, -1):
        if len(group) == 1:
            break
        totals = history[index]
        values = [totals[c] for c in group]
        if len(set(values)) == 1:
            continue
        extreme = min(values) if lowest else max(values)
        group = tuple(c for c in group if totals[c] == extreme)
        decided_at = index + 1
    return group, decided_at


def ranked_result_to_dict(result: Any) -> Any:
    """JSON-safe dict of a ranked result (Fractions stay Fractions for canonical.dumps)."""
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return {
            f.name: ranked_result_to_dict(getattr(result, f.name))
            for f in dataclasses.fields(result)
        }
    if isinstance(result, tuple):
        return [ranked_result_to_dict(item) for item in result]
    return result
