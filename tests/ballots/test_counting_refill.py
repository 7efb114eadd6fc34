"""Seats left vacant after declines, and the further round that fills them (``round.fills``).

The election (linke-delegates, 3 seats): a women's round for 2 seats — A 6 Ja, C 6, E 3, F 0
(no Nein: 4 candidates > 2 seats) → A and C elected, E the women's first substitute, F below
the threshold. Then the mixed round for 1 seat. Every expected list is derived by hand.
"""

from __future__ import annotations

import pytest

from ballots.contest import Candidate, Contest, contest_from_dict, contest_to_dict
from ballots.counting import (
    Result,
    SeatHolding,
    Vacancy,
    apply_declines_across,
    next_round,
    refill_round,
    result_to_dict,
    tally,
    vacancies_after_declines,
)
from ballots.errors import BallotError, FormatError
from tests.ballots.counting_factory import make_ballots, make_contest

MEN = [Candidate("B", "Name B", "offen"), Candidate("D", "Name D", "offen")]
NEW_WOMAN = Candidate("G", "Name G", "Frau")


def womens_round() -> tuple[Contest, Result]:
    women = make_contest(seats=2, round_kind="women",
                         candidates=[("A", "Frau"), ("C", "Frau"), ("E", "Frau"), ("F", "Frau")])
    return women, tally(women, make_ballots((6, {"A": "Y", "C": "Y"}), (3, {"E": "Y"}),
                                            (1, {})))


def mixed_round_with_e() -> tuple[Contest, Result, Contest, Result]:
    """The mixed round created before C declined, so E runs in it: E 7, D 3, B 1, F 0 (one
    cross each) → E elected; D, B substitutes ("offen"); F below the threshold again."""
    women, first = womens_round()
    mixed = next_round(women, first, seats=1, add=MEN)
    second = tally(mixed, make_ballots((7, {"E": "Y"}), (3, {"D": "Y"}), (1, {"B": "Y"})))
    return women, first, mixed, second


def refill(contest: Contest, results: list[Result], declined: list[str], yes: dict[str, int],
           candidates: list[Candidate]) -> tuple[Contest, Result]:
    lists = apply_declines_across(results, declined)
    vacancies = vacancies_after_declines(results, lists)
    new = refill_round(contest, vacancies, number=results[-1].round.number + 1,
                       candidates=candidates)
    ballots = make_ballots(*((n, {cid: "Y"}) for cid, n in yes.items()))
    return new, tally(new, ballots + make_ballots((10 - len(ballots), {})))


def test_the_rounds_are_as_derived():
    _women, first, mixed, second = mixed_round_with_e()
    assert first.elected == ("A", "C")
    assert first.substitutes == (("Frau", ("E",)),)
    assert [c.id for c in mixed.candidates] == ["E", "F", "B", "D"]
    assert second.elected == ("E",)
    assert second.substitutes == (("Frau", ()), ("offen", ("D", "B")))


def test_someone_holding_a_seat_does_not_run_in_the_next_round():
    # C declined, E moved up into women's seat 2: the mixed round is for F and the men only
    women, first = womens_round()
    mixed = next_round(women, first, seats=1, add=MEN, withdrawn=["E"])
    assert [c.id for c in mixed.candidates] == ["F", "B", "D"]
    second = tally(mixed, make_ballots((7, {"D": "Y"}), (3, {"B": "Y"}), (1, {})))
    assert second.substitutes == (("Frau", ()), ("offen", ("B",)))

    lists = apply_declines_across([first, second], ["C"])

    # E did not run again, so the mixed round's empty women's list does not drop her
    assert [(h.holders, h.holder) for h in lists.seats] == [
        (("A",), "A"), (("C", "E"), "E"), (("D",), "D")]
    assert lists.substitutes == (("Frau", ()), ("offen", ("B",)))
    assert vacancies_after_declines([first, second], lists) == ()


def test_a_womens_seat_stays_vacant_when_the_only_substitute_won_the_mixed_round():
    _women, first, _mixed, second = mixed_round_with_e()
    lists = apply_declines_across([first, second], ["C"])
    assert lists.seats[1] == SeatHolding(0, 2, "women", "Frau", ("C",), None)
    assert vacancies_after_declines([first, second], lists) == (
        Vacancy(1, 2, "women", "women", "Frau", ("C",)),)


