"""Rule sets as data: presets, overrides, validation naming the bad key."""

from __future__ import annotations

import tomllib
from fractions import Fraction
from pathlib import Path

import pytest

from ballots.errors import RulesError
from ballots.rules import (
    Rules,
    apply_overrides,
    list_presets,
    load_preset,
    presets_dir,
    rules_from_dict,
    rules_to_dict,
)

PRESETS = ["association", "cdu-group", "gruene-list", "linke-board", "linke-delegates",
           "motion-absolute", "motion-simple", "motion-two-thirds", "spd-quota", "stv-ranked"]


def test_all_presets_ship_and_cite_their_source() -> None:
    assert list_presets() == PRESETS
    for name in PRESETS:
        rules = load_preset(name)
        assert rules.name == name
        assert rules.source, name
        text = (presets_dir() / f"{name}.toml").read_text(encoding="utf-8")
        assert text.startswith("#"), name  # a comment citing the source heads every file


def test_linke_delegates_is_the_documented_default() -> None:
    rules = load_preset("linke-delegates")
    assert (rules.ballot_form, rules.no_allowed, rules.threshold, rules.quota) == (
        "yes_no_abstain", "if_candidates_le_seats", ("ja_gt_nein",), "women_first")
    assert rules.quota_min_share == Fraction(1, 2)
    assert rules.cite_for("threshold") == "Wahlordnung § 10 (2)"


def test_extends_inherits_and_overrides() -> None:
    board = load_preset("linke-board")
    assert (board.threshold, board.quota, board.ballot_form) == (
        ("absolute",), "women_first", "yes_no_abstain")


def test_unknown_key_is_named() -> None:
    with pytest.raises(RulesError, match="^thresold: unknown setting"):
        rules_from_dict({"thresold": "relative"})
    with pytest.raises(RulesError, match=r"^overrides\.colour: unknown"):
        apply_overrides(load_preset("linke-delegates"), {"colour": "red"})


def test_bad_values_are_named() -> None:
    with pytest.raises(RulesError, match="^tie: unknown value 'coin'"):
        rules_from_dict({"tie": "coin"})
    with pytest.raises(RulesError, match="^quota_min_share: write fractions as strings"):
        rules_from_dict({"quota_min_share": 0.4})
    with pytest.raises(RulesError, match="^majority_fraction: must lie between 0 and 1"):
        rules_from_dict({"majority_fraction": "3/2"})
    with pytest.raises(RulesError, match="^threshold: unknown kind 'most'"):
        rules_from_dict({"threshold": ["absolute", "most"]})


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"ballot_form": "approval"}, "no_allowed"),
        ({"ballot_form": "single", "no_allowed": "never", "max_marks": 2}, "max_marks"),
        ({"cumulative_votes": 3}, "cumulative_votes"),
        ({"min_marks": 5, "max_marks": 2}, "min_marks"),
        ({"threshold": "quorum"}, "quorum_fraction"),
        ({"quota": "women_first", "quota_groups": ["Frau", "Mann"]}, "quota_groups"),
        ({"quota": "min_share_with_cap", "quota_groups": ["A", "B", "C"]}, "quota_min_share"),
        ({"substitutes_per_group": True}, "substitutes_per_group"),
        ({"ballot_form": "ranked", "no_allowed": "never", "threshold": "relative",
          "quota": "odd_places"}, "quota"),
        ({"ballot_form": "approval", "no_allowed": "never"}, "threshold"),
    ],
)
def test_impossible_combinations_name_the_key(table: dict[str, object], key: str) -> None:
    with pytest.raises(RulesError, match=f"^{key}:"):
        rules_from_dict(table)


def test_overrides_are_recorded_as_assembly_decisions() -> None:
    rules = apply_overrides(load_preset("spd-quota"),
                            {"quota_rounding": "down", "threshold": ["relative"]})
    assert rules.quota_rounding == "down"
    assert rules.decisions == (("quota_rounding", "down"), ("threshold", "relative"))
    assert apply_overrides(rules, {}) is rules


def test_rules_to_dict_round_trips_every_setting() -> None:
    for name in PRESETS:
        rules = apply_overrides(load_preset(name), {"max_rounds": 3})
        data = rules_to_dict(rules)
        assert data["max_rounds"] == 3
        assert rules_from_dict(data) == rules
    data = rules_to_dict(load_preset("motion-two-thirds"))
    assert data["majority_fraction"] == "2/3"


def test_every_setting_documented_in_formats_md() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "formats.md").read_text("utf-8")
    for name in rules_to_dict(Rules()):
        assert f"`{name}`" in doc, name


def test_preset_files_parse_with_tomllib() -> None:
    for name in PRESETS:
        table = tomllib.loads((presets_dir() / f"{name}.toml").read_text(encoding="utf-8"))
        assert "source" in table


def test_unknown_preset_lists_known_ones() -> None:
    with pytest.raises(RulesError, match="unknown preset 'nope'; known: association"):
        load_preset("nope")
