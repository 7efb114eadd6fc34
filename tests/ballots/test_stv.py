"""Scottish STV (SSI 2007/42) against published counts, plus its tie and input rules."""

from __future__ import annotations

from fractions import Fraction

import pytest

from ballots.canonical import dumps
from ballots.counting.lot import LotInput, draw
from ballots.counting.ranked import ranked_result_to_dict
from ballots.counting.ranked.stv import STVResult, count_stv, droop_quota
from ballots.errors import BallotError, InvalidBallot

# GPUS Steering Committee election 2005-07-24, 13 candidates, 4 seats, 94 ballots. Ballot data
# from jklundell/droop test/blt/SC.blt; the expected Scottish STV count (five-decimal fixed
# point) is Droop's published reference output test/ref/dump/SC-scotland-fixed-p5-d5.txt.
# Candidate k here is "Ck"; 3 = Tom Sevigny, 4 = Pat LaMarche, 7 = Rebecca Rotzler,
# 8 = Kristen Olsen, 13 = Steve Kramer.
GPUS_2005 = """
7 8 9 11 12
7 8 9 11 12
13 7 5 4 2 1
5 13 2 7 4 1
13 4 1 2
4 2 13 1 3
4 13 2 7
7 8 12 1 13 9 2 4 11 5
1 13 3 4 7 5 2
4 1 13 7 3 5 2
4 1 13 7 3 5 2
1 4 13 2 7 5 3 9 8 12 11
7 1 8 9 13 3 2 4 12 5 11
7 8 9 11 12
7 1 8 9 13 3 2 4 12 5 11
7 8 9 11 12
7 8 9 11 12
7 8 9 11 12
5 1 13 3 2 4 7
7 8 9 3 12 2 13 5 1 4
3 13 1 2
3 13 1 2
4 7 13 5
4 5 13 3 2 1
7 8 9 11 12
7 9 8 12 11 2 13
7 8 9 11 12
7 8 9 11 12
4 3 13 1
4 3 13 1
13 3 4 1 7 2 5
3 13 4 1 7 2 5
13 3 4 1 2 5 7
13 1 4 2 5 3 7
13 4 3 1 2 5
3 13 1 4 2 7 5
4 3 13 8
4 3 13 1
1 4 13 7
1 4 13 7
7 3 4 13 1 5
9 11 8 7
7 8 9 11 12
13 3 5 2
4 5 2 3 13
13 5 2 4 1 3 7
13 5 2 1 7 3 8
7 8 9 12 11
7 8 4 9 12
13 4 7 2 8
4 13 2 7 1 8
7 8 11 9 12
8 4 7 11 13 9
7 4 2 13
13 1 7 4
4 1 2 13 9 5
1 4 13 5 3 2
7 5 4 8 11 2 13 1 3 9 12
4 8 7 5 13 2 1 3 9
3 4 7 2 12 13 8 1 5
7 8 9 11 12
7 8 11 9
7 8 11 9
7 8 9 11 12
7 8 9 11 12
7 8 9 11 12
13 2 4 7 5 1
7 8 9 11 12
7 8 9 11
7 8 9 11 12
2 7 8 12 13 11 1 5 9
4 7 8 2
4 13 5 2 1 3
13 4 7 3 1 5 8 2 9
4 3 13 1 7
13 4 1 3
4 1 13 3 2 7 8
2 4 13 5
2 3 4 1 13 7
3 1 4 13
4 3 1 2 11
3 1 4 13 2 7
4 1 2 8 3
4 1 5 13 2 3
4 1 5 13 2 3
7 8 9 11 12
7 8 9 11 12
13 7 3 2 5 4 1
13 5 7 2 4 1
7 8 9 11 12
1 13 3 7 2 4 5
13 1 2 7 4 5 3
13 1 2 7 4 5 3
3 1 4 2 13 7 9 5 8"""


def make_gpus_ballots() -> list[tuple[str, ...]]:
    return [tuple(f"C{n}" for n in line.split()) for line in GPUS_2005.split("\n") if line]


