"""Rounds through the chair's pages: parallel women's and mixed rounds, a voided round and
its repeat, a paper round between electronic ones (paths and hand-derived lists: paths.py)."""

from __future__ import annotations

from tests.app.elections import paths
from tests.app.elections.day import run_and_check


def test_voided_round_and_its_repeat(chair, client):
    run_and_check(client, chair, paths.VOID_AND_REPEAT)