def test_the_further_round_fills_the_vacant_seat_and_keeps_its_name():
    women, first, _mixed, second = mixed_round_with_e()
    new, third = refill(women, [first, second], ["C"], {"F": 6}, [Candidate("F", "Name F",
                                                                            "Frau")])
    assert (new.round.kind, new.round.base_kind, new.round.number, new.seats) == (
        "further", "women", 3, 1)
    assert new.round.fills == ((1, 2),)
    assert [(s.label_de, s.label_en, s.candidate, s.status) for s in third.seats] == [
        ("Frauenplatz 2", "women's seat 2", "F", "filled")]

    lists = apply_declines_across([first, second, third], ["C"])

    assert lists.seats == (
        SeatHolding(0, 1, "women", "Frau", ("A",), "A"),
        SeatHolding(0, 2, "women", "Frau", ("C",), "F", filled_in=(2, 1)),
        SeatHolding(1, 1, "mixed", None, ("E",), "E"),
        SeatHolding(2, 1, "women", "Frau", ("F",), "F", fills=(0, 2)),
    )
    assert vacancies_after_declines([first, second, third], lists) == ()
    holders = [h.holder for h in lists.seats if h.fills is None]
    assert sorted(holders) == ["A", "E", "F"]  # three seats, nobody twice


def test_a_substitute_of_the_further_round_does_not_move_into_the_seat_it_filled():
    women, first, _mixed, second = mixed_round_with_e()
    _new, third = refill(women, [first, second], ["C"], {"F": 6, "G": 3},
                         [Candidate("F", "Name F", "Frau"), NEW_WOMAN])
    assert third.substitutes == (("Frau", ("G",)),)

    lists = apply_declines_across([first, second, third], ["C"])

    assert (lists.seats[1].holders, lists.seats[1].holder) == (("C",), "F")
    assert lists.substitutes == (("Frau", ("G",)), ("offen", ("D", "B")))


def test_when_the_winner_of_the_further_round_declines_its_substitute_moves_up():
    women, first, _mixed, second = mixed_round_with_e()
    _new, third = refill(women, [first, second], ["C"], {"F": 6, "G": 3},
                         [Candidate("F", "Name F", "Frau"), NEW_WOMAN])

    lists = apply_declines_across([first, second, third], ["C", "F"])

    assert lists.seats[1] == SeatHolding(0, 2, "women", "Frau", ("C",), "G", filled_in=(2, 1))
    assert lists.seats[3] == SeatHolding(2, 1, "women", "Frau", ("F", "G"), "G", fills=(0, 2))


def test_a_seat_vacant_again_is_filled_by_a_round_for_the_later_seat():
    women, first, _mixed, second = mixed_round_with_e()
    _new, third = refill(women, [first, second], ["C"], {"F": 6},
                         [Candidate("F", "Name F", "Frau")])
    results = [first, second, third]
    lists = apply_declines_across(results, ["C", "F"])
    assert lists.seats[1].holder is None
    assert vacancies_after_declines(results, lists) == (
        Vacancy(3, 1, "women", "women", "Frau", ("F",)),)

    again, fourth = refill(women, results, ["C", "F"], {"G": 5}, [NEW_WOMAN])

    assert again.round.fills == ((3, 1),)
    assert fourth.seats[0].label_de == "Frauenplatz 1"  # the seat of round 3, as it was called
    lists = apply_declines_across([*results, fourth], ["C", "F"])
    assert [(h.round, h.number, h.holder) for h in lists.seats] == [
        (0, 1, "A"), (0, 2, "G"), (1, 1, "E"), (2, 1, "G"), (3, 1, "G")]
    assert vacancies_after_declines([*results, fourth], lists) == ()


def test_a_tie_in_the_further_round_goes_to_a_runoff_for_the_same_seat():
    women, first, _mixed, second = mixed_round_with_e()
    new, third = refill(women, [first, second], ["C"], {"F": 4, "G": 4},
                        [Candidate("F", "Name F", "Frau"), NEW_WOMAN])
    assert third.status == "runoff_needed"

    runoff = next_round(new, third)

    assert (runoff.round.kind, runoff.round.base_kind, runoff.round.fills) == (
        "runoff", "women", ((1, 2),))
    assert [c.id for c in runoff.candidates] == ["F", "G"]


def test_the_runoff_of_a_tied_further_round_decides_the_seat():
    # runoff F 3, G 6 (one cross each, 1 empty) → G holds women's seat 2; the tied further
    # round before it does not empty the seat again
    women, first, _mixed, second = mixed_round_with_e()
    new, third = refill(women, [first, second], ["C"], {"F": 4, "G": 4},
                        [Candidate("F", "Name F", "Frau"), NEW_WOMAN])
    runoff = next_round(new, third)
    fourth = tally(runoff, make_ballots((3, {"F": "Y"}), (6, {"G": "Y"}), (1, {})))

    lists = apply_declines_across([first, second, third, fourth], ["C"])

    assert [(h.round, h.number, h.holder) for h in lists.seats] == [
        (0, 1, "A"), (0, 2, "G"), (1, 1, "E"), (2, 1, None), (3, 1, "G")]
    assert vacancies_after_declines([first, second, third, fourth], lists) == ()


