"""``ballots`` is pure: it never imports Flask, SQLAlchemy or the app (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

FORBIDDEN = ("flask", "sqlalchemy", "app", "flask_sqlalchemy", "werkzeug", "jinja2")
ROOT = Path(__file__).resolve().parents[2] / "ballots"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_ballots_imports_nothing_from_the_web_layer() -> None:
    files = sorted(ROOT.rglob("*.py"))
    assert len(files) > 10
    offenders = [
        f"{path.relative_to(ROOT.parent)}: {name}"
        for path in files
        for name in imported_modules(path)
        if name.split(".")[0] in FORBIDDEN
    ]
    assert offenders == []


def test_scanner_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("import os\nfrom flask import Flask\nimport sqlalchemy.orm as orm\n")
    assert imported_modules(sample) == {"os", "flask", "sqlalchemy.orm"}
