"""Unknown ids and ids of another conference: every protocol view answers 404 (downloads) or
refuses with a message and signs nothing (the sign form) — never a 500, never another
conference's data."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import AuditEvent, SignedProtocol
from app.services.protocol import build as protocol
from tests.app.protocol.factories import count_paper_election, login, make_paper_election
from tests.app.vote.factories import make_conference


def _counted_election(title: str = "Mitgliederversammlung Test"):
    conference, election, poll = make_paper_election(conference=make_conference(title))
    count_paper_election(poll)
    return conference, election


def _events() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(AuditEvent))


@pytest.mark.parametrize("role", ["protocol", "chair"])
@pytest.mark.parametrize("path", [
    "/protocol/elections/9999/lists.csv",
    "/protocol/9999/pdf",
    "/protocol/9999/json",
    "/protocol/9999/csv",
    "/protocol/preview.pdf?election_id=9999",
    "/protocol/audit.jsonl?conference=9999",
])
def test_unknown_ids_are_404(app, client, role, path):
    _counted_election()
    login(client, role)

    response = client.get(path)

    assert response.status_code == 404


def test_another_conferences_election_and_protocol_are_404(app, client):
    _old, old_election = _counted_election("Parteitag 2025")
    old_protocol = protocol.sign_and_record(_old.id)
    _counted_election("Parteitag 2026")  # the current conference: the latest
    login(client)

    assert client.get(f"/protocol/elections/{old_election.id}/lists.csv").status_code == 404
    assert client.get(f"/protocol/preview.pdf?election_id={old_election.id}").status_code == 404
    for ext in ("pdf", "json", "csv"):
        assert client.get(f"/protocol/{old_protocol.id}/{ext}").status_code == 404


@pytest.mark.parametrize("field", ["election_id", "poll_id"])
def test_signing_an_unknown_election_or_poll_is_refused_and_signs_nothing(app, client, field):
    _counted_election()
    login(client)
    before = _events()

    page = client.post("/protocol/sign", data={field: "9999", "lang": "de"},
                       follow_redirects=True)

    text = page.get_data(as_text=True)
    assert page.status_code == 200
    wanted = "Diese Wahl gibt es nicht." if field == "election_id" else (
        "Diese Abstimmung gibt es nicht.")
    assert wanted in text
    assert db.session.scalar(db.select(db.func.count()).select_from(SignedProtocol)) == 0
    assert _events() == before


def test_signing_another_conferences_election_is_refused(app, client):
    _old, old_election = _counted_election("Parteitag 2025")
    _counted_election("Parteitag 2026")
    login(client)
    before = _events()

    page = client.post("/protocol/sign", data={"election_id": str(old_election.id)},
                       follow_redirects=True)

    assert "Diese Wahl gibt es nicht." in page.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(SignedProtocol)) == 0
    assert _events() == before
