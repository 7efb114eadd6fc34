"""Every audience's pages in English: chair, check-in desk, protocol, public board, phone.

Each test renders the key pages with the language set to English and looks for German that
slipped through (umlauts and common German words in visible text and labels, after removing
the test's own data).
"""

from __future__ import annotations

import json
import re

from markupsafe import escape

from app.extensions import db
from app.models import Candidate, Delegate, Election
from app.services.accounts import create_user
from app.services.elections import rounds
from app.services.polls.lifecycle import close_poll, open_poll
from tests.app.i18n.german import CONFERENCE, DATA, GERMAN, NAMES, german_in
from tests.app.vote.factories import Phone, make_conference, make_delegate, make_poll


def make_scene(client):
    """A conference with a closed motion and a closed women's round that elected two women."""
    conference = make_conference(CONFERENCE)
    phones = [Phone(client, make_delegate(conference, name)[1]) for name in NAMES]
    motion = open_poll(make_poll(conference, {
        "kind": "motion", "title": "Motion A1 budget",
        "rules": {"preset": "motion-simple", "overrides": {}}}).id)
    for phone, mark in zip(phones, "YYNAY", strict=True):
        phone.fetch_credential(motion)
        phone.cast(motion, {"marks": {"motion": mark}})
    close_poll(motion.id)

    election = Election(conference_id=conference.id, title="Board", preset="linke-delegates",
                        seats=4)
    db.session.add(election)
    db.session.flush()
    for name in NAMES[:3]:
        db.session.add(Candidate(election_id=election.id, name=name, quota_group="Frau"))
    db.session.commit()
    women = open_poll(rounds.create_first_round(election.id).id)
    ids = {c["name"]: c["id"] for c in women.contest["candidates"]}
    for phone in phones:
        phone.fetch_credential(women)
        phone.cast(women, {"marks": {ids["Ada Smith"]: "Y", ids["Bea Jones"]: "Y"}})
    close_poll(women.id)
    return conference, motion, women, phones


def login(client, role: str) -> None:
    create_user(f"{role}-i18n", "a long password", role)
    response = client.post("/login", data={"username": f"{role}-i18n",
                                           "password": "a long password"})
    assert response.status_code == 302


def english(client, path: str) -> str:
    response = client.get(path, headers={"Accept-Language": "de"})
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_chair_pages_render_english_without_german(app, client):
    conference, motion, women, _ = make_scene(client)
    login(client, "chair")
    client.get("/language/en")
    delegate_id = db.session.scalar(db.select(Delegate.id).where(
        Delegate.conference_id == conference.id).order_by(Delegate.id))

    pages = {
        "/chair/": ("Votes and elections", "Roster of delegates"),
        "/chair/roster": ("Import roster (CSV)", "Add a person"),
        "/chair/cards": ("Print voting cards",),
        "/chair/conference": ("Conference details",),
        "/chair/polls/motion/new": ("Required majority",),
        f"/chair/polls/{motion.id}/result": ("carried", "Back to the overview"),
        f"/chair/polls/{motion.id}/projector": ("valid",),
        f"/chair/polls/{women.id}/result": ("elected",),
        f"/chair/polls/{women.id}/round": ("Elected and acceptance of election",
                                            "accepts the election", "closed"),
        f"/chair/polls/{women.id}/hall": ("seats",),
        f"/chair/roster/{delegate_id}": ("Voting card",),
        "/chair/elections": ("Elections",),
        "/chair/elections/new": ("Rules (preset)",),
        f"/chair/elections/{women.election_id}": ("Candidates",),
    }
    for path, phrases in pages.items():
        html = english(client, path)
        assert '<html lang="en">' in html, path
        for phrase in phrases:
            assert phrase in html, (path, phrase)
        assert german_in(html) == [], path


def test_first_round_choice_renders_english_without_german(app, client):
    conference = make_conference(CONFERENCE)
    election = Election(conference_id=conference.id, title="Board", preset="linke-delegates",
                        seats=2)
    db.session.add(election)
    db.session.flush()
    for name, group in ((NAMES[0], "Frau"), (NAMES[1], "Frau"), (NAMES[3], "Mann")):
        db.session.add(Candidate(election_id=election.id, name=name, quota_group=group))
    db.session.commit()
    login(client, "chair")
    client.get("/language/en")

    html = english(client, f"/chair/elections/{election.id}")

    for phrase in ("As the statutes provide: first a women's round, then a mixed round",
                   "Women's round for 1 seat with 2 women candidates (Bea Jones, Ada Smith). "
                   "Then a mixed round for 1 seat: everyone else and the women not elected.",
                   "Not possible: Only women (group “Frau”) can run in a women's round for "
                   "all seats; not in this group: Dan Grey.",
                   "Only a mixed round for all seats (the women's seats were elected "
                   "separately before)",
                   "A mixed round for 2 seats with 3 candidates, with no women's round "
                   "before it."):
        assert str(escape(phrase)) in html, phrase
    assert german_in(html) == []


