"""The voting booth at the desk (issue 15, point 2) in real Chromium: the desk sets a tablet up
as a booth, delegates vote there one after the other, the booth forgets each card after the
receipt or when left idle, and the desk sees only whether the booth is free.

The booth's clock is Playwright's (``page.clock``): the pauses the tests check are long (a
minute after the receipt) or stand still until the test moves time on, second by second, so a
busy machine cannot let a pause run out before the test looks; and no test waits them out."""

from __future__ import annotations

import json

import pytest

from app.extensions import db
from app.models import Issuance
from app.services.polls.lifecycle import close_poll, open_poll
from tests.app.browser import SHOTS, logged_in_page, refresh_now
from tests.app.vote.factories import (
    card_key,
    make_conference,
    make_delegate,
    make_poll,
    stored_ballots,
)

pytestmark = pytest.mark.browser


def _booth_times(monkeypatch, idle: int, receipt: int) -> None:
    """Read by create_app when live_server starts (after this)."""
    monkeypatch.setenv("WAHLGANG_BOOTH_IDLE_SECONDS", str(idle))
    monkeypatch.setenv("WAHLGANG_BOOTH_RECEIPT_SECONDS", str(receipt))


def _storage(page) -> dict:
    return json.loads(page.evaluate("JSON.stringify(Object.assign({}, localStorage))"))


def _cards(page) -> dict:
    return json.loads(_storage(page).get("wahlgang.cards") or "{}")


def _set_up_booth(browser, live_server):
    """The desk logs in on the tablet and opens the booth's link there. The tablet's clock is
    Playwright's from then on (it runs as usual until :func:`_hold_the_clock`)."""
    tablet, errors = logged_in_page(browser, live_server, role="checkin", username="desk-tablet",
                                    width=800, height=1000)
    tablet.clock.install()
    tablet.goto(f"{live_server}/checkin/")
    tablet.get_by_role("link", name="Kabine 1 auf diesem Gerät einrichten").click()
    tablet.get_by_role("heading", name="Wahlkabine").wait_for(timeout=20_000)
    return tablet, errors


def _hold_the_clock(page) -> None:
    """From now on the tablet's time moves only in :func:`_run_clock_until`."""
    page.clock.pause_at(page.evaluate("Date.now()"))


def _run_clock_until(page, locator, *, seconds: int) -> None:
    """Move the tablet's time on one second (one tick of the booth's check) at a time until
    ``locator`` is visible; fail if it is not after ``seconds`` seconds of booth time."""
    for _ in range(seconds):
        if locator.is_visible():
            return
        page.clock.run_for(1000)
    assert locator.is_visible(), f"not shown within {seconds} s of booth time: {locator}"


def _issued(poll) -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(db.select(Issuance.delegate_id)
                                  .where(Issuance.poll_id == poll.id)))


