"""Declines through the chair's pages: before and after a later round, by someone who moved
up, with nobody left (the vacancy listed once, the refill offered), and refill rounds — a
refill after a refill (paths and hand-derived lists: paths.py)."""

from __future__ import annotations

from tests.app.elections import paths
from tests.app.elections.day import run_and_check


def test_declines_before_and_after_the_mixed_round(chair, client):
    run_and_check(client, chair, paths.DECLINES_BEFORE_AND_AFTER)


def test_a_decline_by_someone_who_moved_up(chair, client):
    run_and_check(client, chair, paths.DECLINE_AFTER_MOVING_UP)


def test_a_decline_with_nobody_left(chair, client):
    run_and_check(client, chair, paths.DECLINE_NOBODY_LEFT)


def test_refill_rounds_one_after_another(chair, client):
    run_and_check(client, chair, paths.REFILL_TWICE)