def make_gpus_candidates() -> tuple[str, ...]:
    return tuple(f"C{n}" for n in range(1, 14))


def fx(text: str) -> Fraction:
    """A five-decimal figure as printed in the reference count."""
    return Fraction(text)


def make_food_ballots() -> list[tuple[tuple[str, ...], int]]:
    # Wikipedia "Single transferable vote", food-election example (20 guests, 3 seats, Droop
    # quota 6), as mirrored at https://www.liquisearch.com/single_transferable_vote/example and
    # with the preference table spelled out at
    # http://magickallgateway.org/magickallgateway.org/STV/stvexample.html
    return [
        (("Orange", "Pear"), 4),
        (("Pear", "Orange"), 2),
        (("Chocolate", "Strawberry"), 8),
        (("Chocolate", "Sweets"), 4),
        (("Strawberry",), 1),
        (("Sweets",), 1),
    ]


FOOD = ("Orange", "Pear", "Chocolate", "Strawberry", "Sweets")


def test_food_election_matches_the_published_rounds() -> None:
    result = count_stv(FOOD, 3, make_food_ballots())

    assert result.quota == 6
    assert result.elected == ("Chocolate", "Orange", "Strawberry")
    assert [(s.kind, s.subjects) for s in result.stages] == [
        ("first-preferences", ()),
        ("surplus", ("Chocolate",)),
        ("exclusion", ("Pear",)),
        ("exclusion", ("Sweets",)),
    ]
    # Round 2: Chocolate's surplus of 6 goes half-value to Strawberry (+4) and Sweets (+2).
    assert result.stages[1].transfer_value == Fraction(1, 2)
    assert dict(result.stages[1].votes) == {
        "Orange": 4,
        "Pear": 2,
        "Chocolate": 6,
        "Strawberry": 5,
        "Sweets": 3,
    }
    # Round 3: Pear's votes reach Orange, who meets the quota exactly.
    assert result.stages[2].votes_of("Orange") == 6
    assert result.stages[2].elected == ("Orange",)
    # Round 4: Sweets excluded, Strawberry fills the last seat.
    assert result.stages[3].elected == ("Strawberry",)
    assert [e.by for e in result.elections] == ["quota", "quota", "last-vacancies"]
    assert result.complete


def test_gpus_2005_matches_droop_reference_count_stage_by_stage() -> None:
    result = count_stv(make_gpus_candidates(), 4, make_gpus_ballots())

    assert (result.valid, result.quota) == (94, 19)
    first = result.stages[0]
    assert dict(first.votes) == {
        "C1": 6,
        "C2": 3,
        "C3": 8,
        "C4": 22,
        "C5": 2,
        "C6": 0,
        "C7": 33,
        "C8": 1,
        "C9": 1,
        "C10": 0,
        "C11": 0,
        "C12": 0,
        "C13": 18,
    }
    assert first.elected == ("C7", "C4")
    rotzler = result.stages[1]  # droop round 1: transfer of Rotzler's surplus of 14
    assert rotzler.subjects == ("C7",)
    assert rotzler.transfer_value == fx("0.42424")
    assert {c: rotzler.votes_of(c) for c in ("C1", "C2", "C3", "C5", "C7", "C8", "C9")} == {
        "C1": fx("6.84848"),
        "C2": fx("3.42424"),
        "C3": fx("8.42424"),
        "C5": fx("2.42424"),
        "C7": 19,
        "C8": fx("12.45448"),
        "C9": fx("1.42424"),
    }
    lamarche = result.stages[2]  # droop round 2
    assert {c: lamarche.votes_of(c) for c in ("C1", "C2", "C3", "C5", "C8", "C13")} == {
        "C1": fx("7.80300"),
        "C2": fx("3.56060"),
        "C3": fx("9.24240"),
        "C5": fx("2.69696"),
        "C8": fx("12.72720"),
        "C13": fx("18.54544"),
    }
    by_subject = {s.subjects: s for s in result.stages}
    # droop rounds 3-6 exclude the four candidates without votes one by one, by lot; here
    # they leave together (none holds a vote, so their order cannot matter).
    assert by_subject[("C6", "C10", "C11", "C12")].kind == "exclusion"
    assert by_subject[("C9",)].votes_of("C8") == fx("14.15144")
    piacsek = by_subject[("C5",)]
    assert piacsek.votes_of("C13") == fx("19.68180")
    assert piacsek.elected == ("C13",)
    kramer = by_subject[("C13",)]
    assert (kramer.votes_of("C1"), kramer.votes_of("C3")) == (fx("9.01084"), fx("9.45496"))
    assert kramer.non_transferable_total == fx("0.00472")
    assert by_subject[("C2",)].non_transferable_total == fx("1.43368")
    assert by_subject[("C1",)].votes_of("C3") == fx("16.62204")
    assert by_subject[("C1",)].votes_of("C8") == fx("16.59988")
    last = result.stages[-1]
    assert last.subjects == ("C8",)
    assert last.votes_of("C3") == fx("18.59172")
    assert last.non_transferable_total == fx("18.40808")
    assert result.elected == ("C7", "C4", "C13", "C3")
    assert result.elections[-1].by == "last-vacancies"