def test_two_delegates_vote_in_the_booth_one_after_the_other(app, monkeypatch, request, browser):
    _booth_times(monkeypatch, idle=120, receipt=60)
    live_server = request.getfixturevalue("live_server")  # started with these times
    conference = make_conference()
    ida, ida_token = make_delegate(conference, "Ida Ihde")
    jonas, jonas_token = make_delegate(conference, "Jonas Jäger")
    poll = open_poll(make_poll(conference).id)

    tablet, tablet_errors = _set_up_booth(browser, live_server)
    assert "#k=" not in tablet.url
    desk, _desk_errors = logged_in_page(browser, live_server, role="checkin", username="desk")
    desk.clock.install()
    desk.goto(f"{live_server}/checkin/")
    badge = desk.locator("#booth-1")
    desk.wait_for_function("() => document.querySelector('#booth-1').textContent === 'frei'",
                           timeout=30_000)

    # Ida scans her card: the card's link opens the phone page, which sends her to the booth.
    tablet.goto(f"{live_server}/v/#t={ida_token}")
    tablet.get_by_text("Ihre Karte: Ida Ihde").wait_for(timeout=20_000)
    assert tablet.url.startswith(f"{live_server}/v/kabine")
    refresh_now(desk, 5000)
    desk.wait_for_function("() => document.querySelector('#booth-1').textContent === 'besetzt'",
                           timeout=30_000)
    tablet.get_by_text("Stimmzettel bereit").wait_for(timeout=30_000)
    tablet.get_by_label("Ja", exact=True).check()
    tablet.get_by_role("button", name="Weiter zur Kontrolle").click()
    tablet.get_by_role("button", name="Stimme abgeben").click()
    tablet.locator("[data-tracker]").wait_for(timeout=30_000)
    ida_tracker = tablet.locator("[data-tracker]").inner_text()
    tablet.get_by_text("Die Kabine vergisst Ihre Karte in").wait_for(timeout=30_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    tablet.screenshot(path=str(SHOTS / "booth-receipt.png"), full_page=True)

    # After the pause the booth forgets Ida's card: nothing of hers is shown or kept.
    tablet.clock.fast_forward(60_000)  # the minute passes at once
    tablet.get_by_label("Code von der Stimmkarte").wait_for(timeout=30_000)
    tablet.screenshot(path=str(SHOTS / "booth-free.png"), full_page=True)
    assert "wahlgang.token" not in _storage(tablet)
    assert _cards(tablet) == {}
    assert ida_tracker not in tablet.locator("body").inner_text()
    refresh_now(desk, 5000)
    desk.wait_for_function("() => document.querySelector('#booth-1').textContent === 'frei'",
                           timeout=30_000)

    # Jonas types the code from his card.
    tablet.get_by_label("Code von der Stimmkarte").fill(jonas_token)
    tablet.get_by_role("button", name="Weiter").click()
    tablet.get_by_text("Ihre Karte: Jonas Jäger").wait_for(timeout=20_000)
    tablet.get_by_text("Stimmzettel bereit").wait_for(timeout=30_000)
    text = tablet.locator("body").inner_text()
    assert "Ida" not in text and ida_tracker not in text and "angenommen" not in text
    tablet.get_by_label("Nein", exact=True).check()
    tablet.get_by_role("button", name="Weiter zur Kontrolle").click()
    tablet.get_by_role("button", name="Stimme abgeben").click()
    tablet.locator("[data-tracker]").wait_for(timeout=30_000)
    tablet.get_by_role("button", name="Fertig – Karte jetzt vergessen").click()
    tablet.get_by_label("Code von der Stimmkarte").wait_for(timeout=30_000)
    assert _cards(tablet) == {} and "wahlgang.token" not in _storage(tablet)

    assert _issued(poll) == {ida.id, jonas.id}
    assert sorted(choices for _tracker, choices in stored_ballots(poll.id)) == [
        '{"marks":{"motion":"N"}}', '{"marks":{"motion":"Y"}}']
    motion = close_poll(poll.id).result["candidates"][0]
    assert (motion["yes"], motion["no"], motion["abstain"]) == (1, 1, 0)
    desk.screenshot(path=str(SHOTS / "desk-booth-status.png"), full_page=True)
    assert "Ja" not in badge.inner_text() and "Nein" not in badge.inner_text()
    assert tablet_errors == []
    # The booth link ended the desk's login on the tablet: no way from the booth to the desk.
    answer = tablet.goto(f"{live_server}/checkin/")
    assert answer.status == 401 or "/login" in tablet.url
    assert tablet.get_by_text("Ida Ihde").count() == 0


def test_an_idle_booth_forgets_the_card_and_keeps_the_unused_credential_for_its_card(
        app, monkeypatch, request, browser):
    _booth_times(monkeypatch, idle=3, receipt=60)
    live_server = request.getfixturevalue("live_server")  # started with these times
    conference = make_conference()
    kai, kai_token = make_delegate(conference, "Kai Kurz")
    poll = open_poll(make_poll(conference).id)
    tablet, errors = _set_up_booth(browser, live_server)

    tablet.get_by_label("Code von der Stimmkarte").fill(kai_token)
    _hold_the_clock(tablet)  # idle time (3 s) passes only when the test moves time on
    tablet.get_by_role("button", name="Weiter").click()
    tablet.get_by_text("Ihre Karte: Kai Kurz").wait_for(timeout=20_000)
    tablet.get_by_text("Stimmzettel bereit").wait_for(timeout=30_000)  # the credential is in
    warning = tablet.get_by_text("Noch da? Die Kabine vergisst Ihre Karte")
    assert not warning.is_visible()
    _run_clock_until(tablet, warning, seconds=3)  # the last second: the booth asks
    assert tablet.get_by_text("Ihre Karte: Kai Kurz").is_visible()
    tablet.clock.run_for(1000)  # nobody answered: the next tick forgets the card
    tablet.clock.resume()
    tablet.get_by_label("Code von der Stimmkarte").wait_for(timeout=30_000)  # forgotten
    assert "wahlgang.token" not in _storage(tablet)
    assert "Kai Kurz" not in tablet.locator("body").inner_text()
    kept = _cards(tablet)
    # What stays: Kai's unused credential under his card's hash (no name, no choice, no code).
    assert list(kept) == [card_key(kai_token)]
    assert kept[card_key(kai_token)][poll.public_id]["stage"] == "ready"
    assert kai_token not in json.dumps(_storage(tablet))

    # Kai comes back: the credential is his, no second one is issued, his vote counts.
    tablet.get_by_label("Code von der Stimmkarte").fill(kai_token)
    tablet.get_by_role("button", name="Weiter").click()
    tablet.get_by_text("Stimmzettel bereit").wait_for(timeout=30_000)
    tablet.get_by_label("Enthaltung", exact=True).check()
    tablet.get_by_role("button", name="Weiter zur Kontrolle").click()
    tablet.get_by_role("button", name="Stimme abgeben").click()
    tablet.locator("[data-tracker]").wait_for(timeout=30_000)
    assert _issued(poll) == {kai.id}
    motion = close_poll(poll.id).result["candidates"][0]
    assert (motion["yes"], motion["no"], motion["abstain"]) == (0, 0, 1)
    assert errors == []
