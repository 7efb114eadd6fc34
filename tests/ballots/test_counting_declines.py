"""Declines over the rounds of one election (docs/rules.md, Substitutes and declining).

The election below: 4 delegates under linke-delegates, a women's round for 2 seats, then a
mixed round for 2 seats. Every expected list is derived by hand from the ballots.
"""

from __future__ import annotations

import pytest

from ballots.contest import Candidate
from ballots.counting import (
    CrossRoundLists,
    Result,
    SeatHolding,
    apply_declines,
    apply_declines_across,
    next_round,
    tally,
)
from ballots.errors import BallotError
from tests.ballots.counting_factory import make_ballots, make_contest


def make_rounds() -> tuple[Result, Result]:
    """Women's round, 2 seats: W1 6 Ja, W2 5, W3 3, W4 2 (no Nein: 4 candidates > 2 seats)
    → W1, W2 elected; W3, W4 substitutes.
    Mixed round, 2 seats, W3 W4 + M1 M2 M3: M1 5, M2 4, M3 3, W4 2, W3 1 → M1, M2 elected;
    substitutes "Frau": W4, W3 (ranked again, W4 now ahead) and "offen": M3."""
    women = make_contest(seats=2, round_kind="women",
                         candidates=[("W1", "Frau"), ("W2", "Frau"), ("W3", "Frau"),
                                     ("W4", "Frau")])
    first = tally(women, make_ballots((5, {"W1": "Y", "W2": "Y"}), (1, {"W1": "Y"}),
                                      (3, {"W3": "Y"}), (2, {"W4": "Y"})))
    men = [Candidate("M1", "Name M1", "offen"), Candidate("M2", "Name M2", "offen"),
           Candidate("M3", "Name M3", "offen")]
    mixed = next_round(women, first, seats=2, add=men)
    second = tally(mixed, make_ballots((4, {"M1": "Y", "M2": "Y"}), (1, {"M1": "Y"}),
                                       (3, {"M3": "Y"}), (2, {"W4": "Y"}), (1, {"W3": "Y"})))
    return first, second


def holders(lists: CrossRoundLists) -> list[tuple[int, int, str, tuple[str, ...], str | None]]:
    return [(h.round, h.number, h.type, h.holders, h.holder) for h in lists.seats]


def test_rounds_of_the_example_are_as_derived():
    first, second = make_rounds()
    assert first.elected == ("W1", "W2")
    assert first.substitutes == (("Frau", ("W3", "W4")),)
    assert second.elected == ("M1", "M2")
    assert second.substitutes == (("Frau", ("W4", "W3")), ("offen", ("M3",)))


def test_declines_across_nobody_declines_keeps_every_seat():
    lists = apply_declines_across(make_rounds(), [])
    assert holders(lists) == [(0, 1, "women", ("W1",), "W1"), (0, 2, "women", ("W2",), "W2"),
                              (1, 1, "mixed", ("M1",), "M1"), (1, 2, "mixed", ("M2",), "M2")]
    assert lists.substitutes == (("Frau", ("W4", "W3")), ("offen", ("M3",)))
    assert lists.ranked_in == (("M3", 1), ("W4", 1), ("W3", 1))
    assert lists.declined == ()


def test_declines_across_womens_seat_goes_to_the_next_woman_of_the_latest_ranking():
    # M3 has more votes than any woman left, but a women's seat goes only to a woman; among
    # the women the mixed round's ranking counts (W4 2 > W3 1), not the women's round's.
    lists = apply_declines_across(make_rounds(), ["W1"])
    assert lists.seats[0] == SeatHolding(0, 1, "women", "Frau", ("W1", "W4"), "W4")
    assert lists.substitutes == (("Frau", ("W3",)), ("offen", ("M3",)))
    assert lists.declined == ("W1",)


def test_declines_across_mixed_seat_goes_to_the_best_substitute_of_any_group():
    lists = apply_declines_across(make_rounds(), ["M1"])
    assert lists.seats[2] == SeatHolding(1, 1, "mixed", None, ("M1", "M3"), "M3")
    assert lists.substitutes == (("Frau", ("W4", "W3")), ("offen", ()))


def test_declines_across_successor_who_declines_passes_the_seat_on():
    lists = apply_declines_across(make_rounds(), ["W1", "W4"])
    assert lists.seats[0].holders == ("W1", "W4", "W3")
    assert lists.seats[0].holder == "W3"
    assert lists.declined == ("W1", "W4")
    assert lists.substitutes == (("Frau", ()), ("offen", ("M3",)))


def test_declines_across_womens_seats_stay_vacant_rather_than_go_to_men():
    lists = apply_declines_across(make_rounds(), ["W2", "W1", "W4", "W3"])
    assert holders(lists)[:2] == [(0, 1, "women", ("W1", "W4", "W3"), None),
                                  (0, 2, "women", ("W2",), None)]
    assert lists.declined == ("W1", "W4", "W3", "W2")
    assert lists.substitutes == (("Frau", ()), ("offen", ("M3",)))


def test_declines_across_declined_substitute_drops_off_the_list():
    lists = apply_declines_across(make_rounds(), ["M3"])
    assert [h.holder for h in lists.seats] == ["W1", "W2", "M1", "M2"]
    assert lists.substitutes == (("Frau", ("W4", "W3")), ("offen", ()))
    assert lists.declined == ("M3",)


def test_declines_across_unknown_candidate_is_refused():
    with pytest.raises(BallotError, match="declined: unknown candidate 'X9'"):
        apply_declines_across(make_rounds(), ["X9"])


def test_apply_declines_is_the_one_round_view():
    _first, second = make_rounds()
    final = apply_declines(second, ["M2", "M3"])
    assert final.seats == ((1, "mixed", "M1"), (2, "mixed", "W4"))
    assert final.moved_up == (("W4", 2),)
    assert final.substitutes == (("Frau", ("W3",)), ("offen", ()))
    assert final.declined == ("M2", "M3")


def make_runoff_rounds() -> tuple[Result, Result]:
    """Mixed round, 1 seat, 10 ballots (3 candidates > 1 seat: no Nein): M1 4, M2 4, M3 2 →
    M1 and M2 tie for the seat → runoff; M3's substitute rank waits for it. Runoff: M2 6,
    M1 4 → M2 elected."""
    mixed = make_contest(seats=1, round_kind="mixed",
                         candidates=[("M1", "offen"), ("M2", "offen"), ("M3", "offen")])
    first = tally(mixed, make_ballots((4, {"M1": "Y"}), (4, {"M2": "Y"}), (2, {"M3": "Y"})))
    runoff = next_round(mixed, first, kind="runoff")
    second = tally(runoff, make_ballots((6, {"M2": "Y"}), (4, {"M1": "Y"})))
    return first, second


def test_declines_across_a_runoff_keeps_the_ranks_after_the_tie():
    first, second = make_runoff_rounds()
    assert first.status == "runoff_needed"
    assert first.substitutes == (("Frau", ()), ("offen", ()))
    assert second.elected == ("M2",)
    assert second.substitutes == (("Frau", ()), ("offen", ("M1",)))

    lists = apply_declines_across((first, second), [])

    # the runoff's loser at the tie's place, then M3 (2 Ja > 0 Nein in the mixed round)
    assert lists.substitutes == (("Frau", ()), ("offen", ("M1", "M3")))
    assert lists.ranked_in == (("M1", 1), ("M3", 0))
    declined = apply_declines_across((first, second), ["M2"])
    assert declined.seats[1].holders == ("M2", "M1")
    assert declined.substitutes == (("Frau", ()), ("offen", ("M3",)))
