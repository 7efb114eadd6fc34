"""Token guessing and password guessing are rate-limited per client address and logged with
the address and a hash prefix — never the token or password itself."""

from __future__ import annotations

import logging

import pytest

from app import throttle
from app.services.tokens import new_token
from tests.app.vote.factories import make_conference, make_delegate


@pytest.fixture
def limited(app, make_app):
    strict = make_app(RATELIMIT_ENABLED=True, TOKEN_RATE_LIMIT="3/minute",
                      LOGIN_RATE_LIMIT="2/minute")
    with strict.app_context():
        throttle.reset()
    yield strict
    with strict.app_context():
        throttle.reset()


def _me(app, token: str, address: str):
    with app.app_context():
        return app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"},
                                     environ_base={"REMOTE_ADDR": address})


def test_guessed_tokens_are_limited_per_address_and_logged_without_the_token(
        app, limited, caplog):
    conference = make_conference()
    _delegate, good = make_delegate(conference)
    guesses = [new_token() for _ in range(4)]
    caplog.set_level(logging.WARNING, logger="wahlgang.security")

    answers = [_me(limited, guess, "192.0.2.10") for guess in guesses]
    good_from_there = _me(limited, good, "192.0.2.10")
    good_elsewhere = _me(limited, good, "192.0.2.11")

    assert [a.status_code for a in answers] == [401, 401, 401, 429]
    assert answers[3].get_json()["code"] == "rate_limited"
    assert "Zu viele Versuche" in answers[3].get_json()["error"]
    assert good_from_there.status_code == 429  # the address is blocked for a minute
    assert good_elsewhere.status_code == 200  # others are not
    refused = [r for r in caplog.records if "refused delegate token" in r.getMessage()]
    hits = [r for r in caplog.records if "rate limit hit" in r.getMessage()]
    assert len(refused) == 3
    assert all("192.0.2.10" in r.getMessage() for r in refused + hits)
    assert len(hits) == 2
    assert "sha256 prefix" in refused[0].getMessage()
    logged = caplog.text
    assert not any(g in logged for g in guesses) and good not in logged


def test_valid_tokens_never_count_against_the_limit(app, limited):
    conference = make_conference()
    _delegate, good = make_delegate(conference)

    statuses = [_me(limited, good, "192.0.2.20").status_code for _ in range(10)]

    assert statuses == [200] * 10


def test_credential_endpoint_is_limited_too(app, limited):
    answers = []
    for _ in range(4):
        with limited.app_context():
            answers.append(limited.test_client().post(
                "/api/v1/polls/abc/credential", json={"blinded_msg": "AAAA"},
                headers={"Authorization": f"Bearer {new_token()}"},
                environ_base={"REMOTE_ADDR": "192.0.2.30"}))

    assert [a.status_code for a in answers] == [401, 401, 401, 429]


def test_login_guessing_is_limited_and_logged_without_the_password(app, limited, caplog):
    caplog.set_level(logging.WARNING, logger="wahlgang.security")
    limited.config["WTF_CSRF_ENABLED"] = False
    answers = []
    for attempt in range(3):
        with limited.app_context():
            answers.append(limited.test_client().post(
                "/login", data={"username": "chair", "password": f"geheim-{attempt}"},
                environ_base={"REMOTE_ADDR": "192.0.2.40"}))

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert "Zu viele Versuche" in answers[2].get_data(as_text=True)
    assert answers[2].mimetype == "text/html"
    refused = [r.getMessage() for r in caplog.records if "refused login" in r.getMessage()]
    assert len(refused) == 2 and all("192.0.2.40" in m for m in refused)
    assert "geheim" not in caplog.text


def test_limit_is_per_real_client_behind_a_proxy(app, make_app):
    proxied = make_app(RATELIMIT_ENABLED=True, TOKEN_RATE_LIMIT="2/minute", PROXY_FIX_HOPS=1)
    with proxied.app_context():
        throttle.reset()

    def me(client_address: str) -> int:
        with proxied.app_context():
            return proxied.test_client().get(
                "/api/v1/me", headers={"Authorization": f"Bearer {new_token()}",
                                       "X-Forwarded-For": client_address},
                environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code

    first = [me("198.51.100.5") for _ in range(3)]
    other = me("198.51.100.6")
    with proxied.app_context():
        throttle.reset()

    assert first == [401, 401, 429]
    assert other == 401
