"""The protocol-keeper's page: sign, download PDF/JSON/CSV, verify the JSON, final lists."""

from __future__ import annotations

from app.enums import PollState
from app.extensions import db
from app.models import AuditEvent, SignedProtocol
from app.services.polls import paper
from app.services.protocol.audit import audit_file
from ballots.audit import parse_lines
from ballots.protocol import verify_protocol
from tests.app.protocol.factories import count_paper_election, login, make_paper_election


def test_sign_and_download_protocol_verifies(app, client):
    conference, election, poll = make_paper_election()
    assert [c["name"] for c in poll.contest["candidates"]] == ["Anna Ärger", "Bodo Brandt",
                                                                "Cem Çelik"]
    assert poll.contest["rules"]["preset"] == "association"
    count_paper_election(poll)
    login(client)

    page = client.get("/protocol/")
    assert "Noch kein Protokoll signiert." in page.get_data(as_text=True)
    response = client.post("/protocol/sign", data={"election_id": "", "lang": "de"})
    assert response.status_code == 302
    row = db.session.scalar(db.select(SignedProtocol))
    assert row is not None and row.scope == "conference"
    last = db.session.scalar(db.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1))
    assert last.type == "protocol_signed" and last.seq == row.audit_seq

    signed = client.get(f"/protocol/{row.id}/json").get_json()
    events = tuple(parse_lines(audit_file(conference.id).splitlines()))
    assert verify_protocol(signed, audit=events).ok
    pdf = client.get(f"/protocol/{row.id}/pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    csv_text = client.get(f"/protocol/{row.id}/csv").get_data(as_text=True)
    assert "Anna Ärger" in csv_text and row.audit_head in csv_text
    assert f"/protocol/{row.id}/pdf" in client.get("/protocol/").get_data(as_text=True)
    lists = client.get(f"/protocol/elections/{election.id}/lists.csv").get_data(as_text=True)
    assert lists.splitlines()[1].startswith("Delegierte;1;Anna Ärger;")


def test_paper_totals_bad_input_changes_nothing(app, client):
    conference, _election, poll = make_paper_election(n_present=5)
    before = db.session.scalar(db.select(db.func.count()).select_from(AuditEvent))
    ids = [c["id"] for c in poll.contest["candidates"]]
    entry = paper.PaperEntry(issued=6, cast=5, invalid=1, grounds={},
                             counts={ids[0]: {"votes": 1}})
    try:
        paper.enter_paper_totals(poll.id, entry)
    except paper.PaperTotalsError as exc:
        problems = exc.problems
    else:  # pragma: no cover
        raise AssertionError("accepted")
    assert "Es wurden 6 Stimmzettel ausgegeben, aber nur 5 Stimmberechtigte waren anwesend." \
        in problems
    assert ("Die Gründe für Ungültigkeit ergeben zusammen 0, eingetragen sind 1 ungültige "
            "Stimmzettel.") in problems
    assert "Für Bodo Brandt fehlen die Zahlen." in problems
    db.session.expire_all()
    assert db.session.get(type(poll), poll.id).state == PollState.OPEN.value
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)) == before


def test_english_protocol_pdf_and_labels(app, client):
    conference, election, poll = make_paper_election()
    count_paper_election(poll)
    login(client)
    client.post("/protocol/sign", data={"election_id": str(election.id), "lang": "en"})
    row = db.session.scalar(db.select(SignedProtocol))
    signed = client.get(f"/protocol/{row.id}/json").get_json()
    assert signed["language"] == "en" and signed["scope"] == "election"
    assert signed["signature_lines"][0]["label"] == "Chair of the assembly"
    assert signed["items"][0]["rules"]["described"][0]["label"] == "Ballot form"
    assert client.get(f"/protocol/{row.id}/pdf").data.startswith(b"%PDF")
