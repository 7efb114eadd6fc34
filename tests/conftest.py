"""Fixtures shared by every app test: one database per session, emptied between tests.

The schema is built by the real Alembic migrations (so they are tested on every run). Set
TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run everything on
PostgreSQL; otherwise an SQLite file in a temporary folder is used.

To keep the suite fast, poll keys come from a session pool (:class:`TestKeyPool`) and the app
object is reused between tests (:class:`_ReusedApp`); neither carries state from one test to
the next. docs/testing.md describes every fixture.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import settings
from werkzeug.security import generate_password_hash

# Bound at import: a test that monkeypatches ballots.blind.generate_key must not fill the pool.
from ballots.blind import generate_key as _generate_key

ROOT = Path(__file__).resolve().parent.parent

# No test may depend on how fast the machine is: hypothesis's per-example deadline (200 ms)
# failed the redirect fuzz test on a loaded CI machine, so it is off for the whole suite.
settings.register_profile("wahlgang", deadline=None)
settings.load_profile("wahlgang")


def _database_url(tmp_root: Path) -> str:
    """SQLite in the session's temporary folder, or ``TEST_DATABASE_URL``. Under pytest-xdist
    every worker has its own temporary folder, and on PostgreSQL its own database
    ``<name>_<worker>`` (created here when missing), so workers share nothing."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_root}/test.sqlite3"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = sa.engine.make_url(url)
    own = base.set(database=f"{base.database}_{worker}")
    from app.config import sqlalchemy_url

    engine = sa.create_engine(sqlalchemy_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                  {"name": own.database}).first()
            if exists is None:
                conn.execute(sa.text(f'CREATE DATABASE "{own.database}"'))
    finally:
        engine.dispose()
    return own.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def test_instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("instance")
    from app.secrets import ensure_instance_secrets

    ensure_instance_secrets(str(folder))
    return folder


class TestKeyPool:
    """RSA keys for the polls the tests open, generated once per session and handed out again.

    A 2048-bit key costs 0.1–1 s to generate and the suite opens well over a hundred polls, so
    ``app_config`` gives every app ``POLL_KEY_SOURCE = pool.take``. Within one test each poll
    still gets its own key (the n-th poll a test opens gets the n-th key of the pool; the pool
    grows when a test opens more polls than any before it), so a credential of one poll never
    verifies under another's key. :meth:`rewind` (autouse, before each test) starts the count
    again: the keys from earlier tests belong to polls that no longer exist. Production never
    takes this path (``app.services.voting.poll_keys.check_key_source``; tested in
    tests/app/services/test_poll_keys.py)."""

    def __init__(self) -> None:
        self._keys: dict[int, list[object]] = {}
        self._taken: dict[int, int] = {}
        self._lock = threading.Lock()  # the live server's threads open polls too

    def take(self, bits: int):
        with self._lock:
            keys = self._keys.setdefault(bits, [])
            n = self._taken.get(bits, 0)
            if n == len(keys):
                keys.append(_generate_key(bits=bits))
            self._taken[bits] = n + 1
            return keys[n]

    def rewind(self) -> None:
        with self._lock:
            self._taken.clear()

    @property
    def generated(self) -> int:
        return sum(len(keys) for keys in self._keys.values())


@pytest.fixture(scope="session")
def poll_key_pool() -> TestKeyPool:
    """The session's :class:`TestKeyPool` (``app_config["POLL_KEY_SOURCE"]`` takes from it)."""
    return TestKeyPool()


@pytest.fixture(autouse=True)
def _rewind_poll_keys(poll_key_pool: TestKeyPool) -> None:
    poll_key_pool.rewind()


# werkzeug's scrypt with a 32× smaller work factor (N = 2**10 instead of 2**15): ~1 ms instead
# of 0.1–0.3 s per hash, and the suite hashes well over a thousand passwords (every official a
# test logs in). Same algorithm and format; production's full-strength path is tested in
# tests/app/services/test_accounts.py.
QUICK_PASSWORD_HASH = "scrypt:1024:8:1"


def quick_password_hash(password: str) -> str:
    return generate_password_hash(password, method=QUICK_PASSWORD_HASH)


