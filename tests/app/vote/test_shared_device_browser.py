"""One tablet, several cards (issue 15, point 1): what a device stores belongs to its card.

Replays what happened at the desk on one browser context: Greta opened her card and walked
away, the page fetched her credential when a motion opened, Hannes scanned his card and voted
with Greta's credential (and again on his phone with his own); Elif voted and walked away, and
Frank was shown her receipt. Each test asserts on what the server stored: issuances, ballots,
the count.
"""

from __future__ import annotations

import json
import re

import pytest

from app.extensions import db
from app.models import Ballot, Issuance
from app.services.polls.lifecycle import close_poll, open_poll
from app.services.voting.ballot_box import unseal_all
from tests.app.browser import PHONE_REFRESH_MS, SHOTS, collect_errors, refresh_now
from tests.app.vote.factories import (
    Phone,
    b64url,
    card_key,
    make_conference,
    make_delegate,
    make_poll,
    unb64url,
)

pytestmark = pytest.mark.browser

CAST_URL = re.compile(r"/api/v1/polls/[^/?]+/ballots(\?|$)")


@pytest.fixture
def tablet(browser):
    """The desk's tablet: one browser context, one page, for every card scanned on it."""
    context = browser.new_context(viewport={"width": 800, "height": 1000}, locale="de-DE")
    context.clock.install()  # refresh_now: the phone page asks again at once, not in 4 s
    page = context.new_page()
    page.js_errors = collect_errors(page)
    yield page
    context.close()


@pytest.fixture
def own_phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def _scan(page, live_server: str, token: str) -> None:
    """The card's link opened on the page: only the fragment changes if the page is open."""
    page.goto(f"{live_server}/v/#t={token}")


def _records(page, token: str) -> dict:
    cards = json.loads(page.evaluate("window.localStorage.getItem('wahlgang.cards')") or "{}")
    return cards.get(card_key(token), {})


def _vote(page, choice: str) -> str:
    page.get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="Weiter zur Kontrolle").click()
    page.get_by_role("button", name="Stimme abgeben").click()
    tracker = page.locator("[data-tracker]")
    tracker.wait_for(timeout=30_000)
    return tracker.inner_text()


def _issued_to(poll) -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(db.select(Issuance.delegate_id)
                                  .where(Issuance.poll_id == poll.id)))


def _ballots(poll) -> dict[bytes, str]:
    """Credential message → ballot of every cast (opened from the sealed box while the poll
    is open, as the close will count them)."""
    db.session.expire_all()
    opened = {u.msg: u.choices for u in unseal_all(db.session.get(type(poll), poll.id))}
    opened.update(db.session.execute(db.select(Ballot.msg, Ballot.choices)
                                     .where(Ballot.poll_id == poll.id)).all())
    return opened


def test_a_credential_fetched_for_an_absent_card_serves_only_that_card(
        app, live_server, tablet, own_phone):
    conference = make_conference()
    greta, greta_token = make_delegate(conference, "Greta Schulz")
    hannes, hannes_token = make_delegate(conference, "Hannes Becker")
    poll = make_poll(conference)

    _scan(tablet, live_server, greta_token)  # Greta opens her card and walks away
    tablet.get_by_text("Ihre Karte: Greta Schulz").wait_for(timeout=20_000)
    tablet.get_by_text("Gerade ist keine Abstimmung geöffnet").wait_for(timeout=20_000)
    open_poll(poll.id)
    refresh_now(tablet, PHONE_REFRESH_MS)
    tablet.get_by_text("Stimmzettel bereit").wait_for(timeout=30_000)  # fetched by itself
    gretas = _records(tablet, greta_token)[poll.public_id]
    assert gretas["stage"] == "ready"
    assert _issued_to(poll) == {greta.id}

    _scan(tablet, live_server, hannes_token)  # Hannes scans his card on the same tablet
    tablet.get_by_text("Ihre Karte: Hannes Becker").wait_for(timeout=20_000)
    tablet.get_by_text("Stimmzettel bereit").wait_for(timeout=30_000)
    assert tablet.get_by_text("Greta Schulz").count() == 0
    hannes_msg = _records(tablet, hannes_token)[poll.public_id]["msg"]
    assert hannes_msg != gretas["msg"]
    assert _issued_to(poll) == {greta.id, hannes.id}
    hannes_tracker = _vote(tablet, "Ja")

    # Hannes on his own phone: his credential was fetched on the tablet, there is no second one.
    own_phone.goto(f"{live_server}/v/#t={hannes_token}")
    own_phone.get_by_text("schon auf einem anderen Gerät").wait_for(timeout=30_000)
    assert own_phone.locator("input[type=radio]").count() == 0

    # Greta comes back: her credential, fetched while she was away, is still hers.
    _scan(tablet, live_server, greta_token)
    tablet.get_by_text("Ihre Karte: Greta Schulz").wait_for(timeout=20_000)
    tablet.get_by_text("Stimmzettel bereit").wait_for(timeout=30_000)
    assert tablet.locator("[data-tracker]").count() == 0  # not Hannes's receipt
    assert _records(tablet, greta_token)[poll.public_id]["msg"] == gretas["msg"]
    greta_tracker = _vote(tablet, "Nein")
    SHOTS.mkdir(parents=True, exist_ok=True)
    tablet.screenshot(path=str(SHOTS / "tablet-greta-after-hannes.png"), full_page=True)

    assert greta_tracker != hannes_tracker
    assert _issued_to(poll) == {greta.id, hannes.id}
    ballots = _ballots(poll)
    assert ballots == {unb64url(gretas["msg"]): '{"marks":{"motion":"N"}}',
                       unb64url(hannes_msg): '{"marks":{"motion":"Y"}}'}
    motion = close_poll(poll.id).result["candidates"][0]
    assert (motion["yes"], motion["no"], motion["abstain"]) == (1, 1, 0)
    assert tablet.js_errors == []


