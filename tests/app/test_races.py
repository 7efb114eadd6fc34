"""Race tests against a real multi-process server (gunicorn, 2 workers × 8 threads) on the test
database: the same credential 50 times at once, one card asking 50 times at once, casting while
the chair closes, two chairs pressing Open/Close together.

Every answer must be either the one receipt or a clear JSON refusal; nothing acknowledged may be
dropped, nothing may be stored twice, and the audit chain must not fork.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from app.enums import PollState
from app.extensions import db
from app.models import AuditEvent, Ballot, Delegate, Issuance, Poll
from app.services.accounts import create_user
from app.services.polls.lifecycle import open_poll
from app.services.protocol.audit import audit_file
from ballots import blind
from ballots.audit import parse_lines, verify_audit
from ballots.credential import credential_hash, credential_message, tracker_code
from tests.app.security.live import (
    LivePhone,
    LiveServer,
    b64url,
    csrf_from,
    logged_in_client,
)
from tests.app.vote.factories import make_conference, make_delegate, make_poll, stored_ballots

pytestmark = pytest.mark.slow

N = 50


@pytest.fixture(scope="module")
def server(app_config, _migrated, tmp_path_factory: pytest.TempPathFactory):
    live = LiveServer(app_config, tmp_path_factory.mktemp("races") / "gunicorn.log",
                      workers=2, threads=8)
    live.start()
    yield live
    live.stop()


def _all_at_once(n: int, action: Callable[[httpx.Client], Any]) -> list[Any]:
    """Run ``action`` in ``n`` threads released together, each with its own connection."""
    barrier = threading.Barrier(n, timeout=120)

    def one(_: int) -> Any:
        with httpx.Client(trust_env=False, timeout=120.0) as client:
            barrier.wait()
            return action(client)

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(one, range(n), timeout=300))


@dataclass(frozen=True)
class PollRef:
    """Plain values of a poll, safe to use after the session is dropped."""

    id: int
    public_id: str
    conference_id: int
    public_key_pem: str


def _motion(base: str, n_phones: int, *, opened: bool = True
            ) -> tuple[PollRef, list[LivePhone]]:
    conference = make_conference()
    phones = [LivePhone(base=base, token=make_delegate(conference, f"P{i:03d}")[1],
                        choice=("Y", "N", "A")[i % 3]) for i in range(n_phones)]
    poll = make_poll(conference)
    if opened:
        poll = open_poll(poll.id)
    db.session.commit()
    ref = PollRef(poll.id, poll.public_id, poll.conference_id, poll.public_key_pem or "")
    db.session.remove()
    return ref, phones


def _with_credential(phone: LivePhone, poll: PollRef) -> LivePhone:
    pub = blind.load_public_key_pem(poll.public_key_pem)
    with httpx.Client(trust_env=False, timeout=120.0) as client:
        assert phone.fetch_credential(client, poll.public_id, pub)
    return phone


def _json(answer: httpx.Response) -> tuple[int, dict[str, Any]]:
    assert answer.headers["content-type"].startswith("application/json"), answer.text[:300]
    return answer.status_code, answer.json()


def test_same_ballot_50_times_at_once_is_stored_once_with_one_receipt(app, server):
    poll, (phone,) = _motion(server.base, 1)
    _with_credential(phone, poll)
    db.session.remove()

    answers = [_json(a) for a in _all_at_once(N, lambda c: phone.cast(c, poll.public_id))]

    tracker = tracker_code(credential_hash(phone.msg))
    statuses = Counter(status for status, _ in answers)
    assert statuses == {201: 1, 200: N - 1}
    assert {body["tracker"] for _, body in answers} == {tracker}
    assert sorted(body["repeated"] for _, body in answers) == [False] + [True] * (N - 1)
    assert [t for t, _c in stored_ballots(poll.id)] == [tracker]


def test_same_credential_with_different_ballots_at_once_stores_exactly_one(app, server):
    poll, (phone,) = _motion(server.base, 1)
    _with_credential(phone, poll)
    db.session.remove()
    marks = iter(["Y", "N", "A"] * N)
    lock = threading.Lock()

    def cast(client: httpx.Client) -> httpx.Response:
        with lock:
            mark = next(marks)
        return client.post(f"{server.base}/api/v1/polls/{poll.public_id}/ballots",
                           json={"msg": b64url(phone.msg), "sig": b64url(phone.sig),
                                 "ballot": {"marks": {"motion": mark}}})

    answers = [_json(a) for a in _all_at_once(N, cast)]

    stored = stored_ballots(poll.id)
    assert len(stored) == 1
    statuses = Counter(status for status, _ in answers)
    assert statuses[201] == 1
    assert set(statuses) <= {200, 201, 409}
    assert statuses[200] + statuses[409] == N - 1
    refusals = {body["code"] for status, body in answers if status == 409}
    assert refusals <= {"already_voted"}
    assert all(body["error"] for status, body in answers if status == 409)


def test_one_card_asking_50_times_at_once_gets_one_signature(app, server):
    poll, (phone,) = _motion(server.base, 1)
    pub = blind.load_public_key_pem(poll.public_key_pem)
    db.session.remove()
    phone.prepare(poll.public_id, pub)  # a phone retrying with the same blinded value

    def ask(client: httpx.Client) -> httpx.Response:
        return client.post(f"{server.base}/api/v1/polls/{poll.public_id}/credential",
                           json={"blinded_msg": b64url(phone.blinded)},
                           headers={"Authorization": f"Bearer {phone.token}"})

    answers = [_json(a) for a in _all_at_once(N, ask)]

    assert Counter(status for status, _ in answers) == {200: N}
    assert len({body["blind_sig"] for _, body in answers}) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Issuance)) == 1


def test_one_card_with_50_different_blinded_values_gets_one_signature(app, server):
    poll, (phone,) = _motion(server.base, 1)
    pub = blind.load_public_key_pem(poll.public_key_pem)
    db.session.remove()
    blinded = [blind.blind(pub, credential_message(poll.public_id))[0] for _ in range(N)]
    turn = iter(blinded)
    lock = threading.Lock()

    def ask(client: httpx.Client) -> httpx.Response:
        with lock:
            value = next(turn)
        return client.post(f"{server.base}/api/v1/polls/{poll.public_id}/credential",
                           json={"blinded_msg": b64url(value)},
                           headers={"Authorization": f"Bearer {phone.token}"})

    answers = [_json(a) for a in _all_at_once(N, ask)]

    statuses = Counter(status for status, _ in answers)
    assert statuses == {200: 1, 409: N - 1}
    assert {b["code"] for s, b in answers if s == 409} == {"credential_already_issued"}
    row = db.session.scalar(sa.select(Issuance))
    assert row is not None
    winner = next(b["blind_sig"] for s, b in answers if s == 200)
    assert b64url(bytes(row.blind_sig)) == winner
    assert blind.verify_blind_sig(pub, bytes(row.blinded_msg), bytes(row.blind_sig))


def _chair(base: str, name: str) -> httpx.Client:
    create_user(name, "a long password", "chair")
    return logged_in_client(base, name, "a long password")


def _press(client: httpx.Client, poll_id: int, action: str) -> str:
    """A chair presses Open/Close; returns the flash message shown on the next page."""
    token = csrf_from(client.get("/chair/").text)
    answer = client.post(f"/chair/polls/{poll_id}/{action}", data={"csrf_token": token},
                         follow_redirects=True)
    assert answer.status_code == 200, answer.text[:300]
    flashes = re.findall(r'class="flash flash-(\w+)"[^>]*>([^<]*)<', answer.text)
    if action == "close" and not flashes and "/result" in str(answer.url):
        return "success: closed"
    assert len(flashes) == 1, (answer.url, answer.text[:2000])
    return f"{flashes[0][0]}: {flashes[0][1].strip()}"


def test_casting_while_the_chair_closes_counts_exactly_the_acknowledged(app, server):
    poll, phones = _motion(server.base, 60)
    for phone in phones:
        _with_credential(phone, poll)
    chair = _chair(server.base, "chair-race")
    db.session.remove()
    receipts: dict[str, str] = {}
    refusals: Counter[str] = Counter()
    lock = threading.Condition()

    def cast(phone: LivePhone) -> None:
        with httpx.Client(trust_env=False, timeout=120.0) as client:
            status, body = _json(phone.cast(client, poll.public_id))
        with lock:
            if status in (200, 201):
                receipts[body["tracker"]] = phone.choice
                lock.notify_all()
            else:
                assert (status, body["code"]) == (409, "poll_closed"), body
                refusals[body["code"]] += 1

    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [pool.submit(cast, p) for p in phones]
        with lock:  # the chair closes mid-burst: once 20 receipts are in
            lock.wait_for(lambda: len(receipts) >= 20, timeout=240)
        closed_message = _press(chair, poll.id, "close")
        for future in futures:
            future.result(timeout=240)
    chair.close()

    db.session.remove()
    closed = db.session.get(Poll, poll.id)
    assert closed is not None and closed.state == PollState.CLOSED
    stored = set(db.session.scalars(sa.select(Ballot.tracker).where(Ballot.poll_id == poll.id)))
    motion = closed.result["candidates"][0]
    told = Counter(receipts.values())
    assert closed_message.startswith("success")
    assert stored == set(receipts)
    assert closed.result["ballots"]["cast"] == len(receipts)
    assert (motion["yes"], motion["no"], motion["abstain"]) == (told["Y"], told["N"], told["A"])
    assert len(receipts) + sum(refusals.values()) == 60
    print(f"\n[cast while closing] counted={len(receipts)} "
          f"refused_closed={refusals['poll_closed']}")


@pytest.mark.parametrize("action", ["open", "close"])
def test_two_chairs_pressing_together_one_wins_one_is_told(app, server, action):
    poll, _ = _motion(server.base, 3, opened=(action == "close"))
    one, two = _chair(server.base, "chair-one"), _chair(server.base, "chair-two")
    db.session.remove()
    barrier = threading.Barrier(2, timeout=120)

    def press(client: httpx.Client) -> str:
        barrier.wait()
        return _press(client, poll.id, action)

    with ThreadPoolExecutor(max_workers=2) as pool:
        messages = sorted(pool.map(press, (one, two), timeout=300))
    one.close()
    two.close()

    expected = ("error: Die Abstimmung ist bereits geöffnet." if action == "open"
                else "error: Die Abstimmung ist bereits geschlossen.")
    assert messages[0] == expected
    assert messages[1].startswith("success")
    types = Counter(db.session.scalars(sa.select(AuditEvent.type)))
    opened = 1
    closes = 1 if action == "close" else 0
    assert types["poll_opened"] == opened
    assert [types[t] for t in ("poll_closed", "ballots", "result")] == [closes] * 3
    seqs = db.session.scalars(sa.select(AuditEvent.seq).order_by(AuditEvent.seq)).all()
    assert seqs == list(range(1, len(seqs) + 1))
    report = verify_audit(parse_lines(audit_file(poll.conference_id)))
    assert [c for c in report.checks if not c.ok] == []


def _desk(base: str, name: str) -> httpx.Client:
    create_user(name, "a long password", "checkin")
    return logged_in_client(base, name, "a long password")


def test_desk_paper_and_a_scripted_phone_at_once_give_one_channel(app, server):
    """The desk hands Dora a paper ballot while her (scripted) phone asks for credentials
    with 20 blinded values at once: she ends up with a paper ballot *or* one credential,
    never both, and every answer says which."""
    poll, (phone,) = _motion(server.base, 1)
    delegate_id = db.session.scalar(sa.select(Delegate.id).where(Delegate.name == "P000"))
    pub = blind.load_public_key_pem(poll.public_key_pem)
    desk = _desk(server.base, "desk-race")
    token = csrf_from(desk.get(f"/checkin/{delegate_id}/paper").text)
    db.session.remove()
    blinded = iter([blind.blind(pub, credential_message(poll.public_id))[0] for _ in range(20)])
    lock = threading.Lock()

    def act(client: httpx.Client) -> Any:
        with lock:
            value = next(blinded, None)
        if value is None:  # the 21st thread is the desk
            return desk.post(f"/checkin/{delegate_id}/paper",
                             data={"csrf_token": token, "poll_id": str(poll.id)},
                             follow_redirects=True)
        return client.post(f"{server.base}/api/v1/polls/{poll.public_id}/credential",
                           json={"blinded_msg": b64url(value)},
                           headers={"Authorization": f"Bearer {phone.token}"})

    try:
        answers = _all_at_once(21, act)
    finally:
        desk.close()
    desk_page = next(a for a in answers if a.headers["content-type"].startswith("text/html"))
    phone_answers = [_json(a) for a in answers if a is not desk_page]
    rows = db.session.execute(sa.select(Issuance.channel)).scalars().all()
    assert len(rows) == 1
    statuses = Counter(status for status, _ in phone_answers)
    if rows == ["paper"]:
        assert "Papierstimmzettel ausgegeben." in desk_page.text
        assert statuses == {409: 20}
        assert {b["code"] for _s, b in phone_answers} <= {"paper_ballot_issued",
                                                         "credential_already_issued"}
    else:
        assert rows == ["phone"]
        assert "Papierstimmzettel ausgegeben." not in desk_page.text
        assert statuses == {200: 1, 409: 19}
