"""``python -m ballots tally`` / ``presets``: output, text table, and bad files (exit 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from ballots.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


def make_file(tmp_path: Path, **change: Any) -> Path:
    data: dict[str, Any] = {
        "kind": "election", "title": "Frauenwahlgang", "seats": 2,
        "rules": {"preset": "linke-delegates"},
        "candidates": [{"id": "W1", "name": "Anna", "group": "Frau"},
                       {"id": "W2", "name": "Berta", "group": "Frau"},
                       {"id": "W3", "name": "Clara", "group": "Frau"}],
        "round": {"number": 1, "kind": "women"},
        "ballots": [{"marks": {"W1": "Y", "W2": "Y"}}, {"marks": {"W3": "Y"}},
                    {"marks": {}, "global": "abstain_all"}, {"marks": {"W1": "Y", "W2": "Y"}},
                    {"marks": {"W1": "Y", "W2": "Y", "W3": "Y"}}],
    }
    data.update(change)
    path = tmp_path / "tally.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_tally_prints_result_json(tmp_path: Path, capsys: Any) -> None:
    assert main(["tally", str(make_file(tmp_path, issued=5))]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["elected"] == ["W1", "W2"]
    assert out["ballots"] == {"issued": 5, "cast": 5, "invalid": 1, "valid": 4, "invalid_grounds": [
        {"code": "too_many", "de": "zu viele Stimmen", "en": "too many votes", "count": 1}]}
    assert out["substitutes"] == {"Frau": ["W3"]}


def test_tally_text_table(tmp_path: Path, capsys: Any) -> None:
    assert main(["tally", "--format", "text", str(make_file(tmp_path))]) == 0
    text = capsys.readouterr().out
    assert "ausgegeben 5 · abgegeben 5 · ungültig 1 · gültig 4" in text
    assert "Anna (W1)" in text and "gewählt (Frauenplatz 1)" in text


def test_paper_totals_file(tmp_path: Path, capsys: Any) -> None:
    path = make_file(tmp_path, paper_totals={
        "issued": 10, "cast": 10, "invalid": {"empty": 1},
        "candidates": {"W1": {"Y": 6, "N": 0}, "W2": {"Y": 2}, "W3": {"Y": 4}}})
    data = json.loads(path.read_text())
    del data["ballots"]
    path.write_text(json.dumps(data))
    assert main(["tally", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["elected"] == ["W1", "W3"]


def test_bad_mark_names_path_and_exits_2(tmp_path: Path, capsys: Any) -> None:
    ballots = [{"marks": {"W1": "Y"}}] * 17 + [{"marks": {"W3": "ja"}}]
    assert main(["tally", str(make_file(tmp_path, ballots=ballots))]) == 2
    err = capsys.readouterr().err
    assert err == (f"{tmp_path / 'tally.json'}: ballots[17].marks.W3: mark not allowed "
                   "(unzulässige Markierung)\n")
    assert main(["tally", "--count-malformed", str(make_file(tmp_path, ballots=ballots))]) == 0


def test_bad_contest_and_bad_json_exit_2(tmp_path: Path, capsys: Any) -> None:
    assert main(["tally", str(make_file(tmp_path, seats="two"))]) == 2
    assert capsys.readouterr().err.endswith("tally.json: seats: must be a whole number ≥ 1\n")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    assert main(["tally", str(tmp_path / "broken.json")]) == 2
    assert "not JSON: line 1" in capsys.readouterr().err
    assert main(["tally", str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_presets_lists_every_preset(capsys: Any) -> None:
    assert main(["presets", "--format", "json"]) == 0
    names = [p["name"] for p in json.loads(capsys.readouterr().out)]
    assert names[0] == "association" and "linke-delegates" in names and len(names) == 10
    assert "stv-ranked" in names


def test_module_runs_without_traceback(tmp_path: Path) -> None:
    path = make_file(tmp_path, ballots=[{"marks": {"X9": "Y"}}])
    proc = subprocess.run([sys.executable, "-m", "ballots", "tally", str(path)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "ballots[0].marks.X9: unknown candidate" in proc.stderr