def test_the_next_card_never_sees_the_previous_receipt(app, live_server, tablet):
    conference = make_conference()
    elif_, elif_token = make_delegate(conference, "Elif Yıldız")
    frank, frank_token = make_delegate(conference, "Frank Müller")
    poll = open_poll(make_poll(conference).id)

    _scan(tablet, live_server, elif_token)
    tablet.get_by_text("Stimmzettel bereit").wait_for(timeout=30_000)
    elif_tracker = _vote(tablet, "Ja")  # and walks away without "Karte vergessen"

    tablet.goto("about:blank")  # Frank's scan opens the card link anew
    _scan(tablet, live_server, frank_token)
    tablet.get_by_text("Ihre Karte: Frank Müller").wait_for(timeout=20_000)
    tablet.get_by_text("Stimmzettel bereit").wait_for(timeout=30_000)
    text = tablet.locator("body").inner_text()
    assert elif_tracker not in text
    assert "angenommen" not in text and "Quittung" not in text
    assert _issued_to(poll) == {elif_.id, frank.id}  # Frank was issued his own credential
    frank_tracker = _vote(tablet, "Nein")

    _scan(tablet, live_server, elif_token)  # Elif returns: her receipt, not Frank's
    tablet.get_by_text("Ihre Karte: Elif Yıldız").wait_for(timeout=20_000)
    tablet.locator("[data-tracker]").wait_for(timeout=30_000)
    assert tablet.locator("[data-tracker]").inner_text() == elif_tracker
    assert frank_tracker not in tablet.locator("body").inner_text()

    motion = close_poll(poll.id).result["candidates"][0]
    assert (motion["yes"], motion["no"], motion["abstain"]) == (1, 1, 0)
    assert tablet.js_errors == []


def test_a_ballot_on_its_way_is_still_sent_when_the_next_card_is_opened(
        app, live_server, tablet):
    conference = make_conference()
    _greta, greta_token = make_delegate(conference, "Greta Schulz")
    _hannes, hannes_token = make_delegate(conference, "Hannes Becker")
    poll = open_poll(make_poll(conference).id)
    tablet.route(CAST_URL, lambda route: route.abort())  # the Wi-Fi drops Greta's ballot

    _scan(tablet, live_server, greta_token)
    tablet.get_by_text("Stimmzettel bereit").wait_for(timeout=30_000)
    tablet.get_by_label("Nein", exact=True).check()
    tablet.get_by_role("button", name="Weiter zur Kontrolle").click()
    tablet.get_by_role("button", name="Stimme abgeben").click()
    tablet.get_by_text("Die Antwort ging verloren").wait_for(timeout=30_000)
    assert _ballots(poll) == {}

    tablet.unroute(CAST_URL)
    _scan(tablet, live_server, hannes_token)
    tablet.get_by_text("Ihre Karte: Hannes Becker").wait_for(timeout=20_000)
    tablet.get_by_text("Stimmzettel bereit").wait_for(timeout=30_000)
    # Greta's confirmed ballot reaches the server; Hannes is shown nothing of it.
    tablet.wait_for_function(
        """key => Object.values(JSON.parse(localStorage.getItem('wahlgang.cards'))[key] || {})
                  .some(rec => rec.stage === 'cast')""", arg=card_key(greta_token),
        timeout=30_000)
    assert list(_ballots(poll).values()) == ['{"marks":{"motion":"N"}}']
    shown = tablet.locator("#polls").inner_text()
    assert "Ihre Wahl" not in shown and "Wird gesendet" not in shown
    assert tablet.locator("input:checked").count() == 0
    _vote(tablet, "Ja")

    _scan(tablet, live_server, greta_token)  # Greta's receipt waits for her
    tablet.get_by_text("Ihre Karte: Greta Schulz").wait_for(timeout=20_000)
    tablet.locator(".accepted").wait_for(timeout=30_000)
    motion = close_poll(poll.id).result["candidates"][0]
    assert (motion["yes"], motion["no"], motion["abstain"]) == (1, 1, 0)


