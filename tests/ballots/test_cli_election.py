"""``python -m ballots election FILE``: the worked example per preset in docs/examples prints
its hand-derived final lists; bad files exit 2 naming the path; tally files with declines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ballots.__main__ import main
from tests.election_paths import PATHS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"

#: docs/examples/election-PRESET.json → (its path in tests/election_paths.py, the seat lines
#: it must print, derived by hand in docs/formats.md §7).
PRINTED = {
    "linke-delegates": ("scenario", [
        "Frauenplatz 1: Anna Albers (gewählt im 1. Wahlgang mit 10 Stimmen",
        "Frauenplatz 2: Berta Brandt (gewählt im 1. Wahlgang mit 8 Stimmen",
        "Frauenplatz 3: Dana Dietz (gewählt im 2. Wahlgang mit 6 Stimmen – durch Los entschieden",
        "gemischter Platz 1: Fritz Faber (gewählt im 3. Wahlgang mit 8 Stimmen",
        "gemischter Platz 2: Gustav Graf (gewählt im 3. Wahlgang mit 8 Stimmen",
        "gemischter Platz 3: Hans Horn (gewählt im 3. Wahlgang mit 8 Stimmen",
        "Ersatz (Frau): 1. Clara Conrad", "Ersatz (offen): 1. Ingo Iske"]),
    "linke-board": ("linke_board_further", [
        "Frauenplatz 1: Anna Albers (gewählt im 1. Wahlgang mit 7 Stimmen",
        "gemischter Platz 1: Fritz Faber (gewählt im 3. Wahlgang mit 8 Stimmen"]),
    "gruene-list": ("gruene_odd_places", [
        "Listenplatz 1: Anna Albers (gewählt im 1. Wahlgang mit 8 Stimmen",
        "Listenplatz 2: Fritz Faber (gewählt im 1. Wahlgang mit 10 Stimmen",
        "Listenplatz 3: Berta Brandt (gewählt im 1. Wahlgang mit 6 Stimmen",
        "Listenplatz 4: Gustav Graf (gewählt im 1. Wahlgang mit 8 Stimmen"]),
    "spd-quota": ("spd_40_percent", [
        "Sitz 1: Fritz Faber (gewählt im 1. Wahlgang mit 9 Stimmen",
        "Sitz 2: Gustav Graf (gewählt im 1. Wahlgang mit 8 Stimmen",
        "Sitz 3: Hans Horn (gewählt im 1. Wahlgang mit 8 Stimmen",
        "Sitz 4: Anna Albers (gewählt im 1. Wahlgang mit 6 Stimmen",
        "Sitz 5: Berta Brandt (gewählt im 2. Wahlgang mit 3 Stimmen"]),
    "cdu-group": ("cdu_void_below_share", [
        "Sitz 1: Fritz Faber (gewählt im 2. Wahlgang mit 10 Stimmen",
        "Sitz 2: Anna Albers (gewählt im 2. Wahlgang mit 8 Stimmen",
        "Sitz 3: Gustav Graf (gewählt im 2. Wahlgang mit 5 Stimmen"]),
    "association": ("association_bgb32", [
        "Sitz 1: Anna Albers (gewählt im 1. Wahlgang mit 6 Stimmen",
        "Sitz 2: Berta Brandt (gewählt im 1. Wahlgang mit 5 Stimmen"]),
    "stv-ranked": ("stv_food", [
        "Sitz 1: Chocolate (gewählt im 1. Wahlgang", "Sitz 2: Orange (gewählt im 1. Wahlgang",
        "Sitz 3: Strawberry (gewählt im 1. Wahlgang"]),
}


def test_every_preset_but_motions_has_an_example() -> None:
    from ballots.rules import list_presets

    elections = {p for p in list_presets() if not p.startswith("motion-")}
    assert {p.name.removeprefix("election-").removesuffix(".json")
            for p in EXAMPLES.glob("election-*.json")} == elections == set(PRINTED)


@pytest.mark.parametrize("preset", sorted(PRINTED))
def test_example_prints_its_final_lists(preset: str, capsys: Any) -> None:
    path = EXAMPLES / f"election-{preset}.json"
    name, lines = PRINTED[preset]
    assert json.loads(path.read_text(encoding="utf-8")) == PATHS[name].data
    assert main(["election", str(path)]) == 0
    out = capsys.readouterr().out
    seat_lines = [line.strip() for line in out.splitlines()
                  if line.startswith("  ") and not line.strip().startswith("Die Wahl")]
    assert len(seat_lines) == len(lines)
    for got, want in zip(seat_lines, lines, strict=True):
        assert got.startswith(want), (got, want)
    assert out.rstrip().endswith("Die Wahl ist abgeschlossen.")


def test_json_and_english_output(capsys: Any) -> None:
    path = str(EXAMPLES / "election-linke-delegates.json")
    assert main(["election", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Delegierte" and data["complete"] is True
    assert [(e["seat"], e["candidate"]) for e in data["elected"]] == [
        ("W1", "W1"), ("W2", "W2"), ("W3", "W4"), ("M1", "M1"), ("M2", "M2"), ("M3", "M3")]
    assert data["seats"][2]["holdings"][0]["by_lot"] is True
    assert main(["election", path, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "women's seat 3: Dana Dietz (elected in round 2 with 6 votes – decided by lot" in out
    assert "The election is complete." in out


def test_declines_and_next_step_in_the_output(tmp_path: Path, capsys: Any) -> None:
    data = dict(PATHS["nobody_left"].data)
    path = tmp_path / "e.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["election", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Frauenplatz 1: – unbesetzt (Wahl nicht angenommen; keine Ersatzperson" in out
    assert "Abgelehnt: Anna Albers" in out
    assert "Als Nächstes: weiterer Wahlgang für nach Ablehnung unbesetzte Plätze " \
           "(Frauenplatz 1)" in out


def _bad(tmp_path: Path, data: Any, capsys: Any) -> str:
    path = tmp_path / "bad.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    assert main(["election", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return str(captured.err)


def _with(events: list[Any], **change: Any) -> dict[str, Any]:
    return {**PATHS["scenario"].data, "events": events, **change}


def test_a_bad_file_is_exit_2_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_with([{"round": "runoff"}])), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "ballots", "election", str(path)],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert "Traceback" not in proc.stderr
    assert "events[0].round: the rules call for no 'runoff' round now" in proc.stderr


def test_bad_files_exit_2_naming_the_path(tmp_path: Path, capsys: Any) -> None:
    women = PATHS["scenario"].data["events"][0]

    def bad(data: Any) -> str:
        return _bad(tmp_path, data, capsys)

    assert "not JSON" in bad("{")
    assert "seats: must be a whole number ≥ 1" in bad(_with([], seats=0))
    assert "rules" in bad(_with([], rules={"preset": "nope"}))
    assert "colour: unknown key" in bad(_with([], colour="red"))
    assert "candidates[10].id: candidate id 'W1' repeats" in bad(_with(
        [], candidates=[*PATHS["scenario"].data["candidates"], {"id": "W1"}]))
    bad_mark = {**women, "ballots": [{"marks": {"W1": "Y"}}, {"marks": {"W9": "Y"}}]}
    assert "events[0].ballots[1].marks.W9" in bad(_with([bad_mark]))
    assert "events[0].round: unknown round 'second'" in bad(_with([{**women, "round": "second"}]))
    assert ("events[1].round: the rules call for no 'further' round now; they call for: "
            "runoff after R1") in bad(_with([women, {"round": "further"}]))
    assert "events[1].decline: unknown candidate 'X1'" in bad(_with([women, {"decline": "X1"}]))
    assert "events[1]: " in bad(_with([women, {"decline": "M1"}]))  # never ran
    assert "events[2]: W1 answered twice" in bad(_with(
        [women, {"accept": "W1"}, {"decline": "W1"}]))
    assert "events[1].void: no round 'R7'" in bad(_with([women, {"void": "R7"}]))
    assert "events[0].candidates[0]: unknown candidate 'Z'" in bad(
        _with([{**women, "candidates": ["Z"]}]))
    assert "events[0].shoe: unknown key" in bad(_with([{**women, "shoe": 1}]))
    assert "events[0]: must be a round" in bad(_with([{"hello": 1}]))
    assert "events[2].overrides: a repeat round keeps the rules" in bad(_with(
        [women, {"void": "R1"}, {"round": "repeat", "overrides": {"max_rounds": 3}}]))


def test_tally_file_with_declines_prints_the_seats_after_moving_up(tmp_path: Path,
                                                                   capsys: Any) -> None:
    data = {"kind": "election", "title": "Frauenwahlgang", "seats": 2,
            "rules": {"preset": "linke-delegates"},
            "candidates": [{"id": "W1", "name": "Anna", "group": "Frau"},
                           {"id": "W2", "name": "Berta", "group": "Frau"},
                           {"id": "W3", "name": "Clara", "group": "Frau"}],
            "round": {"number": 1, "kind": "women"},
            "ballots": [{"marks": {"W1": "Y", "W2": "Y"}}, {"marks": {"W3": "Y"}},
                        {"marks": {"W1": "Y", "W2": "Y"}}],
            "declines": ["W1"]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["tally", str(path)]) == 0
    after = json.loads(capsys.readouterr().out)["after_declines"]
    assert after == {"declined": ["W1"], "moved_up": [{"candidate": "W3", "seat": 1}],
                     "seats": [{"number": 1, "type": "women", "holder": "W3"},
                               {"number": 2, "type": "women", "holder": "W2"}],
                     "substitutes": {"Frau": []}}
    assert main(["tally", str(path), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "Nach Ablehnung der Wahl durch Anna:\n  Frauenplatz 1: Clara (nachgerückt)\n" \
           "  Frauenplatz 2: Berta\n" in out
    path.write_text(json.dumps({**data, "declines": ["W1", "W1", "W2"]}), encoding="utf-8")
    assert main(["tally", str(path), "--format", "text"]) == 0
    assert "Frauenplatz 2: – unbesetzt" in capsys.readouterr().out
    path.write_text(json.dumps({**data, "declines": ["X"]}), encoding="utf-8")
    assert main(["tally", str(path)]) == 2
    assert "declines[0]: unknown candidate 'X'" in capsys.readouterr().err
