"""Every audience's pages pass axe-core's WCAG 2.1 A and AA rules (issue 15, point 4): the
chair's console, the protocol-keeper's page, the check-in desk, the delegate's phone (signed
out, signed in, ballot, review, receipt) and the booth, the public bulletin board and the
Saalanzeige. Each page is checked in the state a person sees it in, with data on it (a
counted motion, a counted election round, an open poll). How to read a failure:
docs/accessibility.md."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Candidate, Election, Poll
from app.services.elections import rounds
from app.services.polls import display
from app.services.polls.lifecycle import close_poll, open_poll
from tests.app.browser import assert_accessible, collect_errors, logged_in_page
from tests.app.vote.factories import (
    Phone,
    make_conference,
    make_delegate,
    make_poll,
    motion_contest,
)

pytestmark = pytest.mark.browser

MOTION = "Antrag A1: Barrierefreie Parteitage"
CANDIDATES = ("Anna Ärger", "Bodo Brandt", "Cem Çelik")


def counted_day(client):
    """A conference with three voters, an absent delegate and her substitute, a counted
    motion and a counted election round (association rules: Ja/Nein/Enthaltung per person).
    Returns (conference, motion, election, round, voter tokens, the trackers cast)."""
    conference = make_conference("Kreisparteitag Barrierefrei")
    voters = [make_delegate(conference, name) for name in ("Dora Dix", "Emil Eck", "Fee Funk")]
    absent, _t = make_delegate(conference, "Gabi Gast", present=False)
    make_delegate(conference, "Hans Hilfe", present=False, is_substitute=True)
    phones = [Phone(client, token) for _d, token in voters]
    trackers = []

    motion = open_poll(make_poll(conference, motion_contest(MOTION)).id)
    for phone, mark in zip(phones, "YNA", strict=True):
        phone.fetch_credential(motion)
        response = phone.cast(motion, {"marks": {"motion": mark}})
        assert response.status_code == 201
        trackers.append(response.get_json()["tracker"])
    motion = close_poll(motion.id)

    election = Election(conference_id=conference.id, title="Vorstand", preset="association",
                        seats=2)
    db.session.add(election)
    db.session.flush()
    for name in CANDIDATES:
        db.session.add(Candidate(election_id=election.id, name=name, quota_group=""))
    db.session.commit()
    first = open_poll(rounds.create_first_round(election.id).id)
    ids = [c["id"] for c in first.contest["candidates"]]
    for phone, marks in zip(phones, ({ids[0]: "Y", ids[1]: "Y"}, {ids[0]: "Y", ids[2]: "N"},
                                     {ids[1]: "Y"}), strict=True):
        phone.fetch_credential(first)
        assert phone.cast(first, {"marks": marks}).status_code == 201
    first = close_poll(first.id)
    return conference, motion, election, first, [t for _d, t in voters], trackers, absent


def visit(page, url: str, what: str, *, ready: str | None = None) -> None:
    page.goto(url)
    page.wait_for_load_state()
    if ready:
        page.locator(ready).first.wait_for(timeout=30_000)
    assert_accessible(page, what)


def test_chair_and_protocol_pages(app, client, live_server, browser):
    conference, motion, election, first, _tokens, _trackers, absent = counted_day(client)
    page, errors = logged_in_page(browser, live_server, role="chair", username="chair-a11y")
    base = f"{live_server}/chair"
    for path, what in (
        ("/", "overview"), ("/conferences", "conferences"), ("/conference", "conference"),
        ("/roster", "roster"), (f"/roster/{absent.id}", "one delegate"), ("/cards", "cards"),
        ("/polls/motion/new", "new motion"), (f"/polls/{motion.id}/result", "motion result"),
        ("/elections", "elections"), ("/elections/new", "new election"),
        (f"/elections/{election.id}", "election"), (f"/polls/{first.id}/round", "round"),
        (f"/polls/{first.id}/result", "round result"), ("/display", "Saalanzeige link"),
    ):
        visit(page, base + path, f"chair {what} ({path})")
    for poll in (motion, first):  # the chair's Saalanzeige (dark projector page)
        visit(page, f"{base}/polls/{poll.id}/projector", "chair projector", ready=".pj-row")
    opened = open_poll(make_poll(conference, motion_contest("Antrag A2: Offen")).id)
    visit(page, base + "/", "chair overview with an open poll", ready=".turnout")
    visit(page, f"{base}/polls/{opened.id}/hall", "chair Saalanzeige during a vote",
          ready="#turnout-text")
    visit(page, f"{live_server}/login", "login")
    assert errors == []

    keeper, errors = logged_in_page(browser, live_server, role="protocol", username="keeper")
    visit(keeper, f"{live_server}/protocol/", "protocol")
    assert errors == []


def test_checkin_desk_pages(app, client, live_server, browser):
    _conference, _m, _e, _r, _tokens, _trackers, absent = counted_day(client)
    substitute = db.session.scalar(db.select(type(absent)).where(type(absent).is_substitute))
    page, errors = logged_in_page(browser, live_server, role="checkin", username="desk-a11y")
    visit(page, f"{live_server}/checkin/", "desk")
    visit(page, f"{live_server}/checkin/?q=Gabi", "desk search")
    visit(page, f"{live_server}/checkin/report", "desk report")
    visit(page, f"{live_server}/checkin/{substitute.id}/transfer?delegate_id={absent.id}",
          "transfer")
    visit(page, f"{live_server}/checkin/{absent.id}/reissue", "reissue a card")
    assert errors == []


def _phone_page(browser, width: int = 360):
    context = browser.new_context(viewport={"width": width, "height": 740}, locale="de-DE")
    page = context.new_page()
    return page, collect_errors(page)


def test_phone_and_booth_pages(app, client, live_server, browser):
    conference, _m, _e, _r, tokens, _trackers, _absent = counted_day(client)
    page, errors = _phone_page(browser)
    visit(page, f"{live_server}/v/", "phone signed out", ready="#welcome:not([hidden])")
    visit(page, f"{live_server}/v/#t={tokens[0]}", "phone signed in, nothing open",
          ready="#me:not([hidden])")
    page.get_by_text("Gerade ist keine Abstimmung geöffnet").wait_for(timeout=30_000)
    assert_accessible(page, "phone signed in, nothing open")

    motion = open_poll(make_poll(conference, motion_contest("Antrag A2: Haushalt")).id)
    page.reload()
    page.get_by_role("button", name="Weiter zur Kontrolle").wait_for(timeout=60_000)
    assert_accessible(page, "phone ballot (motion)")
    page.get_by_label("Nein", exact=True).check()
    page.get_by_role("button", name="Weiter zur Kontrolle").click()
    page.get_by_role("button", name="Stimme abgeben").wait_for()
    assert_accessible(page, "phone review")
    page.get_by_role("button", name="Stimme abgeben").click()
    page.locator("[data-tracker]").wait_for(timeout=60_000)
    assert_accessible(page, "phone receipt")
    close_poll(motion.id)

    election = Election(conference_id=conference.id, title="Kasse", preset="association",
                        seats=1)
    db.session.add(election)
    db.session.flush()
    for name in CANDIDATES[:2]:
        db.session.add(Candidate(election_id=election.id, name=name, quota_group=""))
    db.session.commit()
    open_poll(rounds.create_first_round(election.id).id)
    page.reload()
    page.get_by_role("button", name="Weiter zur Kontrolle").wait_for(timeout=60_000)
    assert_accessible(page, "phone ballot (election, Ja/Nein/Enthaltung per person)")
    assert errors == []

    desk, _desk_errors = logged_in_page(browser, live_server, role="checkin", username="desk")
    desk.goto(f"{live_server}/checkin/")
    desk.get_by_role("link", name="Kabine 1 auf diesem Gerät einrichten").click()
    desk.get_by_role("heading", name="Wahlkabine").wait_for(timeout=30_000)
    assert_accessible(desk, "booth, waiting for a card")


def test_public_pages_and_the_saalanzeige(app, client, live_server, browser):
    conference, motion, _e, first, _tokens, trackers, _absent = counted_day(client)
    page, errors = _phone_page(browser, width=390)
    base = f"{live_server}/public"
    visit(page, f"{base}/", "public index")
    visit(page, f"{base}/c/{conference.id}", "public conference")
    visit(page, f"{base}/p/{motion.public_id}", "public motion result")
    visit(page, f"{base}/p/{first.public_id}", "public election result")
    visit(page, f"{base}/p/{motion.public_id}?tracker={trackers[0]}#stimmzettel",
          "verify a receipt (found)", ready=".flash-success")
    visit(page, f"{base}/p/{motion.public_id}?tracker=AAAA-BBBB-CC#stimmzettel",
          "verify a receipt (not found)")
    open_motion = open_poll(make_poll(conference, motion_contest("Antrag A3: Offen")).id)
    visit(page, f"{base}/p/{open_motion.public_id}", "public open poll")
    assert errors == []

    hall = browser.new_page(viewport={"width": 1280, "height": 720}, locale="de-DE")
    hall_errors = collect_errors(hall)
    visit(hall, f"{live_server}/saal/#{display.issue_link(conference.id)}",
          "Saalanzeige during a vote", ready="#turnout-text")
    close_poll(open_motion.id)
    hall.locator(".pj-row").wait_for(timeout=30_000)
    assert_accessible(hall, "Saalanzeige with a result")
    assert hall_errors == []
    assert db.session.get(Poll, first.id).state == "closed"


def test_the_check_fails_on_a_violation_and_names_it(browser):
    """assert_accessible can fail: an image without words and grey on grey are reported with
    rule, impact and node."""
    page = browser.new_page()
    page.set_content('<html lang="de"><head><title>t</title></head><body><main><h1>Test</h1>'
                     '<img src="data:," id="bild"><p style="color:#aaa;background:#bbb">'
                     'blass</p></main></body></html>')
    with pytest.raises(AssertionError) as failed:
        assert_accessible(page, "a bad page")
    message = str(failed.value)
    assert "on a bad page" in message
    assert "- image-alt (critical)" in message and "#bild" in message
    assert "- color-contrast (serious)" in message
