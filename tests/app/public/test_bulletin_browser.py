"""The public poll page in Chromium at phone width: live counts, then the ballot list."""

from __future__ import annotations

import pytest

from app.services.polls.lifecycle import close_poll, open_poll
from tests.app.browser import SHOTS
from tests.app.vote.factories import (
    Phone,
    election_contest,
    make_conference,
    make_delegate,
    make_poll,
)

pytestmark = pytest.mark.browser


def test_public_page_updates_live_and_finds_a_tracker(app, client, live_server, browser):

    conference = make_conference()
    phones = [Phone(client, make_delegate(conference, f"P{i}")[1]) for i in range(3)]
    poll = open_poll(make_poll(conference, election_contest(("Anna Alt", "Berta Bach"), 2)).id)
    public_id = poll.public_id
    for phone in phones:
        phone.fetch_credential(poll)

    page = browser.new_page(viewport={"width": 360, "height": 740}, locale="de-DE")
    page.goto(f"{live_server}/public/p/{public_id}")
    assert page.locator('[data-count="issued"]').inner_text() == "3"
    trackers = [phone.cast(poll, {"marks": {"C1": "Y"}}).get_json()["tracker"]
                for phone in phones[:2]]
    page.locator('[data-count="cast"]').filter(has_text="2").wait_for(timeout=60_000)
    close_poll(poll.id)
    page.get_by_text("Alle Stimmzettel").wait_for(timeout=60_000)  # reloaded on close
    page.get_by_label("Quittungscode suchen").fill(trackers[1].lower())
    page.get_by_role("button", name="Suchen").click()
    page.get_by_text("ist in der Liste und wurde gezählt").wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "public-poll-found.png"), full_page=True)
    rows = page.locator("table.ballot-list tbody tr")
    assert rows.count() == 1
    assert rows.first.inner_text().startswith(trackers[1])
