"""Checking out someone whose card already holds a credential for an open poll: the desk is
told which poll, that the ballot stays valid, and that nobody can know whether it was used —
never that they voted or did not. Someone without a credential, or after the close, gets no
such note."""

from __future__ import annotations

from app.services.polls.lifecycle import close_poll, open_poll
from tests.app.chair.helpers import login
from tests.app.vote.factories import (
    Phone,
    make_conference,
    make_delegate,
    make_poll,
    motion_contest,
)

NOTE = "hat für die offene Abstimmung „A4: Haushalt“ bereits einen Stimmzettel"


def check_out(client, delegate_id: int) -> str:
    response = client.post(f"/checkin/{delegate_id}/presence", data={"present": "0"},
                           follow_redirects=True)
    return response.get_data(as_text=True)


def test_checkout_with_an_issued_credential_tells_the_desk_honestly(app, client):
    conference = make_conference()
    anna, token = make_delegate(conference, "Anna Abholt")
    bernd, _ = make_delegate(conference, "Bernd Ohne")
    poll = open_poll(make_poll(conference, motion_contest("A4: Haushalt")).id)
    Phone(client, token).fetch_credential(poll)  # what her phone does by itself
    login(client, "checkin")

    page = check_out(client, anna.id)
    assert "Anna Abholt ist ausgecheckt." in page
    assert f"Anna Abholt {NOTE}" in page
    assert "bleibt gültig" in page and "weiß nicht, ob damit schon abgestimmt wurde" in page

    assert NOTE not in check_out(client, bernd.id)  # no credential: no note


def test_no_note_once_the_poll_is_closed(app, client):
    conference = make_conference()
    anna, token = make_delegate(conference, "Anna Abholt")
    poll = open_poll(make_poll(conference, motion_contest("A4: Haushalt")).id)
    Phone(client, token).fetch_credential(poll)
    close_poll(poll.id)
    login(client, "checkin")
    assert NOTE not in check_out(client, anna.id)
