"""The README's commands name what the app really produces and the tools the tests really need."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from app.protocol.audit_routes import audit_download_name
from app.services.protocol.build import protocol_path_name

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_verify_commands_name_the_downloaded_files():
    audit = audit_download_name(1)
    signed = protocol_path_name(SimpleNamespace(id=1, scope="conference"), "json")

    commands = re.findall(r"`\.venv/bin/python -m ballots verify[^`]*`", README)

    assert f"`.venv/bin/python -m ballots verify {audit}`" in commands
    assert (f"`.venv/bin/python -m ballots verify-protocol {signed} --audit {audit}`"
            in commands)


def test_the_skip_note_names_every_poppler_tool_the_tests_call():
    used = {tool for path in (ROOT / "tests").rglob("*.py")
            for tool in re.findall(r'"(pdfto\w+)"', path.read_text(encoding="utf-8"))}
    note = README[README.index("`make test` runs every test"):README.index("CI (`.ci/run`)")]

    assert used == {"pdftotext", "pdftoppm"}
    assert all(f"`{tool}`" in note for tool in used)
