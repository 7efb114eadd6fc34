"""The phone's journey through the JSON API, with the Python mirror of rsabssa.js."""

from __future__ import annotations

import json

from flask_babel import refresh

from app.enums import PollState
from app.extensions import db
from app.models import AuditEvent, Ballot, Issuance, Poll
from app.services.polls.lifecycle import close_poll, open_poll
from app.services.roster.checkin import transfer_vote
from ballots import blind
from ballots.credential import credential_hash, credential_message, tracker_code
from tests.app.vote.factories import (
    Phone,
    b64url,
    election_contest,
    make_conference,
    make_delegate,
    make_poll,
    stored_ballots,
)


def _snapshot() -> tuple[int, int, int]:
    return (db.session.scalar(db.select(db.func.count()).select_from(Issuance)),
            db.session.scalar(db.select(db.func.count()).select_from(Ballot)),
            db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)))


def make_open_motion(client, n_delegates: int = 3):
    conference = make_conference()
    phones = [Phone(client, make_delegate(conference, f"Person {i}")[1])
              for i in range(n_delegates)]
    poll = open_poll(make_poll(conference).id)
    return conference, poll, phones


def test_journey_credential_cast_receipt_public_list_and_result(app, client):
    conference, poll, (anna, bert, cem) = make_open_motion(client)

    me = anna.me().get_json()
    assert me["delegate"]["name"] == "Person 0"
    assert [p["public_id"] for p in me["polls"]] == [poll.public_id]
    assert me["polls"][0]["public_key"]["fingerprint"] == poll.key_fingerprint
    assert me["polls"][0]["form"]["form"] == "yes_no_abstain"
    for phone in (anna, bert, cem):
        phone.fetch_credential(poll)
    answers = [anna.cast(poll, {"marks": {"motion": "Y"}}),
               bert.cast(poll, {"marks": {"motion": "Y"}}),
               cem.cast(poll, {"marks": {"motion": "N"}})]
    assert [a.status_code for a in answers] == [201, 201, 201]
    tracker = answers[0].get_json()["tracker"]
    cred = anna.credentials[poll.public_id]
    assert tracker == tracker_code(credential_hash(cred.msg))

    closed = close_poll(poll.id)

    assert closed.state == PollState.CLOSED
    assert closed.private_key_pem is None
    assert closed.result["ballots"]["cast"] == 3
    assert closed.result["ballots"]["issued"] == 3
    motion = closed.result["candidates"][0]
    assert (motion["yes"], motion["no"], motion["abstain"]) == (2, 1, 0)
    page = client.get(f"/public/p/{poll.public_id}?tracker={tracker.lower()}")
    text = page.get_data(as_text=True)
    assert tracker in text
    assert "Ja" in text
    types = db.session.scalars(db.select(AuditEvent.type).order_by(AuditEvent.seq)).all()
    assert types == ["conference", "roster", "poll_opened", "issuances", "poll_closed",
                     "ballots", "result"]


def test_audit_file_of_a_vote_verifies(app, client):
    from app.services.protocol.audit import audit_file
    from ballots.audit import parse_lines, verify_audit

    conference, poll, (anna, bert, cem) = make_open_motion(client)
    for phone, mark in ((anna, "Y"), (bert, "A")):
        phone.fetch_credential(poll)
        assert phone.cast(poll, {"marks": {"motion": mark}}).status_code == 201
    cem.fetch_credential(poll)
    close_poll(poll.id)

    report = verify_audit(parse_lines(audit_file(conference.id)))

    assert [c for c in report.checks if not c.ok] == []
    assert report.ok


def test_election_ballot_with_too_many_yes_is_refused_with_path(app, client):
    conference = make_conference()
    phone = Phone(client, make_delegate(conference)[1])
    poll = open_poll(make_poll(conference, election_contest(seats=1)).id)
    phone.fetch_credential(poll)
    before = _snapshot()

    answer = phone.cast(poll, {"marks": {"C1": "Y", "C2": "Y"}})

    assert answer.status_code == 422
    assert answer.get_json()["code"] == "invalid_ballot"
    assert answer.get_json()["error"] == "zu viele Stimmen"
    assert _snapshot() == before
    refresh()  # the test's app context outlives requests; forget the cached locale
    english = client.post(f"/api/v1/polls/{poll.public_id}/ballots",
                          headers={"Accept-Language": "en"},
                          json={"msg": b64url(phone.credentials[poll.public_id].msg),
                                "sig": b64url(phone.credentials[poll.public_id].sig),
                                "ballot": {"marks": {"C1": "Y", "C2": "Y"}}})
    assert english.get_json()["error"] == "too many votes"


