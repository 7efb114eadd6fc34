"""Invariants of the ranked methods over random ballots (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ballots.counting.ranked import count_irv, count_schulze, count_stv

CANDIDATES = ("A", "B", "C", "D", "E")

rankings = st.lists(st.sampled_from(CANDIDATES), unique=True, max_size=len(CANDIDATES)).map(tuple)
ballot_lists = st.lists(rankings, min_size=0, max_size=40)


def first_choice_lot(tied: tuple[str, ...], context: str) -> tuple[str, ...]:
    """A fixed, reproducible 'lot' for property tests: reverse ballot order."""
    return tuple(reversed(tied))


@settings(max_examples=150, deadline=None)
@given(ballots=ballot_lists, seats=st.integers(1, 4), data=st.data())
def test_permuting_ballots_never_changes_any_result(
    ballots: list[tuple[str, ...]], seats: int, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(ballots))

    assert count_stv(CANDIDATES, seats, shuffled) == count_stv(CANDIDATES, seats, ballots)
    assert count_irv(CANDIDATES, shuffled) == count_irv(CANDIDATES, ballots)
    assert count_schulze(CANDIDATES, seats, shuffled) == count_schulze(CANDIDATES, seats, ballots)


@settings(max_examples=150, deadline=None)
@given(ballots=ballot_lists, seats=st.integers(1, 6))
def test_never_more_elected_than_seats_and_never_twice(
    ballots: list[tuple[str, ...]], seats: int
) -> None:
    for result in (
        count_stv(CANDIDATES, seats, ballots, lot=first_choice_lot),
        count_schulze(CANDIDATES, seats, ballots, lot=first_choice_lot),
    ):
        assert len(result.elected) <= seats
        assert len(set(result.elected)) == len(result.elected)
        assert result.complete
    stv = count_stv(CANDIDATES, seats, ballots, lot=first_choice_lot)
    assert len(stv.elected) + stv.vacant == seats
    assert len(stv.elected) == min(seats, len(CANDIDATES))


@settings(max_examples=150, deadline=None)
@given(ballots=ballot_lists, seats=st.integers(1, 4))
def test_stv_stages_account_for_every_paper(ballots: list[tuple[str, ...]], seats: int) -> None:
    result = count_stv(CANDIDATES, seats, ballots, lot=first_choice_lot)

    for stage in result.stages:
        held = sum(v for _, v in stage.votes)
        assert held + stage.non_transferable_total + stage.loss_total == result.valid
        assert stage.loss >= 0 and stage.non_transferable >= 0


@settings(max_examples=300, deadline=None)
@given(ballots=ballot_lists)
def test_one_seat_stv_elects_the_irv_winner_when_no_lot_is_needed(
    ballots: list[tuple[str, ...]],
) -> None:
    stv = count_stv(CANDIDATES, 1, ballots)
    irv = count_irv(CANDIDATES, ballots)

    if stv.complete and irv.complete:
        assert stv.elected == irv.elected


@settings(max_examples=100, deadline=None)
@given(ballots=ballot_lists, seats=st.integers(1, 3))
def test_aggregated_ballots_count_like_single_ones(
    ballots: list[tuple[str, ...]], seats: int
) -> None:
    grouped: dict[tuple[str, ...], int] = {}
    for ranking in ballots:
        grouped[ranking] = grouped.get(ranking, 0) + 1
    pairs = list(grouped.items())

    assert count_stv(CANDIDATES, seats, pairs) == count_stv(CANDIDATES, seats, ballots)
    assert count_irv(CANDIDATES, pairs) == count_irv(CANDIDATES, ballots)
    assert count_schulze(CANDIDATES, seats, pairs) == count_schulze(CANDIDATES, seats, ballots)


@settings(max_examples=150, deadline=None)
@given(ballots=ballot_lists)
def test_schulze_elects_a_condorcet_winner(ballots: list[tuple[str, ...]]) -> None:
    result = count_schulze(CANDIDATES, 1, ballots)
    n = len(CANDIDATES)
    d = result.pairwise
    condorcet = [i for i in range(n) if all(d[i][j] > d[j][i] for j in range(n) if j != i)]

    if condorcet:
        assert result.winner == CANDIDATES[condorcet[0]]
