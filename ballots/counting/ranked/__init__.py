"""Ranked-ballot counting: Scottish STV, IRV (one seat) and Schulze — pure, exact functions.

Each method takes the candidates (ballot order), the seats where it applies and ballots as
rankings (tuples of candidate ids, first preference first) or ``(ranking, count)`` pairs, plus
an optional ``lot`` (:data:`TieBreaker`). It returns a frozen result that records every stage
or round, every tie and how it was settled, and ``needs_lot`` when a lot is missing.
See docs/ranked-methods.md for the exact rules.
"""

from ballots.counting.ranked.common import (
    LotNeeded,
    RankedBallot,
    Ranking,
    TieBreak,
    TieBreaker,
    aggregate_rankings,
    ranked_result_to_dict,
)
from ballots.counting.ranked.irv import IRVResult, Round, count_irv
from ballots.counting.ranked.schulze import SchulzeResult, count_schulze
from ballots.counting.ranked.stv import Elected, Stage, STVResult, count_stv, droop_quota

__all__ = [
    "Elected",
    "IRVResult",
    "LotNeeded",
    "RankedBallot",
    "Ranking",
    "Round",
    "STVResult",
    "SchulzeResult",
    "Stage",
    "TieBreak",
    "TieBreaker",
    "aggregate_rankings",
    "count_irv",
    "count_schulze",
    "count_stv",
    "droop_quota",
    "ranked_result_to_dict",
]
