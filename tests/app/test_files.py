"""instance/ and the SQLite database (with its -wal and -shm files) are private: 0700 / 0600,
even under the usual umask 022 that made them readable by everyone."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _app(instance: Path, app_config):
    config = {**app_config, "INSTANCE_PATH": str(instance),
              "DATABASE_URL": f"sqlite:///{instance}/wahlgang.sqlite3"}
    config.pop("SQLALCHEMY_ENGINE_OPTIONS", None)
    return create_app(config)


def test_instance_and_sqlite_files_are_created_private(tmp_path, umask_022, app_config):
    instance = tmp_path / "instance"
    made = _app(instance, app_config)
    with made.app_context():
        with db.engine.begin() as conn:  # a write, so SQLite makes its -wal and -shm files
            conn.execute(sa.text("CREATE TABLE t (x INTEGER)"))
            conn.execute(sa.text("INSERT INTO t VALUES (1)"))
        files = sorted(p.name for p in instance.iterdir() if p.name.startswith("wahlgang"))
        modes = {name: _mode(instance / name) for name in files}
        db.engine.dispose()

    assert _mode(instance) == 0o700
    assert {"wahlgang.sqlite3", "wahlgang.sqlite3-wal", "wahlgang.sqlite3-shm"} <= set(files)
    assert {name: 0o600 for name in files} == modes


def test_files_left_readable_by_an_older_version_are_tightened(tmp_path, umask_022, app_config):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    for name in ("wahlgang.sqlite3", "wahlgang.sqlite3-wal"):
        (instance / name).touch(mode=0o644)
    os.chmod(instance, 0o755)

    _app(instance, app_config)

    assert _mode(instance) == 0o700
    assert _mode(instance / "wahlgang.sqlite3") == 0o600
    assert _mode(instance / "wahlgang.sqlite3-wal") == 0o600
