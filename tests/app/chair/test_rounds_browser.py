"""Hall display and round page in real Chromium: turnout updates without reload, the hall
switches to the result after close, the chair creates the next round with one click."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Poll
from app.services.polls.lifecycle import close_poll
from tests.app.browser import SHOTS, logged_in_page
from tests.app.chair.test_rounds import ids, make_women_round

pytestmark = pytest.mark.browser


def chair_page(browser, live_server: str, *, width: int = 1280, height: int = 800):
    return logged_in_page(browser, live_server, username="chair-r", width=width,
                          height=height, failed_responses=True)


def test_hall_turnout_live_then_result_then_next_round(app, client, live_server, browser):
    conference, election, poll, phones = make_women_round(n_present=3, paper=False)
    c = ids(poll)
    for phone in phones:
        phone.client = client
        phone.fetch_credential(poll)
    page, errors = chair_page(browser, live_server)
    page.goto(f"{live_server}/chair/polls/{poll.id}/hall")
    assert page.locator("#turnout-text").inner_text() == "0 von 3 haben abgestimmt"
    assert "Ada" in page.locator(".hall-candidates").inner_text()

    # Ada 3, Bea 2, Cleo 1, Dana 0 (2 seats): Ada and Bea elected.
    phones[0].cast(poll, {"marks": {c["Ada"]: "Y", c["Bea"]: "Y"}})
    phones[1].cast(poll, {"marks": {c["Ada"]: "Y", c["Bea"]: "Y"}})
    from playwright.sync_api import expect

    expect(page.locator("#turnout-text")).to_have_text("2 von 3 haben abgestimmt",
                                                       timeout=60_000)
    assert page.locator("#turnout-bar").evaluate("el => [el.value, el.max]") == [2, 3]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "hall-turnout.png"))
    phones[2].cast(poll, {"marks": {c["Ada"]: "Y", c["Cleo"]: "Y"}})
    close_poll(poll.id)
    page.wait_for_url(f"**/chair/polls/{poll.id}/projector", timeout=60_000)
    page.screenshot(path=str(SHOTS / "hall-result.png"))
    assert "Ada" in page.content()

    page.goto(f"{live_server}/chair/polls/{poll.id}/round")
    page.get_by_role("button", name="Nächsten Wahlgang anlegen").click()
    page.wait_for_load_state()
    assert "Neuer Wahlgang angelegt" in page.content()
    db.session.expire_all()
    mixed = db.session.scalar(db.select(Poll).where(Poll.id != poll.id))
    assert mixed.contest["round"]["kind"] == "mixed"
    assert sorted(x["name"] for x in mixed.contest["candidates"]) == [
        "Cleo", "Dana", "Emil", "Fritz"]
    assert errors == []
