"""Counting: ``tally(contest, ballots)`` → :class:`Result` that explains every outcome.

Both inputs — ballots (JSON form, parsed :class:`~ballots.marks.Ballot`, or a
:class:`BallotBatch` in engine form) and paper totals (:func:`tally_totals`), or both at once
(:func:`tally_mixed`) — become the same :class:`Counts` and go through the same deciding
code. Ranked ballots are handed to ``ballots.counting.ranked`` (STV / IRV / Schulze).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ballots.contest import Contest
from ballots.counting.batch import BallotBatch, Counts, Ground, as_batch, count_batch
from ballots.counting.channels import CHANNELS, Channel, add_counts, channel_of
from ballots.counting.declines import (
    CrossRoundLists,
    FinalLists,
    SeatHolding,
    Vacancy,
    apply_declines,
    apply_declines_across,
    vacancies_after_declines,
)
from ballots.counting.elections import decide_election
from ballots.counting.lot import LotInput, LotRecord, draw
from ballots.counting.motions import decide_motion
from ballots.counting.result import CandidateResult, Result, Seat, Tie, result_to_dict
from ballots.counting.rounds import next_round, refill_round
from ballots.counting.totals import PaperTotals, paper_totals_from_dict, totals_to_counts
from ballots.errors import FormatError

__all__ = [
    "BallotBatch",
    "CHANNELS",
    "CandidateResult",
    "Channel",
    "Counts",
    "CrossRoundLists",
    "FinalLists",
    "Ground",
    "LotInput",
    "LotRecord",
    "PaperTotals",
    "Result",
    "Seat",
    "SeatHolding",
    "Tie",
    "Vacancy",
    "apply_declines",
    "apply_declines_across",
    "count_batch",
    "decide",
    "draw",
    "next_round",
    "paper_totals_from_dict",
    "refill_round",
    "result_to_dict",
    "tally",
    "tally_mixed",
    "tally_totals",
    "vacancies_after_declines",
]


def tally(
    contest: Contest,
    ballots: BallotBatch | Iterable[Any],
    *,
    lot: LotInput | None = None,
    issued: int | None = None,
) -> Result:
    """Count ``ballots`` under the contest's rules. Invalid ballots are counted as invalid with
    their ground (they never raise); ``issued`` defaults to the number cast."""
    if isinstance(ballots, PaperTotals):
        return tally_totals(contest, ballots, lot=lot)
    return decide(contest, count_batch(contest, as_batch(contest, ballots), issued=issued),
                  lot=lot)


def tally_totals(contest: Contest, totals: PaperTotals, *, lot: LotInput | None = None) -> Result:
    """Decide a paper round from the commission's totals (same code as :func:`tally`)."""
    return decide(contest, totals_to_counts(totals), lot=lot)


def tally_mixed(contest: Contest, ballots: BallotBatch | Iterable[Any], paper: PaperTotals,
                *, issued: int | None = None, lot: LotInput | None = None,
                replaced: int = 0) -> Result:
    """Count the phones' ``ballots`` (``issued`` credentials) and the commission's ``paper``
    totals together (:mod:`ballots.counting.channels`); the result keeps each channel's
    numbers. ``replaced`` paper ballots were handed out in place of credentials lost with
    their browser: their holders count once among those who got a ballot (the total
    ``issued``), so more ballots cast than people shows as cast > issued. Refused for ranked
    ballots: an order of preference cannot be summed as totals."""
    if contest.kind != "motion" and contest.rules.ballot_form == "ranked":
        raise FormatError("ranked rounds cannot add paper totals", path="paper_totals")
    phone = count_batch(contest, as_batch(contest, ballots), issued=issued)
    on_paper = totals_to_counts(paper)
    if not 0 <= replaced <= min(phone.issued, on_paper.issued):
        raise FormatError("more replacements than credentials or paper ballots",
                          path="replaced")
    both = add_counts(phone, on_paper)
    result = decide(contest, replace(both, issued=both.issued - replaced), lot=lot)
    return replace(result, channels=(channel_of("phone", contest.ids, phone),
                                   channel_of("paper", contest.ids, on_paper)))


def decide(contest: Contest, counts: Counts, *, lot: LotInput | None = None) -> Result:
    """The deciding step shared by ballots and paper totals."""
    if contest.kind == "motion":
        return decide_motion(contest, counts)
    if contest.rules.ballot_form == "ranked":
        from ballots.counting.ranked_hook import decide_ranked

        return decide_ranked(contest, counts, lot=lot)
    return decide_election(contest, counts, lot=lot)
