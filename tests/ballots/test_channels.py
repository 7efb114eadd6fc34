"""Phones and paper in one poll: the two channels add up to one count.

The property that matters: splitting a hall's ballots between phones and paper (the paper
ones entered as the commission's totals) never changes the outcome — the mixed tally decides
exactly what counting every ballot together decides, and each channel keeps its own numbers.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ballots.cli_tally import tally_file
from ballots.contest import Contest
from ballots.counting import (
    count_batch,
    paper_totals_from_dict,
    result_to_dict,
    tally,
    tally_mixed,
)
from ballots.counting.batch import BallotBatch
from ballots.counting.result_load import result_from_dict
from ballots.errors import FormatError

from .counting_factory import make_contest, make_motion, yna

CANDIDATES = [("C1", "Frau"), ("C2", "offen"), ("C3", "Frau"), ("C4", "offen")]


def contests() -> list[Contest]:
    return [
        make_motion("motion-simple"),
        make_motion("motion-absolute"),
        make_motion("motion-two-thirds"),
        make_contest("linke-delegates", seats=2, candidates=CANDIDATES, round_kind="mixed"),
        make_contest("association", seats=1, candidates=CANDIDATES[:2]),
        make_contest("spd-quota", seats=4, candidates=CANDIDATES),
        make_contest("cdu-group", seats=2, candidates=CANDIDATES),
    ]


def sheet_for(contest: Contest, ballots: list[dict[str, Any]], issued: int) -> dict[str, Any]:
    """What a careful commission writes down for these paper ballots."""
    counts = count_batch(contest, BallotBatch.from_json(contest, ballots), issued=issued)
    per_candidate = contest.kind == "motion" or contest.rules.ballot_form == "yes_no_abstain"
    return {
        "issued": issued, "cast": counts.cast,
        "invalid": {g.code: g.count for g in counts.grounds},
        "blank": counts.blank,
        "candidates": {
            cid: ({"Y": y, "N": n, "A": a} if per_candidate else {"votes": y})
            for cid, y, n, a in zip(contest.ids, counts.yes, counts.no, counts.abstain,
                                    strict=True)},
    }


def ballot_strategy(contest: Contest) -> st.SearchStrategy[dict[str, Any]]:
    if contest.kind == "motion":
        return st.sampled_from(["Y", "N", "A"]).map(lambda m: {"marks": {"motion": m}})
    marks = ["Y", "N", "A"] if contest.rules.ballot_form == "yes_no_abstain" else ["X"]
    per_candidate = st.fixed_dictionaries(
        {}, optional={cid: st.sampled_from(marks) for cid in contest.ids})
    return st.one_of(per_candidate.map(lambda m: {"marks": m}),
                     st.just({"marks": {}, "global": "abstain_all"}))


@settings(max_examples=150, deadline=None)
@given(data=st.data(), which=st.integers(0, 6))
def test_splitting_ballots_between_phone_and_paper_never_changes_the_outcome(
        data: st.DataObject, which: int) -> None:
    contest = contests()[which]
    ballots = data.draw(st.lists(ballot_strategy(contest), min_size=1, max_size=40))
    on_paper = data.draw(st.integers(0, len(ballots)))
    spare_phone = data.draw(st.integers(0, 3))
    spare_paper = data.draw(st.integers(0, 3))
    phone, paper = ballots[on_paper:], ballots[:on_paper]
    phone_issued, paper_issued = len(phone) + spare_phone, len(paper) + spare_paper

    sheet = paper_totals_from_dict(contest, sheet_for(contest, paper, paper_issued))
    mixed = result_to_dict(tally_mixed(contest, phone, sheet, issued=phone_issued))
    together = result_to_dict(tally(contest, ballots, issued=phone_issued + paper_issued))

    channels = mixed.pop("channels")
    if contest.rules.ballot_form == "yes_no_abstain" or contest.kind == "motion":
        assert mixed == together
    else:  # a sheet of votes per candidate records no Nein/Enthaltung per candidate
        for key in ("status", "decision", "elected", "seats", "ballots", "substitutes"):
            assert mixed[key] == together[key], key
        assert ({c["id"]: c["yes"] for c in mixed["candidates"]}
                == {c["id"]: c["yes"] for c in together["candidates"]})
    assert [c["channel"] for c in channels] == ["phone", "paper"]
    assert channels[0]["issued"] == phone_issued and channels[1]["issued"] == paper_issued
    assert channels[0]["cast"] == len(phone) and channels[1]["cast"] == len(paper)
    alone = result_to_dict(tally(contest, phone, issued=phone_issued)) if phone else None
    if alone is not None:
        assert {c["id"]: c["yes"] for c in channels[0]["candidates"]} == {
            c["id"]: c["yes"] for c in alone["candidates"]}
        assert channels[0]["invalid"] == alone["ballots"]["invalid"]


def test_channels_survive_the_json_form() -> None:
    contest = make_motion()
    sheet = paper_totals_from_dict(contest, {"issued": 2, "cast": 2, "candidates": {
        "motion": {"Y": 0, "N": 2, "A": 0}}})
    result = tally_mixed(contest, yna(3, 1, 0), sheet, issued=5)
    data = result_to_dict(result)
    assert data["ballots"]["issued"] == 7 and data["ballots"]["cast"] == 6
    assert data["candidates"][0]["yes"] == 3 and data["candidates"][0]["no"] == 3
    assert data["decision"] == "rejected"  # Ja 3 is not more than Nein 3: paper tipped it
    assert result_to_dict(result_from_dict(json.loads(json.dumps(data)))) == data


def test_results_without_paper_keep_their_form() -> None:
    assert "channels" not in result_to_dict(tally(make_motion(), yna(2, 1, 0)))


def test_ranked_ballots_cannot_take_paper_totals() -> None:
    contest = make_contest("stv-ranked", seats=1, candidates=CANDIDATES[:2])
    with pytest.raises(FormatError):
        paper_totals_from_dict(contest, {"issued": 1, "cast": 1, "candidates": {
            "C1": {"votes": 1}, "C2": {"votes": 0}}})


def test_tally_file_counts_ballots_and_paper_totals_together() -> None:
    data = {"kind": "motion", "title": "A1", "rules": {"preset": "motion-simple"},
            "candidates": [{"id": "motion", "name": "A1", "group": ""}],
            "ballots": yna(2, 1, 0), "issued": 4,
            "paper_totals": {"issued": 2, "cast": 2, "candidates": {
                "motion": {"Y": 0, "N": 2, "A": 0}}}}
    result = tally_file(data)
    assert (result.issued, result.cast) == (6, 5)
    assert result.decision == "rejected"
    assert [(ch.name, ch.issued, ch.cast) for ch in result.channels] == [
        ("phone", 4, 3), ("paper", 2, 2)]
    with pytest.raises(FormatError):
        tally_file({k: v for k, v in data.items() if k not in ("ballots", "paper_totals")})


def test_a_replaced_credential_counts_its_holder_once() -> None:
    contest = make_motion()
    sheet = paper_totals_from_dict(contest, {"issued": 2, "cast": 2, "candidates": {
        "motion": {"Y": 1, "N": 1, "A": 0}}})
    # 4 credentials (one lost, its holder got paper) and 2 paper ballots: 5 people
    result = tally_mixed(contest, yna(2, 1, 0), sheet, issued=4, replaced=1)
    assert (result.issued, result.cast, result.status) == (5, 5, "final")
    assert [ch.issued for ch in result.channels] == [4, 2]
    # had the lost credential been used too, 6 ballots from 5 people: void
    double = tally_mixed(contest, yna(3, 1, 0), sheet, issued=4, replaced=1)
    assert (double.cast, double.issued, double.status) == (6, 5, "void")
    with pytest.raises(FormatError):
        tally_mixed(contest, yna(2, 1, 0), sheet, issued=4, replaced=3)
