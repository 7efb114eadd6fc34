"""The chain head after each close: on the projector, on the public board, in the protocol
(with each poll's key fingerprint), and accepted by ``verify --expect-head`` on the app's own
audit file — while the head of a file with a poll cut out is not."""

from __future__ import annotations

import json

from app.extensions import db
from app.models import Conference
from app.services.polls.lifecycle import close_poll, open_poll
from app.services.protocol.audit import audit_file
from app.services.protocol.build import build_protocol
from ballots.audit import head_code, parse_lines, verify_audit
from tests.app.chair.helpers import login
from tests.app.vote.factories import (
    Phone,
    make_conference,
    make_delegate,
    make_poll,
    motion_contest,
)
from tests.ballots.audit_factory import make_audit_text, rechain


def _vote_and_close(app, conference_id: int, title: str, marks: list[str]):
    conference = db.session.get(Conference, conference_id)
    poll = open_poll(make_poll(conference, motion_contest(title)).id)
    poll_id = poll.id
    assert poll.public_key_pem and poll.public_id  # loaded before requests end the session
    for mark, token in zip(marks, _tokens[conference_id], strict=False):
        phone = Phone(client=app.test_client(), token=token)
        phone.fetch_credential(poll)
        assert phone.cast(poll, {"marks": {"motion": mark}}).status_code == 201
    db.session.remove()
    closed = close_poll(poll_id)
    return closed.id, closed.public_id, closed.key_fingerprint


_tokens: dict[int, list[str]] = {}


def test_each_close_shows_a_head_that_the_verifier_finds(app, client):
    conference = make_conference()
    conference_id = conference.id
    _tokens[conference_id] = [make_delegate(conference, f"Person {i}")[1] for i in range(3)]
    first = _vote_and_close(app, conference_id, "Antrag A1", ["Y", "N", "Y"])
    second = _vote_and_close(app, conference_id, "Antrag A2", ["N", "N"])
    events = parse_lines(audit_file(conference_id))
    results = [e for e in events if e.type == "result"]
    codes = [head_code(e.hash) for e in results]  # the close's last event, per poll

    login(client)
    projector = client.get(f"/chair/polls/{second[0]}/projector").get_data(as_text=True)
    board = client.get(f"/public/p/{first[1]}").get_data(as_text=True)
    protocol = build_protocol(conference_id)

    assert codes[1] in projector and codes[0] in board
    assert [(h["poll"], h["code"]) for h in protocol["close_heads"]] == [
        (first[1], codes[0]), (second[1], codes[1])]
    rounds = {r["poll"]: r for item in protocol["items"] for r in item.get("rounds", [item])}
    assert rounds[first[1]]["key_fingerprint"] == first[2]
    assert rounds[second[1]]["close_head"] == codes[1]
    assert verify_audit(events, expected_heads=codes).ok

    # The operator cuts the first poll out and re-hashes: the second head is gone.
    kept = [json.loads(line) for line in audit_file(conference_id).splitlines()
            if json.loads(line)["data"].get("poll") != first[1]]
    forged = verify_audit(make_audit_text(rechain(kept)), expected_heads=codes[1:])
    assert "chain.expected_head" in forged.failed_names()