@pytest.fixture(scope="session")
def app_config(test_instance: Path, poll_key_pool: TestKeyPool) -> dict[str, object]:
    """The settings every test app is built with (``create_app(dict(app_config))``).

    ``POLL_KEY_SOURCE`` hands out the session's pre-generated poll keys (:class:`TestKeyPool`);
    a test that needs the production path (a fresh key per poll) builds its app without it.
    ``PASSWORD_HASHER`` likewise hashes passwords with a small work factor
    (:func:`quick_password_hash`)."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "INSTANCE_PATH": str(test_instance),
        "DATABASE_URL": _database_url(test_instance),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "POLL_KEY_BITS": 2048,
        "POLL_KEY_SOURCE": poll_key_pool.take,
        "PASSWORD_HASHER": quick_password_hash,
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


def _shape(app) -> tuple[object, ...]:
    """What a test could add to an app that restoring its config does not undo: routes,
    hooks, handlers, template globals, extensions, engine event listeners."""
    from app.extensions import db

    def sizes(registry: dict[object, list[object]]) -> tuple[tuple[object, int], ...]:
        return tuple(sorted((str(k), len(v)) for k, v in registry.items()))

    with app.app_context():
        dispatch = db.engine.dispatch
        listeners = tuple(len(getattr(dispatch, name)) for name in dispatch._event_names)
    return (
        tuple(sorted(str(rule) + rule.endpoint for rule in app.url_map.iter_rules())),
        tuple(sorted(app.view_functions)), tuple(sorted(app.blueprints)),
        tuple(sorted(app.extensions)), sizes(app.before_request_funcs),
        sizes(app.after_request_funcs), sizes(app.teardown_request_funcs),
        len(app.teardown_appcontext_funcs), sizes(app.template_context_processors),
        sizes(app.url_value_preprocessors), sizes(app.url_default_functions),
        repr(sorted((str(k), sorted(map(str, v))) for k, v in app.error_handler_spec.items())),
        tuple(sorted(app.jinja_env.globals)), tuple(sorted(app.jinja_env.filters)),
        listeners,
    )


class _ReusedApp:
    """The app behind the ``app`` fixture, built once and handed to test after test.

    Building an app costs 50–130 ms (werkzeug compiles every route), paid by ~600 tests. A test
    still gets an app as ``create_app(dict(app_config))`` makes it, with an empty database, a
    fresh app context and session, rate-limit counters reset, and its config as built: what a
    test changes in ``app.config`` is put back afterwards. Should a test change the app in a
    way that is not put back (a route, a hook, an engine listener …; see :func:`_shape`), the
    next test gets a newly built app."""

    def __init__(self, config: dict[str, object]) -> None:
        self._config = config
        self._app = None
        self._shape: tuple[object, ...] = ()
        self._settings: dict[str, object] = {}
        self.built = 0

    def take(self):
        from app import create_app

        if self._app is None:
            self._app = create_app(dict(self._config))
            self._shape = _shape(self._app)
            self._settings = dict(self._app.config)
            self.built += 1
        self._app._got_first_request = False  # a test may still add routes, as on a new app
        return self._app

    def give_back(self) -> None:
        from app import throttle

        app = self._app
        assert app is not None
        app.config.clear()
        app.config.update(self._settings)
        with app.app_context():
            throttle.reset()
        if _shape(app) != self._shape:
            from app.extensions import db

            with app.app_context():
                db.engine.dispose()
            self._app = None


@pytest.fixture(scope="session")
def _reused_app(app_config: dict[str, object], _migrated: None) -> _ReusedApp:
    return _ReusedApp(app_config)


@pytest.fixture
def app(_reused_app: _ReusedApp):
    """The app (``create_app(dict(app_config))``) inside an app context, on an empty database.

    Seed it through the services or factories and commit; everything is deleted after the test.
    The object is reused between tests where nothing of it outlives a test (:class:`_ReusedApp`);
    a test that needs an app of its own builds it (``make_app`` in tests/app/security)."""
    from app.extensions import db

    app = _reused_app.take()
    try:
        with app.app_context():
            yield app
            db.session.remove()
            with db.engine.begin() as conn:
                for table in reversed(db.metadata.sorted_tables):
                    conn.execute(table.delete())
            db.engine.dispose()
    finally:
        _reused_app.give_back()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# The few tests that run for minutes go first, so that with several processes they run beside
# the many short ones instead of after them (with worksteal a long test dealt out last is the
# whole suite's tail). Order only: every test still runs, each on its own.
LONGEST_FIRST = ("tests/app/test_conference_day_browser.py",)


def pytest_collection_modifyitems(session, config, items) -> None:  # noqa: ARG001
    def rank(item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return 0 if path in LONGEST_FIRST else 1

    items.sort(key=rank)  # stable: the rest keep their order