def test_castor_pollux_helen_matches_droop_reference() -> None:
    # jklundell/droop test/blt/42.blt and test/ref/dump/42-scotland-fixed-p5-d5.txt
    ballots = [(("Castor", "Pollux"), 4), (("Helen",), 2)]
    result = count_stv(("Castor", "Pollux", "Helen"), 2, ballots)

    assert result.quota == 3
    assert dict(result.stages[1].votes) == {"Castor": 3, "Pollux": 1, "Helen": 2}
    assert result.stages[2].non_transferable_total == 1
    assert result.elected == ("Castor", "Helen")
    assert result.excluded == ("Pollux",)


@pytest.mark.parametrize(
    ("valid", "seats", "quota"), [(94, 4, 19), (20, 3, 6), (6, 2, 3), (0, 1, 1)]
)
def test_quota_is_floor_of_valid_over_seats_plus_one_plus_one(
    valid: int, seats: int, quota: int
) -> None:
    assert droop_quota(valid, seats) == quota


def test_exact_wigm_keeps_every_fraction() -> None:
    result = count_stv(make_gpus_candidates(), 4, make_gpus_ballots(), decimals=None)

    assert result.method == "wigm-exact"
    assert result.stages[1].transfer_value == Fraction(14, 33)
    assert result.stages[1].votes_of("C8") == 1 + Fraction(27 * 14, 33)
    assert all(stage.loss == 0 for stage in result.stages)


def test_every_stage_accounts_for_every_valid_paper() -> None:
    result = count_stv(make_gpus_candidates(), 4, make_gpus_ballots())

    for stage in result.stages:
        total = sum(v for _, v in stage.votes) + stage.non_transferable_total + stage.loss_total
        assert total == result.valid
    assert result.stages[1].loss == fx("0.00008")


def test_exclusion_tie_is_settled_by_the_most_recent_unequal_stage() -> None:
    ballots = [(("A",), 6), (("B",), 4), (("C", "B"), 3), (("D", "C"), 1)]
    result = count_stv(("A", "B", "C", "D"), 1, ballots)

    # Stage 2: D's vote makes C 4 = B 4; at stage 1 C had 3 < 4, so C is excluded.
    assert result.stages[2].subjects == ("C",)
    (tie,) = result.ties
    assert (tie.tied, tie.decided_by, tie.look_back_stage) == (("B", "C"), "earlier-stage", 1)
    assert result.elected == ("B",)


def make_dead_heat() -> list[tuple[tuple[str, ...], int]]:
    return [(("A",), 2), (("B",), 2), (("C",), 3)]


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


def test_result_serialises_canonically_with_exact_fractions() -> None:
    result = count_stv(make_gpus_candidates(), 4, make_gpus_ballots())

    data = ranked_result_to_dict(result)

    assert data["quota"] == 19
    assert data["stages"][1]["transfer_value"] == Fraction(5303, 12500)
    assert b'"transfer_value":"5303/12500"' in dumps(data)
