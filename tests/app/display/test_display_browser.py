"""The Saalanzeige in real Chromium: twelve candidates fit on one screen at 1280×720 and at
1920×1080, while the vote is open and with the result (every row inside the viewport, no
scrolling); the display link follows the poll from open to result without a login.
Screenshots go to $WAHLGANG_SCREENSHOTS (default /tmp/wahlgang-shots)."""

from __future__ import annotations

import pytest

from app.services.polls import display
from app.services.polls.lifecycle import close_poll, open_poll
from tests.app.browser import SHOTS, collect_errors
from tests.app.vote.factories import (
    Phone,
    election_contest,
    make_conference,
    make_delegate,
    make_poll,
)

pytestmark = pytest.mark.browser

TWELVE = ("Dr. Anna-Katharina Müller-Lüdenscheidt", "Berta Yıldız", "Carla Schmidt",
          "Dagmar Özdemir-Wagner", "Elif Kowalczyk", "Franziska von Hohenberg", "Gül Aydın",
          "Hanna Weißenfels", "Ilse Nguyen", "Jana Przybylski", "Katrin Łukasiewicz",
          "Lea Sommer")
SIZES = ((1280, 720), (1920, 1080))


def twelve_candidate_round(client):
    conference = make_conference()
    phones = [Phone(client, make_delegate(conference, f"D{i}")[1]) for i in range(4)]
    poll = make_poll(conference, election_contest(TWELVE, seats=6))
    return conference, phones, poll


def rows_outside(page, selector: str) -> list[str]:
    """Text of every row matched by ``selector`` that is not wholly inside the viewport."""
    return page.eval_on_selector_all(selector, """(rows) => rows.filter((row) => {
        const box = row.getBoundingClientRect();
        return box.top < 0 || box.left < 0 || box.bottom > window.innerHeight
            || box.right > window.innerWidth || box.width === 0;
    }).map((row) => row.textContent.trim())""")


def page_scrolls(page) -> bool:
    return page.evaluate("""() => document.documentElement.scrollHeight > window.innerHeight
        || document.documentElement.scrollWidth > window.innerWidth""")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_twelve_candidates_fit_while_open_and_with_the_result(
        app, client, live_server, browser, width, height):
    conference, phones, poll = twelve_candidate_round(client)
    url = f"{live_server}/saal/#{display.issue_link(conference.id)}"
    poll = open_poll(poll.id)
    for phone, marks in zip(phones, ({"C1": "Y", "C2": "Y"}, {"C3": "Y"}, {"C1": "Y"}),
                            strict=False):
        phone.fetch_credential(poll)
        assert phone.cast(poll, {"marks": marks}).status_code == 201
    context = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE")
    page = context.new_page()
    errors = collect_errors(page, failed_responses=True)
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(url)
    page.wait_for_selector("#turnout-text", timeout=20_000)
    assert page.locator(".hall-candidates li").count() == 12
    assert page.locator("#turnout-text").inner_text() == "3 von 4 haben abgestimmt"
    assert rows_outside(page, ".hall-candidates li") == []
    assert rows_outside(page, "#turnout-bar, .hall-note") == []
    assert not page_scrolls(page)
    page.screenshot(path=str(SHOTS / f"saalanzeige-open-{width}x{height}.png"))

    close_poll(poll.id)
    page.wait_for_selector(".pj-list", timeout=20_000)  # the display follows to the result
    assert page.locator(".pj-row").count() == 12
    assert rows_outside(page, ".pj-row") == []
    assert not page_scrolls(page)
    page.screenshot(path=str(SHOTS / f"saalanzeige-result-{width}x{height}.png"))
    assert errors == []
    context.close()


def test_link_follows_the_vote_and_a_revoked_link_goes_dark(app, client, live_server, browser):
    from playwright.sync_api import expect

    conference, phones, poll = twelve_candidate_round(client)
    secret = display.issue_link(conference.id)
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="de-DE")
    page = context.new_page()
    errors = collect_errors(page)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    page.goto(f"{live_server}/saal/#{secret}")
    expect(page.locator("#hall-status")).to_contain_text("Noch keine Abstimmung.",
                                                         timeout=20_000)
    poll = open_poll(poll.id)
    expect(page.locator("#turnout-text")).to_have_text("0 von 4 haben abgestimmt",
                                                       timeout=20_000)
    phones[0].fetch_credential(poll)
    assert phones[0].cast(poll, {"marks": {"C2": "Y"}}).status_code == 201
    expect(page.locator("#turnout-text")).to_have_text("1 von 4 hat abgestimmt",
                                                       timeout=20_000)
    close_poll(poll.id)
    expect(page.locator(".pj-row")).to_have_count(12, timeout=20_000)

    display.revoke_link(conference.id)
    expect(page.locator(".hall-status")).to_contain_text("gilt nicht (mehr)", timeout=20_000)
    assert page.locator(".pj-row").count() == 0
    assert all(secret not in url for url in requests)  # the secret never left the fragment
    assert [e for e in errors if "401" not in e] == []  # the refusal is the only error
    context.close()
