"""How many SQL statements each request of the phone costs during a vote.

Counted with SQLAlchemy's ``before_cursor_execute`` event on the app's engine, so every SELECT,
INSERT and UPDATE sent is seen (COMMIT/ROLLBACK and SQLite's ``BEGIN IMMEDIATE`` are driver
calls, not statements). The common case is one look-up and one conditional insert
(app.services.voting.statements). A cast on PostgreSQL needs one statement more: the shared
advisory lock (``SELECT pg_advisory_xact_lock_shared(…)``); a credential's look-up takes that
lock itself. SQLite's lock is ``BEGIN IMMEDIATE``, a driver call. A change that adds a
statement to the vote path must change a number below on purpose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import event

from app.extensions import db
from app.models.base import utcnow
from app.services.polls.lifecycle import open_poll
from app.services.roster.checkin import set_present
from tests.app.vote.factories import Phone, make_conference, make_delegate, make_poll


@contextmanager
def counting() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement.split(None, 1)[0].upper())

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def make_voting_phone(client: Any) -> tuple[Phone, SimpleNamespace]:
    """A checked-in delegate's phone and an open motion, with the session emptied so every
    request starts cold, as in a gunicorn worker."""
    conference = make_conference()
    delegate, token = make_delegate(conference)
    delegate.checked_in_at = utcnow() - timedelta(minutes=30)  # at the desk before the vote
    db.session.commit()
    poll = open_poll(make_poll(conference).id)
    plain = SimpleNamespace(public_id=poll.public_id, public_key_pem=poll.public_key_pem)
    db.session.remove()
    return Phone(client, token), plain


def lock() -> list[str]:
    """The advisory lock statement on PostgreSQL (module docstring)."""
    return ["SELECT"] if db.engine.dialect.name == "postgresql" else []


def kinds(run: Callable[[], Any]) -> tuple[Any, list[str]]:
    db.session.remove()
    with counting() as statements:
        result = run()
    return result, statements


def test_me_costs_five_statements(app, client):
    phone, _poll = make_voting_phone(client)

    response, statements = kinds(phone.me)

    assert response.status_code == 200
    assert len(response.get_json()["polls"]) == 1
    # delegate by token, substitute check, open polls, issued for them, conference title
    assert statements == ["SELECT"] * 5


def test_credential_costs_one_select_and_one_insert(app, client):
    phone, poll = make_voting_phone(client)
    msg, blinded, _inv = phone.blind_for(poll)

    response, statements = kinds(lambda: phone.request_credential(poll, blinded))

    assert response.status_code == 200
    assert "blind_sig" in response.get_json()
    # delegate, entitlement and poll in one row (on PostgreSQL taking the poll lock too);
    # under the lock the insert, whose WHERE re-checks all of it (app.services.
    # vote_statements). Present since before the opening, so no presence count
    # (presence.record_late_presence); no look-up of an earlier issuance (the primary key
    # refuses a repeat).
    assert statements == ["SELECT", "INSERT"]


def test_late_arrival_credential_adds_the_presence_look_ups(app, client):
    conference = make_conference()
    _first, _token = make_delegate(conference, "Früh")
    late, late_token = make_delegate(conference, "Spät", present=False)
    poll = open_poll(make_poll(conference).id)
    set_present(conference.id, late.id, True)
    plain = SimpleNamespace(public_id=poll.public_id, public_key_pem=poll.public_key_pem)
    db.session.remove()
    phone = Phone(client, late_token)
    _msg, blinded, _inv = phone.blind_for(plain)

    response, statements = kinds(lambda: phone.request_credential(plain, blinded))
    conference_lock = "SELECT" if db.engine.dialect.name == "postgresql" else "UPDATE"

    assert response.status_code == 200
    # the common case's first look-up shows a late arrival, so the full path: delegate,
    # substitute check, poll; under the lock: poll, delegate refresh, substitute check,
    # presence events, the count of entitled-or-issued, and (two present, one at open) the
    # presence event: conference lock, chain head, its insert in a savepoint; the issuance
    assert statements == (["SELECT"] + ["SELECT"] * 3 + lock() + ["SELECT"] * 3
                          + ["SELECT", "SELECT"]
                          + [conference_lock, "SELECT", "SAVEPOINT", "INSERT", "RELEASE"]
                          + ["INSERT"])


def test_same_credential_again_costs_the_refused_insert_and_a_look_up(app, client):
    phone, poll = make_voting_phone(client)
    _msg, blinded, _inv = phone.blind_for(poll)
    first = phone.request_credential(poll, blinded)

    again, statements = kinds(lambda: phone.request_credential(poll, blinded))

    assert again.get_json() == first.get_json()
    # as a first request (the primary key refuses the insert), then the stored issuance
    assert statements == ["SELECT", "INSERT", "SELECT"]


def test_first_cast_costs_one_select_and_one_insert(app, client):
    phone, poll = make_voting_phone(client)
    phone.fetch_credential(poll)

    response, statements = kinds(lambda: phone.cast(poll, {"marks": {"motion": "Y"}}))

    assert response.status_code == 201
    # the poll (key, contest: read once per process and poll, casting._cast_facts); under the
    # lock the ballot, stored only while the poll is open (vote_statements.INSERT_BALLOT)
    assert statements == ["SELECT"] + lock() + ["INSERT"]


def test_later_casts_cost_one_insert(app, client):
    conference = make_conference()
    phones = [Phone(client, make_delegate(conference, name)[1]) for name in ("Anna", "Bert")]
    opened = open_poll(make_poll(conference).id)
    poll = SimpleNamespace(public_id=opened.public_id, public_key_pem=opened.public_key_pem)
    for phone in phones:
        phone.fetch_credential(poll)
    assert phones[0].cast(poll, {"marks": {"motion": "Y"}}).status_code == 201

    response, statements = kinds(lambda: phones[1].cast(poll, {"marks": {"motion": "N"}}))

    assert response.status_code == 201
    assert statements == lock() + ["INSERT"]


def test_repeated_cast_costs_one_select_after_the_refused_insert(app, client):
    phone, poll = make_voting_phone(client)
    phone.fetch_credential(poll)
    first = phone.cast(poll, {"marks": {"motion": "Y"}})

    again, statements = kinds(lambda: phone.cast(poll, {"marks": {"motion": "Y"}}))

    assert (again.status_code, again.get_json()) == (200, {**first.get_json(), "repeated": True})
    # the poll's key and contest are known from the first cast: the refused insert, the
    # stored ballot
    assert statements == lock() + ["INSERT", "SELECT"]
