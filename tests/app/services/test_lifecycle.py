import json

import pytest

from app.enums import PollState
from app.extensions import db
from app.models import AuditEvent, Poll
from app.services.lifecycle import PollStateError, open_poll
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
