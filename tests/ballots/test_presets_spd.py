"""Worked examples for the SPD preset (Organisationsstatut § 11 (2): 40 % per gender)."""

from __future__ import annotations

from ballots.counting import next_round, tally
from ballots.counting.seats import group_minimums

from .counting_factory import make_ballots, make_contest

MEN4_WOMEN2 = [("M1", "Mann"), ("M2", "Mann"), ("M3", "Mann"), ("M4", "Mann"),
               ("W1", "Frau"), ("W2", "Frau")]


def test_statut_11_cap_of_60_percent_skips_fourth_man() -> None:
    # § 11 (2): 5 seats → at least 2 per gender (40 % rounded up), so at most 3 men; round 2
    # of the Wahlordnung (relative majority).
    contest = make_contest("spd-quota", seats=5, candidates=MEN4_WOMEN2, number=2)
    ballots = make_ballots((5, {"M1": "X", "M2": "X", "M3": "X", "M4": "X", "W1": "X"}),
                           (1, {"M1": "X", "M2": "X", "M3": "X"}), (1, {"M1": "X", "M2": "X"}),
                           (1, {"M1": "X"}), (3, {"W2": "X"}))
    result = tally(contest, ballots)
    assert result.threshold == "relative"
    assert result.elected == ("M1", "M2", "M3", "W1", "W2")
    m4 = result.candidate("M4")
    assert (m4.yes, m4.met, m4.outcome) == (5, True, "not_elected")
    assert m4.reason_de.startswith("nicht gewählt: Quote lässt keinen weiteren Sitz")
    assert result.ties == ()


def test_quota_rounding_is_a_setting() -> None:
    # docs/rules.md (unconfirmed): 40 % of 12 = 4.8 — round up (default) or down.
    up = make_contest("spd-quota", seats=12, candidates=MEN4_WOMEN2)
    down = make_contest("spd-quota", seats=12, candidates=MEN4_WOMEN2,
                        overrides={"quota_rounding": "down"})
    assert group_minimums(up) == {"Frau": 5, "Mann": 5}
    assert group_minimums(down) == {"Frau": 4, "Mann": 4}


def test_too_few_women_pass_seats_open_for_further_round_with_relative_majority() -> None:
    # Wahlordnung § 8: absolute majority in round 1; open seats go to round 2 (relative);
    # the quota counts over both rounds.
    contest = make_contest("spd-quota", seats=4, candidates=MEN4_WOMEN2)
    full = {"M1": "X", "M2": "X", "M3": "X", "W1": "X"}
    ballots = make_ballots((6, full), (1, {"M1": "X", "M2": "X", "M3": "X", "W2": "X"}),
                           (1, {"M1": "X", "M2": "X", "W2": "X"}), (1, {"M1": "X", "W2": "X"}))
    first = tally(contest, ballots)
    assert first.elected == ("M1", "M2", "W1")
    assert [s.status for s in first.seats] == ["filled", "filled", "filled", "open"]
    assert "Mindestanteil der Gruppe 'Frau'" in first.seats[3].reason_de
    second = next_round(contest, first)
    assert (second.seats, second.round.total_seats) == (1, 4)
    assert second.round.elected_before == (("Frau", 1), ("Mann", 2))
    assert second.ids == ("M3", "M4", "W2")
    result = tally(second, make_ballots((5, {"M3": "X"}), (3, {"W2": "X"})))
    assert result.threshold == "relative"
    assert result.elected == ("W2",)
    assert result.candidate("M3").outcome == "not_elected"


def test_spd_more_crosses_than_seats_is_invalid() -> None:
    # Approval ballot: more crosses than seats makes the ballot invalid (too_many).
    contest = make_contest("spd-quota", seats=2, candidates=MEN4_WOMEN2)
    result = tally(contest, make_ballots((1, {"M1": "X", "M2": "X", "W1": "X"}),
                                         (3, {"W1": "X", "M1": "X"})))
    assert [(g.code, g.count) for g in result.grounds] == [("too_many", 1)]
    assert result.elected == ("M1", "W1")
