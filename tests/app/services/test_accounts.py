"""Logging in: an unknown user name costs exactly the password hashing a wrong password costs,
counted at the hash function (not timed). And passwords get werkzeug's full-strength hash
wherever the app is deployed: the suite's cheap ``PASSWORD_HASHER`` (tests/conftest.py) is a
seam no settings file or environment variable can reach."""

from __future__ import annotations

import hashlib
import os

import pytest
from werkzeug.security import generate_password_hash

from app import ConfigurationError, create_app
from app.extensions import db
from app.models import User
from app.services import accounts
from app.services.accounts import authenticate, create_user
from tests.conftest import QUICK_PASSWORD_HASH


def _method(password_hash: str) -> str:
    """The method and work factor a werkzeug hash names (``scrypt:32768:8:1``)."""
    return password_hash.split("$", 1)[0]


@pytest.fixture
def production_hash_app(app, monkeypatch):
    """The test app as ``flask`` and gunicorn build it as far as passwords go: no
    ``PASSWORD_HASHER`` (the app's config is restored after the test)."""
    monkeypatch.delitem(app.config, "PASSWORD_HASHER")
    return app


@pytest.fixture
def hash_calls(monkeypatch):
    """Count every key derivation werkzeug's password hashes run (scrypt or PBKDF2)."""
    calls: list[str] = []
    for name in ("scrypt", "pbkdf2_hmac"):
        real = getattr(hashlib, name)

        def counting(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(hashlib, name, counting)
    return calls


def _hashes(calls: list[str], username: str, password: str) -> tuple[int, object]:
    before = len(calls)
    user = authenticate(username, password)
    return len(calls) - before, user


@pytest.mark.parametrize("hasher", ["production", "test suite"])
def test_unknown_user_costs_the_same_hashing_as_a_wrong_password(app, hash_calls, hasher,
                                                                 monkeypatch):
    if hasher == "production":
        monkeypatch.delitem(app.config, "PASSWORD_HASHER")
    create_user("chair", "richtiges-passwort", "chair")
    accounts._dummy_hash.cache_clear()

    first = _hashes(hash_calls, "niemand", "geraten")  # a fresh process's first login
    unknown = _hashes(hash_calls, "auch-niemand", "geraten")
    wrong = _hashes(hash_calls, "chair", "geraten")
    right = _hashes(hash_calls, "chair", "richtiges-passwort")

    assert unknown == (1, None)
    assert wrong == (1, None)
    assert right[0] == 1 and right[1] is not None
    assert first == (2, None)  # the dummy hash is made once, on the first login ...
    accounts._dummy_hash.cache_clear()
    assert _hashes(hash_calls, "chair", "geraten") == (2, None)  # ... whichever name it names


def test_without_a_hasher_passwords_get_werkzeugs_default_hash(production_hash_app, client):
    create_user("anna", "correct horse", "chair")
    user = db.session.scalar(db.select(User))
    assert _method(user.password_hash) == _method(generate_password_hash("x"))
    assert _method(user.password_hash).startswith("scrypt:32768:")  # werkzeug 3's default
    assert client.post("/login", data={"username": "anna", "password": "correct horse"}
                       ).status_code == 302
    assert client.post("/login", data={"username": "anna", "password": "wrong"}
                       ).status_code == 200


def test_the_suites_hasher_is_scrypt_with_a_small_work_factor(app, client):
    create_user("anna", "correct horse", "chair")
    user = db.session.scalar(db.select(User))
    assert _method(user.password_hash) == QUICK_PASSWORD_HASH
    assert client.post("/login", data={"username": "anna", "password": "correct horse"}
                       ).status_code == 302


def test_the_app_as_deployed_has_no_password_hasher(tmp_path, monkeypatch):
    for name in [n for n in os.environ if n.startswith("WAHLGANG_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("WAHLGANG_SECRET_KEY", "x" * 48)
    deployed = create_app({"INSTANCE_PATH": str(tmp_path)})  # what `flask`/gunicorn call
    assert deployed.config.get("PASSWORD_HASHER") is None


def test_a_password_hasher_from_settings_or_environment_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("WAHLGANG_SECRET_KEY", "x" * 48)
    monkeypatch.setenv("WAHLGANG_PASSWORD_HASHER", "pbkdf2:sha256:1")
    with pytest.raises(ConfigurationError, match="PASSWORD_HASHER"):
        create_app({"INSTANCE_PATH": str(tmp_path)})
