"""The round after a count — pure functions (declines and moving up: ``declines``).

* :func:`next_round`: the contest of the following round — women's round → mixed round (women
  not elected move over; the women's vacant seats are *not* carried over), a further round for
  the open seats with the remaining candidates, a runoff among tied candidates, or the repeat
  of a void round.
* :func:`refill_round`: a further round for seats left vacant after declines
  (:func:`~ballots.counting.declines.vacancies_after_declines`); ``round.fills`` names them.

Errors a chair can cause carry a ``code`` (``next_round.*``, see ``BallotError``).
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ballots.contest import Candidate, Contest, Round, check_contest
from ballots.counting.declines import Vacancy
from ballots.counting.result import Result
from ballots.errors import BallotError
from ballots.rules import apply_overrides

__all__ = ["NEXT_KINDS", "next_round", "refill_round"]

#: What :func:`next_round` can create.
NEXT_KINDS = ("runoff", "repeat", "mixed", "further")


def _with_overrides(contest: Contest, overrides: Mapping[str, Any] | None) -> Contest:
    if not overrides:
        return contest
    rules = apply_overrides(contest.rules, overrides)
    spec: dict[str, Any] = copy.deepcopy(dict(contest.rules_spec))
    if "preset" in spec:
        spec["overrides"] = {**(spec.get("overrides") or {}), **overrides}
    else:
        spec = {}
    return replace(contest, rules=rules, rules_spec=spec)


def _fills_of(result: Result, numbers: Sequence[int]) -> tuple[tuple[int, int], ...]:
    """The earlier seats that the seats ``numbers`` of ``result`` fill (``round.fills``), so a
    runoff or further round for them fills the same seats."""
    fills = dict(zip((s.number for s in result.seats), result.round.fills, strict=False))
    return tuple(fills[n] for n in numbers if n in fills)


def next_round(
    contest: Contest,
    result: Result,
    *,
    kind: str | None = None,
    seats: int | None = None,
    add: Iterable[Candidate] = (),
    withdrawn: Iterable[str] = (),
    overrides: Mapping[str, Any] | None = None,
    title: str | None = None,
) -> Contest:
    """The contest of the round after ``result`` (see module doc for the kinds). Candidates in
    ``withdrawn`` (withdrawn, or holding a seat already) do not run again."""
    if kind is None:
        if result.status == "runoff_needed":
            kind = "runoff"
        elif result.status == "void":
            kind = "repeat"
        elif contest.round.kind == "women":
            kind = "mixed"
        else:
            kind = "further"
    gone = set(withdrawn)
    elected = set(result.elected)
    rnd = contest.round
    number = rnd.number + 1
    base = rnd.seat_kind
    if kind == "runoff":
        tie = next((t for t in result.ties if t.resolution in ("runoff", "pending")
                    and t.at_stake == "seat"), None)
        if tie is None:
            raise BallotError("next_round: no tie for a seat to hold a runoff for",
                              code="next_round.no_tie")
        cands = tuple(c for c in contest.candidates if c.id in tie.candidates)
        places = tuple(s.number for s in result.seats if s.status == "tied")
        new_round = Round(number, "runoff", base, places if rnd.places or
                          contest.rules.quota == "odd_places" else None,
                          rnd.total_seats, rnd.elected_before, _fills_of(result, places))
        out = replace(contest, candidates=cands, seats=tie.seats, round=new_round)
    elif kind == "repeat":
        out = replace(contest, round=replace(rnd, number=number, kind="repeat", base_kind=base))
    elif kind == "mixed":
        if seats is None:
            raise BallotError("next_round: the mixed round needs its number of seats",
                              code="next_round.mixed_seats")
        cands = tuple(c for c in contest.candidates if c.id not in elected and c.id not in gone)
        cands += tuple(add)
        out = replace(contest, candidates=cands, seats=seats, round=Round(number, "mixed"))
    elif kind == "further":
        open_seats = [s for s in result.seats if s.status == "open"]
        if not open_seats:
            raise BallotError("next_round: no open seats left for a further round",
                              code="next_round.no_open_seats")
        before = Counter(dict(rnd.elected_before))
        before.update(c.group for c in result.candidates if c.outcome == "elected")
        cands = tuple(c for c in contest.candidates if c.id not in elected and c.id not in gone)
        cands += tuple(add)
        numbers = tuple(s.number for s in open_seats)
        new_round = Round(number, "further", base,
                          numbers if contest.rules.quota == "odd_places" else None,
                          rnd.total_seats or contest.seats, tuple(sorted(before.items())),
                          _fills_of(result, numbers) if seats in (None, len(numbers)) else ())
        out = replace(contest, candidates=cands, seats=seats or len(open_seats), round=new_round)
    else:
        raise BallotError(f"next_round: unknown kind {kind!r}", code="next_round.unknown_kind",
                          params={"kind": kind})
    if title is not None:
        out = replace(out, title=title)
    out = _with_overrides(out, overrides)
    if not out.candidates:
        raise BallotError("next_round: no candidates left", code="next_round.no_candidates")
    check_contest(out)
    return out


def refill_round(
    contest: Contest,
    vacancies: Sequence[Vacancy],
    *,
    number: int,
    candidates: Iterable[Candidate],
    elected_before: Mapping[str, int] | None = None,
    total_seats: int | None = None,
    title: str | None = None,
) -> Contest:
    """A further round for ``vacancies`` (one seat kind; from ``vacancies_after_declines``):
    one seat per vacancy, each named in ``round.fills``; ``contest`` is any round of the
    election (its rules and title). ``elected_before`` counts the groups of everyone holding a
    seat, so a minimum share still holds over all seats."""
    kinds = {v.kind for v in vacancies}
    if len(kinds) != 1:
        raise BallotError("refill_round: needs the vacant seats of one seat kind",
                          code="next_round.refill_kinds")
    (kind,) = kinds
    cands = tuple(candidates)
    if not cands:
        raise BallotError("next_round: no candidates left", code="next_round.no_candidates")
    places = (tuple(v.seat for v in vacancies) if contest.rules.quota == "odd_places"
              else None)
    new_round = Round(number, "further", kind, places, total_seats,
                      tuple(sorted((elected_before or {}).items())),
                      tuple((v.round, v.seat) for v in vacancies))
    out = replace(contest, candidates=cands, seats=len(vacancies), round=new_round,
                  entitled=None, present=None)
    if title is not None:
        out = replace(out, title=title)
    check_contest(out)
    return out
