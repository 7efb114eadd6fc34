"""Rounds through the chair's pages: parallel women's and mixed rounds, a voided round and
its repeat, a paper round between electronic ones (paths and hand-derived lists: paths.py)."""

from __future__ import annotations

from tests.app.elections import paths
from tests.app.elections.day import run_and_check


def test_parallel_rounds_mixed_counted_first(chair, client):
    run_and_check(client, chair, paths.PARALLEL)


def test_parallel_rounds_women_counted_first(chair, client):
    run_and_check(client, chair, paths.PARALLEL_WOMEN_FIRST)


def test_voided_round_and_its_repeat(chair, client):
    run_and_check(client, chair, paths.VOID_AND_REPEAT)


def test_paper_round_between_electronic_ones(chair, client):
    run_and_check(client, chair, paths.PAPER_BETWEEN_ELECTRONIC)


def test_voided_mixed_round_and_its_repeat(chair, client):
    run_and_check(client, chair, paths.VOID_MIXED_AND_REPEAT)


def test_voided_runoff_and_its_repeat(chair, client):
    run_and_check(client, chair, paths.VOID_RUNOFF_AND_REPEAT)


def test_a_mixed_round_for_all_seats_first(chair, client):
    run_and_check(client, chair, paths.FIRST_ROUND_MIXED)
