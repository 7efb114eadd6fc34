"""Counting invariants checked with hypothesis (docs/rules.md: counting is a pure function)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ballots.contest import Contest
from ballots.counting import LotInput, tally
from ballots.counting.seats import group_minimums

from .counting_factory import make_contest

LOT = LotInput("271828", "c0ffee" * 10 + "abcd")
GROUPS = ("Frau", "Mann")


@st.composite
def elections(draw: Any, preset: str | None = None) -> tuple[Contest, list[dict[str, Any]]]:
    """A random election under a shipped preset with random (partly invalid) ballots."""
    preset = preset or draw(st.sampled_from(
        ["linke-delegates", "linke-board", "gruene-list", "spd-quota", "cdu-group",
         "association"]))
    n = draw(st.integers(2, 6))
    seats = draw(st.integers(1, n))
    kind = "general"
    groups = [draw(st.sampled_from(GROUPS)) for _ in range(n)]
    if preset.startswith("linke"):
        kind = draw(st.sampled_from(["women", "mixed"]))
        if kind == "women":
            groups = ["Frau"] * n
    cands = [(f"C{i}", g) for i, g in enumerate(groups, start=1)]
    contest = make_contest(preset, seats=seats, candidates=cands, round_kind=kind,
                           number=draw(st.integers(1, 3)))
    marks = "YNA." if contest.rules.ballot_form == "yes_no_abstain" else "X.."
    ballots = []
    for _ in range(draw(st.integers(0, 30))):
        row = draw(st.lists(st.sampled_from(marks), min_size=n, max_size=n))
        ballots.append({"marks": {cid: m for (cid, _g), m in zip(cands, row, strict=True)
                                  if m != "."}})
    return contest, ballots


@settings(max_examples=150, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_reordering_ballots_never_changes_the_result(case: Any, rnd: Any) -> None:
    contest, ballots = case
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert tally(contest, shuffled) == tally(contest, ballots)
    assert tally(contest, shuffled, lot=LOT) == tally(contest, ballots, lot=LOT)


@settings(max_examples=200, deadline=None)
@given(elections())
def test_never_more_elected_than_seats_and_quota_never_violated(case: Any) -> None:
    contest, ballots = case
    result = tally(contest, ballots, lot=LOT)
    elected = result.elected
    assert len(elected) <= contest.seats
    assert len(set(elected)) == len(elected)
    group = {c.id: c.group for c in contest.candidates}
    rules = contest.rules
    for seat in result.seats:
        if seat.candidate is not None and seat.required is not None:
            assert group[seat.candidate] == seat.required
    if rules.quota == "odd_places":
        for seat in result.seats:
            if seat.number % 2 == 1 and seat.candidate is not None:
                assert group[seat.candidate] == "Frau"
    if rules.quota == "min_share_with_cap" and result.status != "void":
        mins = group_minimums(contest)
        counts = Counter(group[cid] for cid in elected)
        open_seats = sum(1 for s in result.seats if s.status != "filled")
        for g, minimum in mins.items():
            assert counts[g] <= contest.seats - sum(m for h, m in mins.items() if h != g)
            assert counts[g] + open_seats >= minimum
    if result.status == "void":
        assert elected == ()


@settings(max_examples=200, deadline=None)
@given(elections(preset="linke-delegates"), st.data())
def test_adding_a_ja_for_an_elected_candidate_keeps_them_elected(case: Any, data: Any) -> None:
    contest, ballots = case
    before = tally(contest, ballots, lot=LOT)
    if not before.elected:
        return
    cid = data.draw(st.sampled_from(before.elected))
    extra = {"marks": {cid: "Y"}}
    after = tally(contest, [*ballots, extra], lot=LOT)
    assert cid in after.elected
    # and turning one of their abstentions into a Ja, where the ballot allows it
    for k, ballot in enumerate(ballots):
        marks = ballot["marks"]
        yes = sum(1 for m in marks.values() if m == "Y")
        if marks.get(cid, "A") == "A" and yes < contest.seats and "N" not in marks.values():
            changed = [*ballots[:k], {"marks": {**marks, cid: "Y"}}, *ballots[k + 1:]]
            assert cid in tally(contest, changed, lot=LOT).elected
            break


@settings(max_examples=100, deadline=None)
@given(elections())
def test_counts_add_up(case: Any) -> None:
    contest, ballots = case
    result = tally(contest, ballots)
    assert result.cast == len(ballots) == result.valid + result.invalid
    assert sum(g.count for g in result.grounds) == result.invalid
    if contest.rules.ballot_form == "yes_no_abstain":
        for c in result.candidates:
            assert c.yes + c.no + c.abstain == result.valid