def test_fills_round_trip_in_contest_and_result():
    women, first, _mixed, second = mixed_round_with_e()
    new, third = refill(women, [first, second], ["C"], {"F": 6},
                        [Candidate("F", "Name F", "Frau")])
    data = contest_to_dict(new)
    assert data["round"]["fills"] == [{"round": 1, "seat": 2}]
    assert contest_from_dict(data) == new
    assert result_to_dict(third)["round"]["fills"] == [{"round": 1, "seat": 2}]
    assert "fills" not in result_to_dict(first)["round"]  # other results keep their form


@pytest.mark.parametrize(("fills", "path"), [
    ([{"round": 1, "seat": 2}, {"round": 1, "seat": 1}], "round.fills"),  # 2 for 1 seat
    ([{"round": 3, "seat": 1}], "round.fills"),  # not an earlier round
    ([{"round": 1}], "round.fills[0]"),
    ("1/2", "round.fills"),
])
def test_fills_that_cannot_be_are_refused(fills, path):
    with pytest.raises(FormatError) as caught:
        make_contest(seats=1, round_kind="further", number=3, candidates=[("F", "Frau")],
                     round_extra={"base_kind": "women", "fills": fills})
    assert caught.value.path == path


def test_refill_without_candidates_or_with_mixed_kinds_is_refused_with_a_code():
    women, first, _mixed, second = mixed_round_with_e()
    lists = apply_declines_across([first, second], ["C", "E", "D", "B"])
    vacancies = vacancies_after_declines([first, second], lists)
    assert [(v.round, v.seat, v.kind, v.declined) for v in vacancies] == [
        (1, 2, "women", ("C",)), (2, 1, "mixed", ("E", "D", "B"))]
    with pytest.raises(BallotError) as caught:
        refill_round(women, vacancies, number=3, candidates=[NEW_WOMAN])
    assert caught.value.code == "next_round.refill_kinds"
    with pytest.raises(BallotError) as caught:
        refill_round(women, vacancies[:1], number=3, candidates=[])
    assert caught.value.code == "next_round.no_candidates"


def test_next_round_errors_carry_a_code():
    _women, first, mixed, second = mixed_round_with_e()
    with pytest.raises(BallotError) as caught:
        next_round(mixed, second, kind="further")
    assert caught.value.code == "next_round.no_open_seats"
    with pytest.raises(BallotError) as caught:
        next_round(mixed, second, kind="runoff")
    assert caught.value.code == "next_round.no_tie"
    with pytest.raises(BallotError) as caught:
        next_round(mixed, second, kind="banana")
    assert (caught.value.code, caught.value.params) == ("next_round.unknown_kind",
                                                        {"kind": "banana"})


def test_a_further_round_after_a_refill_that_left_the_seat_open_fills_it() -> None:
    # Regression: the refill round (R2) and the further round after it (R3) both fill seat 1
    # of round 1 (next_round carries round.fills). The seat went to R2's holder — nobody —
    # so whoever R3 elected was lost and the seat stayed vacant. The latest round decides.
    first_contest = make_contest("association", seats=1, candidates=[("X", ""), ("Y", "")])
    first = tally(first_contest, make_ballots((3, {"X": "Y", "Y": "N"})))
    lists = apply_declines_across([first], ["X"])
    vacancies = vacancies_after_declines([first], lists)
    assert [(v.round, v.seat) for v in vacancies] == [(1, 1)]
    again = refill_round(first_contest, vacancies, number=2, candidates=[Candidate("Y", "Y")])
    second = tally(again, make_ballots((2, {"Y": "N"}), (1, {"Y": "Y"})))
    assert second.seats[0].status == "open"
    further = next_round(again, second)
    assert further.round.fills == ((1, 1),)
    third = tally(further, make_ballots((1, {"Y": "Y"})))
    assert third.elected == ("Y",)
    lists = apply_declines_across([first, second, third], ["X"])
    assert [(h.round, h.holder, h.filled_in, h.fills) for h in lists.seats] == [
        (0, "Y", (2, 1), None), (1, None, None, (0, 1)), (2, "Y", None, (0, 1))]
    assert vacancies_after_declines([first, second, third], lists) == ()
