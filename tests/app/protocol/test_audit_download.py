from app.services.accounts import create_user
from app.services.polls.lifecycle import close_poll, open_poll
from app.services.protocol.audit import audit_file
from ballots.audit import parse_lines, verify_audit
from tests.app.vote.factories import Phone, make_conference, make_delegate, make_poll


def _login(client, role):
    create_user(role, "secret pass 123", role)
    client.post("/login", data={"username": role, "password": "secret pass 123"})


def test_protocol_keeper_downloads_a_verifying_audit_file(app, client):
    conference = make_conference()
    phone = Phone(client, make_delegate(conference)[1])
    poll = open_poll(make_poll(conference).id)
    phone.fetch_credential(poll)
    phone.cast(poll, {"marks": {"motion": "N"}})
    close_poll(poll.id)
    _login(client, "protocol")

    response = client.get("/protocol/audit.jsonl")

    assert response.status_code == 200
    assert response.mimetype == "application/jsonl"
    text = response.get_data(as_text=True)
    assert text == audit_file(conference.id)
    assert verify_audit(parse_lines(text)).ok
    assert response.headers["X-Audit-Head"] == parse_lines(text)[-1].hash


def test_audit_file_needs_a_login(app, client):
    make_conference()
    response = client.get("/protocol/audit.jsonl")
    assert response.status_code in (302, 401)


def test_check_in_desk_may_not_download_the_audit_file(app, client):
    make_conference()
    _login(client, "checkin")
    assert client.get("/protocol/audit.jsonl").status_code == 403


def test_protocol_page_links_the_audit_file_and_says_how_to_recount(app, client):
    conference = make_conference()
    poll = open_poll(make_poll(conference).id)
    close_poll(poll.id)
    _login(client, "protocol")

    page = client.get("/protocol/").get_data(as_text=True)

    name = f"wahlgang-audit-{conference.id}.jsonl"
    assert f'<a href="/protocol/audit.jsonl" download="{name}">Audit-Datei herunterladen</a>' \
        in page
    assert f"<code>python -m ballots verify {name}</code>" in page
    assert "ohne Server und ohne Datenbank prüfen" in page
    response = client.get("/protocol/audit.jsonl")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'


def test_protocol_page_in_english_explains_the_audit_file(app, client):
    conference = make_conference()
    close_poll(open_poll(make_poll(conference).id).id)
    _login(client, "protocol")
    client.get("/language/en")

    page = client.get("/protocol/").get_data(as_text=True)

    assert "Download the audit file" in page
    assert "Check and recount (with Wahlgang installed, no server needed):" in page


def test_protocol_page_before_any_event_offers_no_empty_download(app, client):
    make_conference()
    _login(client, "protocol")

    page = client.get("/protocol/").get_data(as_text=True)

    assert "Noch keine Audit-Ereignisse in dieser Versammlung." in page
    assert 'href="/protocol/audit.jsonl"' not in page
