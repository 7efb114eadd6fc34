"""Races through the live server: many requests at once never store a ballot or an issuance
twice, and a close never lets a ballot slip in uncounted."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from app.extensions import db
from app.models import Ballot, Issuance, Poll, SealedBallot
from app.services.polls.lifecycle import close_poll, open_poll
from ballots import blind
from ballots.credential import credential_hash, credential_message, tracker_code
from tests.app.vote.factories import b64url, make_conference, make_delegate, make_poll, unb64url

pytestmark = pytest.mark.slow


def _credential(base: str, token: str, poll: Poll) -> tuple[bytes, bytes]:
    pub = blind.load_public_key_pem(poll.public_key_pem)
    msg = credential_message(poll.public_id)
    blinded, inv = blind.blind(pub, msg)
    answer = httpx.post(f"{base}/api/v1/polls/{poll.public_id}/credential",
                        json={"blinded_msg": b64url(blinded)},
                        headers={"Authorization": f"Bearer {token}"})
    return msg, blind.finalize(pub, msg, unb64url(answer.json()["blind_sig"]), inv)


def test_same_credential_cast_eight_times_at_once_is_stored_once(app, live_server):
    conference = make_conference()
    _d, token = make_delegate(conference)
    poll = open_poll(make_poll(conference).id)
    msg, sig = _credential(live_server, token, poll)
    body = {"msg": b64url(msg), "sig": b64url(sig), "ballot": {"marks": {"motion": "Y"}}}

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(
            lambda _i: httpx.post(f"{live_server}/api/v1/polls/{poll.public_id}/ballots",
                                  json=body, timeout=120), range(8)))

    assert sorted(a.status_code for a in answers) == [200] * 7 + [201]
    tracker = tracker_code(credential_hash(msg))
    assert {a.json()["tracker"] for a in answers} == {tracker}
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(SealedBallot)) == 1


def test_different_blinded_values_at_once_get_one_signature(app, live_server):
    conference = make_conference()
    _d, token = make_delegate(conference)
    poll = open_poll(make_poll(conference).id)
    pub = blind.load_public_key_pem(poll.public_key_pem)
    blinded = [blind.blind(pub, credential_message(poll.public_id))[0] for _ in range(6)]

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(
            lambda b: httpx.post(f"{live_server}/api/v1/polls/{poll.public_id}/credential",
                                 json={"blinded_msg": b64url(b)},
                                 headers={"Authorization": f"Bearer {token}"}, timeout=120),
            blinded))

    assert sorted(a.status_code for a in answers) == [200] + [409] * 5
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Issuance)) == 1


def test_close_during_a_burst_counts_exactly_the_stored_ballots(app, live_server):
    conference = make_conference()
    tokens = [make_delegate(conference, f"P{i}")[1] for i in range(12)]
    poll = open_poll(make_poll(conference).id)
    creds = [_credential(live_server, token, poll) for token in tokens]
    url = f"{live_server}/api/v1/polls/{poll.public_id}/ballots"

    def cast(cred: tuple[bytes, bytes]) -> int:
        return httpx.post(url,
                          json={"msg": b64url(cred[0]), "sig": b64url(cred[1]),
                                "ballot": {"marks": {"motion": "Y"}}}, timeout=120).status_code

    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(cast, cred) for cred in creds]
        closed = close_poll(poll.id)
        codes = [f.result() for f in futures]

    accepted = codes.count(201)
    assert set(codes) <= {201, 409}
    assert closed.result["ballots"]["cast"] == accepted
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Ballot)) == accepted
