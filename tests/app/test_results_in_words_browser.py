"""Results say in words what each number counts (issue 15, point 4): on the Saalanzeige the
Ja/Nein/Enthaltung numbers were told apart only by colour (green against red is 1.46:1 for
red-green colour blindness). And the public result table reflows on a 320 px phone, with
large text too, instead of scrolling sideways."""

from __future__ import annotations

import pytest

from app.services.polls import display
from app.services.polls.lifecycle import close_poll, open_poll
from tests.app.browser import (
    SHOTS,
    collect_errors,
    logged_in_page,
    scrolls_sideways,
    set_text_size,
    too_wide,
    whole_page_screenshot,
)
from tests.app.vote.factories import (
    Phone,
    election_contest,
    make_conference,
    make_delegate,
    make_poll,
)

pytestmark = pytest.mark.browser

NAMES = ("Dr. Anna-Katharina Müller-Lüdenscheidt", "Berta Yıldız", "Carla Schmidt")


def counted_round(client):
    conference = make_conference()
    phones = [Phone(client, make_delegate(conference, f"D{i}")[1]) for i in range(3)]
    poll = open_poll(make_poll(conference, election_contest(NAMES, seats=2)).id)
    for phone, marks in zip(phones, ({"C1": "Y", "C2": "Y"}, {"C1": "Y", "C3": "A"},
                                     {"C2": "Y"}), strict=True):
        phone.fetch_credential(poll)
        assert phone.cast(poll, {"marks": marks}).status_code == 201
    return conference, close_poll(poll.id)


def numbers_in_words(page) -> list[str]:
    return [" ".join(text.split()) for text in page.locator(".pj-nums").all_inner_texts()]


EXPECTED = ["Ja 2 Nein 0 Enthaltung 1", "Ja 2 Nein 0 Enthaltung 1", "Ja 0 Nein 0 Enthaltung 3"]


def test_hall_display_and_projector_name_every_number(app, client, live_server, browser):
    conference, poll = counted_round(client)
    hall = browser.new_page(viewport={"width": 1280, "height": 720}, locale="de-DE")
    errors = collect_errors(hall)
    hall.goto(f"{live_server}/saal/#{display.issue_link(conference.id)}")
    hall.locator(".pj-row").first.wait_for(timeout=30_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    hall.screenshot(path=str(SHOTS / "saalanzeige-result-in-words.png"))
    assert numbers_in_words(hall) == EXPECTED
    assert errors == []

    chair, errors = logged_in_page(browser, live_server, username="chair-words")
    chair.goto(f"{live_server}/chair/polls/{poll.id}/projector")
    assert numbers_in_words(chair) == EXPECTED
    chair.goto(f"{live_server}/chair/polls/{poll.id}/result")
    assert [" ".join(t.split()) for t in chair.locator(".result-numbers").all_inner_texts()
            ][0].startswith("Ja 2 Nein 0 Enthaltung 1")
    assert errors == []


@pytest.mark.parametrize("text", [100, 200])
def test_public_result_reflows_on_a_320_px_phone(app, client, live_server, browser, text):
    _conference, poll = counted_round(client)
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="de-DE")
    page = context.new_page()
    errors = collect_errors(page, failed_responses=True)
    set_text_size(page, text)
    page.goto(f"{live_server}/public/p/{poll.public_id}")
    whole_page_screenshot(page, SHOTS / f"public-result-320-{text}.png")

    assert scrolls_sideways(page) == 0, too_wide(page)
    first = page.locator(".result-table tbody").first
    assert first.locator("td").first.inner_text() == NAMES[0]
    labels = first.evaluate("""(row) => [...row.querySelectorAll('td[data-label]')]
        .map((td) => getComputedStyle(td, '::before').content + ' ' + td.textContent.trim())""")
    assert labels == ['"Ja" 2', '"Nein" 0', '"Enthaltung" 1']  # each figure names itself
    assert errors == []