def test_forgetting_a_card_asks_before_dropping_a_ballot_not_yet_sent(app, live_server, tablet):
    conference = make_conference()
    _d, token = make_delegate(conference, "Nora Nachfrage")
    poll = open_poll(make_poll(conference).id)
    tablet.route(CAST_URL, lambda route: route.abort())
    _scan(tablet, live_server, token)
    tablet.get_by_text("Stimmzettel bereit").wait_for(timeout=30_000)
    tablet.get_by_label("Ja", exact=True).check()
    tablet.get_by_role("button", name="Weiter zur Kontrolle").click()
    tablet.get_by_role("button", name="Stimme abgeben").click()
    tablet.get_by_text("Die Antwort ging verloren").wait_for(timeout=30_000)

    asked: list[str] = []
    tablet.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    tablet.get_by_role("button", name="Karte auf diesem Gerät vergessen").click()
    assert len(asked) == 1
    assert "noch nicht beim Server angekommen" in asked[0] and poll.title in asked[0]
    assert _records(tablet, token)[poll.public_id]["stage"] == "sending"  # kept: they said no

    tablet.unroute(CAST_URL)
    tablet.locator("[data-tracker]").wait_for(timeout=30_000)  # sent after all
    assert list(_ballots(poll).values()) == ['{"marks":{"motion":"Y"}}']


def test_old_one_card_storage_is_migrated_to_the_card_stored_then(app, live_server, tablet,
                                                                  client):
    """Storage written by the old page: records by poll id only, and the token of whatever card
    was scanned last. Greta's credential under Hannes's token (the old bug) must not serve
    Hannes; Greta's own old record under her own token keeps working."""
    conference = make_conference()
    greta, greta_token = make_delegate(conference, "Greta Schulz")
    hannes, hannes_token = make_delegate(conference, "Hannes Becker")
    poll = open_poll(make_poll(conference).id)
    gretas = Phone(client, greta_token).fetch_credential(poll)
    old_record = {"stage": "ready", "title": poll.title, "kind": "motion",
                  "fingerprint": poll.key_fingerprint, "msg": b64url(gretas.msg),
                  "sig": b64url(gretas.sig)}

    tablet.goto(f"{live_server}/static/css/app.css")  # same origin, no phone script running
    tablet.evaluate("""([token, polls]) => {
        localStorage.setItem('wahlgang.token', JSON.stringify(token));
        localStorage.setItem('wahlgang.polls', JSON.stringify(polls));
    }""", [hannes_token, {poll.public_id: old_record}])
    tablet.goto(f"{live_server}/v/")
    tablet.get_by_text("Ihre Karte: Hannes Becker").wait_for(timeout=20_000)
    tablet.get_by_text("Stimmzettel bereit").wait_for(timeout=30_000)
    assert _issued_to(poll) == {greta.id, hannes.id}  # Hannes fetched his own
    assert _records(tablet, hannes_token)[poll.public_id]["msg"] != old_record["msg"]
    _vote(tablet, "Ja")
    assert gretas.msg not in _ballots(poll)

    # Greta's credential was not used: cast from her phone, it counts.
    late = Phone(client, greta_token).cast(poll, {"marks": {"motion": "N"}}, gretas)
    assert late.status_code == 201

    # An old record under its own card's token stays that card's.
    other = make_poll(conference, {"kind": "motion", "title": "Antrag A2",
                                   "rules": {"preset": "motion-simple", "overrides": {}}})
    other = open_poll(other.id)
    mine = Phone(client, greta_token).fetch_credential(other)
    tablet.goto(f"{live_server}/static/css/app.css")
    tablet.evaluate("""([token, polls]) => {
        localStorage.clear();
        localStorage.setItem('wahlgang.token', JSON.stringify(token));
        localStorage.setItem('wahlgang.polls', JSON.stringify(polls));
    }""", [greta_token, {other.public_id: {**old_record, "fingerprint": other.key_fingerprint,
                                           "title": other.title, "msg": b64url(mine.msg),
                                           "sig": b64url(mine.sig)}}])
    tablet.goto(f"{live_server}/v/")
    tablet.locator(f"#poll-{other.public_id}").get_by_text("Stimmzettel bereit").wait_for(
        timeout=30_000)
    card = tablet.locator(f"#poll-{other.public_id}")
    card.get_by_label("Nein", exact=True).check()
    card.get_by_role("button", name="Weiter zur Kontrolle").click()
    card.get_by_role("button", name="Stimme abgeben").click()
    card.locator("[data-tracker]").wait_for(timeout=30_000)
    assert _ballots(other) == {mine.msg: '{"marks":{"motion":"N"}}'}
    assert "migrated" not in _records(tablet, greta_token)[other.public_id]
    assert tablet.js_errors == []
