"""The pure standing on its own: what it says before any round and for hand-made events."""

from __future__ import annotations

import pytest

from ballots.contest import Candidate
from ballots.election import make_definition, standing
from ballots.election.text import standing_text
from ballots.rules import load_preset

PEOPLE = [Candidate("W1", "Anna", "Frau"), Candidate("W2", "Berta", "Frau"),
          Candidate("M1", "Fritz", "offen")]


@pytest.mark.parametrize(("preset", "kind", "seats", "runs"), [
    ("linke-delegates", "women", ("W1", "W2"), ("W1", "W2")),
    ("association", "general", ("S1", "S2", "S3"), ("W1", "W2", "M1")),
    ("gruene-list", "general", ("P1", "P2", "P3"), ("W1", "W2", "M1")),
])
def test_a_fresh_election_calls_for_its_first_round_not_complete(
        preset: str, kind: str, seats: tuple[str, ...], runs: tuple[str, ...]) -> None:
    # Regression: with no round yet the standing said "complete" ("Die Wahl ist
    # abgeschlossen") for an election whose every seat was still open.
    definition = make_definition(id="E1", title="t", rules=load_preset(preset), seats=3,
                                 candidates=PEOPLE, withdrawn=())
    st = standing(definition, ())
    assert not st.complete
    assert (st.next.kind, st.next.seat_kind, st.next.seats, st.next.candidates) == (
        "first", kind, seats, runs)
    assert all(s.status == "open" for s in st.seats)
    assert "Als Nächstes: erster Wahlgang" in standing_text(st)


def test_first_round_skips_withdrawn_and_leaves_mixed_first_to_the_mixed_step() -> None:
    rules = load_preset("linke-delegates")
    withdrawn = make_definition(id="E1", title="t", rules=rules, seats=2, candidates=PEOPLE,
                                withdrawn=["W1"])
    assert standing(withdrawn, ()).next.candidates == ("W2",)
    mixed_first = make_definition(id="E1", title="t", rules=rules, seats=2, candidates=PEOPLE,
                                  first_round_kind="mixed")
    steps = standing(mixed_first, ()).steps
    assert [(s.kind, s.seats) for s in steps] == [("mixed", ("M1", "M2"))]
