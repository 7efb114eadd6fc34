"""The chair's overview: opening and closing ask first, an open poll links the hall display
and shows its turnout, and every poll names its rules by the preset's title."""

from __future__ import annotations

import re

from app.extensions import db
from app.models import Poll
from app.services.polls.lifecycle import open_poll
from tests.app.chair.helpers import login
from tests.app.vote.factories import (
    Phone,
    make_conference,
    make_delegate,
    make_poll,
    motion_contest,
)


def overview(client) -> str:
    response = client.get("/chair/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def form_of(page: str, action: str) -> str:
    """The opening tag of the form that posts to ``action``."""
    found = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>', page)
    assert found is not None, action
    return found.group(0)


def test_opening_asks_first_and_names_how_many_are_present(app, client):
    conference = make_conference()
    for name in ("Anna", "Bernd", "Clara"):
        make_delegate(conference, name)
    make_delegate(conference, "Dora", present=False)
    poll = make_poll(conference, motion_contest("A3: Resolution"))
    login(client)

    form = form_of(overview(client), f"/chair/polls/{poll.id}/open")

    assert ('data-confirm="„A3: Resolution“ jetzt öffnen? Anwesend sind 3 Stimmberechtigte."'
            in form)


def test_opening_with_one_present_says_so_in_the_singular(app, client):
    conference = make_conference()
    make_delegate(conference, "Anna")
    poll = make_poll(conference, motion_contest("A3"))
    login(client)

    form = form_of(overview(client), f"/chair/polls/{poll.id}/open")

    assert "Anwesend ist 1 stimmberechtigte Person." in form


def test_closing_and_deleting_ask_first(app, client):
    conference = make_conference()
    make_delegate(conference, "Anna")
    running = open_poll(make_poll(conference, motion_contest("A2: Haushalt")).id)
    draft = make_poll(conference, motion_contest("A3"))
    login(client)

    page = overview(client)

    close = form_of(page, f"/chair/polls/{running.id}/close")
    assert ("„A2: Haushalt“: 0 von 1 haben abgestimmt – trotzdem schließen und auszählen? "
            "Danach kann niemand mehr abstimmen; das lässt sich nicht rückgängig machen.") in close
    assert "data-confirm=" in form_of(page, f"/chair/polls/{draft.id}/delete")
    assert "js/confirm.js" in page


def test_confirmation_is_english_in_english(app, client):
    conference = make_conference()
    make_delegate(conference, "Anna")
    make_delegate(conference, "Bernd")
    poll = make_poll(conference, motion_contest("A3"))
    login(client)
    client.get("/language/en")

    form = form_of(overview(client), f"/chair/polls/{poll.id}/open")

    assert "Open “A3” now? 2 delegates with voting right are present." in form


def test_open_poll_links_the_hall_display_and_shows_the_turnout(app, client):
    conference = make_conference()
    phones = [Phone(client, make_delegate(conference, f"D{i}")[1]) for i in range(3)]
    poll = open_poll(make_poll(conference, motion_contest("A2: Haushalt")).id)
    phones[0].fetch_credential(poll)
    assert phones[0].cast(poll, {"marks": {"motion": "Y"}}).status_code == 201
    login(client)

    page = overview(client)

    assert f'href="/chair/polls/{poll.id}/hall"' in page
    assert "1 von 3 hat abgestimmt" in page
    assert f'data-turnout-url="/chair/polls/{poll.id}/turnout.json"' in page
    assert "js/overview.js" in page


def test_a_draft_links_the_hall_display_a_closed_poll_does_not_need_it(app, client):
    conference = make_conference()
    draft = make_poll(conference, motion_contest("A3"))
    login(client)

    page = overview(client)

    assert f'href="/chair/polls/{draft.id}/hall"' in page
    assert "data-turnout-url" not in page  # nothing open, nothing to refresh


def test_polls_name_their_rules_by_the_preset_title(app, client):
    conference = make_conference()
    make_poll(conference, {**motion_contest("S1"),
                           "rules": {"preset": "motion-two-thirds", "overrides": {}}})
    login(client)

    page = overview(client)

    assert "Antrag – Zweidrittelmehrheit" in page
    assert "motion-two-thirds" not in page
    client.get("/language/en")
    assert "Motion – two-thirds majority" in overview(client)


def test_election_rounds_name_their_rules_by_the_preset_title(app, client):
    from tests.app.vote.factories import election_contest

    make_poll(make_conference(), election_contest())
    login(client)

    page = overview(client)

    assert "DIE LINKE – Wahl von Delegierten" in page and "linke-delegates" not in page
    assert db.session.scalar(db.select(Poll.title)) in page
