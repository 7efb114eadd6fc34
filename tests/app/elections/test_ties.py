"""Ties through the chair's pages: a tie in the mixed round goes to a runoff and a tie in
the runoff to the lot; an association's tie goes to the lot at once (paths and the lists
derived by hand: tests/app/elections/paths.py)."""

from __future__ import annotations

from tests.app.elections import paths
from tests.app.elections.day import final_lists, run_and_check


def _lot_line(day) -> str:
    lists = final_lists(day)
    return next(e["reason"] for e in lists["elected"] if e["name"] == day.lot["winner"])


def test_tie_in_the_mixed_round_runoff_then_lot(chair, client):
    day = run_and_check(client, chair, paths.TIE_IN_MIXED)
    assert "im 3. Wahlgang" in _lot_line(day) and "durch Los entschieden" in _lot_line(day)


def test_association_absolute_then_relative_majority_and_lot(chair, client):
    day = run_and_check(client, chair, paths.ABSOLUTE_THEN_RELATIVE)
    assert "im 2. Wahlgang" in _lot_line(day) and "durch Los entschieden" in _lot_line(day)


def test_every_path_has_a_test_and_a_unique_name():
    """Each path in the shared data is driven by a test here (a path nobody runs is a list
    nobody checked)."""
    import pathlib
    import re

    here = pathlib.Path(__file__).parent
    used = set()
    for module in here.glob("test_*.py"):
        used.update(re.findall(r"paths\.([A-Z_]+)", module.read_text(encoding="utf-8")))
    every = {name: value for name, value in vars(paths).items()
             if isinstance(value, type(paths.TIE_IN_MIXED))}
    assert len(paths.ALL) == len({id(p) for p in every.values()})  # names are unique
    assert set(every) <= used
