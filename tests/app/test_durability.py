"""Crash tests: SIGKILL the real server mid-burst (and mid-close), restart, and check that every
ballot whose receipt reached a phone is counted and that no half-written state remains. While
the poll is open the ballots are sealed under the ballot-box key file: after the kill the file
must still be there and open every acknowledged ballot; after the close it must be gone.

The kills land at known points, whatever the machine's speed: mid-burst once 40 receipts are
in, while the phones that have not cast yet are held back until after the kill (so the burst
is cut off for certain, with up to 7 casts in flight); mid-close while the close waits for a
lock the test holds (inside its transaction on PostgreSQL, at its start on SQLite).

Runs on SQLite (default) and on PostgreSQL when TEST_DATABASE_URL is set. The figures of each
run are printed (``pytest -s``) for docs/security.md.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from app.enums import PollState
from app.extensions import db
from app.models import AuditEvent, Ballot, Conference, Issuance, Poll, SealedBallot
from app.services.accounts import create_user
from app.services.polls.lifecycle import close_poll, open_poll
from app.services.protocol.audit import audit_file
from app.services.voting.ballot_box import forget_key, key_path, sweep_keys
from ballots import blind
from ballots.audit import parse_lines, verify_audit
from ballots.credential import tracker_code, verify_credential
from tests.app.security.live import (
    LivePhone,
    LiveServer,
    ReceiptLog,
    csrf_from,
    flock_waiters,
    logged_in_client,
    wait_until,
)
from tests.app.vote.factories import make_conference, make_delegate, make_poll, stored_ballots

pytestmark = pytest.mark.slow

PHONES = 120
KILL_AFTER_RECEIPTS = 40
CHOICES = ("Y", "N", "A")


@pytest.fixture
def server(app, app_config, tmp_path: Path):
    live = LiveServer(app_config, tmp_path / "gunicorn.log")
    yield live
    live.stop()


def _open_motion(n: int, base: str) -> tuple[Poll, list[LivePhone]]:
    conference = make_conference()
    phones = [LivePhone(base=base, token=make_delegate(conference, f"Person {i:03d}")[1],
                        choice=CHOICES[i % 3]) for i in range(n)]
    poll = open_poll(make_poll(conference).id)
    db.session.commit()
    return poll, phones


def _vote(phone: LivePhone, public_id: str, pub, log: ReceiptLog, kill: threading.Event,
          hold: threading.Event | None = None) -> None:
    """Phase 1: one phone fetches its credential and casts, until the server is gone. Once
    ``hold`` is set, a phone casts only after ``kill`` (into the dead server)."""
    if kill.is_set():
        return
    with httpx.Client(trust_env=False, timeout=30.0) as client:
        try:
            if not phone.fetch_credential(client, public_id, pub):
                return
            if hold is not None and hold.is_set():
                kill.wait(timeout=240)  # cast into the dead server: a transport error
            else:
                log.count_sent()
            answer = phone.cast(client, public_id)
        except httpx.TransportError:
            log.count_error()
            return
    if answer.status_code in (200, 201):
        phone.receipt = answer.json()["tracker"]
        log.record(phone.receipt, phone.choice)
        if hold is not None and len(log) >= KILL_AFTER_RECEIPTS:
            hold.set()


def _retry(phone: LivePhone, public_id: str, pub) -> bool:
    """Phase 2 (after the restart): what phone.js does on its next poll. True if repeated."""
    with httpx.Client(trust_env=False, timeout=30.0) as client:
        if not phone.sig:
            assert phone.fetch_credential(client, public_id, pub), phone.answers
        answer = phone.cast(client, public_id)
    assert answer.status_code in (200, 201), answer.text
    phone.receipt = answer.json()["tracker"]
    return bool(answer.json()["repeated"])


def _assert_no_half_written_state(poll: Poll) -> None:
    pub = blind.load_public_key_pem(poll.public_key_pem or "")
    for row in db.session.scalars(sa.select(Issuance).where(Issuance.poll_id == poll.id)):
        assert blind.verify_blind_sig(pub, bytes(row.blinded_msg), bytes(row.blind_sig))
    for row in db.session.scalars(sa.select(Ballot).where(Ballot.poll_id == poll.id)):
        assert verify_credential(pub, poll.public_id, bytes(row.msg), bytes(row.sig))
        assert row.tracker == tracker_code(row.credential_hash)
    if db.session.get_bind().dialect.name == "sqlite":
        assert db.session.scalar(sa.text("PRAGMA integrity_check")) == "ok"


def _report(label: str, **numbers: object) -> None:
    print(f"\n[{label}] " + ", ".join(f"{k}={v}" for k, v in numbers.items()))


def test_kill9_mid_burst_every_receipt_is_counted(app, server):
    poll, phones = _open_motion(PHONES, server.base)
    public_id, poll_id = poll.public_id, poll.id
    pub = blind.load_public_key_pem(poll.public_key_pem or "")
    db.session.remove()
    server.start()
    log, kill, hold = ReceiptLog(), threading.Event(), threading.Event()

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(_vote, phone, public_id, pub, log, kill, hold)
                   for phone in phones]
        reached = log.wait_for(KILL_AFTER_RECEIPTS, within=240)
        server.kill9()
        kill.set()
        for future in futures:
            future.result(timeout=240)
    assert reached, f"only {len(log)} receipts within 240 s"
    told = dict(log.trackers)
    key_file = key_path(public_id)
    assert key_file.stat().st_mode & 0o777 == 0o600  # the key survived the kill, private
    forget_key(public_id)  # read it from the file again, as a restarted worker does
    opened = stored_ballots(poll_id)  # every sealed row opens with it
    rows = {t for t, _c in opened}
    stored_before_restart = len(rows)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)
                             .where(Ballot.poll_id == poll_id)) == 0  # nothing in clear

    assert len(told) >= KILL_AFTER_RECEIPTS
    assert len(told) < PHONES  # the kill really landed mid-burst
    assert set(told) <= rows  # every acknowledged ballot survived the kill

    server.start()
    pending = [p for p in phones if p.receipt is None]
    repeated = sum(_retry(p, public_id, pub) for p in pending)
    db.session.remove()
    closed = close_poll(poll_id)

    trackers = set(db.session.scalars(sa.select(Ballot.tracker).where(Ballot.poll_id == poll_id)))
    assert not key_file.exists()  # the close destroyed the key
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SealedBallot)) == 0
    motion = closed.result["candidates"][0]
    expected = Counter(p.choice for p in phones)
    assert set(told) <= trackers
    assert {p.receipt for p in phones} == trackers
    assert closed.result["ballots"]["cast"] == PHONES
    assert closed.result["ballots"]["issued"] == PHONES
    assert (motion["yes"], motion["no"], motion["abstain"]) == (
        expected["Y"], expected["N"], expected["A"])
    _assert_no_half_written_state(closed)
    report = verify_audit(parse_lines(audit_file(closed.conference_id)))
    assert [c for c in report.checks if not c.ok] == []
    access_log = server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "/api/v1/polls/" in access_log  # the access log was really written
    assert not any(p.token in access_log for p in phones)  # tokens never reach a log
    _report("kill -9 mid-burst", dialect=db.session.get_bind().dialect.name, phones=PHONES,
            casts_sent_before_kill=log.sent, receipts_before_kill=len(told),
            stored_at_kill=stored_before_restart,
            stored_without_receipt=stored_before_restart - len(told),
            transport_errors=log.transport_errors, retried_after_restart=len(pending),
            retries_answered_repeated=repeated, counted=closed.result["ballots"]["cast"])


def _chair_client(base: str) -> httpx.Client:
    return logged_in_client(base, "chair-durable", "a long password")


def _close_over_http(client: httpx.Client, poll_id: int, outcome: list[object]) -> None:
    try:
        token = csrf_from(client.get("/chair/").text)
        outcome.append(client.post(f"/chair/polls/{poll_id}/close",
                                   data={"csrf_token": token}).status_code)
    except httpx.TransportError as exc:
        outcome.append(type(exc).__name__)


def _state_is_whole(poll_id: int) -> str:
    """Either fully open (key kept, no close events) or fully closed (result, key gone, all
    four close events once). Returns the state found."""
    db.session.remove()
    poll = db.session.get(Poll, poll_id)
    assert poll is not None
    types = Counter(db.session.scalars(
        sa.select(AuditEvent.type).where(AuditEvent.conference_id == poll.conference_id)))
    sealed, counted = (db.session.scalar(sa.select(sa.func.count()).select_from(table)
                                         .where(table.poll_id == poll_id))
                       for table in (SealedBallot, Ballot))
    key_file = key_path(poll.public_id)
    if poll.state == PollState.OPEN:
        assert (poll.private_key_pem is not None, poll.result, poll.closed_at) == (True, None, None)
        assert [types[t] for t in ("issuances", "poll_closed", "ballots", "result")] == [0] * 4
        assert (sealed, counted, key_file.exists()) == (60, 0, True)
    else:
        assert poll.state == PollState.CLOSED
        assert (poll.private_key_pem, poll.result is not None) == (None, True)
        assert [types[t] for t in ("issuances", "poll_closed", "ballots", "result")] == [1] * 4
        assert (sealed, counted) == (0, 60)
        if key_file.exists():  # the kill fell between the commit and the key's destruction
            assert sweep_keys() == [poll.public_id]
            db.session.commit()
        assert not key_file.exists()
    report = verify_audit(parse_lines(audit_file(poll.conference_id)))
    assert [c for c in report.checks if not c.ok] == []
    return str(poll.state)


@contextmanager
def _close_held_at_a_lock(conference_id: int) -> Iterator[Callable[[], bool]]:
    """Hold a lock that closing a poll needs; yields "is a close waiting for it now?".

    PostgreSQL: the conference row, which the close locks to append to the audit chain — by
    then it holds the poll's lock and has written the poll's new state, uncommitted. SQLite:
    the write queue's flock (app.sqlite_queue), which the close takes before it begins."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(sa.select(Conference.id).where(Conference.id == conference_id)
                         .with_for_update())
            own_pid = conn.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()

            def waiting() -> bool:
                with engine.connect() as probe:
                    return bool(probe.execute(sa.text(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        "AND pid <> :own AND datname = current_database()"),
                        {"own": own_pid}).scalar_one())

            yield waiting
            conn.rollback()
        return
    database = engine.url.database
    assert database is not None
    lock_path = Path(f"{database}-writelock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield lambda: flock_waiters(lock_path) > 0
    finally:
        os.close(fd)


def test_kill9_while_the_chair_closes_leaves_the_poll_whole(app, server):
    create_user("chair-durable", "a long password", "chair")
    poll, phones = _open_motion(60, server.base)
    public_id, poll_id, conference_id = poll.public_id, poll.id, poll.conference_id
    pub = blind.load_public_key_pem(poll.public_key_pem or "")
    db.session.remove()
    server.start()
    log = ReceiptLog()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda p: _vote(p, public_id, pub, log, threading.Event()), phones,
                      timeout=240))
    assert len(log) == 60
    chair = _chair_client(server.base)
    outcome: list[object] = []

    with _close_held_at_a_lock(conference_id) as close_is_waiting:
        closer = threading.Thread(target=_close_over_http, args=(chair, poll_id, outcome))
        closer.start()
        wait_until(close_is_waiting, within=120, what="the close waits for the held lock")
        server.kill9()
    closer.join(timeout=120)
    chair.close()
    db.session.remove()
    found_after_kill = _state_is_whole(poll_id)
    assert found_after_kill == PollState.OPEN  # the kill beat the commit
    assert outcome and isinstance(outcome[0], str)  # the chair got no answer, only the kill

    server.start()
    chair = _chair_client(server.base)
    _close_over_http(chair, poll_id, outcome)  # the chair presses Close again
    chair.close()
    assert _state_is_whole(poll_id) == PollState.CLOSED
    closed = db.session.get(Poll, poll_id)
    assert closed is not None and closed.result is not None
    assert closed.result["ballots"]["cast"] == 60
    assert set(log.trackers) == set(db.session.scalars(
        sa.select(Ballot.tracker).where(Ballot.poll_id == poll_id)))
    _report("kill -9 during close", dialect=db.session.get_bind().dialect.name,
            close_answer=outcome[0], state_after_kill=found_after_kill, counted=60)
