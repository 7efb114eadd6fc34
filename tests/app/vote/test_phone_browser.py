"""The phone in real Chromium at 360×740: scan link, automatic blind credential, vote, receipt."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.models import Issuance
from app.services.polls.lifecycle import close_poll, open_poll
from tests.app.browser import SHOTS, collect_errors
from tests.app.vote.factories import (
    election_contest,
    make_conference,
    make_delegate,
    make_poll,
    stored_ballots,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  device_scale_factor=1, locale="de-DE")
    page = context.new_page()
    page.js_errors = collect_errors(page)
    yield page
    context.close()


def test_phone_votes_on_a_motion_through_the_blinded_path(app, live_server, page):
    conference = make_conference()
    _delegate, token = make_delegate(conference, "Anna Beispiel")
    poll = open_poll(make_poll(conference).id)

    page.goto(f"{live_server}/v/#t={token}")
    page.get_by_text("Stimmzettel bereit").wait_for(timeout=60_000)
    assert "#t=" not in page.url
    assert db.session.scalar(db.select(db.func.count()).select_from(Issuance)) == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "phone-motion-ballot.png"), full_page=True)
    page.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Weiter zur Kontrolle").click()
    page.screenshot(path=str(SHOTS / "phone-motion-review.png"), full_page=True)
    page.get_by_role("button", name="Stimme abgeben").click()
    tracker_el = page.locator("[data-tracker]")
    tracker_el.wait_for(timeout=60_000)
    tracker = tracker_el.inner_text()
    page.screenshot(path=str(SHOTS / "phone-motion-receipt.png"), full_page=True)

    assert stored_ballots(poll.id) == [(tracker, '{"marks":{"motion":"Y"}}')]
    assert page.js_errors == []
    page.reload()  # a later visit needs no rescan and still shows the receipt
    page.locator("[data-tracker]").wait_for(timeout=60_000)
    assert page.locator("[data-tracker]").inner_text() == tracker
    assert poll.public_id in page.locator("a", has_text="öffentlichen Liste").get_attribute("href")


def test_phone_election_ballot_limits_ja_marks(app, live_server, page):
    conference = make_conference()
    _delegate, token = make_delegate(conference, "Berta Muster")
    contest = election_contest(("Anna Alt", "Berta Bach", "Carla Cremer"), seats=2)
    poll = open_poll(make_poll(conference, contest).id)

    page.goto(f"{live_server}/v/#t={token}")
    page.get_by_text("Stimmzettel bereit").wait_for(timeout=60_000)
    yes = page.locator("input[value=Y]")
    yes.nth(0).check()
    yes.nth(1).check()
    assert yes.nth(2).is_disabled()
    assert page.locator(".counter").inner_text().startswith("Ja-Stimmen: 2 von höchstens 2")
    page.screenshot(path=str(SHOTS / "phone-election-ballot.png"), full_page=True)
    page.get_by_role("button", name="Weiter zur Kontrolle").click()
    page.get_by_role("button", name="Stimme abgeben").click()
    page.locator("[data-tracker]").wait_for(timeout=60_000)

    choices = [c for _t, c in stored_ballots(poll.id)]
    assert choices == ['{"marks":{"C1":"Y","C2":"Y"}}']
    assert page.js_errors == []


def test_typed_code_works_and_a_revoked_card_is_told_so(app, live_server, page):
    conference = make_conference()
    delegate, token = make_delegate(conference, "Carla Code")
    open_poll(make_poll(conference).id)

    page.goto(f"{live_server}/v/")
    page.get_by_label("Code von der Stimmkarte").fill(
        "-".join(token[i:i + 4] for i in range(0, 26, 4)).lower())
    page.get_by_role("button", name="Weiter").click()
    page.get_by_text("Stimmzettel bereit").wait_for(timeout=60_000)
    assert page.get_by_text("Ihre Karte: Carla Code").is_visible()

    delegate.token_hash = None  # the desk revokes the card
    db.session.commit()
    page.reload()
    page.get_by_text("unbekannt oder gesperrt").wait_for(timeout=60_000)
    assert page.get_by_label("Code von der Stimmkarte").is_visible()
    assert page.js_errors == [] or all("401" in e for e in page.js_errors)


def _contest(form: str, seats: int) -> dict:
    overrides = {"ballot_form": form, "no_allowed": "never", "quota": "none"}
    if form == "cumulative":
        overrides["cumulative_votes"] = 2
    return {"kind": "election", "title": f"Wahl ({form})", "seats": seats,
            "rules": {"preset": "association", "overrides": overrides},
            "candidates": [{"id": "C1", "name": "Anna"}, {"id": "C2", "name": "Berta"},
                           {"id": "C3", "name": "Carla"}]}


def _vote(page, live_server, token: str, fill) -> None:
    page.goto(f"{live_server}/v/#t={token}")
    page.get_by_text("Stimmzettel bereit").wait_for(timeout=60_000)
    fill(page)
    page.get_by_role("button", name="Weiter zur Kontrolle").click()
    page.get_by_role("button", name="Stimme abgeben").click()
    page.locator("[data-tracker]").wait_for(timeout=60_000)


def test_approval_single_cumulative_and_ranked_forms(app, live_server, page):
    conference = make_conference()
    cases = [
        ("approval", 2, lambda p: (p.get_by_label("Anna").check(), p.get_by_label("Carla").check()),
         '{"marks":{"C1":"X","C3":"X"}}'),
        ("single", 1, lambda p: p.get_by_label("Berta").check(), '{"marks":{"C2":"X"}}'),
        ("cumulative", 2, lambda p: p.get_by_label("Stimmen für Carla").select_option("2"),
         '{"marks":{"C3":2}}'),
        ("ranked", 1, lambda p: (p.get_by_label("Stimmen für Berta").select_option("1"),
                                 p.get_by_label("Stimmen für Anna").select_option("2")),
         '{"marks":{"C1":2,"C2":1}}'),
    ]
    for form, seats, fill, expected in cases:
        _d, token = make_delegate(conference, f"Person {form}")
        poll = open_poll(make_poll(conference, _contest(form, seats)).id)
        page.context.clear_cookies()
        # Forget the last card on a page of the same origin that runs no phone script: on /v/
        # the previous delegate's page would start polling (and fetch a credential for the new
        # poll) before the clear, racing the next card.
        page.goto(f"{live_server}/static/css/app.css")
        page.evaluate("window.localStorage.clear()")
        _vote(page, live_server, token, fill)
        stored = [c for _t, c in stored_ballots(poll.id)]
        assert stored == [expected], form
        if form == "approval":
            page.screenshot(path=str(SHOTS / "phone-approval-receipt.png"), full_page=True)
        close_poll(poll.id)
    assert page.js_errors == []


@pytest.mark.parametrize(("contest", "names"), [
    (None, ("Antrag A1: Satzungsänderung",)),
    (election_contest(("Anna Alt", "Berta Bach"), seats=2), ("Anna Alt", "Berta Bach")),
    (_contest("approval", 2), ("Anna", "Berta", "Carla")),
])
def test_screen_readers_hear_each_title_and_name_once(app, live_server, page, contest, names):
    """A group is announced by its legend, a control by its label: no group may repeat the name
    of the group or control inside it (a motion's title was read twice)."""
    conference = make_conference()
    _delegate, token = make_delegate(conference, "Sarah Sehen")
    open_poll(make_poll(conference, contest).id)

    page.goto(f"{live_server}/v/#t={token}")
    page.get_by_text("Stimmzettel bereit").wait_for(timeout=60_000)
    tree = page.locator("fieldset.ballot").aria_snapshot()

    for name in names:
        announced = re.findall(rf'(?:group|radio|checkbox|combobox) "{re.escape(name)}\b', tree)
        assert len(announced) == 1, tree
