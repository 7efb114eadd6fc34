"""The desk's live counts, the dashboard and the projector in real Chromium (screenshots)."""

from __future__ import annotations

import pytest

from app.services.polls import manage as polls
from app.services.polls.lifecycle import close_poll, open_poll
from app.services.roster import checkin
from tests.app.browser import SHOTS, logged_in_page, refresh_now
from tests.app.chair.helpers import make_conference, make_delegate
from tests.app.vote.factories import Phone
from tests.app.vote.factories import make_delegate as make_voter

pytestmark = pytest.mark.browser


def open_page(browser, live_server: str, *, width: int, height: int, role: str = "chair"):
    return logged_in_page(browser, live_server, role=role, username=f"{role}-b",
                          width=width, height=height)


def test_desk_counts_update_without_reload(app, live_server, browser):
    conference = make_conference()
    make_delegate(conference, "Anna Albrecht", delegation="OV Nord", present=True)
    bernd = make_delegate(conference, "Bernd Brandt", delegation="OV Süd")
    make_delegate(conference, "Rosa Krüger", delegation="OV Nord", is_substitute=True)
    page, errors = open_page(browser, live_server, width=360, height=740, role="checkin")
    page.clock.install()
    page.goto(f"{live_server}/checkin/")
    assert page.locator("#count-entitled").inner_text() == "1"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "desk-360.png"), full_page=True)
    with app.test_request_context():
        checkin.set_present(conference.id, bernd.id, True)  # another desk checks Bernd in
    from playwright.sync_api import expect

    refresh_now(page, 5000)  # the desk's next refresh, without waiting up to 5 s for it

    expect(page.locator("#count-entitled")).to_have_text("2", timeout=60_000)
    assert page.locator("#count-present").inner_text() == "2"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert errors == []


def test_dashboard_and_projector(app, client, live_server, browser):
    conference = make_conference("Kreisparteitag Musterstadt")
    phones = [Phone(client, make_voter(conference, f"D{i}")[1]) for i in range(6)]
    with app.test_request_context():
        draft = polls.create_election(
            conference.id, title="Kassenprüfung", preset="association", seats=2,
            candidates=[("Anna Albrecht", "Frau"), ("Bernd Brandt", "Mann"),
                        ("Elif Yıldız", "Frau")])
    poll = open_poll(draft.id)
    a, b, e = (c["id"] for c in poll.contest["candidates"])
    marks = [{a: "Y", b: "N", e: "Y"}, {a: "Y", b: "Y", e: "N"}, {a: "Y", b: "N", e: "Y"},
             {a: "N", b: "A", e: "Y"}, {a: "Y", b: "N", e: "A"}, {a: "A", b: "Y", e: "N"}]
    for phone, ballot in zip(phones, marks, strict=True):
        phone.fetch_credential(poll)
        assert phone.cast(poll, {"marks": ballot}).status_code == 201
    close_poll(poll.id)
    with app.test_request_context():
        polls.create_motion(conference.id, title="A1: Satzungsänderung",
                            preset="motion-two-thirds")

    page, errors = open_page(browser, live_server, width=360, height=740)
    page.goto(f"{live_server}/chair/")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "chair-dashboard-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"{live_server}/chair/polls/{poll.id}/result")
    page.screenshot(path=str(SHOTS / "chair-result-360.png"), full_page=True)

    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{live_server}/chair/polls/{poll.id}/projector")
    page.screenshot(path=str(SHOTS / "projector-1280.png"), full_page=True)
    assert page.locator(".pj-row").count() == 3
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(11, 11, 15)"
    assert errors == []


def test_roster_import_problems_readable_on_a_phone(app, live_server, browser, tmp_path):
    make_conference()
    bad = tmp_path / "liste.csv"
    bad.write_bytes("Name;Gliederung;Stimmrecht\nAnna;OV Nord;ja\nBernd;OV Süd;vielleicht\n"
                    ";OV Ost;nein\n".encode("cp1252"))
    page, errors = open_page(browser, live_server, width=360, height=740)
    page.goto(f"{live_server}/chair/roster")
    page.set_input_files("#file", str(bad))
    page.get_by_role("button", name="Vorschau anzeigen").click()
    page.wait_for_load_state()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "roster-problems-360.png"), full_page=True)
    assert page.locator(".problems tbody tr").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # the refused upload answers 400 on purpose; Chromium logs that, nothing else may appear
    assert [e for e in errors if "status of 400" not in e] == []
