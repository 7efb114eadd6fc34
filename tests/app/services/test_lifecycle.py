import json

import pytest
from cryptography.exceptions import InvalidTag

from app.enums import PollState
from app.extensions import db
from app.models import AuditEvent, Poll
from app.services.polls.lifecycle import PollStateError, close_poll, open_poll
from ballots import blind
from tests.app.vote.factories import make_conference, make_delegate, make_poll


def test_open_poll_makes_key_snapshot_and_audit_events(app):
    conference = make_conference()
    make_delegate(conference, "Anna")
    make_delegate(conference, "Bert")
    make_delegate(conference, "Cem", present=False)
    poll = make_poll(conference)

    opened = open_poll(poll.id)

    assert opened.state == PollState.OPEN
    assert opened.present_at_open == 2
    pub = blind.load_public_key_pem(opened.public_key_pem)
    assert opened.key_fingerprint == blind.public_key_fingerprint(pub)
    assert opened.private_key_pem.startswith("wg1:")
    assert "PRIVATE KEY" not in opened.private_key_pem
    events = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [e.type for e in events] == ["conference", "roster", "poll_opened"]
    data = json.loads(events[2].line)["data"]
    assert data["present"] == 2
    assert data["key_fingerprint"] == opened.key_fingerprint
    assert data["contest"]["present"] == 2


def test_open_poll_twice_is_refused(app):
    conference = make_conference()
    poll = make_poll(conference)
    open_poll(poll.id)
    with pytest.raises(PollStateError, match="bereits geöffnet"):
        open_poll(poll.id)
    assert db.session.scalar(db.select(db.func.count(AuditEvent.seq))) == 3
    assert db.session.get(Poll, poll.id).state == PollState.OPEN


def test_close_poll_destroys_key_counts_and_records_in_order(app):
    conference = make_conference()
    make_delegate(conference, "Anna")
    poll = open_poll(make_poll(conference).id)

    closed = close_poll(poll.id)

    assert closed.state == PollState.CLOSED
    assert closed.private_key_pem is None
    assert closed.public_key_pem is not None
    assert closed.closed_at is not None
    assert closed.result["ballots"] == {"issued": 0, "cast": 0, "invalid": 0, "valid": 0,
                                        "invalid_grounds": []}
    lines = db.session.scalars(db.select(AuditEvent.line).order_by(AuditEvent.seq)).all()
    events = [json.loads(line) for line in lines]
    assert [e["type"] for e in events] == ["conference", "roster", "poll_opened", "issuances",
                                           "poll_closed", "ballots", "result"]
    assert events[4]["data"] == {"poll": poll.public_id, "issued": 0, "cast": 0}
    assert [e["prev"] for e in events[1:]] == [e["hash"] for e in events[:-1]]


def test_close_draft_or_closed_poll_is_refused_and_changes_nothing(app):
    conference = make_conference()
    draft = make_poll(conference)
    with pytest.raises(PollStateError, match="noch nicht geöffnet"):
        close_poll(draft.id)
    poll = open_poll(make_poll(conference).id)
    close_poll(poll.id)
    events = db.session.scalar(db.select(db.func.count(AuditEvent.seq)))
    with pytest.raises(PollStateError, match="bereits geschlossen"):
        close_poll(poll.id)
    with pytest.raises(PollStateError, match="kann nicht wieder geöffnet"):
        open_poll(poll.id)
    assert db.session.scalar(db.select(db.func.count(AuditEvent.seq))) == events
    assert db.session.get(Poll, draft.id).state == PollState.DRAFT


def test_unknown_poll_is_a_poll_state_error(app):
    with pytest.raises(PollStateError, match="gibt es nicht"):
        open_poll(987654)


def test_second_poll_does_not_repeat_conference_and_roster_events(app):
    conference = make_conference()
    make_delegate(conference)
    open_poll(make_poll(conference).id)
    open_poll(make_poll(conference).id)
    types = db.session.scalars(db.select(AuditEvent.type).order_by(AuditEvent.seq)).all()
    assert types == ["conference", "roster", "poll_opened", "poll_opened"]


def test_private_key_is_sealed_under_the_secret_key(app):
    from app.services.voting.poll_keys import open_private_key

    conference = make_conference()
    poll = open_poll(make_poll(conference).id)
    key = open_private_key(poll.private_key_pem, poll.public_id)
    pub = blind.load_public_key_pem(poll.public_key_pem)
    assert key.n == pub.public_numbers().n
    with pytest.raises(InvalidTag):  # AES-GCM refuses another poll's id
        open_private_key(poll.private_key_pem, "another-poll")
    app.config["SECRET_KEY"] = "a different secret"
    with pytest.raises(InvalidTag):  # and another secret key
        open_private_key(poll.private_key_pem, poll.public_id)


def test_broken_contest_does_not_open(app):
    conference = make_conference()
    poll = make_poll(conference, {"kind": "motion", "title": "X",
                                  "rules": {"preset": "no-such-preset", "overrides": {}}})
    with pytest.raises(PollStateError, match="fehlerhaft angelegt"):
        open_poll(poll.id)
    assert db.session.get(Poll, poll.id).state == PollState.DRAFT
    assert db.session.scalar(db.select(db.func.count(AuditEvent.seq))) == 0
