"""Fixtures shared by every app test: one database per session, emptied between tests.

The schema is built by the real Alembic migrations (so they are tested on every run). Set
TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run everything on
PostgreSQL; otherwise an SQLite file in a temporary folder is used.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent


def _database_url(tmp_root: Path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_root}/test.sqlite3"


@pytest.fixture(scope="session")
def test_instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("instance")
    from app.secrets import ensure_instance_secrets

    ensure_instance_secrets(str(folder))
    return folder


@pytest.fixture(scope="session")
def app_config(test_instance: Path) -> dict[str, object]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "INSTANCE_PATH": str(test_instance),
        "DATABASE_URL": _database_url(test_instance),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "POLL_KEY_BITS": 2048,
        "SERVER_NAME": "wahlgang.test",
    }


@pytest.fixture(scope="session")
def _migrated(app_config: dict[str, object]) -> Iterator[None]:
    """Drop whatever a previous run left, then build the schema with the migrations."""
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db

    app = create_app(dict(app_config))
    with app.app_context():
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("DROP SCHEMA public CASCADE"))
                conn.execute(sa.text("CREATE SCHEMA public"))
            else:
                for table in reversed(db.metadata.sorted_tables):
                    conn.execute(sa.text(f'DROP TABLE IF EXISTS "{table.name}"'))
                conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        db.engine.dispose()
    yield


@pytest.fixture
def app(app_config: dict[str, object], _migrated: None):
    from app import create_app
    from app.extensions import db

    app = create_app(dict(app_config))
    with app.app_context():
        yield app
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
