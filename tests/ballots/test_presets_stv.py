"""The stv-ranked preset: published STV counts through ``tally`` with nothing but the preset
(it used to take five overrides on top of linke-delegates, found by trial)."""

from __future__ import annotations

from typing import Any

from ballots.counting import tally
from ballots.rules import list_presets, load_preset

from .counting_factory import make_contest
from .stv_examples import FOOD, make_food_ballots, make_gpus_ballots, make_gpus_candidates


def ranked(ranking: tuple[str, ...]) -> dict[str, Any]:
    return {"marks": {cid: place for place, cid in enumerate(ranking, start=1)}}


def test_preset_is_shipped_and_needs_no_override() -> None:
    assert "stv-ranked" in list_presets()
    rules = load_preset("stv-ranked")
    assert (rules.ballot_form, rules.ranked_method, rules.quota, rules.no_allowed,
            rules.decisions) == ("ranked", "stv", "none", "never", ())
    assert "SSI 2007/42" in rules.source


def test_wikipedia_food_election_elects_chocolate_orange_strawberry() -> None:
    contest = make_contest("stv-ranked", seats=3, candidates=[(c, "") for c in FOOD])
    ballots = [ranked(r) for r, n in make_food_ballots() for _ in range(n)]
    result = tally(contest, ballots)
    assert result.status == "final"
    assert set(result.elected) == {"Chocolate", "Orange", "Strawberry"}
    assert result.valid == 20
    assert [s.status for s in result.seats] == ["filled"] * 3


def test_gpus_2005_matches_droop_reference_through_the_preset() -> None:
    contest = make_contest("stv-ranked", seats=4,
                           candidates=[(c, "") for c in make_gpus_candidates()])
    result = tally(contest, [ranked(r) for r in make_gpus_ballots()])
    assert result.elected == ("C7", "C4", "C13", "C3")
    assert result.threshold == "stv"


def test_same_result_as_the_five_overrides_it_replaces() -> None:
    overrides = {"ballot_form": "ranked", "no_allowed": "never", "quota": "none",
                 "threshold": "relative", "substitutes_per_group": False}
    by_trial = make_contest("linke-delegates", seats=4, round_kind="mixed", overrides=overrides,
                            candidates=[(c, "") for c in make_gpus_candidates()])
    preset = make_contest("stv-ranked", seats=4,
                          candidates=[(c, "") for c in make_gpus_candidates()])
    ballots = [ranked(r) for r in make_gpus_ballots()]
    assert tally(by_trial, ballots).elected == tally(preset, ballots).elected


def test_partial_and_empty_rankings_are_valid_nein_is_not_a_mark() -> None:
    contest = make_contest("stv-ranked", seats=1, candidates=[("A", ""), ("B", ""), ("C", "")])
    ballots = [ranked(("A",))] * 3 + [ranked(("B", "C"))] * 2 + [{"marks": {}}] + [
        {"marks": {"A": "N"}}]
    result = tally(contest, ballots)
    assert result.elected == ("A",)
    assert (result.cast, result.invalid) == (7, 1)
    assert result.grounds[0].code == "bad_mark"
