"""IRV for one seat against published examples, and its tie rules."""

from __future__ import annotations

from ballots.counting.ranked.irv import count_irv

TENNESSEE = ("Memphis", "Nashville", "Chattanooga", "Knoxville")


def make_tennessee_ballots() -> list[tuple[tuple[str, ...], int]]:
    # The "Tennessee example" (per cent of voters as ballots), preferences as listed at
    # https://electowiki.org/wiki/Effects_of_different_voting_systems_under_similar_circumstances
    # and http://www.fact-index.com/c/co/coombs__method.html; the IRV count (Chattanooga out,
    # then Nashville, Knoxville wins with 58) as published in Wikipedia's IRV article.
    return [
        (("Memphis", "Nashville", "Chattanooga", "Knoxville"), 42),
        (("Nashville", "Chattanooga", "Knoxville", "Memphis"), 26),
        (("Chattanooga", "Knoxville", "Nashville", "Memphis"), 15),
        (("Knoxville", "Chattanooga", "Nashville", "Memphis"), 17),
    ]


def test_tennessee_example_elects_knoxville_in_three_rounds() -> None:
    result = count_irv(TENNESSEE, make_tennessee_ballots())

    assert [dict(r.votes) for r in result.rounds] == [
        {"Memphis": 42, "Nashville": 26, "Chattanooga": 15, "Knoxville": 17},
        {"Memphis": 42, "Nashville": 26, "Chattanooga": 0, "Knoxville": 32},
        {"Memphis": 42, "Nashville": 0, "Chattanooga": 0, "Knoxville": 58},
    ]
    assert result.excluded == ("Chattanooga", "Nashville")
    assert result.winner == "Knoxville"
    assert result.rounds[-1].elected == "Knoxville"


def test_majority_is_of_continuing_ballots_not_of_all_ballots() -> None:
    # Election-Methods list example (2009), https://www.mail-archive.com/
    # election-methods@lists.electorama.com/msg02264.html: B is eliminated first, 4 of its
    # ballots exhaust, then A has 49 against C's 47 and wins.
    ballots = [
        (("C", "B"), 42),
        (("A", "B"), 39),
        (("B", "A"), 10),
        (("B",), 4),
        (("B", "C"), 5),
    ]
    result = count_irv(("A", "B", "C"), ballots)

    second = result.rounds[1]
    assert dict(second.votes) == {"A": 49, "B": 0, "C": 47}
    assert (second.continuing_total, second.exhausted) == (96, 4)
    assert result.winner == "A"


def test_exclusion_tie_looks_back_to_the_last_round_where_votes_differed() -> None:
    ballots = [(("A",), 6), (("B",), 4), (("C", "B"), 3), (("D", "C"), 1)]
    result = count_irv(("A", "B", "C", "D"), ballots)

    (tie,) = result.ties
    assert (tie.tied, tie.order, tie.decided_by, tie.look_back_stage) == (
        ("B", "C"),
        ("B", "C"),
        "earlier-stage",
        1,
    )
    assert result.excluded[:2] == ("D", "C")
    assert result.winner == "B"


def test_tie_with_no_earlier_difference_needs_a_lot() -> None:
    ballots = [(("A",), 3), (("B",), 3), (("C",), 4)]
    result = count_irv(("A", "B", "C"), ballots)

    assert result.winner is None
    assert result.needs_lot is not None
    assert (result.needs_lot.tied, result.needs_lot.context) == (
        ("A", "B"),
        "irv:round-1:exclusion",
    )

    drawn = count_irv(("A", "B", "C"), ballots, lot=lambda tied, ctx: ("A", "B"))
    assert drawn.excluded == ("B",)
    assert drawn.ties[0].decided_by == "lot"


def test_final_dead_heat_needs_a_lot() -> None:
    result = count_irv(("A", "B"), [(("A",), 2), (("B",), 2)])

    assert result.needs_lot is not None
    assert result.needs_lot.tied == ("A", "B")


def test_candidates_without_votes_leave_together() -> None:
    ballots = [(("A",), 2), (("B",), 2), (("C", "A"), 1)]
    result = count_irv(("A", "B", "C", "X", "Y"), ballots)

    assert result.rounds[0].excluded == ("X", "Y")
    assert result.ties == ()
    assert result.winner == "A"


def test_single_candidate_wins_and_empty_rankings_abstain() -> None:
    result = count_irv(("A",), [(), ((), 3)])

    assert (result.winner, result.valid, result.empty) == ("A", 0, 4)
    assert result.elected == ("A",)
