"""Scottish STV (SSI 2007/42) against published counts: stage by stage, to the fraction."""

from __future__ import annotations

from fractions import Fraction

import pytest

from ballots.canonical import dumps
from ballots.counting.ranked import ranked_result_to_dict
from ballots.counting.ranked.stv import count_stv, droop_quota
from tests.ballots.stv_examples import (
    FOOD,
    make_food_ballots,
    make_gpus_ballots,
    make_gpus_candidates,
)


def fx(text: str) -> Fraction:
    """A five-decimal figure as printed in the reference count."""
    return Fraction(text)


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


def test_result_serialises_canonically_with_exact_fractions() -> None:
    result = count_stv(make_gpus_candidates(), 4, make_gpus_ballots())

    data = ranked_result_to_dict(result)

    assert data["quota"] == 19
    assert data["stages"][1]["transfer_value"] == Fraction(5303, 12500)
    assert b'"transfer_value":"5303/12500"' in dumps(data)
