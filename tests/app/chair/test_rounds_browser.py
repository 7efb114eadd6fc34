"""Hall display and round page in real Chromium: turnout updates without reload, the hall
switches to the result after close, the chair creates the next round with one click."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.extensions import db
from app.models import Poll
from app.services.accounts import create_user
from app.services.lifecycle import close_poll
from tests.app.chair.test_rounds import ids, make_women_round

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SHOTS = Path(os.environ.get("WAHLGANG_SCREENSHOTS", "/tmp/wahlgang-shots"))

pytestmark = pytest.mark.browser


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("no /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def chair_page(browser, live_server: str, *, width: int = 1280, height: int = 800):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    create_user("chair-r", "a long password", "chair")
    page.goto(f"{live_server}/login")
    page.get_by_label("Benutzername").fill("chair-r")
    page.get_by_label("Passwort").fill("a long password")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    return page, errors


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
                                                       timeout=20_000)
    assert page.locator("#turnout-bar").evaluate("el => [el.value, el.max]") == [2, 3]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "hall-turnout.png"))
    phones[2].cast(poll, {"marks": {c["Ada"]: "Y", c["Cleo"]: "Y"}})
    close_poll(poll.id)
    page.wait_for_url(f"**/chair/polls/{poll.id}/projector", timeout=20_000)
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