def test_double_vote_refused_and_same_ballot_again_returns_same_receipt(app, client):
    conference, poll, (anna, *_rest) = make_open_motion(client, 1)
    anna.fetch_credential(poll)
    first = anna.cast(poll, {"marks": {"motion": "Y"}})
    before = _snapshot()

    again = anna.cast(poll, {"marks": {"motion": "Y"}})
    other = anna.cast(poll, {"marks": {"motion": "N"}})

    assert again.status_code == 200
    assert again.get_json() == {"tracker": first.get_json()["tracker"], "repeated": True}
    assert other.status_code == 409
    assert other.get_json()["code"] == "already_voted"
    assert _snapshot() == before
    assert [c for _t, c in stored_ballots(poll.id)] == ['{"marks":{"motion":"Y"}}']


def test_credential_retry_same_blinded_returns_same_signature_other_refused(app, client):
    conference, poll, (anna, *_rest) = make_open_motion(client, 1)
    _msg, blinded, _inv = anna.blind_for(poll)
    first = anna.request_credential(poll, blinded)
    before = _snapshot()

    retry = anna.request_credential(poll, blinded)
    _msg2, other_blinded, _inv2 = anna.blind_for(poll)
    other = anna.request_credential(poll, other_blinded)

    assert retry.status_code == 200
    assert retry.get_json()["blind_sig"] == first.get_json()["blind_sig"]
    assert other.status_code == 409
    assert other.get_json()["code"] == "credential_already_issued"
    assert _snapshot() == before


def test_revoked_token_is_refused_with_401(app, client):
    conference = make_conference()
    delegate, token = make_delegate(conference)
    poll = open_poll(make_poll(conference).id)
    phone = Phone(client, token)
    delegate.token_hash = None  # the desk revoked the card
    db.session.commit()
    _msg, blinded, _inv = phone.blind_for(poll)
    before = _snapshot()

    answer = phone.request_credential(poll, blinded)

    assert answer.status_code == 401
    assert answer.get_json()["code"] == "unknown_token"
    assert "unbekannt oder gesperrt" in answer.get_json()["error"]
    assert phone.me().status_code == 401
    assert client.get("/api/v1/me").status_code == 401
    assert _snapshot() == before


def test_absent_and_represented_delegates_get_403_substitute_with_transfer_votes(app, client):
    conference = make_conference()
    absent, absent_token = make_delegate(conference, "Abwesend", present=False)
    substitute, sub_token = make_delegate(conference, "Ersatz", is_substitute=True)
    transfer_vote(conference.id, substitute.id, absent.id)
    poll = open_poll(make_poll(conference).id)
    before = _snapshot()

    refused = Phone(client, absent_token)
    _m, blinded, _i = refused.blind_for(poll)
    answer = refused.request_credential(poll, blinded)

    assert answer.status_code == 403
    assert answer.get_json()["code"] == "not_present"
    assert _snapshot() == before
    assert poll.present_at_open == 1
    Phone(client, sub_token).fetch_credential(poll)
    assert db.session.scalar(db.select(Issuance.delegate_id)) == substitute.id


def test_substitute_without_transfer_gets_403(app, client):
    conference = make_conference()
    _sub, sub_token = make_delegate(conference, "Ersatz", is_substitute=True)
    make_delegate(conference, "Anna")
    poll = open_poll(make_poll(conference).id)
    phone = Phone(client, sub_token)
    _m, blinded, _i = phone.blind_for(poll)

    answer = phone.request_credential(poll, blinded)

    assert answer.status_code == 403
    assert answer.get_json()["code"] == "not_entitled"
    assert phone.me().get_json()["polls"] == []


def test_closed_draft_unknown_and_foreign_polls_get_clear_messages(app, client):
    conference, poll, (anna, *_rest) = make_open_motion(client, 1)
    cred = anna.fetch_credential(poll)
    draft = make_poll(conference)
    other = make_conference("Andere Versammlung")
    foreign = open_poll(make_poll(other).id)
    close_poll(poll.id)
    before = _snapshot()

    closed = anna.cast(poll, {"marks": {"motion": "Y"}}, cred)
    _m, blinded, _i = anna.blind_for(foreign)
    foreign_answer = anna.request_credential(foreign, blinded)
    draft_answer = client.post(f"/api/v1/polls/{draft.public_id}/credential",
                               json={"blinded_msg": b64url(blinded)}, headers=anna.headers())
    unknown = client.post("/api/v1/polls/nope/ballots",
                          json={"msg": "AA", "sig": "AA", "ballot": {}})

    assert (closed.status_code, closed.get_json()["code"]) == (409, "poll_closed")
    assert closed.get_json()["error"] == "Diese Abstimmung ist bereits geschlossen."
    assert (foreign_answer.status_code, foreign_answer.get_json()["code"]) == (404, "foreign_poll")
    assert (draft_answer.status_code, draft_answer.get_json()["code"]) == (409, "poll_not_open")
    assert (unknown.status_code, unknown.get_json()["code"]) == (404, "unknown_poll")
    assert _snapshot() == before


