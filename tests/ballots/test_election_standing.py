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


def test_refill_round_that_leaves_the_seat_open_calls_for_a_further_round() -> None:
    # Regression: after a refill round in which nobody met the threshold the seat was shown
    # "vacant after declines" and the step was another refill round — which refill_round
    # cannot build (the seat is already linked to the refill round). Now the seat is open
    # and the further round after the refill round fills it.
    from ballots.election.file import election_from_dict

    data = {"title": "t", "rules": {"preset": "association"}, "seats": 1,
            "candidates": [{"id": "X"}, {"id": "Y"}], "events": [
                {"round": "first", "ballots": [{"marks": {"X": "Y"}}] * 3},
                {"decline": "X"},
                {"round": "refill", "ballots": [{"marks": {"Y": "N"}}] * 2
                 + [{"marks": {"Y": "Y"}}]}]}
    st = election_from_dict(data).standing
    seat = st.seat("S1")
    assert (seat.status, seat.vacancy, seat.poll) == ("open", None, "R2")
    assert [(s.kind, s.after, s.seats) for s in st.steps] == [("further", "R2", ("S1",))]
    data["events"].append({"round": "next", "ballots": [{"marks": {"Y": "Y"}}]})
    st = election_from_dict(data).standing
    assert (st.seat("S1").holder, st.complete) == ("Y", True)
    assert [(h.candidate, h.poll) for h in st.seat("S1").holdings] == [("X", "R1"),
                                                                       ("Y", "R3")]


def test_open_place_waits_for_a_further_round_after_its_own_round_not_the_runoff() -> None:
    # Regression: GRÜNE list, round 1 ties Anna and Berta for the women's places 1 and 3 and
    # leaves place 4 open (Gustav 2 of 10). After the runoff the step was a further round
    # "after the runoff" — which has no open place (next_round: no open seats left) and
    # offered only the runoff's candidates. The further round follows round 1.
    from ballots.election.file import election_from_dict

    people = [{"id": "W1", "group": "Frau"}, {"id": "W2", "group": "Frau"},
              {"id": "M1", "group": "offen"}, {"id": "M2", "group": "offen"}]
    data = {"title": "Liste", "rules": {"preset": "gruene-list"}, "seats": 4,
            "candidates": people, "events": [
                {"round": "first", "ballots": [{"marks": {"W1": "Y", "W2": "Y", "M1": "Y"}}] * 6
                 + [{"marks": {"M1": "Y", "M2": "Y"}}] * 2 + [{"marks": {}}] * 2},
                {"round": "runoff", "ballots": [{"marks": {"W1": "Y"}}] * 5
                 + [{"marks": {"W2": "Y"}}] * 3}]}
    st = election_from_dict(data).standing
    assert [(s.slot.key, s.holder) for s in st.seats] == [
        ("P1", "W1"), ("P2", "M1"), ("P3", "W2"), ("P4", None)]
    assert [(s.kind, s.after, s.seats, s.candidates) for s in st.steps] == [
        ("further", "R1", ("P4",), ("M2",))]
    data["events"].append({"round": "next", "ballots": [{"marks": {"M2": "Y"}}] * 6
                           + [{"marks": {"M2": "N"}}] * 4})
    st = election_from_dict(data).standing
    assert (st.seat("P4").holder, st.complete) == ("M2", True)


def test_one_vote_is_singular_in_the_lists() -> None:
    from ballots.election.file import election_from_dict

    data = {"title": "t", "rules": {"preset": "association"}, "seats": 1,
            "candidates": [{"id": "X", "name": "Xaver"}],
            "events": [{"round": "next", "ballots": [{"marks": {"X": "Y"}}]}]}
    st = election_from_dict(data).standing
    assert "Sitz 1: Xaver (gewählt im 1. Wahlgang mit 1 Stimme;" in standing_text(st)
    assert "seat 1: Xaver (elected in round 1 with 1 vote;" in standing_text(st, lang="en")
