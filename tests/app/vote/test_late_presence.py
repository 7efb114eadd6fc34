"""Late arrivals during an open poll: the audit file must still prove issued ≤ present.

Only delegates who became present after the opening are counted on the credential path
(``presence.record_late_presence``); these tests cover the cases where that shortcut could
miss a credential: leaving and returning, and late arrivals who fetch their credentials
before the delegates present at the opening do.
"""

from __future__ import annotations

import json
from datetime import timedelta

from app.extensions import db
from app.models import AuditEvent
from app.models.base import utcnow
from app.services.polls.lifecycle import close_poll, open_poll
from app.services.protocol.audit import audit_file
from app.services.roster.checkin import set_present
from ballots.audit import parse_lines, verify_audit
from tests.app.vote.factories import Phone, make_conference, make_delegate, make_poll


def _on_time(conference, name):
    delegate, token = make_delegate(conference, name)
    delegate.checked_in_at = utcnow() - timedelta(minutes=30)
    db.session.commit()
    return delegate, token


def _presence(poll) -> list[dict]:
    lines = db.session.scalars(
        db.select(AuditEvent.line).where(AuditEvent.type == "presence")).all()
    return [json.loads(line)["data"] for line in lines
            if json.loads(line)["data"].get("poll") == poll.public_id]


def _failed_checks(conference) -> list[str]:
    report = verify_audit(parse_lines(audit_file(conference.id)))
    return [c.name for c in report.checks if not c.ok]


def _vote(client, token, poll) -> None:
    phone = Phone(client, token)
    phone.fetch_credential(poll)
    assert phone.cast(poll, {"marks": {"motion": "Y"}}).status_code == 201


def test_late_presence_delegate_leaving_and_returning_is_not_counted_twice(app, client):
    conference = make_conference()
    anna, anna_token = _on_time(conference, "Anna")
    _bert, bert_token = _on_time(conference, "Bert")
    poll = open_poll(make_poll(conference).id)
    set_present(conference.id, anna.id, False)
    set_present(conference.id, anna.id, True)  # back: a new checked_in_at

    for token in (anna_token, bert_token):
        _vote(client, token, poll)
    close_poll(poll.id)

    assert poll.present_at_open == 2
    assert _presence(poll) == []  # two entitled throughout, two credentials
    assert _failed_checks(conference) == []


def test_late_presence_late_arrivals_first_then_the_ones_present_at_open(app, client):
    conference = make_conference()
    on_time = [_on_time(conference, name) for name in ("Anna", "Bert", "Cem")]
    late = [make_delegate(conference, name, present=False) for name in ("Dora", "Emil")]
    poll = open_poll(make_poll(conference).id)
    set_present(conference.id, on_time[2][0].id, False)  # Cem leaves without a credential
    for delegate, token in late:
        set_present(conference.id, delegate.id, True)
        _vote(client, token, poll)
    for _delegate, token in on_time[:2]:
        _vote(client, token, poll)
    close_poll(poll.id)

    # Four credentials against three present at the opening: Emil's request recorded four
    # (Anna, Bert, Dora, Emil entitled at that moment).
    assert poll.present_at_open == 3
    assert _presence(poll) == [{"poll": poll.public_id, "present": 4}]
    assert _failed_checks(conference) == []


def test_late_presence_check_in_just_before_the_opening_counts_as_late(app, client):
    conference = make_conference()
    _anna, anna_token = _on_time(conference, "Anna")
    bert, bert_token = make_delegate(conference, "Bert")
    bert.checked_in_at = utcnow()  # within the margin: its commit may have missed the count
    db.session.commit()
    poll = open_poll(make_poll(conference).id)

    for token in (bert_token, anna_token):
        _vote(client, token, poll)
    close_poll(poll.id)

    assert poll.present_at_open == 2
    assert _presence(poll) == []
    assert _failed_checks(conference) == []
