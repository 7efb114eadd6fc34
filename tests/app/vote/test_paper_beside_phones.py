"""Paper beside phones in one poll, through the desk's, the phones' and the chair's requests.

A motion in which two delegates vote on paper and the rest on phones: the desk hands out the
paper ballots, their phones then get no credential, the poll cannot close before the
commission has entered the paper ballots, the result counts both channels, and the audit
file verifies with both. Every refusal changes nothing.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.enums import PollState
from app.extensions import db
from app.models import AuditEvent, Issuance, PaperTotals, Poll, SignedProtocol
from app.services.polls.lifecycle import open_poll
from app.services.protocol.audit import audit_file
from ballots.audit import parse_lines, verify_audit
from ballots.protocol import verify_protocol
from tests.app.chair.helpers import login
from tests.app.protocol.test_pdf_wording import pdf_text
from tests.app.vote.factories import (
    Phone,
    election_contest,
    make_conference,
    make_delegate,
    make_poll,
)


def audit_text(conference_id: int):
    return parse_lines(audit_file(conference_id))


def _setup(app, client, n: int = 5):
    conference = make_conference()
    people = [make_delegate(conference, f"Person {i}") for i in range(n)]
    poll = open_poll(make_poll(conference).id)
    phones = [Phone(app.test_client(), token) for _d, token in people]
    login(client, "chair")
    desk = app.test_client()
    login(desk, "checkin")
    return conference, poll, [d for d, _t in people], phones, desk


def _hand_out(desk, delegate_id: int, poll_id: int, **extra: str):
    return desk.post(f"/checkin/{delegate_id}/paper", data={"poll_id": str(poll_id), **extra},
                     follow_redirects=True)


def _state() -> tuple[int, int, int]:
    return (db.session.scalar(sa.select(sa.func.count()).select_from(Issuance)),
            db.session.scalar(sa.select(sa.func.count()).select_from(PaperTotals)),
            db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)))


def _enter(client, poll_id: int, **fields: str):
    return client.post(f"/chair/polls/{poll_id}/round/paper", data=fields, follow_redirects=True)


def test_a_motion_with_two_on_paper_and_three_on_phones(app, client):
    conference, poll, people, phones, desk = _setup(app, client)
    for phone, choice in zip(phones[:3], "YYN", strict=True):
        phone.fetch_credential(poll)
        assert phone.cast(poll, {"marks": {"motion": choice}}).status_code == 201

    page = _hand_out(desk, people[3].id, poll.id).get_data(as_text=True)
    assert "Papierstimmzettel ausgegeben. In dieser Abstimmung sind es jetzt 1." in page
    _hand_out(desk, people[4].id, poll.id)
    # Their phones now get no credential and no ballot
    me = phones[3].me().get_json()
    assert me["polls"][0]["paper_ballot"] is True
    refused = phones[3].request_credential(poll, phones[3].blind_for(poll)[1])
    assert refused.status_code == 409 and refused.get_json()["code"] == "paper_ballot_issued"
    assert phones[0].me().get_json()["polls"][0]["paper_ballot"] is False

    # The poll cannot close while the paper ballots are not counted
    before = _state()
    page = client.post(f"/chair/polls/{poll.id}/close", follow_redirects=True)
    assert "2 Papierstimmzettel ausgegeben" in page.get_data(as_text=True)
    assert db.session.get(Poll, poll.id).state == PollState.OPEN.value
    assert _state() == before

    panel = client.get(f"/chair/polls/{poll.id}/round").get_data(as_text=True)
    assert 'id="paper-beside"' in panel and 'id="paper-issued">2<' in panel
    page = _enter(client, poll.id, cast="2", invalid="0", **{"motion-Y": "0", "motion-N": "2",
                                                             "motion-A": "0"})
    assert "Papierstimmzettel erfasst" in page.get_data(as_text=True)

    closed = client.post(f"/chair/polls/{poll.id}/close")
    assert closed.status_code == 302
    poll = db.session.get(Poll, poll.id)
    result = poll.result
    assert poll.state == PollState.CLOSED.value
    assert (result["ballots"]["issued"], result["ballots"]["cast"]) == (5, 5)
    assert (result["candidates"][0]["yes"], result["candidates"][0]["no"]) == (2, 3)
    assert result["decision"] == "rejected"  # the paper ballots turned 2:1 into 2:3
    assert [(c["channel"], c["issued"], c["cast"]) for c in result["channels"]] == [
        ("phone", 3, 3), ("paper", 2, 2)]

    report = verify_audit(audit_text(conference.id))
    assert report.failed_names() == frozenset()
    assert "3 Stimmzettel per Telefon nachgezählt, 2 auf Papier" in report.render("de")

    public = app.test_client().get(f"/public/p/{poll.public_id}").get_data(as_text=True)
    assert 'id="channels"' in public and 'data-count="paper_issued">2<' in public
    shown = client.get(f"/chair/polls/{poll.id}/result").get_data(as_text=True)
    assert "Papier" in shown and "Telefon" in shown and 'id="channels"' in shown


def test_a_lost_credential_is_replaced_on_paper_only_when_confirmed(app, client):
    _conference, poll, people, phones, desk = _setup(app, client, n=3)
    phones[0].fetch_credential(poll)

    before = _state()
    page = _hand_out(desk, people[0].id, poll.id).get_data(as_text=True)
    assert "schon eine Berechtigung auf einem Gerät abgeholt" in page
    page = _hand_out(desk, people[0].id, poll.id, replaces_credential="1").get_data(as_text=True)
    assert "nur mit der Bestätigung" in page
    assert _state() == before

    page = _hand_out(desk, people[0].id, poll.id, replaces_credential="1",
                     confirm_lost="1").get_data(as_text=True)
    assert "sind es jetzt 1" in page
    assert phones[0].me().get_json()["polls"][0]["paper_ballot"] is True
    page = _hand_out(desk, people[0].id, poll.id, replaces_credential="1",
                     confirm_lost="1").get_data(as_text=True)
    assert "schon einen Papierstimmzettel" in page

    phones[1].fetch_credential(poll)
    phones[1].cast(poll, {"marks": {"motion": "Y"}})
    _enter(client, poll.id, cast="1", **{"motion-Y": "1", "motion-N": "0", "motion-A": "0"})
    assert client.post(f"/chair/polls/{poll.id}/close").status_code == 302
    result = db.session.get(Poll, poll.id).result
    # Person 0 holds a credential and a replacement: two ballots issued, one person.
    assert [(c["channel"], c["issued"], c["cast"]) for c in result["channels"]] == [
        ("phone", 2, 1), ("paper", 1, 1)]
    assert (result["ballots"]["issued"], result["ballots"]["cast"]) == (2, 2)
    text = verify_audit(audit_text(_conference.id)).render("de")
    assert "1 Papierstimmzettel ersetzen verlorene Berechtigungen" in text


def test_bad_paper_requests_are_refused_and_change_nothing(app, client):
    conference, poll, people, phones, desk = _setup(app, client, n=3)
    absent, _token = make_delegate(conference, "Abwesend", present=False)
    before = _state()
    assert "nicht stimmberechtigt anwesend" in _hand_out(desk, absent.id, poll.id).get_data(
        as_text=True)
    assert desk.post(f"/checkin/{people[0].id}/paper", data={"poll_id": "x"}).status_code == 404
    assert desk.post(f"/checkin/{people[0].id}/paper",
                     data={"poll_id": "999999"}).status_code == 404
    assert desk.post("/checkin/999999/paper", data={"poll_id": str(poll.id)}).status_code == 404
    # Entering paper ballots where none were handed out
    page = _enter(client, poll.id, cast="1", **{"motion-Y": "1"}).get_data(as_text=True)
    assert "keinen Papierstimmzettel ausgegeben" in page
    assert _state() == before

    _hand_out(desk, people[1].id, poll.id)
    after_issue = _state()
    page = _enter(client, poll.id, cast="2", **{"motion-Y": "2"}).get_data(as_text=True)
    assert "2 Stimmzettel abgegeben, aber nur 1 ausgegeben" in page
    page = _enter(client, poll.id, cast="1", **{"motion-Y": "1", "motion-N": "1"}).get_data(
        as_text=True)
    assert "Ja + Nein + Enthaltung = 2" in page
    assert _state() == after_issue
    # Once entered (and corrected), no further paper ballot goes out
    _enter(client, poll.id, cast="1", **{"motion-N": "1"})
    _enter(client, poll.id, cast="1", **{"motion-Y": "1"})
    assert db.session.get(PaperTotals, poll.id).counts == {"motion": {"Y": 1, "N": 0, "A": 0}}
    response = client.get(f"/chair/polls/{poll.id}/round")
    panel = response.get_data(as_text=True)
    assert 'name="motion-Y" inputmode="numeric" value="1"' in panel  # to correct, not retype
    page = _hand_out(desk, people[2].id, poll.id).get_data(as_text=True)
    assert "schon ausgezählt" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Issuance)) == 1
    # A delegate of another conference is not the desk's to hand a ballot to
    other = make_conference("Andere")
    stranger, _t = make_delegate(other, "Fremd")
    assert desk.post(f"/checkin/{stranger.id}/paper",
                     data={"poll_id": str(poll.id)}).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Issuance)) == 1


def test_an_election_round_counts_paper_totals_per_candidate(app, client):
    conference = make_conference()
    people = [make_delegate(conference, f"Person {i}") for i in range(4)]
    poll = open_poll(make_poll(conference, election_contest(seats=2)).id)
    login(client, "checkin")
    _hand_out(client, people[3][0].id, poll.id)
    phones = [Phone(app.test_client(), token) for _d, token in people[:3]]
    for phone, marks in zip(phones, ({"C1": "Y", "C2": "Y"}, {"C1": "Y"}, {"C3": "Y"}),
                            strict=True):
        phone.fetch_credential(poll)
        assert phone.cast(poll, {"marks": marks}).status_code == 201
    chair = app.test_client()
    login(chair, "chair")
    page = _enter(chair, poll.id, cast="1", **{
        "C1-Y": "0", "C1-N": "0", "C1-A": "1", "C2-Y": "1", "C2-N": "0", "C2-A": "0",
        "C3-Y": "1", "C3-N": "0", "C3-A": "0"}).get_data(as_text=True)
    assert "Papierstimmzettel erfasst" in page
    assert chair.post(f"/chair/polls/{poll.id}/close").status_code == 302
    result = db.session.get(Poll, poll.id).result
    yes = {c["id"]: c["yes"] for c in result["candidates"]}
    assert yes == {"C1": 2, "C2": 2, "C3": 2}
    assert verify_audit(audit_text(conference.id)).failed_names() == frozenset()


def test_the_signed_protocol_shows_both_channels(app, client, tmp_path):
    conference, poll, people, phones, desk = _setup(app, client, n=4)
    for phone, choice in zip(phones[:2], "YN", strict=True):
        phone.fetch_credential(poll)
        phone.cast(poll, {"marks": {"motion": choice}})
    phones[2].fetch_credential(poll)  # lost with its browser: replaced on paper
    _hand_out(desk, people[2].id, poll.id, replaces_credential="1", confirm_lost="1")
    _hand_out(desk, people[3].id, poll.id)
    _enter(client, poll.id, cast="2", invalid="0", **{"motion-Y": "2"})
    assert client.post(f"/chair/polls/{poll.id}/close").status_code == 302

    keeper = app.test_client()
    login(keeper, "protocol")
    assert keeper.post("/protocol/sign", data={"election_id": "", "lang": "de"}).status_code \
        == 302
    row = db.session.scalar(sa.select(SignedProtocol))
    signed = keeper.get(f"/protocol/{row.id}/json").get_json()
    [motion] = [item for item in signed["items"] if item["type"] == "motion"]
    assert [(c["channel"], c["issued"], c["cast"]) for c in motion["channels"]] == [
        ("phone", 3, 2), ("paper", 2, 2)]
    assert motion["paper_replacements"] == 1 and motion["invariant"]["ok"] is True
    events = tuple(parse_lines(audit_file(conference.id).splitlines()))
    assert verify_protocol(signed, audit=events).ok

    csv_text = keeper.get(f"/protocol/{row.id}/csv").get_data(as_text=True)
    assert ";ja (neben Telefonen);2;2;0;2;" in csv_text
    assert ";nein (Telefon);3;2;0;2;" in csv_text
    text = pdf_text(signed, tmp_path)
    assert "davon auf Papier" in text and "davon per Telefon" in text
    assert "Papierstimmzettel als Ersatz verlorener" in text
    assert "ausgegeben 2, abgegeben 2, ungültig 0. Ja 2 · Nein 0" in text


def test_an_election_decided_by_paper_beside_phones_replays_the_same(app, client):
    """One board seat: the phones tie 1:1, the paper ballot beside them decides. The
    election's standing, the audit replay and the signed protocol name the same person."""
    from app.models import Candidate, Election
    from app.services.elections import rounds
    from app.services.elections.acceptance import election_standing

    conference = make_conference()
    people = [make_delegate(conference, f"Person {i}") for i in range(3)]
    election = Election(conference_id=conference.id, title="Kasse", preset="association",
                        seats=1)
    db.session.add(election)
    db.session.flush()
    for name in ("Ada Alt", "Bea Berg"):
        db.session.add(Candidate(election_id=election.id, name=name, quota_group=""))
    db.session.commit()
    poll = open_poll(rounds.create_first_round(election.id).id)
    ids = {c["name"]: c["id"] for c in poll.contest["candidates"]}
    for (_d, token), name in zip(people[:2], ("Ada Alt", "Bea Berg"), strict=True):
        phone = Phone(app.test_client(), token)
        phone.fetch_credential(poll)
        assert phone.cast(poll, {"marks": {ids[name]: "Y"}}).status_code == 201
    login(client, "checkin")
    _hand_out(client, people[2][0].id, poll.id)
    chair = app.test_client()
    login(chair, "chair")
    _enter(chair, poll.id, cast="1", **{f"{ids['Bea Berg']}-Y": "1", f"{ids['Bea Berg']}-N": "0",
                                        f"{ids['Bea Berg']}-A": "0", f"{ids['Ada Alt']}-Y": "0",
                                        f"{ids['Ada Alt']}-N": "0", f"{ids['Ada Alt']}-A": "1"})
    assert chair.post(f"/chair/polls/{poll.id}/close").status_code == 302

    standing = election_standing(election.id)
    assert [e["name"] for e in standing["elected"]] == ["Bea Berg"]
    report = verify_audit(audit_text(conference.id))
    assert report.failed_names() == frozenset()
    assert "election.replay" in {c.name for c in report.checks}
    keeper = app.test_client()
    login(keeper, "protocol")
    keeper.post("/protocol/sign", data={"election_id": str(election.id), "lang": "de"})
    row = db.session.scalar(sa.select(SignedProtocol))
    signed = keeper.get(f"/protocol/{row.id}/json").get_json()
    events = tuple(parse_lines(audit_file(conference.id).splitlines()))
    assert verify_protocol(signed, audit=events).ok
    (item,) = signed["items"]
    assert [e["name"] for e in item["result"]["elected"]] == ["Bea Berg"]
