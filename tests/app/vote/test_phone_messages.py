"""What the phone tells a delegate who may not vote right now, in Chromium: checked out during a
poll, represented by a substitute, ballot fetched by another browser, and in which language."""

from __future__ import annotations

import pytest

from app.services.polls.lifecycle import close_poll, open_poll
from app.services.roster.checkin import set_present, transfer_vote
from tests.app.browser import PHONE_REFRESH_MS, SHOTS, collect_errors, refresh_now
from tests.app.vote.factories import make_conference, make_delegate, make_poll

pytestmark = pytest.mark.browser


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(**options):
        context = browser.new_context(viewport={"width": 360, "height": 740},
                                      device_scale_factor=1, locale="de-DE", **options)
        contexts.append(context)
        context.clock.install()  # refresh_now: the phone asks again at once, not in 4 s
        page = context.new_page()
        page.js_errors = collect_errors(page)
        return page

    yield make
    for context in contexts:
        context.close()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_checked_out_delegate_is_sent_to_the_desk_not_told_the_poll_closed(app, live_server,
                                                                           new_page):
    conference = make_conference()
    lukas, token = make_delegate(conference, "Lukas Lang")
    poll = open_poll(make_poll(conference).id)
    page = new_page()
    page.goto(f"{live_server}/v/#t={token}")
    page.get_by_text("Stimmzettel bereit").wait_for(timeout=60_000)

    set_present(conference.id, lukas.id, False)  # the desk checks him out, the poll stays open
    refresh_now(page, PHONE_REFRESH_MS)
    card = page.locator(f"#poll-{poll.public_id}")
    card.get_by_text("nicht mehr als anwesend eingecheckt").wait_for(timeout=60_000)
    _shot(page, "phone-checked-out.png")

    assert "geschlossen" not in card.inner_text()
    assert "Mandatsprüfung" in card.inner_text()
    assert "bleibt auf diesem Telefon" in card.inner_text()  # its credential is kept

    set_present(conference.id, lukas.id, True)  # back at the desk: the same ballot again
    refresh_now(page, PHONE_REFRESH_MS)
    page.get_by_label("Ja", exact=True).wait_for(timeout=60_000)
    assert page.locator(f"#poll-{poll.public_id}").count() == 1
    page.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Weiter zur Kontrolle").click()
    page.get_by_role("button", name="Stimme abgeben").click()
    page.locator("[data-tracker]").wait_for(timeout=60_000)
    assert page.js_errors == []


def test_a_poll_closed_before_voting_is_still_called_closed(app, live_server, new_page):
    conference = make_conference()
    _delegate, token = make_delegate(conference, "Clara Zu")
    poll = open_poll(make_poll(conference).id)
    page = new_page()
    page.goto(f"{live_server}/v/#t={token}")
    page.get_by_text("Stimmzettel bereit").wait_for(timeout=60_000)

    close_poll(poll.id)
    refresh_now(page, PHONE_REFRESH_MS)

    page.get_by_text("wurde geschlossen, bevor Sie abgestimmt haben").wait_for(timeout=60_000)
    assert "eingecheckt" not in page.locator(f"#poll-{poll.public_id}").inner_text()


def test_represented_delegate_is_told_who_holds_her_vote(app, live_server, new_page):
    conference = make_conference()
    olga, token = make_delegate(conference, "Olga Ort", present=False)
    rosa, _rosa_token = make_delegate(conference, "Rosa Rot", is_substitute=True)
    transfer_vote(conference.id, rosa.id, olga.id)
    page = new_page()

    page.goto(f"{live_server}/v/#t={token}")
    page.get_by_text("Ersatzperson Rosa Rot").wait_for(timeout=60_000)
    _shot(page, "phone-represented.png")

    text = page.locator("#me").inner_text()
    assert "Vertreten" in text and "Mandatsprüfung" in text
    assert "nicht als anwesend angemeldet" not in text
    assert page.js_errors == []


def test_ballot_fetched_in_another_browser_names_the_desk_and_no_second_ballot(
        app, live_server, new_page):
    conference = make_conference()
    _delegate, token = make_delegate(conference, "Doris Doppel")
    open_poll(make_poll(conference).id)
    first = new_page()
    first.goto(f"{live_server}/v/#t={token}")
    first.get_by_text("Stimmzettel bereit").wait_for(timeout=60_000)

    second = new_page()  # another browser: its storage does not hold the credential
    second.goto(f"{live_server}/v/#t={token}")
    second.get_by_text("schon auf einem anderen Gerät").wait_for(timeout=60_000)
    _shot(second, "phone-credential-elsewhere.png")

    text = second.locator(".cred-state").inner_text()
    assert "Mandatsprüfung" in text
    assert "gesperrt und für die folgenden Abstimmungen neu ausgestellt" in text
    assert "Dort erhalten Sie für diese Abstimmung einen Papierstimmzettel" in text
    assert "Einen zweiten Stimmzettel auf dem Telefon gibt es für diese Abstimmung nicht" in text
    assert second.locator("input[type=radio]").count() == 0


@pytest.mark.parametrize(("query", "welcome", "error"), [
    ("", "Willkommen", "Dieser Code ist unbekannt oder gesperrt."),
    ("?lang=en", "Welcome", "This code is unknown or blocked."),
])
def test_the_whole_page_speaks_one_language_whatever_the_browser_prefers(
        app, live_server, new_page, query, welcome, error):
    # A browser (or a proxy) asking for English on every request, the page German by default.
    page = new_page(extra_http_headers={"Accept-Language": "en"})

    page.goto(f"{live_server}/v/{query}#t=AAAA")
    page.locator("#alert").wait_for(timeout=60_000)

    assert page.locator("#alert").inner_text().startswith(error)
    assert page.locator("#welcome h1").inner_text() == welcome
