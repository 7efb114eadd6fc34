"""Ranked rounds: hand the aggregated rankings to ``ballots.counting.ranked`` and wrap the
method's own result in a :class:`Result` that explains itself like every other round.

The method is ``Rules.ranked_method`` (stv: Scottish STV · irv: one seat · schulze). Lots are
drawn with :func:`ballots.counting.lot.draw` so they are recorded like every other lot.
"""

from __future__ import annotations

import json
from typing import Any

from ballots.canonical import to_jsonable
from ballots.contest import Contest
from ballots.counting.batch import Counts
from ballots.counting.lot import LotInput, LotRecord, draw
from ballots.counting.result import CandidateResult, Result, Seat

__all__ = ["decide_ranked"]

_NAMES = {
    "stv": ("Übertragbare Einzelstimmgebung (Scottish STV)",
            "single transferable vote (Scottish STV)"),
    "irv": ("Integrierte Stichwahl (IRV)", "instant-runoff voting (IRV)"),
    "schulze": ("Schulze-Methode", "Schulze method"),
}


def decide_ranked(contest: Contest, counts: Counts, *, lot: LotInput | None) -> Result:
    """Count a ranked round with the configured method."""
    from ballots.counting import ranked

    rules = contest.rules
    method = rules.ranked_method
    ids = contest.ids
    records: list[LotRecord] = []

    def breaker(tied: tuple[str, ...], context: str) -> tuple[str, ...]:
        assert lot is not None
        record = draw(lot, f"round {contest.round.number}: {context}", tied)
        records.append(record)
        return record.order

    tie_breaker = breaker if lot is not None else None
    outcome: Any
    if method == "irv":
        outcome = ranked.count_irv(ids, counts.rankings, lot=tie_breaker)
    elif method == "schulze":
        outcome = ranked.count_schulze(ids, contest.seats, counts.rankings, lot=tie_breaker)
    else:
        outcome = ranked.count_stv(ids, contest.seats, counts.rankings, lot=tie_breaker)
    elected = tuple(outcome.elected)
    needs = outcome.needs_lot
    name_de, name_en = _NAMES[method]
    cands = []
    for i, cand in enumerate(contest.candidates):
        if cand.id in elected:
            outcome_kind, seat = "elected", elected.index(cand.id) + 1
            de, en = f"gewählt nach {name_de}", f"elected by {name_en}"
        elif needs is not None and cand.id in needs.tied:
            outcome_kind, seat = "tied", None
            de, en = "Stimmengleichheit: Los erforderlich", "tie: a lot is needed"
        else:
            outcome_kind, seat = "not_elected", None
            de, en = f"nicht gewählt nach {name_de}", f"not elected by {name_en}"
        cands.append(CandidateResult(
            id=cand.id, name=cand.name, group=cand.group, yes=counts.yes[i], no=0, abstain=0,
            threshold=method, needed=None, met=cand.id in elected, outcome=outcome_kind,
            seat=seat, seat_type="general" if seat else None, substitute_rank=None,
            substitute_list=None, reason_de=de, reason_en=en,
        ))
    seats = []
    for n in range(1, contest.seats + 1):
        holder = elected[n - 1] if n <= len(elected) else None
        status = "filled" if holder else ("tied" if needs is not None else "vacant")
        seats.append(Seat(n, "general", f"Sitz {n}", f"seat {n}", holder, status,
                          "besetzt" if holder else "nicht besetzt",
                          "filled" if holder else "not filled"))
    details = json.dumps(to_jsonable(ranked.ranked_result_to_dict(outcome)), sort_keys=True,
                         ensure_ascii=False)
    status = "lot_needed" if needs is not None else "final"
    return Result(
        kind=contest.kind, title=contest.title, round=contest.round, rules_name=rules.name,
        threshold=method, seats_total=contest.seats, issued=counts.issued, cast=counts.cast,
        invalid=counts.invalid, valid=counts.valid, grounds=counts.grounds,
        candidates=tuple(cands), seats=tuple(seats), substitutes=(), ties=(),
        lots=tuple(records), status=status,
        status_de="Losentscheid erforderlich" if needs else f"Ergebnis nach {name_de}",
        status_en="a lot is needed" if needs else f"result by {name_en}",
        ranked_details=(details,),
    )
