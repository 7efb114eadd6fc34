"""Limits on refused card codes and passwords, attacked as a hall sees it: every phone behind
the venue's one address. A valid card or password is never refused by a limit; refusals are
counted per code prefix / user name and globally, and logged without the secret."""

from __future__ import annotations

import logging
from collections import Counter

import pytest

from app import throttle
from app.services.accounts import create_user
from app.services.polls.lifecycle import open_poll
from app.services.roster.tokens import new_token
from tests.app.vote.factories import Phone, make_conference, make_delegate, make_poll

HALL = "192.0.2.10"  # the venue's one NAT address


@pytest.fixture
def strict(app, make_app):
    """The app with limits on, small enough to trip in a test; windows of an hour, so that a
    slow machine cannot see one end in the middle of a test."""
    made = make_app(RATELIMIT_ENABLED=True, TOKEN_REFUSED_LIMIT="10/hour",
                    TOKEN_REFUSED_GLOBAL_LIMIT="30/hour", LOGIN_REFUSED_LIMIT="3/hour",
                    LOGIN_REFUSED_GLOBAL_LIMIT="10/hour")
    with made.app_context():
        throttle.reset()
    yield made
    with made.app_context():
        throttle.reset()


def _client(app):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = HALL
    return client


def _me(app, token: str):
    with app.app_context():
        return _client(app).get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


def test_a_hall_behind_one_address_keeps_voting_while_one_phone_guesses(app, strict):
    """Many phones, one address: an attacker's flood of wrong codes is limited, and not one
    request of a valid card — /me or /credential — is refused."""
    conference = make_conference()
    tokens = [make_delegate(conference, f"Person {i}")[1] for i in range(40)]
    poll = open_poll(make_poll(conference).id)
    wrong: Counter[int] = Counter()
    valid: Counter[int] = Counter()

    phones = [Phone(_client(strict), token) for token in tokens]
    for round_ in range(5):
        for i, phone in enumerate(phones):
            wrong[_me(strict, new_token()).status_code] += 1
            wrong[_me(strict, tokens[0][:4] + new_token()[4:]).status_code] += 1
            valid[phone.me().status_code] += 1
            if round_ == i % 5:  # each phone fetches its credential once, in between
                _msg, blinded, _inv = phone.blind_for(poll)
                valid[phone.request_credential(poll, blinded).status_code] += 1

    assert valid == Counter({200: 240})  # no valid request was refused: 0 of 240 ...
    # ... while the flood is limited: 30 refusals pass the global limit; 15 of them share one
    # prefix, of which 10 pass the per-prefix limit
    assert wrong == Counter({401: 25, 429: 375})


def test_wrong_codes_are_limited_per_prefix_and_the_valid_card_of_that_prefix_gets_in(
        app, strict):
    conference = make_conference()
    _delegate, good = make_delegate(conference)
    stuck = good[:4] + new_token()[4:]  # a wrong code sharing the valid card's prefix

    answers = [_me(strict, stuck) for _ in range(11)]
    other = _me(strict, new_token())
    the_valid_card = _me(strict, good)

    assert [a.status_code for a in answers] == [401] * 10 + [429]
    assert answers[10].get_json()["code"] == "rate_limited"
    assert "Zu viele abgewiesene Codes" in answers[10].get_json()["error"]
    assert 1 <= int(answers[10].headers["Retry-After"]) <= 3600
    assert other.status_code == 401  # another prefix is not affected
    assert the_valid_card.status_code == 200  # the prefix is over its limit, the card is valid


def test_the_global_limit_backs_off_over_longer_windows(app, make_app):
    made = make_app(RATELIMIT_ENABLED=True, TOKEN_REFUSED_LIMIT="100/minute",
                    TOKEN_REFUSED_GLOBAL_LIMIT="2 per hour; 3 per day")
    with made.app_context():
        throttle.reset()

    answers = [_me(made, new_token()) for _ in range(4)]

    assert [a.status_code for a in answers] == [401, 401, 429, 429]
    assert int(answers[2].headers["Retry-After"]) <= 3600  # over the hour's limit
    assert int(answers[3].headers["Retry-After"]) > 3600 * 23  # over the day's: wait longer


def test_refusals_are_logged_without_the_token(app, strict, caplog):
    guesses = [new_token() for _ in range(3)]
    caplog.set_level(logging.WARNING, logger="wahlgang.security")

    for guess in guesses:
        _me(strict, guess)

    refused = [r.getMessage() for r in caplog.records if "refused delegate token" in r.getMessage()]
    assert len(refused) == 3 and all(HALL in m and "sha256 prefix" in m for m in refused)
    assert not any(g in caplog.text for g in guesses)


def test_the_desk_sees_refused_cards_of_the_last_minute(app, strict):
    conference = make_conference()
    _delegate, good = make_delegate(conference)
    create_user("desk-user", "geheim-genug", "checkin")
    for _ in range(7):
        _me(strict, new_token())
    _me(strict, good)

    with strict.app_context():
        desk = _client(strict)
        desk.post("/login", data={"username": "desk-user", "password": "geheim-genug"})
        counts = desk.get("/checkin/counts.json").get_json()
        page = desk.get("/checkin/").get_data(as_text=True)

    assert counts["refused_cards"] == 7
    assert "Abgewiesene Kartenversuche in der letzten Minute:" in page
    assert 'id="count-refused-cards">7<' in page


def _login(app, username: str, password: str):
    with app.app_context():
        return _client(app).post("/login", data={"username": username, "password": password})


def test_wrong_logins_never_lock_out_the_right_password(app, strict, caplog):
    create_user("chair", "richtiges-passwort", "chair")
    caplog.set_level(logging.WARNING, logger="wahlgang.security")

    guesses = [_login(strict, "chair", f"geheim-{i}") for i in range(5)]
    right = _login(strict, "chair", "richtiges-passwort")
    other_name = _login(strict, "desk", "falsch")

    assert [g.status_code for g in guesses] == [200, 200, 200, 429, 429]
    assert "Zu viele Fehlversuche" in guesses[3].get_data(as_text=True)
    assert guesses[3].headers["Retry-After"]
    assert right.status_code == 302  # the correct password gets in, limit or not
    assert other_name.status_code == 200  # another user name has its own count
    refused = [r.getMessage() for r in caplog.records if "refused login" in r.getMessage()]
    assert len(refused) == 6 and all(HALL in m for m in refused)
    assert "geheim" not in caplog.text and "falsch" not in caplog.text


def test_wrong_logins_are_limited_globally_too(app, strict):
    create_user("chair", "richtiges-passwort", "chair")

    answers = [_login(strict, f"name-{i}", "falsch") for i in range(11)]

    assert [a.status_code for a in answers] == [200] * 10 + [429]
    assert _login(strict, "chair", "richtiges-passwort").status_code == 302