def test_round_page_names_seats_and_status_in_english(app, client):
    _, _, women, _ = make_scene(client)
    login(client, "chair")
    client.get("/language/en")

    html = english(client, f"/chair/polls/{women.id}/round")
    german = client.get(f"/chair/polls/{women.id}/round?lang=de").get_data(as_text=True)

    assert women.result["status_en"] in html
    assert women.result["status_de"] in german
    seat = next(s for s in women.result["seats"] if s["status"] == "filled")
    assert str(escape(seat["label_en"])) in html
    assert seat["label_de"] not in html


def test_hall_turnout_json_is_english(app, client):
    _, _, women, _ = make_scene(client)
    login(client, "chair")
    client.get("/language/en")

    data = client.get(f"/chair/polls/{women.id}/turnout.json").get_json()

    assert data["text"] == "5 of 5 have voted"


def test_checkin_desk_renders_english_without_german(app, client):
    conference = make_conference(CONFERENCE)
    present, _ = make_delegate(conference, NAMES[0])
    make_delegate(conference, NAMES[1], present=False)
    login(client, "checkin")
    client.get("/language/en")

    html = english(client, "/checkin/")
    reissue = english(client, f"/checkin/{present.id}/reissue")

    assert "delegates with voting right" in html
    assert "Search" in html
    assert german_in(html) == []
    assert "Block and print a new card (PDF)" in reissue
    assert german_in(reissue) == []


def test_checkin_flash_is_english(app, client):
    conference = make_conference(CONFERENCE)
    delegate, _ = make_delegate(conference, NAMES[0], present=False)
    login(client, "checkin")
    client.get("/language/en")

    html = client.post(f"/checkin/{delegate.id}/presence", data={"present": "1"},
                       follow_redirects=True).get_data(as_text=True)

    assert f"{NAMES[0]} is checked in." in html
    assert german_in(html) == []


def test_protocol_page_renders_english_without_german(app, client):
    make_scene(client)
    login(client, "protocol")
    client.get("/language/en")

    html = english(client, "/protocol/")

    assert "Election minutes" in html
    assert "Sign the minutes" in html
    assert german_in(html) == []


def test_public_board_renders_english_without_german(app, client):
    conference, motion, women, _ = make_scene(client)
    client.get("/language/en")

    pages = {
        "/public/": ("Public notice board",),
        f"/public/c/{conference.id}": ("All conferences",),
        f"/public/p/{motion.public_id}": ("All ballots", "Find receipt code"),
        f"/public/p/{women.public_id}": ("All ballots", "For verification"),
    }
    for path, phrases in pages.items():
        html = english(client, path)
        for phrase in phrases:
            assert phrase in html, (path, phrase)
        assert german_in(html) == [], path


def _phone_strings(html: str) -> dict[str, str]:
    match = re.search(r'<script type="application/json" id="phone-strings">(.*?)</script>',
                      html, re.S)
    assert match is not None
    return json.loads(match.group(1))


def test_phone_page_and_its_js_strings_are_english(app, client):
    german = _phone_strings(client.get("/v/").get_data(as_text=True))
    html = client.get("/v/?lang=en").get_data(as_text=True)
    strings = _phone_strings(html)

    assert strings["yes"] == "Yes"
    assert strings["cast"] == "Cast vote"
    assert strings["tracker_label"] == "Your receipt code"
    assert german["yes"] == "Ja"
    assert set(strings) == set(german)
    assert [k for k in strings if strings[k] == german[k]] == []
    assert [v for v in strings.values() if GERMAN.search(v)] == []
    assert "Welcome" in html
    assert german_in(html) == []


def test_english_service_error_is_flashed_in_english(app, client):
    _, motion, _, _ = make_scene(client)
    login(client, "chair")
    client.get("/language/en")

    html = client.post(f"/chair/polls/{motion.id}/open", follow_redirects=True).get_data(
        as_text=True)

    assert "The vote is already closed and cannot be reopened. Create a new round." in html
    assert german_in(html) == []


def test_english_protocol_data_and_csv_hold_no_german(app, client):
    from app.services.protocol.build import build_protocol
    from app.services.protocol.csv_export import HEADER_EN, render_protocol_csv

    conference, _, women, _ = make_scene(client)

    protocol = build_protocol(conference.id, lang="en")
    text = render_protocol_csv(protocol)
    election = next(i for i in protocol["items"] if i["type"] == "election")
    visible = text
    for value in DATA:
        visible = visible.replace(value, " ")

    assert text.splitlines()[1] == ";".join(HEADER_EN)
    assert [e["seat_label"] for e in election["result"]["elected"]] == [
        "women's seat 1", "women's seat 2"]
    assert protocol["legal_basis"][0] == (
        "PartG § 15 (2): secret election of delegates and boards")
    assert GERMAN.findall(visible) == []
