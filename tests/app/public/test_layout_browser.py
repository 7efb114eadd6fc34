"""The public pages fit a phone (390 px, an iPhone 12–15): nothing wider than the screen, the
conference's polls readable as one card per poll with every figure labelled."""

from __future__ import annotations

import pytest

from app.services.polls.lifecycle import close_poll, open_poll
from tests.app.browser import SHOTS, collect_errors
from tests.app.vote.factories import (
    Phone,
    make_conference,
    make_delegate,
    make_poll,
    motion_contest,
)

pytestmark = pytest.mark.browser

WIDTH = 390


def test_conference_page_fits_a_phone(app, client, live_server, browser):
    conference = make_conference("Kreisparteitag Musterstadt")
    phones = [Phone(client, make_delegate(conference, f"D{i}")[1]) for i in range(3)]
    closed = open_poll(make_poll(conference, motion_contest("Antrag S1: Satzungsänderung")).id)
    for phone in phones:
        phone.fetch_credential(closed)
        phone.cast(closed, {"marks": {"motion": "Y"}})
    close_poll(closed.id)
    open_poll(make_poll(conference, motion_contest("Antrag A2: Haushalt")).id)

    page = browser.new_page(viewport={"width": WIDTH, "height": 800}, locale="de-DE")
    errors = collect_errors(page, failed_responses=True)
    page.goto(f"{live_server}/public/c/{conference.id}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "public-conference-390.png"), full_page=True)

    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert page.locator(".bulletin-table thead").bounding_box()["height"] <= 1  # read aloud only
    card = page.locator(".bulletin-table tbody tr").first
    assert "Antrag S1: Satzungsänderung" in card.inner_text()
    shown_labels = card.evaluate("""row => [...row.querySelectorAll('td[data-label]')]
        .map(td => getComputedStyle(td, '::before').content)""")
    # each figure says what it is, in place of the hidden table head
    assert shown_labels == ['"Stand"', '"Anwesend"', '"Berechtigungen"', '"Stimmen"']
    assert errors == []


def test_conference_page_stays_a_table_on_a_wide_screen(app, live_server, browser):
    conference = make_conference()
    make_delegate(conference)
    open_poll(make_poll(conference).id)

    page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="de-DE")
    page.goto(f"{live_server}/public/c/{conference.id}")

    assert page.locator(".bulletin-table thead").is_visible()
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.bulletin-table tbody tr')).display"
    ) == "table-row"
