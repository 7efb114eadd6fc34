"""The vote path's two-statement common case gives way whenever something changed.

A credential is signed between the first look-up and the insert; the insert's WHERE clause
re-checks the poll and the delegate (app.services.voting.statements). These tests change the
world exactly while the server signs and check that nothing is stored where the full path
would refuse, and that the refusal says why.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from app.extensions import db
from app.models import Ballot, Issuance
from app.models.base import utcnow
from app.services.polls.lifecycle import close_poll, open_poll
from app.services.roster.checkin import set_present
from app.services.voting import credentials as voting
from tests.app.vote.factories import Phone, make_conference, make_delegate, make_poll


@pytest.fixture
def hall(app, client):
    conference = make_conference()
    anna, token = make_delegate(conference, "Anna")
    anna.checked_in_at = utcnow() - timedelta(minutes=30)
    db.session.commit()
    poll = open_poll(make_poll(conference).id)
    plain = SimpleNamespace(id=poll.id, public_id=poll.public_id,
                            public_key_pem=poll.public_key_pem)
    return SimpleNamespace(conference=conference, anna=anna, phone=Phone(client, token),
                           poll=plain)


def _while_signing(monkeypatch, change):
    """Run ``change`` right after the common case signed, before it takes the lock; count
    how often the full path ran."""
    original_sign, original_full = voting._sign, voting._issue_credential_in_full
    calls = {"full": 0, "changed": 0}

    def sign_then_change(*args):
        signature = original_sign(*args)
        if not calls["changed"]:
            calls["changed"] += 1
            change()
        return signature

    def full(*args):
        calls["full"] += 1
        return original_full(*args)

    monkeypatch.setattr(voting, "_sign", sign_then_change)
    monkeypatch.setattr(voting, "_issue_credential_in_full", full)
    return calls


def _issuances() -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(Issuance)) or 0


@pytest.mark.parametrize(("change", "status", "code"), [
    ("check_out", 403, "not_present"),
    ("close_poll", 409, "poll_closed"),
])
def test_change_while_signing_gets_no_credential(hall, monkeypatch, change, status, code):
    changes = {"check_out": lambda: set_present(hall.conference.id, hall.anna.id, False),
               "close_poll": lambda: close_poll(hall.poll.id)}
    calls = _while_signing(monkeypatch, changes[change])
    _msg, blinded, _inv = hall.phone.blind_for(hall.poll)

    answer = hall.phone.request_credential(hall.poll, blinded)

    assert (answer.status_code, answer.get_json()["code"]) == (status, code)
    assert calls["full"] == 1
    assert _issuances() == 0


def test_leaving_and_returning_while_signing_takes_the_late_arrival_path(hall, monkeypatch):
    def leave_and_return():
        set_present(hall.conference.id, hall.anna.id, False)
        set_present(hall.conference.id, hall.anna.id, True)  # a new checked_in_at: late

    calls = _while_signing(monkeypatch, leave_and_return)
    _msg, blinded, _inv = hall.phone.blind_for(hall.poll)

    answer = hall.phone.request_credential(hall.poll, blinded)

    assert answer.status_code == 200
    assert calls["full"] == 1  # the presence bound is checked there (presence.py)
    assert _issuances() == 1


def test_common_case_takes_no_detour(hall, monkeypatch):
    calls = _while_signing(monkeypatch, lambda: None)
    _msg, blinded, _inv = hall.phone.blind_for(hall.poll)

    assert hall.phone.request_credential(hall.poll, blinded).status_code == 200
    assert calls["full"] == 0
    assert _issuances() == 1


def test_ballot_after_the_close_is_refused_although_the_worker_knows_the_poll(hall, client):
    bert_phone = Phone(client, make_delegate(hall.conference, "Bert")[1])
    credentials = [hall.phone.fetch_credential(hall.poll), bert_phone.fetch_credential(hall.poll)]
    assert hall.phone.cast(hall.poll, {"marks": {"motion": "Y"}},
                           credentials[0]).status_code == 201  # the poll is now cached
    close_poll(hall.poll.id)

    late = bert_phone.cast(hall.poll, {"marks": {"motion": "N"}}, credentials[1])

    assert (late.status_code, late.get_json()["code"]) == (409, "poll_closed")
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Ballot)) == 1
