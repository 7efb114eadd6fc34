"""Ballot JSON form (Contract 1) → Ballot, with the reason and path of every invalid one."""

from __future__ import annotations

import pytest

from ballots.errors import InvalidBallot
from ballots.marks import Ballot, Reason, classify_ballot, parse_ballot

from .counting_factory import make_contest

CANDS = [("C1", "Frau"), ("C2", "Frau"), ("C3", "Frau")]


def women(seats: int = 2, **kw: object):
    return make_contest(seats=seats, candidates=CANDS, round_kind="women", **kw)


def test_parse_valid_ballot_gives_row_and_marks() -> None:
    ballot = parse_ballot(women(), {"marks": {"C1": "Y", "C3": "A"}, "global": None})
    assert ballot == Ballot(row="-Y.A", marks=(("C1", "Y"), ("C3", "A")), global_choice=None)
    assert parse_ballot(women(), {"marks": {}, "global": "abstain_all"}).row == "E..."


@pytest.mark.parametrize(
    ("data", "path", "reason", "reason_en"),
    [
        ({"marks": {"C9": "Y"}}, "marks.C9", "unbekannte Kandidatur", "unknown candidate"),
        ({"marks": {"C3": "J"}}, "marks.C3", "unzulässige Markierung", "mark not allowed"),
        ({"marks": {"C2": "N"}}, "marks.C2", "Nein-Stimme hier nicht zulässig",
         "Nein not allowed in this vote"),
        ({"marks": {"C1": "Y", "C2": "Y", "C3": "Y"}}, "marks", "zu viele Stimmen",
         "too many votes"),
        ({"marks": {"C1": "Y"}, "global": "abstain_all"}, "global",
         "Gesamtstimme und Einzelmarkierungen zugleich",
         "global choice together with single marks"),
        ({"marks": {}, "global": "maybe"}, "global", "unzulässige Markierung", "mark not allowed"),
        ({"marks": [], "colour": 1}, "colour", "Stimmzettel nicht lesbar", "ballot malformed"),
        ("Y", "", "Stimmzettel nicht lesbar", "ballot malformed"),
    ],
)
def test_invalid_ballot_says_why_and_where(data: object, path: str, reason: str,
                                           reason_en: str) -> None:
    with pytest.raises(InvalidBallot) as info:
        parse_ballot(women(), data)
    assert (info.value.path, info.value.reason, info.value.reason_en) == (path, reason, reason_en)


def test_classifier_returns_reason_instead_of_raising() -> None:
    assert classify_ballot(women(), {"marks": {"C2": "N"}}) == Reason("forbidden_no", "marks.C2")
    assert classify_ballot(women(), {"marks": {"C9": "Y"}}) == Reason("unknown_candidate",
                                                                      "marks.C9")


def test_forbidden_nein_counted_as_abstention_when_so_set() -> None:
    # docs/rules.md validity: a Nein where Nein is not allowed → invalid or counted as Enthaltung.
    contest = women(overrides={"forbidden_no": "abstain"})
    assert parse_ballot(contest, {"marks": {"C1": "Y", "C2": "N"}}).marks == (
        ("C1", "Y"), ("C2", "A"))


def test_nein_allowed_when_no_more_candidates_than_seats() -> None:
    # Wahlordnung § 8 (5): three candidates for three seats → Nein allowed, also "no_all".
    contest = women(seats=3)
    assert parse_ballot(contest, {"marks": {"C2": "N"}}).row == "-.N."
    assert parse_ballot(contest, {"marks": {}, "global": "no_all"}).global_choice == "no_all"


def test_empty_ballot_under_both_settings() -> None:
    # docs/rules.md: an empty ballot is a valid abstention (DIE LINKE) or invalid (Green rules).
    assert parse_ballot(women(), {"marks": {}}).row == "-..."
    with pytest.raises(InvalidBallot, match="leerer Stimmzettel"):
        parse_ballot(women(overrides={"empty_ballot": "invalid"}), {"marks": {}})


def test_cumulative_and_ranked_marks() -> None:
    cum = make_contest("linke-delegates", seats=3, candidates=[("A", ""), ("B", "")],
                       round_kind="mixed", overrides={
                           "ballot_form": "cumulative", "cumulative_votes": 2,
                           "no_allowed": "never", "threshold": "relative"})
    assert parse_ballot(cum, {"marks": {"A": 2, "B": 1}}).marks == (("A", 2), ("B", 1))
    with pytest.raises(InvalidBallot) as info:
        parse_ballot(cum, {"marks": {"A": 3}})
    assert info.value.path == "marks.A"
    with pytest.raises(InvalidBallot, match="zu viele Stimmen"):
        parse_ballot(cum, {"marks": {"A": 2, "B": 2}})
    ranked = make_contest("linke-delegates", seats=1, candidates=[("A", ""), ("B", ""),
                                                                  ("C", "")],
                          round_kind="mixed", overrides={
                              "ballot_form": "ranked", "no_allowed": "never", "quota": "none",
                              "threshold": "relative", "substitutes_per_group": False})
    assert parse_ballot(ranked, {"marks": {"C": 1, "A": 2}}).marks == (("A", 2), ("C", 1))
    with pytest.raises(InvalidBallot, match="Rangfolge"):
        parse_ballot(ranked, {"marks": {"C": 1, "A": 3}})
    with pytest.raises(InvalidBallot, match="unzulässige Markierung"):
        parse_ballot(ranked, {"marks": {"C": True}})


@pytest.mark.parametrize("ballot", [
    {"marks": None, "global": []},
    {"marks": {}, "global": {}},
    {"marks": {"C1": ["Y"]}},
    {"marks": {"C1": {"Y": 1}}},
])
def test_parse_ballot_with_unhashable_values_is_refused_not_crashed(ballot):
    """Found by review: an unhashable ``global`` raised TypeError (a 500 on the vote path)."""
    contest = make_contest("association", seats=1)
    with pytest.raises(InvalidBallot):
        parse_ballot(contest, ballot)
