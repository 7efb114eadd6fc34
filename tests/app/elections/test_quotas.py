"""Quotas through the chair's pages: too few women under DIE LINKE, GRÜNE odd list places,
SPD 40 %, CDU's void first round (paths and hand-derived lists: paths.py)."""

from __future__ import annotations

from tests.app.elections import paths
from tests.app.elections.day import run_and_check


def test_too_few_women_the_womens_seat_stays_vacant(chair, client):
    day = run_and_check(client, chair, paths.TOO_FEW_WOMEN)
    assert day.rounds[1].contest["seats"] == 2  # the mixed round does not take the seat


def test_gruene_odd_list_places_with_a_runoff(chair, client):
    run_and_check(client, chair, paths.GRUENE_ODD_PLACES)


def test_spd_forty_percent(chair, client):
    run_and_check(client, chair, paths.SPD_QUOTA)


def test_cdu_first_round_void_below_a_third_then_repeat(chair, client):
    run_and_check(client, chair, paths.CDU_GROUP)


def test_gruene_runoff_decides_the_order_of_two_places(chair, client):
    run_and_check(client, chair, paths.GRUENE_PLACE_ORDER_RUNOFF)


def test_gruene_further_rounds_for_an_open_place(chair, client):
    run_and_check(client, chair, paths.GRUENE_FURTHER_ROUNDS)
