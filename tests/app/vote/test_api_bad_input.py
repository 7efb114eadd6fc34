"""Malformed phone API requests get a sentence that names the field and what is wrong with it
(missing, wrong type, empty, not base64url), in the documented {error, code} shape, and change
nothing."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Ballot, Issuance, SealedBallot
from tests.app.vote.factories import Phone, b64url, make_conference, make_delegate, make_poll

GOOD = b64url(b"\x01" * 32)


def _counts() -> tuple[int, int]:
    return (db.session.scalar(db.select(db.func.count()).select_from(Issuance)),
            db.session.scalar(db.select(db.func.count()).select_from(Ballot))
            + db.session.scalar(db.select(db.func.count()).select_from(SealedBallot)))


@pytest.fixture
def phone_and_poll(app, client):
    from app.services.polls.lifecycle import open_poll

    conference = make_conference()
    _delegate, token = make_delegate(conference)
    return Phone(client, token), open_poll(make_poll(conference).id)


@pytest.mark.parametrize(("body", "german", "english"), [
    ({"blinded_msg": 12}, "Feld blinded_msg hat den falschen Typ: erwartet wird ein Text in "
     "base64url.", "Field blinded_msg has the wrong type: expected a base64url string."),
    ({"blinded_msg": ["AA"]}, "Feld blinded_msg hat den falschen Typ: erwartet wird ein Text in "
     "base64url.", "Field blinded_msg has the wrong type: expected a base64url string."),
    ({"blinded_msg": ""}, "Feld blinded_msg ist leer.", "Field blinded_msg is empty."),
    ({"blinded_msg": "ä+/="}, "Feld blinded_msg ist kein base64url.",
     "Field blinded_msg is not base64url."),
    ({}, "Feld blinded_msg fehlt.", "Field blinded_msg is missing."),
    ({"blinded_msg": None}, "Feld blinded_msg fehlt.", "Field blinded_msg is missing."),
])
def test_credential_request_names_the_field_and_its_problem(client, phone_and_poll, body,
                                                            german, english):
    phone, poll = phone_and_poll
    url = f"/api/v1/polls/{poll.public_id}/credential"

    answers = [client.post(url, json=body, headers={**phone.headers(), "Accept-Language": lang})
               for lang in ("de", "en")]

    assert [(a.status_code, a.get_json()) for a in answers] == [
        (400, {"error": german, "code": "bad_request"}),
        (400, {"error": english, "code": "bad_request"}),
    ]
    assert _counts() == (0, 0)


@pytest.mark.parametrize(("body", "german"), [
    ({"msg": 12, "sig": GOOD, "ballot": {"marks": {}}},
     "Feld msg hat den falschen Typ: erwartet wird ein Text in base64url."),
    ({"msg": GOOD, "sig": True, "ballot": {"marks": {}}},
     "Feld sig hat den falschen Typ: erwartet wird ein Text in base64url."),
    ({"msg": GOOD, "sig": GOOD, "ballot": 12},
     "Feld ballot hat den falschen Typ: erwartet wird ein JSON-Objekt."),
    ({"msg": GOOD, "sig": GOOD, "ballot": "Ja"},
     "Feld ballot hat den falschen Typ: erwartet wird ein JSON-Objekt."),
    ({"msg": GOOD, "sig": GOOD}, "Feld ballot fehlt."),
    ({"sig": GOOD, "ballot": {"marks": {}}}, "Feld msg fehlt."),
])
def test_cast_names_the_field_and_its_problem(client, phone_and_poll, body, german):
    _phone, poll = phone_and_poll

    answer = client.post(f"/api/v1/polls/{poll.public_id}/ballots", json=body)

    assert (answer.status_code, answer.get_json()) == (400, {"error": german,
                                                             "code": "bad_request"})
    assert _counts() == (0, 0)
