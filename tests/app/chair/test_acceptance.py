"""Acceptance of election on the chair's round page: only "nimmt an" (1) or "lehnt ab" (0) is
recorded, each with a message saying what happened; anything else changes nothing."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Acceptance, AuditEvent, Candidate, Election, Poll
from app.services.elections import acceptance
from tests.app.chair.helpers import login
from tests.app.chair.round_factories import make_counted_women_round
from tests.app.vote.factories import make_conference


def candidate_id(election: Election, name: str) -> int:
    return db.session.scalar(db.select(Candidate.id).where(Candidate.election_id == election.id,
                                                           Candidate.name == name))


def answer(client, election: Election, poll: Poll, name: str, value: str | None):
    data = {"back": f"/chair/polls/{poll.id}/round"}
    if value is not None:
        data["accepted"] = value
    return client.post(f"/chair/elections/{election.id}/acceptance/"
                       f"{candidate_id(election, name)}", data=data, follow_redirects=True)


def stored() -> tuple[int, int]:
    """(acceptance rows, acceptance audit events)"""
    rows = db.session.scalar(db.select(db.func.count()).select_from(Acceptance))
    events = db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                               .where(AuditEvent.type == "acceptance"))
    return rows, events


@pytest.mark.parametrize("value", ["banana", "", "true", "2", None])
def test_any_other_answer_is_refused_and_changes_nothing(app, client, value):
    election, poll = make_counted_women_round()
    login(client)

    page = answer(client, election, poll, "Bea", value)

    text = page.get_data(as_text=True)
    assert ("Bitte „nimmt die Wahl an“ oder „lehnt ab“ wählen; die Antwort ist nicht erfasst."
            in text)
    assert stored() == (0, 0)
    standing = acceptance.election_standing(election.id)
    assert [(e["name"], e["acceptance"]) for e in standing["elected"]] == [
        ("Ada", "pending"), ("Bea", "pending")]


def test_accepting_says_so(app, client):
    election, poll = make_counted_women_round()
    login(client)

    page = answer(client, election, poll, "Ada", "1")

    assert "Erfasst: Ada nimmt die Wahl an." in page.get_data(as_text=True)
    assert stored() == (1, 1)
    assert db.session.scalar(db.select(Acceptance.accepted)) is True


def test_declining_says_who_moves_up(app, client):
    election, poll = make_counted_women_round()
    login(client)

    page = answer(client, election, poll, "Bea", "0")

    assert "Erfasst: Bea lehnt die Wahl ab. Cleo rückt nach." in page.get_data(as_text=True)
    assert stored() == (1, 1)
    standing = acceptance.election_standing(election.id)
    assert [(e["name"], e["acceptance"]) for e in standing["elected"]] == [
        ("Ada", "pending"), ("Cleo", "pending")]


def test_declining_without_a_substitute_says_the_seat_stays_vacant(app, client):
    election, poll = make_counted_women_round()
    login(client)
    answer(client, election, poll, "Bea", "0")

    page = answer(client, election, poll, "Cleo", "0")

    assert ("Erfasst: Cleo lehnt die Wahl ab. Niemand kann nachrücken; der Sitz bleibt "
            "unbesetzt.") in page.get_data(as_text=True)


def test_english_messages(app, client):
    election, poll = make_counted_women_round()
    login(client)
    client.get("/language/en")

    refused = answer(client, election, poll, "Bea", "banana").get_data(as_text=True)
    declined = answer(client, election, poll, "Bea", "0").get_data(as_text=True)

    assert ("Please choose “accepts the election” or “declines”; the answer has not been "
            "recorded.") in refused
    assert "Recorded: Bea declines the election. Cleo moves up." in declined


def test_an_election_of_another_conference_is_refused(app, client):
    election, poll = make_counted_women_round("Parteitag 2025")
    make_conference("Parteitag 2026")  # the current conference is the latest
    login(client)

    page = answer(client, election, poll, "Ada", "1")

    assert "Diese Wahl gibt es nicht." in page.get_data(as_text=True)
    assert stored() == (0, 0)


def test_the_service_takes_only_a_real_bool(app):
    election, _poll = make_counted_women_round()

    with pytest.raises(acceptance.AcceptanceError):
        acceptance.record_acceptance(election.id, candidate_id(election, "Bea"),
                                     accepted="0")  # type: ignore[arg-type]

    assert stored() == (0, 0)


def test_parse_answer():
    assert (acceptance.parse_answer("1"), acceptance.parse_answer("0")) == (True, False)
    for raw in ("banana", "", None, "yes", "01"):
        with pytest.raises(acceptance.AcceptanceError):
            acceptance.parse_answer(raw)
