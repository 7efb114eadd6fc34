"""The round page in real Chromium after QA's session: the draft opens after the browser asks
(how many are present), a decline leaves a women's seat vacant, and the chair creates the
further round for it from the page with a new candidacy; screenshots of each step."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Poll
from app.services.elections import rounds
from app.services.polls.lifecycle import open_poll
from tests.app.browser import SHOTS, logged_in_page
from tests.app.chair.election_factories import close_on_paper
from tests.app.services.test_rounds_declines import (
    AYLIN,
    BERND,
    CLARA,
    DMITRI,
    ELIF,
    FATMA,
    make_election,
)

pytestmark = pytest.mark.browser


def test_vacant_seat_after_a_decline_gets_its_further_round_from_the_page(app, live_server,
                                                                          browser):
    election = make_election()
    women = rounds.create_first_round(election.id, paper=True)
    page, errors = logged_in_page(browser, live_server, username="chair-d", height=1100,
                                  failed_responses=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    questions: list[str] = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))

    page.goto(f"{live_server}/chair/polls/{women.id}/round")
    page.screenshot(path=str(SHOTS / "round-draft.png"))
    page.get_by_role("button", name="Öffnen").click()
    page.wait_for_load_state()

    assert questions == ["„Delegierte zum Bundesparteitag – 1. Wahlgang (Frauenwahlgang)“ "
                         "jetzt öffnen? Anwesend sind 10 Stimmberechtigte."]
    assert "ist geöffnet (10 stimmberechtigt anwesend)" in page.content()
    db.session.expire_all()
    women = close_on_paper(db.session.get(Poll, women.id), {AYLIN: 6, CLARA: 6, ELIF: 3})
    mixed = rounds.create_next_round(women.id, paper=True)
    mixed = close_on_paper(open_poll(mixed.id), {ELIF: 7, DMITRI: 3, BERND: 0})

    page.goto(f"{live_server}/chair/polls/{mixed.id}/round")
    page.locator("li", has_text=f"{CLARA} – Frauenplatz 2").get_by_role(
        "button", name="lehnt ab").click()
    page.wait_for_load_state()
    page.screenshot(path=str(SHOTS / "round-vacant.png"), full_page=True)
    section = page.locator("#vacant-women")
    assert f"Frauenplatz 2 (1. Wahlgang; abgelehnt: {CLARA})" in section.inner_text()
    page.goto(f"{live_server}/chair/polls/{women.id}/result")
    page.screenshot(path=str(SHOTS / "result-after-decline.png"), full_page=True)
    assert "keine Ersatzperson, unbesetzt" in page.content()
    page.goto(f"{live_server}/chair/polls/{mixed.id}/round")
    page.locator("#vacant-women textarea").fill(FATMA)
    page.get_by_role("button", name="Weiteren Wahlgang für 1 unbesetzten Frauenplatz "
                                    "anlegen").click()
    page.wait_for_load_state()
    page.screenshot(path=str(SHOTS / "round-refill-draft.png"), full_page=True)

    assert "3. Wahlgang (weiterer Wahlgang)" in page.locator("h1").inner_text()
    db.session.expire_all()
    refill = db.session.scalar(db.select(Poll).order_by(Poll.id.desc()))
    assert [c["name"] for c in refill.contest["candidates"]] == [FATMA]
    assert errors == []

