"""Issue 4: after a real vote through HTTP, nothing stored or logged links a delegate to a ballot.

The vote goes through the live werkzeug server (so its access log is captured too) with
httpx; every table is read row by row and every log record is searched.
"""

from __future__ import annotations

import base64
import logging

import httpx
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Ballot, Issuance
from app.services.polls.lifecycle import close_poll, open_poll
from app.services.roster.tokens import hash_token
from ballots import blind
from ballots.credential import credential_hash, credential_message
from tests.app.vote.factories import b64url, make_conference, make_delegate, make_poll, unb64url

TIME_OR_ORDER = ("time", "date", "_at", "order", "seq", "created", "arrival", "rowid", "ip",
                 "addr", "counter", "serial")


def _forms(value: object) -> set[str]:
    """Every way a value could show up in a row or a log line."""
    if isinstance(value, bytes | memoryview):
        raw = bytes(value)
        return {raw.hex(), base64.b64encode(raw).decode(), b64url(raw), repr(raw)[2:40]}
    return {str(value)}


def _rows() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(sa.select(table)).all()
        out[table.name] = [" | ".join(sorted(f for v in row for f in _forms(v))) for row in rows]
    return out


def _contains(haystacks: list[str], value: object) -> bool:
    return any(form in hay for hay in haystacks for form in _forms(value) if len(form) >= 8)


@pytest.fixture
def all_logs(caplog, monkeypatch):
    """Every logger at DEBUG; Alembic's fileConfig in the session fixture disables loggers that
    existed then (werkzeug, sqlalchemy), so switch them back on for this test."""
    for name in list(logging.root.manager.loggerDict):
        logger = logging.getLogger(name)
        if logger.disabled:
            monkeypatch.setattr(logger, "disabled", False)
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # as with SQLALCHEMY_ECHO
    return caplog


def test_nothing_links_the_delegate_to_the_ballot(app, live_server, all_logs):
    caplog = all_logs
    conference = make_conference()
    delegate, token = make_delegate(conference, "Geheim Wählerin")
    make_delegate(conference, "Zweiter Delegierter")
    poll = open_poll(make_poll(conference).id)
    pub = blind.load_public_key_pem(poll.public_key_pem)

    with httpx.Client(base_url=live_server) as http:
        me = http.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200
        msg = credential_message(poll.public_id)
        blinded, inv = blind.blind(pub, msg)
        answer = http.post(f"/api/v1/polls/{poll.public_id}/credential",
                           json={"blinded_msg": b64url(blinded)},
                           headers={"Authorization": f"Bearer {token}"})
        sig = blind.finalize(pub, msg, unb64url(answer.json()["blind_sig"]), inv)
    with httpx.Client(base_url=live_server) as anonymous:  # a fresh connection, no headers
        cast = anonymous.post(f"/api/v1/polls/{poll.public_id}/ballots",
                              json={"msg": b64url(msg), "sig": b64url(sig),
                                    "ballot": {"marks": {"motion": "N"}}})
    assert cast.status_code == 201
    tracker = cast.json()["tracker"]
    cred_hash = credential_hash(msg)

    db.session.expire_all()
    rows = _rows()
    assert len(rows["sealed_ballots"]) == 1 and len(rows["issuances"]) == 1
    assert rows["ballots"] == []
    # While the poll is open the credential and the choices appear in no table at all: the
    # cast is sealed under the poll's ballot-box key (app.services.voting.ballot_box).
    everything = [row for table in rows.values() for row in table]
    for secret in (msg, sig, cred_hash, tracker, '{"marks":{"motion":"N"}}'):
        assert not _contains(everything, secret)

    # Logs: no token, no credential, no ballot, and no access line for the cast at all.
    lines = [record.getMessage() for record in caplog.records
             if not record.name.startswith(("httpx", "httpcore"))]  # the test's own client
    assert any("/api/v1/me" in line for line in lines)  # the werkzeug log was captured
    assert any("INSERT INTO issuances" in line for line in lines)  # and the SQL echo
    assert not any("/ballots" in line for line in lines)
    # (The SQL echo may show the token's hash and the blinded value: both are stored by design
    # and unlinkable to the ballot. The token itself and the credential must never appear.)
    for secret in (token, msg, sig, cred_hash, tracker):
        assert not _contains(lines, secret)

    closed = close_poll(poll.id)
    assert closed.private_key_pem is None
    db.session.expire_all()
    rows = _rows()
    ballot_rows, issuance_rows = rows.pop("ballots"), rows.pop("issuances")
    assert len(ballot_rows) == 1 and len(issuance_rows) == 1 and rows["sealed_ballots"] == []
    # The ballots table has no column that could say when or in which order.
    columns = {c.name: c for c in Ballot.__table__.columns}
    assert set(columns) == {"credential_hash", "poll_id", "msg", "sig", "choices", "tracker"}
    for name, column in columns.items():
        assert not any(word in name for word in TIME_OR_ORDER), name
        assert not isinstance(column.type, sa.DateTime | sa.Date | sa.Time | sa.Interval), name
        assert not (column.primary_key and isinstance(column.type, sa.Integer)), name
    # The credential (msg, sig, its hash, the tracker) appears in no other table but the
    # audit file's ballots event, which lists every ballot of the poll sorted by hash.
    others = [row for name, table in rows.items() if name != "audit_events" for row in table]
    for secret in (msg, sig, cred_hash, tracker):
        assert not _contains(issuance_rows, secret)
        assert not _contains(others, secret)
    # The issuance's values and the delegate appear nowhere in the ballots table.
    issuance = db.session.execute(sa.select(Issuance)).scalar_one()
    for value in (issuance.blinded_msg, issuance.blind_sig, hash_token(token), token,
                  "Geheim Wählerin", f"D{delegate.id:06d}"):
        assert not _contains(ballot_rows, value)
    assert db.session.scalar(sa.select(Ballot.poll_id)) == poll.id
    for secret in (msg, sig, cred_hash, tracker):
        assert not _contains(issuance_rows, secret)
