"""The delegate's phone with large text and the keyboard (issue 15, point 4): the text follows
the phone's text-size setting, at 200 % on a 320–390 px phone nothing scrolls sideways, a
motion gets its large buttons, "Ändern" keeps the marks and focus moves where the person
continues. Screenshots at 200 % go to $WAHLGANG_SCREENSHOTS (default /tmp/wahlgang-shots)."""

from __future__ import annotations

import pytest

from app.services.polls.lifecycle import open_poll
from tests.app.browser import (
    SHOTS,
    collect_errors,
    scrolls_sideways,
    set_text_size,
    too_wide,
    whole_page_screenshot,
)
from tests.app.vote.factories import (
    election_contest,
    make_conference,
    make_delegate,
    make_poll,
    motion_contest,
)

pytestmark = pytest.mark.browser

LONG_MOTION = ("Antrag A7: Änderung der Geschäftsordnung zur Barrierefreiheit "
               "(Antragsteller: Kreisverband Musterstadt-Süd)")
LONG_NAMES = ("Dr. Anna-Katharina Müller-Lüdenscheidt", "Berta Yıldız",
              "Franziska von Hohenberg-Weißenfels")


def phone(browser, width: int = 360, text: int = 100):
    context = browser.new_context(viewport={"width": width, "height": 740}, locale="de-DE")
    page = context.new_page()
    page.js_errors = collect_errors(page)
    if text != 100:
        set_text_size(page, text)
    return page


def root_px(page) -> float:
    return float(page.evaluate("getComputedStyle(document.documentElement).fontSize")[:-2])


def outside(page, card: str, inner: str) -> list[str]:
    """Text of every ``inner`` element that reaches beyond its ``card`` (left or right)."""
    return page.evaluate("""([card, inner]) => [...document.querySelectorAll(card)].flatMap((c) => {
        const box = c.getBoundingClientRect();
        return [...c.querySelectorAll(inner)].filter((e) => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5);
        }).map((e) => e.textContent.trim() || e.outerHTML.slice(0, 80));
    })""", [card, inner])


def fits(page, what: str, shot: str) -> None:
    whole_page_screenshot(page, SHOTS / shot)
    assert scrolls_sideways(page) == 0, (
        f"{what}: {scrolls_sideways(page)} px sideways; too wide: {too_wide(page)}")
    assert outside(page, ".card", "label, button, select, input, .tracker, h2, legend") == [], what


def test_text_follows_the_phones_text_size_setting(app, live_server, browser):
    normal, large = phone(browser), phone(browser, text=200)
    for page in (normal, large):
        page.goto(f"{live_server}/v/")
        page.locator("#welcome:not([hidden])").wait_for()
    whole_page_screenshot(large, SHOTS / "phone-360-200-text-size.png")
    assert root_px(large) == pytest.approx(2 * root_px(normal))
    assert root_px(normal) >= 16
    desktop = phone(browser, width=1280, text=150)
    desktop.goto(f"{live_server}/v/")
    assert root_px(desktop) == pytest.approx(1.5 * 18)


@pytest.mark.parametrize("width", [320, 390])
def test_at_200_percent_the_phone_does_not_scroll_sideways(app, live_server, browser, width):
    conference = make_conference()
    _d, token = make_delegate(conference, "Maximiliane Mustermann-Lüdenscheidt")
    open_poll(make_poll(conference, motion_contest(LONG_MOTION)).id)
    open_poll(make_poll(conference, election_contest(LONG_NAMES, seats=2)).id)
    page = phone(browser, width, text=200)

    page.goto(f"{live_server}/v/")
    page.locator("#welcome:not([hidden])").wait_for()
    fits(page, "signed out", f"phone-{width}-200-signed-out.png")

    page.goto(f"{live_server}/v/#t={token}")
    page.get_by_role("button", name="Weiter zur Kontrolle").nth(1).wait_for(timeout=60_000)
    fits(page, "ballots", f"phone-{width}-200-ballots.png")

    motion = page.locator("section.poll", has_text="Antrag A7")
    motion.get_by_label("Ja", exact=True).check()
    motion.get_by_role("button", name="Weiter zur Kontrolle").click()
    fits(page, "review", f"phone-{width}-200-review.png")
    motion.get_by_role("button", name="Stimme abgeben").click()
    motion.locator("[data-tracker]").wait_for(timeout=60_000)
    fits(page, "receipt", f"phone-{width}-200-receipt.png")
    assert page.js_errors == []


def test_a_motion_gets_the_large_buttons(app, live_server, browser):
    conference = make_conference()
    _d, token = make_delegate(conference)
    open_poll(make_poll(conference).id)
    page = phone(browser)
    page.goto(f"{live_server}/v/#t={token}")
    page.get_by_role("button", name="Weiter zur Kontrolle").wait_for(timeout=60_000)

    assert page.locator("fieldset.ballot-motion").count() == 1
    sizes = page.eval_on_selector_all(".choice", """(labels) => labels.map((l) => {
        const box = l.getBoundingClientRect();
        return [box.width, box.height, parseFloat(getComputedStyle(l).fontSize)];
    })""")
    row = page.locator(".choices").bounding_box()["width"]
    assert len(sizes) == 3
    for width, height, font in sizes:  # one under the other, full width, larger type
        assert width == pytest.approx(row, abs=1)
        assert height >= 56
        assert font == pytest.approx(1.15 * root_px(page), abs=0.1)


def test_change_keeps_the_marks_and_focus_follows(app, live_server, browser):
    conference = make_conference()
    _d, token = make_delegate(conference, "Kai Keyboard")
    open_poll(make_poll(conference, election_contest(("Anna", "Berta", "Carla"), seats=2)).id)
    page = phone(browser)
    page.goto(f"{live_server}/v/#t={token}")
    page.get_by_role("button", name="Weiter zur Kontrolle").wait_for(timeout=60_000)
    assert page.get_by_role("heading", level=1).count() == 1  # signed in: the page has an h1

    anna = page.locator("fieldset.cand", has_text="Anna")
    berta = page.locator("fieldset.cand", has_text="Berta")
    anna.get_by_label("Ja", exact=True).check()
    berta.get_by_label("Enthaltung", exact=True).check()
    page.get_by_role("button", name="Weiter zur Kontrolle").click()
    page.get_by_role("button", name="Ändern").click()

    assert anna.get_by_label("Ja", exact=True).is_checked()
    assert berta.get_by_label("Enthaltung", exact=True).is_checked()
    first = page.locator(".ballot input, .ballot select").first
    assert first.evaluate("(e) => e === document.activeElement")

    page.keyboard.press("Space")  # the first choice (Einzeln abstimmen) stays chosen
    carla = page.locator("fieldset.cand", has_text="Carla")
    carla.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Weiter zur Kontrolle").click()
    assert page.locator(".review-list").inner_text().splitlines() == [
        "Anna: Ja", "Berta: Enthaltung", "Carla: Ja"]
    page.get_by_role("button", name="Stimme abgeben").click()
    page.locator("[data-tracker]").wait_for(timeout=60_000)
    page.wait_for_function("""() => document.activeElement
        && document.activeElement.closest('.poll-body')
        && document.activeElement.closest('.poll-body').querySelector('[data-tracker]')""")
    focused = page.evaluate("document.activeElement.textContent")
    assert "angenommen" in focused
    assert page.js_errors == []
