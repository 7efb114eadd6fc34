"""Scottish STV's tie rules (earlier stage, then a recorded lot, never a guess) and its input
rules (empty rankings, aggregated ballots, malformed rankings refused with a path)."""

from __future__ import annotations

import pytest

from ballots.counting.lot import LotInput, draw
from ballots.counting.ranked.stv import STVResult, count_stv
from ballots.errors import BallotError, InvalidBallot
from tests.ballots.stv_examples import FOOD, make_food_ballots


def make_dead_heat() -> list[tuple[tuple[str, ...], int]]:
    return [(("A",), 2), (("B",), 2), (("C",), 3)]


def test_exclusion_tie_is_settled_by_the_most_recent_unequal_stage() -> None:
    ballots = [(("A",), 6), (("B",), 4), (("C", "B"), 3), (("D", "C"), 1)]
    result = count_stv(("A", "B", "C", "D"), 1, ballots)

    # Stage 2: D's vote makes C 4 = B 4; at stage 1 C had 3 < 4, so C is excluded.
    assert result.stages[2].subjects == ("C",)
    (tie,) = result.ties
    assert (tie.tied, tie.decided_by, tie.look_back_stage) == (("B", "C"), "earlier-stage", 1)
    assert result.elected == ("B",)


def test_tie_without_lot_is_reported_not_guessed() -> None:
    result = count_stv(("A", "B", "C"), 1, make_dead_heat())

    assert not result.complete
    assert result.needs_lot is not None
    assert (result.needs_lot.stage, result.needs_lot.tied) == (2, ("A", "B"))
    assert result.needs_lot.context == "stv:stage-2:exclusion"
    assert result.elected == ()
    assert len(result.stages) == 1


def test_lot_decides_and_is_recorded() -> None:
    calls: list[tuple[tuple[str, ...], str]] = []

    def lot(tied: tuple[str, ...], context: str) -> tuple[str, ...]:
        calls.append((tied, context))
        return tuple(reversed(tied))  # best first: B, A -> A is excluded

    result = count_stv(("A", "B", "C"), 1, make_dead_heat(), lot=lot)

    assert calls == [(("A", "B"), "stv:stage-2:exclusion")]
    assert result.excluded[0] == "A"
    assert result.ties[0].decided_by == "lot"
    assert result.ties[0].order == ("B", "A")
    assert result.complete


def test_lot_that_does_not_order_the_tied_candidates_is_refused() -> None:
    with pytest.raises(BallotError):
        count_stv(("A", "B", "C"), 1, make_dead_heat(), lot=lambda tied, ctx: ("A",))


def test_more_zero_vote_candidates_than_can_leave_needs_a_lot() -> None:
    result = count_stv(("A", "Y", "Z"), 2, [(("A",), 5)])

    assert result.needs_lot is not None
    assert result.needs_lot.tied == ("Y", "Z")


def test_recorded_lot_of_the_counting_package_plugs_in_as_tie_breaker() -> None:
    lot_input = LotInput(public_value="4711", audit_hash="ab" * 32)
    records = []

    def tie_breaker(tied: tuple[str, ...], context: str) -> tuple[str, ...]:
        record = draw(lot_input, context, tied)
        records.append(record)
        return record.order

    result = count_stv(("A", "B", "C"), 1, make_dead_heat(), lot=tie_breaker)

    (record,) = records
    assert record.purpose == "stv:stage-2:exclusion"
    assert result.excluded[0] == record.order[-1]
    assert result.complete


def test_fewer_candidates_than_seats_leaves_seats_vacant() -> None:
    result = count_stv(("A", "B"), 3, [(("A", "B"), 3), (("B",), 1)])

    assert result.elected == ("A", "B")
    assert result.vacant == 1


def test_empty_rankings_are_abstentions_outside_the_quota() -> None:
    result = count_stv(FOOD, 3, [*make_food_ballots(), ((), 5), ()])

    assert (result.valid, result.empty, result.quota) == (20, 6, 6)
    assert result.elected == ("Chocolate", "Orange", "Strawberry")


def test_aggregated_and_single_ballots_give_the_same_result() -> None:
    single = [ranking for ranking, count in make_food_ballots() for _ in range(count)]

    assert count_stv(FOOD, 3, single) == count_stv(FOOD, 3, make_food_ballots())


@pytest.mark.parametrize(
    ("ballot", "path_reason"),
    [
        (("Orange", "Kiwi"), "unknown candidate 'Kiwi'"),
        (("Orange", "Orange"), "a candidate is ranked more than once"),
        ((("Orange",), -1), "count must be an integer >= 0"),
    ],
)
def test_malformed_rankings_are_refused_with_a_path(
    ballot: tuple[str, ...], path_reason: str
) -> None:
    with pytest.raises(InvalidBallot) as info:
        count_stv(FOOD, 3, [(("Pear",), 1), ballot])

    assert (info.value.path, info.value.reason_en) == ("ballots[1]", path_reason)


def test_result_is_frozen() -> None:
    result: STVResult = count_stv(FOOD, 3, make_food_ballots())

    with pytest.raises(AttributeError):
        result.quota = 5  # type: ignore[misc]