def test_private_key_is_gone_after_close_and_forged_credential_refused(app, client):
    conference, poll, (anna, *_rest) = make_open_motion(client, 1)
    close_poll(poll.id)
    assert db.session.get(Poll, poll.id).private_key_pem is None
    key = blind.generate_key()  # a key that is not the poll's
    msg = credential_message(poll.public_id)
    blinded, inv = blind.blind(key.public_key(), msg)
    sig = blind.finalize(key.public_key(), msg, blind.blind_sign(key, blinded), inv)

    answer = client.post(f"/api/v1/polls/{poll.public_id}/ballots",
                         json={"msg": b64url(msg), "sig": b64url(sig),
                               "ballot": {"marks": {"motion": "Y"}}})

    assert answer.status_code == 409
    assert db.session.scalar(db.select(db.func.count()).select_from(Ballot)) == 0


def test_credential_for_another_poll_is_refused(app, client):
    conference, poll, (anna, *_rest) = make_open_motion(client, 1)
    second = open_poll(make_poll(conference).id)
    cred = anna.fetch_credential(poll)

    answer = anna.cast(second, {"marks": {"motion": "Y"}}, cred)

    assert (answer.status_code, answer.get_json()["code"]) == (403, "invalid_credential")
    assert db.session.scalar(db.select(db.func.count()).select_from(Ballot)) == 0


def test_late_check_in_records_presence_so_the_audit_file_still_verifies(app, client):
    from app.services.protocol.audit import audit_file
    from app.services.roster.checkin import set_present
    from ballots.audit import parse_lines, verify_audit

    conference = make_conference()
    first = Phone(client, make_delegate(conference, "Früh")[1])
    late, late_token = make_delegate(conference, "Spät", present=False)
    poll = open_poll(make_poll(conference).id)
    set_present(conference.id, late.id, True)
    for phone in (first, Phone(client, late_token)):
        phone.fetch_credential(poll)
        assert phone.cast(poll, {"marks": {"motion": "Y"}}).status_code == 201
    close_poll(poll.id)

    presence = db.session.scalars(
        db.select(AuditEvent.line).where(AuditEvent.type == "presence")).all()
    assert [json.loads(line)["data"] for line in presence] == [
        {"poll": poll.public_id, "present": 2}]
    report = verify_audit(parse_lines(audit_file(conference.id)))
    assert [c for c in report.checks if not c.ok] == []


def test_me_names_the_substitute_holding_an_absent_delegates_vote(app, client):
    conference = make_conference()
    olga, olga_token = make_delegate(conference, "Olga Ort", present=False)
    rosa, rosa_token = make_delegate(conference, "Rosa Rot", is_substitute=True)
    transfer_vote(conference.id, rosa.id, olga.id)

    olga_me = Phone(client, olga_token).me().get_json()["delegate"]
    rosa_me = Phone(client, rosa_token).me().get_json()["delegate"]

    assert olga_me == {"name": "Olga Ort", "present": False, "entitled": False,
                       "represents": None, "represented_by": "Rosa Rot"}
    assert rosa_me == {"name": "Rosa Rot", "present": True, "entitled": True,
                       "represents": "Olga Ort", "represented_by": None}


def test_a_new_card_gives_no_second_credential_in_the_same_poll(app, client):
    """What the phone tells a delegate whose credential went to another browser: the desk can
    replace the card, but not hand out a second ballot for the open poll."""
    from app.services.roster.tokens import hash_token, new_token

    conference = make_conference()
    delegate, token = make_delegate(conference)
    poll = open_poll(make_poll(conference).id)
    Phone(client, token).fetch_credential(poll)
    new_card = new_token()
    delegate.token_hash = hash_token(new_card)  # "Karte verloren?": the old card is revoked
    db.session.commit()
    before = _snapshot()

    replaced = Phone(client, new_card)
    _msg, blinded, _inv = replaced.blind_for(poll)
    answer = replaced.request_credential(poll, blinded)

    assert (answer.status_code, answer.get_json()["code"]) == (409, "credential_already_issued")
    assert "Mandatsprüfung" in answer.get_json()["error"]
    assert replaced.me().get_json()["polls"][0]["credential_issued"] is True
    assert _snapshot() == before
