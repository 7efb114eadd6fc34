"""Declines through the chair's pages: before and after a later round, by someone who moved
up, with nobody left (the vacancy listed once, the refill offered), and refill rounds — a
refill after a refill (paths and hand-derived lists: paths.py)."""

from __future__ import annotations

from tests.app.elections import paths
from tests.app.elections.day import (
    Day,
    check_lists,
    check_pages,
    check_protocol_and_audit,
    run_and_check,
    text_of,
)


def test_declines_before_and_after_the_mixed_round(chair, client):
    run_and_check(client, chair, paths.DECLINES_BEFORE_AND_AFTER)


def test_a_decline_by_someone_who_moved_up(chair, client):
    run_and_check(client, chair, paths.DECLINE_AFTER_MOVING_UP)


def test_a_decline_with_nobody_left(chair, client):
    run_and_check(client, chair, paths.DECLINE_NOBODY_LEFT)


def test_refill_rounds_one_after_another(chair, client):
    run_and_check(client, chair, paths.REFILL_TWICE)


def test_a_decline_while_a_runoff_is_pending(chair, client):
    path = paths.DECLINE_WHILE_RUNOFF_PENDING
    day = Day(client, chair, path)
    day.set_up()
    for step in path.steps[:2]:  # the women's round, Anna declines
        day.do(step)
    # the runoff's loser will be the first women's substitute: no refill round for FP1 now
    page = text_of(client.get(f"/chair/polls/{day.rounds[0].id}/round"))
    assert "unbesetzten Frauenplatz anlegen" not in page
    assert "Stichwahl um Frauenplatz 2" in page
    for step in path.steps[2:]:
        day.do(step)
    lists = check_lists(day)
    check_pages(day)
    check_protocol_and_audit(day, lists)


def test_gruene_decline_and_refill_of_a_womens_place(chair, client):
    run_and_check(client, chair, paths.GRUENE_DECLINE_AND_REFILL)


def test_the_lot_winner_declines_and_the_lot_loser_moves_up(chair, client):
    run_and_check(client, chair, paths.LOT_WINNER_DECLINES)


def test_a_decline_after_parallel_rounds_and_its_refill(chair, client):
    run_and_check(client, chair, paths.PARALLEL_DECLINE_AND_REFILL)


def test_a_refill_round_tied_goes_to_a_runoff_for_the_same_seat(chair, client):
    run_and_check(client, chair, paths.REFILL_WITH_RUNOFF)


def test_a_mixed_seat_refilled_after_two_declines(chair, client):
    run_and_check(client, chair, paths.MIXED_SEAT_REFILL)
