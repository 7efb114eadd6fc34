"""'beschlussfähig' is live in real Chromium: the desk page and the chair's overview change
their quorum line when another desk checks people in, without a reload. Screenshots of the
desk and of the Mandatsprüfung report go to $WAHLGANG_SCREENSHOTS."""

from __future__ import annotations

import pytest

from app.services.roster import checkin
from tests.app.browser import SHOTS, logged_in_page, refresh_now
from tests.app.vote.factories import make_conference, make_delegate

pytestmark = pytest.mark.browser


def test_quorum_line_follows_check_ins_on_desk_and_overview(app, live_server, browser):
    from playwright.sync_api import expect

    conference = make_conference("Parteitag Live")
    delegates = [make_delegate(conference, f"Delegierte {i}", present=i < 2)[0]
                 for i in range(5)]
    sub = make_delegate(conference, "Ersa Ersatz", is_substitute=True, present=True)[0]
    checkin.transfer_vote(conference.id, sub.id, delegates[4].id)
    desk, errors = logged_in_page(browser, live_server, role="checkin", username="desk-live")
    desk.clock.install()
    desk.goto(f"{live_server}/checkin/")
    chair, chair_errors = logged_in_page(browser, live_server, username="chair-live")
    chair.clock.install()
    chair.goto(f"{live_server}/chair/")
    line = "beschlussfähig: 3 von 5 Stimmberechtigten anwesend (nötig: 3)"
    expect(desk.locator("#quorum")).to_have_text(line)
    expect(chair.locator("#quorum")).to_have_text(line)

    checkin.set_present(conference.id, delegates[0].id, False)  # another desk
    refresh_now(desk, 5000)  # the quorum line's next refresh on both pages, without waiting
    refresh_now(chair, 5000)
    later = "nicht beschlussfähig: 2 von 5 Stimmberechtigten anwesend (nötig: 3)"
    expect(desk.locator("#quorum")).to_have_text(later, timeout=20_000)
    expect(chair.locator("#quorum")).to_have_text(later, timeout=20_000)
    expect(desk.locator("#quorum")).to_have_class("quorum quorum-no")

    SHOTS.mkdir(parents=True, exist_ok=True)
    desk.screenshot(path=str(SHOTS / "desk-quorum.png"), full_page=True)
    desk.goto(f"{live_server}/checkin/report")
    desk.screenshot(path=str(SHOTS / "mandate-report.png"), full_page=True)
    assert errors == [] and chair_errors == []
