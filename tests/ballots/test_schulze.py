"""Schulze (winning votes) against published examples, and its tie rules."""

from __future__ import annotations

from ballots.counting.ranked.schulze import count_schulze

ABCDE = ("A", "B", "C", "D", "E")


def make_wikipedia_ballots() -> list[tuple[tuple[str, ...], int]]:
    # Wikipedia "Schulze method", example with 45 voters and 5 candidates (also in Markus
    # Schulze's example collection, https://pinocchiopedia.com/wiki/User:MarkusSchulze/
    # Schulze_method_examples, "Example 1"; mirrored at
    # https://www.liquisearch.com/schulze_method/example).
    return [
        (tuple("ACBED"), 5),
        (tuple("ADECB"), 5),
        (tuple("BEDAC"), 8),
        (tuple("CABED"), 3),
        (tuple("CAEBD"), 7),
        (tuple("CBADE"), 2),
        (tuple("DCEBA"), 7),
        (tuple("EBADC"), 8),
    ]


def test_wikipedia_example_pairwise_and_strongest_paths() -> None:
    result = count_schulze(ABCDE, 1, make_wikipedia_ballots())

    assert result.pairwise == (
        (0, 20, 26, 30, 22),
        (25, 0, 16, 33, 18),
        (19, 29, 0, 17, 24),
        (15, 12, 28, 0, 14),
        (23, 27, 21, 31, 0),
    )
    assert result.strongest == (
        (0, 28, 28, 30, 24),
        (25, 0, 28, 33, 24),
        (25, 29, 0, 29, 24),
        (25, 28, 28, 0, 24),
        (25, 28, 28, 31, 0),
    )


def test_wikipedia_example_winner_is_e_and_ranking_follows_the_paths() -> None:
    result = count_schulze(ABCDE, 2, make_wikipedia_ballots())

    assert result.winner == "E"
    assert result.ranking == ("E", "A", "C", "B", "D")
    assert result.elected == ("E", "A")
    assert result.beats("E", "A") and not result.beats("A", "E")
    assert result.complete and result.ties == ()


def test_tennessee_condorcet_winner_nashville_wins() -> None:
    # Tennessee example (see test_irv.py): Nashville beats every other city pairwise.
    ballots = [
        (("Memphis", "Nashville", "Chattanooga", "Knoxville"), 42),
        (("Nashville", "Chattanooga", "Knoxville", "Memphis"), 26),
        (("Chattanooga", "Knoxville", "Nashville", "Memphis"), 15),
        (("Knoxville", "Chattanooga", "Nashville", "Memphis"), 17),
    ]
    cities = ("Memphis", "Nashville", "Chattanooga", "Knoxville")
    result = count_schulze(cities, 1, ballots)

    assert result.ranking == ("Nashville", "Chattanooga", "Knoxville", "Memphis")


def test_unranked_candidates_rank_below_every_ranked_one() -> None:
    result = count_schulze(("A", "B", "C"), 1, [(("B",), 3), (("A", "B"), 2)])

    assert result.pairwise == ((0, 2, 2), (3, 0, 5), (0, 0, 0))
    assert result.ranking == ("B", "A", "C")


def test_tie_for_a_seat_without_lot_stops_and_names_the_place() -> None:
    result = count_schulze(("A", "B", "C"), 1, [(("A", "B", "C"), 1), (("B", "A", "C"), 1)])

    assert result.ranking == ()
    assert result.needs_lot is not None
    assert (result.needs_lot.stage, result.needs_lot.tied) == (1, ("A", "B"))
    assert not result.complete


def test_tie_below_the_seats_leaves_the_seats_decided() -> None:
    ballots = [(("C", "A", "B"), 1), (("C", "B", "A"), 1)]
    result = count_schulze(("A", "B", "C"), 1, ballots)

    assert result.elected == ("C",)
    assert result.complete
    assert result.needs_lot is not None and result.needs_lot.stage == 2


def test_lot_breaks_the_tie_as_a_random_ranking_would() -> None:
    contexts: list[str] = []

    def lot(tied: tuple[str, ...], context: str) -> tuple[str, ...]:
        contexts.append(context)
        return tuple(sorted(tied, key=("B", "C", "A").index))

    ballots = [(("A", "B", "C"), 1), (("B", "A", "C"), 1)]
    result = count_schulze(("A", "B", "C"), 2, ballots, lot=lot)

    assert result.ranking == ("B", "A", "C")
    assert contexts == ["schulze:place-1"]
    assert result.ties[0].decided_by == "lot"
