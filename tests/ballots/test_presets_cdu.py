"""Worked examples for the CDU group election preset (Statut § 43; Statut 2012 § 15 (3))."""

from __future__ import annotations

from ballots.counting import next_round, tally
from ballots.counting.seats import group_minimums

from .counting_factory import make_ballots, make_contest

SIX = [("M1", "Mann"), ("M2", "Mann"), ("M3", "Mann"), ("M4", "Mann"), ("W1", "Frau"),
       ("W2", "Frau")]


def test_statut_43_fewer_crosses_than_half_the_seats_is_invalid() -> None:
    # § 43: with 4 seats at least 2 crosses; more than 4 crosses is invalid too.
    contest = make_contest("cdu-group", seats=4, candidates=SIX)
    ballots = make_ballots((1, {"M1": "X"}), (1, {k: "X" for k, _g in SIX[:5]}),
                           (3, {"M1": "X", "W1": "X"}))
    result = tally(contest, ballots)
    assert [(g.code, g.count) for g in result.grounds] == [("too_few", 1), ("too_many", 1)]
    assert result.valid == 3


def test_statut_2012_15_3_first_round_void_below_a_third_women() -> None:
    # Statut (2012) § 15 (3): round 1 with less than 1/3 women elected is void; round 2 is valid.
    contest = make_contest("cdu-group", seats=3, candidates=SIX)
    ballots = make_ballots((6, {"M1": "X", "M2": "X", "M3": "X"}), (2, {"W1": "X", "W2": "X"}))
    first = tally(contest, ballots)
    assert first.status == "void"
    assert first.elected == ()
    assert all(c.outcome == "void" for c in first.candidates)
    assert first.status_de == ("Wahlgang ungültig: weniger als 1/3 der Gewählten aus Gruppe "
                               "'Frau', Statut (2012) § 15 (3)")
    repeat = next_round(contest, first)
    assert (repeat.round.number, repeat.round.kind) == (2, "repeat")
    second = tally(repeat, ballots)
    assert (second.status, second.elected) == ("final", ("M1", "M2", "M3"))


def test_quota_shrinks_to_number_of_women_who_ran() -> None:
    # Newer CDU district statutes: the quota (1/3 of 6 seats = 2) shrinks to the one woman who
    # ran, so the same ballots that void a CDU-2012 round elect everybody.
    cands = [("M1", "Mann"), ("M2", "Mann"), ("M3", "Mann"), ("M4", "Mann"), ("M5", "Mann"),
             ("W1", "Frau")]
    ballots = make_ballots((5, {cid: "X" for cid, _g in cands}))
    old = tally(make_contest("cdu-group", seats=6, candidates=cands), ballots)
    assert old.status == "void"
    contest = make_contest("cdu-group", seats=6, candidates=cands,
                           overrides={"quota": "quota_shrinks"})
    assert group_minimums(contest) == {"Frau": 1}
    result = tally(contest, ballots)
    assert result.status == "final"
    assert sorted(result.elected) == ["M1", "M2", "M3", "M4", "M5", "W1"]


def test_cdu_empty_ballot_invalid() -> None:
    # CDU preset: empty_ballot = invalid (a ballot without crosses has fewer than half).
    contest = make_contest("cdu-group", seats=2, candidates=SIX)
    result = tally(contest, make_ballots((2, {}), (3, {"M1": "X", "W1": "X"})))
    assert [(g.code, g.count) for g in result.grounds] == [("empty", 2)]
