"""The phone in Chromium when the answer to a cast is lost: it keeps the ballot it is sending
until the receipt arrives, re-sends exactly that ballot after a reload, and never presents a
different choice as accepted (an earlier ballot with the same credential wins: 409)."""

from __future__ import annotations

import json
import re

import pytest

from app.extensions import db
from app.models import Poll
from app.services.polls.lifecycle import close_poll, open_poll
from tests.app.browser import SHOTS, collect_errors
from tests.app.vote.factories import (
    Credential,
    Phone,
    card_key,
    make_conference,
    make_delegate,
    make_poll,
    stored_ballots,
    unb64url,
)

pytestmark = pytest.mark.browser

CAST_URL = re.compile(r"/api/v1/polls/[^/?]+/ballots(\?|$)")


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  device_scale_factor=1, locale="de-DE")
    yield context
    context.close()


def _new_page(context):
    page = context.new_page()
    page.js_errors = collect_errors(page)
    return page


def _stored_polls(page, token: str) -> dict:
    """The records the page keeps for this card (store.js: wahlgang.cards[card key])."""
    cards = json.loads(page.evaluate("window.localStorage.getItem('wahlgang.cards')") or "{}")
    return cards.get(card_key(token), {})


def _review_and_cast(page, choice: str) -> None:
    page.get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="Weiter zur Kontrolle").click()
    page.get_by_role("button", name="Stimme abgeben").click()


def _ballots() -> list[tuple[str, str]]:
    polls = db.session.scalars(db.select(Poll.id)).all()
    return [row for poll_id in polls for row in stored_ballots(poll_id)]


def test_answer_lost_after_storing_then_reload_resends_the_same_ballot(app, live_server,
                                                                        context):
    conference = make_conference()
    _delegate, token = make_delegate(conference, "Nina Nein")
    poll = open_poll(make_poll(conference).id)
    first = _new_page(context)
    reached_server: list[int] = []

    def store_then_drop(route):
        # The server stores the ballot, the phone never hears of it (every attempt of this tab).
        reached_server.append(route.fetch().status)
        route.abort()

    first.route(CAST_URL, store_then_drop)
    first.goto(f"{live_server}/v/#t={token}")
    first.get_by_text("Stimmzettel bereit").wait_for(timeout=60_000)
    _review_and_cast(first, "Nein")
    first.get_by_text("Die Antwort ging verloren").wait_for(timeout=60_000)
    sending = _stored_polls(first, token)[poll.public_id]
    first.close()  # the reload: this tab's timers die with it

    assert reached_server[0] == 201
    assert sending["stage"] == "sending"
    assert sending["ballot"] == {"marks": {"motion": "N"}}
    [(tracker, choices)] = _ballots()
    assert choices == '{"marks":{"motion":"N"}}'

    page = _new_page(context)
    page.goto(f"{live_server}/v/")
    page.locator("[data-tracker]").wait_for(timeout=60_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "phone-resent-after-reload.png"), full_page=True)

    assert page.locator("[data-tracker]").inner_text() == tracker
    assert page.locator(".accepted").inner_text().startswith("✓")
    assert page.locator(".receipt-choice").all_inner_texts() == ["Nein"]
    assert page.locator("input[type=radio]").count() == 0  # no blank ballot offered again
    stored = _stored_polls(page, token)[poll.public_id]
    assert stored == {"stage": "cast", "tracker": tracker, "title": poll.title,
                      "fingerprint": poll.key_fingerprint, "kind": "motion"}
    assert _ballots() == [(tracker, '{"marks":{"motion":"N"}}')]
    motion = close_poll(poll.id).result["candidates"][0]
    assert (motion["yes"], motion["no"], motion["abstain"]) == (0, 1, 0)
    assert page.js_errors == []


@pytest.mark.parametrize("earlier_by", ["another tab", "an older page that kept no ballot"])
def test_an_earlier_different_ballot_is_reported_as_counted_never_the_new_one(
        app, live_server, context, client, earlier_by):
    conference = make_conference()
    _delegate, token = make_delegate(conference, "Jan Ja")
    poll = open_poll(make_poll(conference).id)
    page = _new_page(context)
    page.goto(f"{live_server}/v/#t={token}")
    page.get_by_text("Stimmzettel bereit").wait_for(timeout=60_000)
    # Ja is cast with this browser's credential first (the same storage, another tab).
    rec = _stored_polls(page, token)[poll.public_id]
    same_credential = Credential(msg=unb64url(rec["msg"]), sig=unb64url(rec["sig"]))
    earlier = Phone(client, token).cast(poll, {"marks": {"motion": "Y"}}, same_credential)
    assert earlier.status_code == 201
    if earlier_by != "another tab":
        # What the phone before this fix stored while sending: the stage, not the ballot (QA's
        # report: after the reload the ballot was blank, the new choice "angenommen").
        page.evaluate("""([id, key]) => {
            const all = JSON.parse(localStorage.getItem('wahlgang.cards'));
            all[key][id].stage = 'sending';
            localStorage.setItem('wahlgang.cards', JSON.stringify(all));
        }""", [poll.public_id, card_key(token)])
        page.reload()
        page.get_by_text("Stimmzettel bereit").wait_for(timeout=60_000)

    _review_and_cast(page, "Nein")
    page.locator("[data-tracker]").wait_for(timeout=60_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "phone-earlier-ballot-counted.png"), full_page=True)

    text = page.locator(f"#poll-{poll.public_id}").inner_text()
    assert "angenommen" not in text
    assert "Ein früherer Stimmzettel" in text and "nicht gezählt" in text
    assert page.locator("[data-tracker]").inner_text() == earlier.get_json()["tracker"]
    assert _ballots() == [(earlier.get_json()["tracker"], '{"marks":{"motion":"Y"}}')]
    stored = _stored_polls(page, token)[poll.public_id]
    assert "ballot" not in stored and "msg" not in stored and "sig" not in stored
    page.reload()  # after a reload the same truth, not a plain "accepted"
    page.locator("[data-tracker]").wait_for(timeout=60_000)
    assert "angenommen" not in page.locator(f"#poll-{poll.public_id}").inner_text()
    assert page.js_errors == [] or all("409" in e for e in page.js_errors)
