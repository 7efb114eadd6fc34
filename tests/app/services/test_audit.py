import json

import pytest

from app.extensions import db
from app.models import AuditEvent
from app.services.protocol import audit
from ballots.audit import ZERO_HASH, parse_lines, presence_data
from ballots.errors import FormatError
from tests.app.vote.factories import make_conference


def test_append_builds_a_chain_and_the_file_is_its_lines(app):
    conference = make_conference()
    assert audit.head_hash(conference.id) == ZERO_HASH
    audit.ensure_conference_recorded(conference)
    audit.append_event(conference.id, "presence", presence_data(present=3))
    db.session.commit()

    text = audit.audit_file(conference.id)
    events = parse_lines(text)

    assert [e.type for e in events] == ["conference", "roster", "presence"]
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev == ZERO_HASH
    assert events[2].prev == events[1].hash
    assert audit.head_hash(conference.id) == events[2].hash
    assert events[1].data == {"entitled": 0, "voting_right": 0, "substitutes": 0}


def test_chains_of_two_conferences_are_separate(app):
    first, second = make_conference("A"), make_conference("B")
    audit.ensure_conference_recorded(first)
    audit.ensure_conference_recorded(second)
    db.session.commit()
    assert [e.seq for e in parse_lines(audit.audit_file(second.id))] == [1, 2]
    assert json.loads(audit.audit_file(second.id).splitlines()[0])["data"]["title"] == "B"


def test_append_retries_on_the_new_head_when_another_writer_won(app, monkeypatch):
    conference = make_conference()
    audit.ensure_conference_recorded(conference)
    db.session.commit()
    real_head = audit._head
    calls = []

    def stale_head(conference_id):  # the first look sees the chain before the rival's event
        calls.append(conference_id)
        return real_head(conference_id) if len(calls) > 1 else None

    monkeypatch.setattr(audit, "lock_conference", lambda _cid: None)
    monkeypatch.setattr(audit, "_head", stale_head)

    row = audit.append_event(conference.id, "presence", presence_data(present=1))
    db.session.commit()

    assert (row.seq, len(calls)) == (3, 2)
    events = parse_lines(audit.audit_file(conference.id))
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[2].prev == events[1].hash


def test_bad_event_data_is_refused_before_anything_is_written(app):
    conference = make_conference()
    with pytest.raises(FormatError):
        audit.append_event(conference.id, "presence", {"present": -1})
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(AuditEvent.seq))) == 0
