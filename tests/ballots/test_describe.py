"""describe_rules: every setting in plain language, assembly decisions marked."""

from __future__ import annotations

from ballots.describe import describe_rules, describe_value
from ballots.rules import apply_overrides, load_preset


def test_describe_rules_linke_marks_decided_tie() -> None:
    rules = apply_overrides(load_preset("linke-delegates"), {"tie": "lot"})
    lines = {line.key: line for line in describe_rules(rules)}
    assert lines["tie"].value == "Los"
    assert lines["tie"].decided is True
    assert lines["threshold"].value == "wer mehr Ja- als Nein-Stimmen hat"
    assert lines["quota"].label == "Quotierung"
    assert lines["quota_min_share"].value == "1/2"
    assert lines["max_marks"].value == "so viele wie Sitze"
    assert "ranked_method" not in lines


def test_describe_rules_english_and_complete_lists_every_election_setting() -> None:
    rules = load_preset("linke-delegates")
    lines = describe_rules(rules, lang="en", complete=True)
    assert len(lines) == 26
    assert {line.key: line.value for line in lines}["ballot_form"] == (
        "Yes/No/Abstain per candidate"
    )


def test_describe_value_threshold_per_round() -> None:
    assert describe_value("threshold", ("absolute", "relative")) == (
        "im 1. Wahlgang: wer mehr als die Hälfte der gültigen Stimmen hat; "
        "im 2. Wahlgang: wer die meisten Stimmen hat (ab dann wie zuletzt)"
    )
