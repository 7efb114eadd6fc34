"""``python -m ballots verify``: exit codes, report text and JSON, unreadable files."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.ballots.audit_factory import (
    AuditFixture,
    bump_first_int,
    find_event,
    make_audit,
    make_audit_text,
    rechain,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def audit() -> AuditFixture:
    return make_audit()


@pytest.fixture
def events(audit: AuditFixture) -> list[dict[str, Any]]:
    return copy.deepcopy(audit.events)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ballots", *args], capture_output=True,
                          text=True, cwd=ROOT, check=False)


def test_cli_verify_passes_with_exit_0(audit: AuditFixture, tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    path.write_text(make_audit_text(audit.events), encoding="utf-8")

    done = run_cli("verify", str(path), "--lang", "en")

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.rstrip().endswith("ALL CHECKS PASSED.")


def test_cli_verify_lists_failures_with_exit_1(events: list[dict[str, Any]],
                                               tmp_path: Path) -> None:
    bump_first_int(find_event(events, "result", "P-MOTION")["data"]["result"])
    path = tmp_path / "audit.jsonl"
    path.write_text(make_audit_text(rechain(events)), encoding="utf-8")

    done = run_cli("verify", str(path))

    assert done.returncode == 1
    assert "1 PRÜFUNG(EN) FEHLGESCHLAGEN:" in done.stdout
    assert "FEHLER result.recount [#" in done.stdout


def test_cli_verify_json_report(events: list[dict[str, Any]], tmp_path: Path) -> None:
    find_event(events, "ballots", "P-WOMEN")["data"]["ballots"][0]["tracker"] = "AAAA-BBBB-CC"
    path = tmp_path / "audit.jsonl"
    path.write_text(make_audit_text(rechain(events)), encoding="utf-8")

    done = run_cli("verify", str(path), "--json", "--lang", "en")
    report = json.loads(done.stdout)

    assert (done.returncode, report["ok"]) == (1, False)
    assert [(c["check"], c["poll"]) for c in report["checks"] if not c["ok"]] == [
        ("ballot.tracker", "P-WOMEN")]


def test_cli_verify_bad_file_exit_2_names_line_and_field(audit: AuditFixture,
                                                         tmp_path: Path) -> None:
    lines = make_audit_text(audit.events).splitlines()
    obj = json.loads(lines[3])
    obj["data"]["present"] = "twelve"
    lines[3] = json.dumps(obj)
    path = tmp_path / "audit.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")

    done = run_cli("verify", str(path))

    assert done.returncode == 2
    assert "line 4: data.present: must be a non-negative integer" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_verify_missing_file_exit_2(tmp_path: Path) -> None:
    done = run_cli("verify", str(tmp_path / "nope.jsonl"))

    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def _close_head(events: list[dict[str, Any]], poll: str) -> str:
    """The code the hall showed after the poll's close: its result event's hash."""
    from ballots.audit import head_code

    return head_code(find_event(events, "result", poll)["hash"])


def test_cli_expect_head_passes_for_heads_in_the_file(audit: AuditFixture,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    path.write_text(make_audit_text(audit.events), encoding="utf-8")
    codes = [_close_head(audit.events, poll) for poll in ("P-WOMEN", "P-MOTION")]

    done = run_cli("verify", str(path), "--lang", "en", "--expect-head", codes[0],
                   "--expect-head", codes[1].lower().replace("-", " "))

    assert (done.returncode, done.stderr) == (0, "")


def test_cli_expect_head_catches_a_poll_cut_out_and_rehashed(events: list[dict[str, Any]],
                                                             tmp_path: Path) -> None:
    """Cut the first poll out and re-hash consistently: every other check passes, but the
    heads seen in the hall after the later closes are not in the file any more."""
    first, later = sorted(("P-MOTION", "P-WOMEN"),
                          key=lambda p: find_event(events, "poll_opened", p)["seq"])
    seen = _close_head(events, later)
    cut = rechain([e for e in events if e["data"].get("poll") != first])
    path = tmp_path / "audit.jsonl"
    path.write_text(make_audit_text(cut), encoding="utf-8")
    assert run_cli("verify", str(path)).returncode == 0  # consistent without the code

    done = run_cli("verify", str(path), "--lang", "en", "--expect-head", seen)

    assert done.returncode == 1
    assert f"{seen} is not in the file" in done.stdout


def test_cli_expect_head_refuses_a_code_that_is_none(audit: AuditFixture,
                                                     tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    path.write_text(make_audit_text(audit.events), encoding="utf-8")

    done = run_cli("verify", str(path), "--lang", "en", "--expect-head", "K7QM-2XVA")

    assert done.returncode == 1
    assert "is not a head code" in done.stdout
