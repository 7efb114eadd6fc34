"""The hall display as the server renders it: the right state for a draft, an open, a closed
and a void poll without waiting for its script; seats counted in words ("1 Platz")."""

from __future__ import annotations

from app.extensions import db
from app.models import Conference, Poll
from app.services.polls.lifecycle import close_poll, open_poll
from tests.app.chair.helpers import login
from tests.app.vote.factories import (
    Phone,
    election_contest,
    make_conference,
    make_delegate,
    make_poll,
    motion_contest,
)

LIVE_NOTE = "Während der Abstimmung werden keine Zwischenergebnisse gezeigt."


def hall(client, poll: Poll) -> str:
    response = client.get(f"/chair/polls/{poll.id}/hall")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def voted(client, poll: Poll, n_present: int, n_voting: int) -> Poll:
    """Open ``poll`` with ``n_present`` delegates present, of whom ``n_voting`` vote Ja."""
    conference = db.session.get(Conference, poll.conference_id)
    phones = [Phone(client, make_delegate(conference, f"D{i}")[1])
              for i in range(n_present)]
    poll = open_poll(poll.id)
    for phone in phones[:n_voting]:
        phone.fetch_credential(poll)
        assert phone.cast(poll, {"marks": {"motion": "Y"}}).status_code == 201
    return poll


def test_draft_says_not_yet_open_instead_of_zero_of_zero(app, client):
    poll = make_poll(make_conference(), motion_contest("A3: Resolution"))
    login(client)

    page = hall(client, poll)

    assert "Die Abstimmung ist noch nicht geöffnet." in page
    assert "0 von 0" not in page and LIVE_NOTE not in page
    assert 'id="turnout-bar"' not in page
    assert 'data-state="draft"' in page
    data = client.get(f"/chair/polls/{poll.id}/turnout.json").get_json()
    assert data["text"] == "Die Abstimmung ist noch nicht geöffnet."


def test_open_poll_shows_live_turnout_and_the_note(app, client):
    poll = make_poll(make_conference(), motion_contest("A2: Haushalt"))
    login(client)
    poll = voted(client, poll, n_present=3, n_voting=1)

    page = hall(client, poll)

    assert "1 von 3 hat abgestimmt" in page and LIVE_NOTE in page
    assert 'id="turnout-bar"' in page and 'data-state="open"' in page
    assert "Die Abstimmung ist geschlossen." not in page


def test_closed_poll_says_closed_and_links_the_result_at_once(app, client):
    poll = make_poll(make_conference(), motion_contest("S1: Satzung"))
    login(client)
    poll = voted(client, poll, n_present=3, n_voting=2)
    close_poll(poll.id)

    page = hall(client, poll)

    assert "Die Abstimmung ist geschlossen." in page
    assert "2 von 3 haben abgestimmt" in page  # the final turnout, no longer live
    assert LIVE_NOTE not in page and 'id="turnout-bar"' not in page
    assert f'href="/chair/polls/{poll.id}/projector"' in page
    assert 'data-state="closed"' in page and "data-has-result" in page


def test_void_poll_says_void(app, client):
    poll = make_poll(make_conference(), motion_contest("V1"))
    login(client)
    poll = voted(client, poll, n_present=2, n_voting=1)
    close_poll(poll.id)
    db.session.get(Poll, poll.id).state = "void"
    db.session.commit()

    page = hall(client, poll)

    assert "Diese Abstimmung ist für ungültig erklärt." in page
    assert LIVE_NOTE not in page and "Die Abstimmung ist geschlossen." not in page
    assert "hall-result" not in page and "data-has-result" not in page  # no result shown


def test_one_seat_is_one_platz(app, client):
    conference = make_conference()
    one = make_poll(conference, election_contest(("Anna", "Berta"), seats=1))
    two = make_poll(conference, election_contest(("Anna", "Berta", "Carla"), seats=2))
    login(client)

    assert "1 Platz<" in hall(client, one) and "1 Plätze" not in hall(client, one)
    assert "2 Plätze<" in hall(client, two)
    client.get("/language/en")
    assert "1 seat<" in hall(client, one) and "2 seats<" in hall(client, two)
