"""A chair sets up an election in real Chromium (360 px phone and 1280 px laptop): preset,
a decision changing one setting, four candidacies, the first round."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Poll
from tests.app.browser import SHOTS
from tests.app.chair.test_rounds_browser import chair_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [360, 1280])
def test_chair_sets_up_election_and_starts_first_round(app, live_server, browser,  # noqa: F811
                                                       width):
    from playwright.sync_api import expect

    from tests.app.chair.helpers import make_conference

    make_conference("Kreisparteitag Browser")
    page, errors = chair_page(browser, live_server, width=width, height=900)
    page.goto(f"{live_server}/chair/")
    page.get_by_role("link", name="Neue Wahl", exact=True).click()
    page.get_by_label("Wahl", exact=True).fill("Delegierte zum Landesparteitag")
    page.get_by_label("Zu wählende Plätze").fill("4")
    page.get_by_label("DIE LINKE – Wahl von Delegierten").check()
    page.get_by_role("button", name="Weiter: Regeln und Kandidaturen").click()
    expect(page.locator("#settings")).to_contain_text("Frauenwahlgang zuerst")

    for name, group in (("Zora Adler", "Frau"), ("Xaver Bauer", "offen"),
                        ("Bea Maier", "Frau"), ("Carl Yilmaz", "offen")):
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Quotengruppe").select_option(group)
        page.get_by_role("button", name="Kandidatur eintragen").click()
        expect(page.locator(".flash-success")).to_have_text(f"{name} kandidiert.")
    assert page.locator(".candidate-name").all_inner_texts() == [
        "Zora Adler", "Xaver Bauer", "Bea Maier", "Carl Yilmaz"]

    page.get_by_text("Einstellungen per Beschluss der Versammlung ändern").click()
    page.get_by_label("Wortlaut des Beschlusses").fill("Bei Gleichstand entscheidet das Los.")
    page.locator("#s-tie").select_option("lot")
    page.get_by_role("button", name="Beschluss eintragen").click()
    expect(page.locator(".flash-success")).to_have_text(
        "Beschluss eingetragen; geändert: Stimmengleichheit.")
    expect(page.locator('#settings dd[data-key="tie"]')).to_contain_text("Los")

    page.get_by_role("button", name="Ersten Wahlgang anlegen").click()
    expect(page.locator("#round-list")).to_contain_text("1. Wahlgang (Frauenwahlgang)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"election-setup-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False
    assert errors == []
    poll = db.session.scalar(db.select(Poll))
    assert [c["name"] for c in poll.contest["candidates"]] == ["Zora Adler", "Bea Maier"]


@pytest.mark.parametrize("width", [360, 1280])
def test_chair_chooses_a_mixed_first_round(app, live_server, browser, width):  # noqa: F811
    from playwright.sync_api import expect

    from app.models import Candidate, Election
    from tests.app.chair.helpers import make_conference

    conference = make_conference("Kreisparteitag Browser")
    election = Election(conference_id=conference.id, title="Delegierte zum Landesparteitag",
                        preset="linke-delegates", seats=2)
    db.session.add(election)
    db.session.flush()
    db.session.add_all(Candidate(election_id=election.id, name=name, quota_group=group)
                       for name, group in (("Zora Adler", "Frau"), ("Xaver Bauer", "offen"),
                                           ("Bea Maier", "Frau")))
    db.session.commit()
    page, errors = chair_page(browser, live_server, width=width, height=900)
    page.goto(f"{live_server}/chair/elections/{election.id}#first-round")
    choices = page.locator("#first-round-kinds")
    expect(choices.get_by_role("radio", name="Wie die Satzung es vorsieht")).to_be_checked()
    expect(choices.get_by_role("radio", name="Nur Frauenwahlgang für alle Plätze")).to_be_disabled()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#first-round").screenshot(path=str(SHOTS / f"first-round-choice-{width}.png"))
    choices.get_by_text("Nur gemischter Wahlgang für alle Plätze").click()
    page.get_by_role("button", name="Ersten Wahlgang anlegen").click()
    expect(page.locator("#round-list")).to_contain_text("1. Wahlgang (gemischter Wahlgang)")
    expect(page.locator("#first-round-kind")).to_contain_text("Nur gemischter Wahlgang")
    page.locator("#first-round").screenshot(path=str(SHOTS / f"first-round-created-{width}.png"))
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False
    assert errors == []
    poll = db.session.scalar(db.select(Poll))
    assert (poll.contest["round"]["kind"], poll.contest["seats"]) == ("mixed", 2)
    assert [c["name"] for c in poll.contest["candidates"]] == ["Zora Adler", "Xaver Bauer",
                                                               "Bea Maier"]
