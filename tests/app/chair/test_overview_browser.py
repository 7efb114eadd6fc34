"""The chair's overview and the hall display in real Chromium: opening and closing ask first
(dismissing changes nothing), the turnout of an open poll updates without reload, and a hall
display put up before opening follows the poll from draft to open to the result."""

from __future__ import annotations

import re

import pytest

from app.enums import PollState
from app.extensions import db
from app.models import Poll
from app.services.polls.lifecycle import close_poll, open_poll
from tests.app.browser import SHOTS, logged_in_page, refresh_now, settled, wait_in_page
from tests.app.vote.factories import (
    Phone,
    make_conference,
    make_delegate,
    make_poll,
    motion_contest,
)

pytestmark = pytest.mark.browser


def state_of(poll_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Poll, poll_id).state


def test_open_and_close_ask_first_and_dismissing_changes_nothing(app, live_server, browser):
    conference = make_conference()
    for name in ("Anna", "Bernd"):
        make_delegate(conference, name)
    poll = make_poll(conference, motion_contest("A2: Haushalt"))
    page, errors = logged_in_page(browser, live_server, username="chair-confirm")
    questions: list[str] = []

    def answer(accept: bool):
        def handle(dialog):
            questions.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()
        return handle

    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(f"{live_server}/chair/")
    page.once("dialog", answer(False))
    page.get_by_role("button", name="Öffnen").click()
    wait_in_page(page, lambda: len(questions) == 1, what="the question before opening")
    settled(page)
    assert questions == ["„A2: Haushalt“ jetzt öffnen? Anwesend sind 2 Stimmberechtigte."]
    assert posts == []  # dismissed: nothing was sent
    assert state_of(poll.id) == PollState.DRAFT.value

    page.once("dialog", answer(True))
    page.get_by_role("button", name="Öffnen").click()
    page.wait_for_selector("text=ist geöffnet", timeout=60_000)
    assert state_of(poll.id) == PollState.OPEN.value

    posts.clear()
    page.once("dialog", answer(False))
    page.get_by_role("button", name="Schließen und auszählen").click()
    wait_in_page(page, lambda: len(questions) == 3, what="the question before closing")
    settled(page)
    assert questions[-1].startswith(
        "„A2: Haushalt“: 0 von 2 haben abgestimmt – trotzdem schließen und auszählen?")
    assert posts == []
    assert state_of(poll.id) == PollState.OPEN.value

    page.once("dialog", answer(True))
    page.get_by_role("button", name="Schließen und auszählen").click()
    page.wait_for_url(f"**/chair/polls/{poll.id}/result", timeout=60_000)
    assert state_of(poll.id) == PollState.CLOSED.value
    assert len(questions) == 4 and errors == []


def test_overview_turnout_and_hall_follow_the_poll(app, client, live_server, browser):
    from playwright.sync_api import expect

    conference = make_conference()
    phones = [Phone(client, make_delegate(conference, f"D{i}")[1]) for i in range(3)]
    poll = make_poll(conference, motion_contest("A2: Haushalt"))
    page, errors = logged_in_page(browser, live_server, username="chair-hall",
                                  failed_responses=True)
    page.clock.install()  # the context's clock: the overview and the hall display
    hall = page.context.new_page()
    hall.goto(f"{live_server}/chair/polls/{poll.id}/hall")
    assert hall.locator("#hall-status").inner_text() == "Die Abstimmung ist noch nicht geöffnet."

    poll = open_poll(poll.id)  # the hall display was put up before opening
    refresh_now(hall, 2000)
    expect(hall.locator("#turnout-text")).to_have_text("0 von 3 haben abgestimmt",
                                                       timeout=60_000)
    page.goto(f"{live_server}/chair/")
    turnout = page.locator(".turnout")
    assert turnout.inner_text() == "0 von 3 haben abgestimmt"
    hall_link = page.get_by_role("link", name="Saalanzeige", exact=True)
    assert hall_link.get_attribute("href") == f"/chair/polls/{poll.id}/hall"

    phones[0].fetch_credential(poll)
    assert phones[0].cast(poll, {"marks": {"motion": "Y"}}).status_code == 201
    refresh_now(page, 3000)  # the overview's and the hall's next refresh, without waiting
    refresh_now(hall, 2000)
    expect(turnout).to_have_text("1 von 3 hat abgestimmt", timeout=60_000)
    expect(page.locator('form[data-key="close"]')).to_have_attribute(  # the question follows
        "data-confirm", re.compile("^„A2: Haushalt“: 1 von 3 hat abgestimmt – trotzdem"))
    expect(hall.locator("#turnout-text")).to_have_text("1 von 3 hat abgestimmt",
                                                       timeout=60_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "chair-overview-open.png"), full_page=True)

    close_poll(poll.id)
    refresh_now(hall, 2000)
    refresh_now(page, 3000)
    hall.wait_for_url(f"**/chair/polls/{poll.id}/projector", timeout=60_000)
    expect(page.get_by_role("link", name="Ergebnis")).to_be_visible(timeout=60_000)
    assert errors == []
