"""Logging in: an unknown user name costs exactly the password hashing a wrong password costs,
counted at the hash function (not timed)."""

from __future__ import annotations

import hashlib

import pytest

from app.services import accounts
from app.services.accounts import authenticate, create_user


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


def test_unknown_user_costs_the_same_hashing_as_a_wrong_password(app, hash_calls):
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
