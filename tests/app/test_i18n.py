"""German by default, English selectable: the catalog is complete and the pages really switch.

The catalog tests read app/translations/en/LC_MESSAGES/messages.po and extract the code's
strings afresh, so a string marked in the code but missing (or fuzzy) in the catalog fails
here, not in front of an English-speaking guest. The page tests render the key pages with the
language set to English and look for German that slipped through (umlauts and common
German words in visible text and labels, after removing the test's own data).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import escape

from app.extensions import db
from app.models import Candidate, Delegate, Election
from app.services import rounds
from app.services.accounts import create_user
from app.services.lifecycle import close_poll, open_poll
from tests.app.vote.factories import Phone, make_conference, make_delegate, make_poll

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "app" / "translations"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdir]|\{\w+\}")

# Test data: nothing here may look German, or it would hide a leak (except "Frau", the quota
# group the women's round of the preset is defined by — removed before checking).
CONFERENCE = "KPT North 2026"
NAMES = ("Ada Smith", "Bea Jones", "Cleo Brown", "Dan Grey", "Eve Black")
DATA = (CONFERENCE, "Board", "Motion A1 budget", *NAMES, "Frau", "KV Test", "Halle 1",
        "LV Test", "Wahlgang")

GERMAN = re.compile(
    r"[äöüÄÖÜß]|\b(?:und|oder|der|die|das|nicht|kein|keine|ist|sind|wird|werden|noch|"
    r"Bitte|Abstimmung|Abstimmungen|Stimmzettel|Stimmen|Stimme|Stimmrecht|Delegierte|"
    r"Versammlung|Ergebnis|Enthaltung|Ja|Nein|anwesend|Karte|Karten|Anmelden|Abmelden|Wahl|"
    r"Wahlen|Antrag|Zur|offen|geschlossen|gültig|ungültig|Entwurf|gewählt|Ersatz|Sitz|"
    r"Frauenplatz|Plätze|Zeile|Spalte|Liste|Sprache|Weiter|Willkommen|Protokoll)\b"
)


# --- the catalog ---------------------------------------------------------------------------

def _catalog():
    with PO.open("rb") as fh:
        return read_po(fh, locale="en")


def _ids(message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, (tuple, list)) else (message.id,)


def _strings(message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, (tuple, list)) else (
        message.string,)


def test_catalog_has_no_untranslated_or_fuzzy_entries():
    catalog = _catalog()
    untranslated = [m.id for m in catalog if m.id and not all(_strings(m))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]

    assert len(catalog) > 400
    assert untranslated == []
    assert fuzzy == []


def test_catalog_placeholders_match_between_german_and_english():
    mismatched = [
        (m.id, m.string) for m in _catalog() if m.id
        for source, text in zip(_ids(m) * len(_strings(m)), _strings(m), strict=False)
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))
    ]

    assert mismatched == []


def test_every_string_marked_in_the_code_is_in_the_catalog(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-c", "from babel.messages.frontend import main; main()", "-q",
         "extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_", "-k", "lazy_pgettext:1c,2",
         "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as fh:
        wanted = {(m.context, m.id if isinstance(m.id, str) else m.id[0])
                  for m in read_po(fh) if m.id}
    translated = {(m.context, _ids(m)[0]) for m in _catalog() if m.id and all(_strings(m))}

    assert len(wanted) > 400
    missing = sorted(wanted - translated, key=str)
    assert missing == [], "run `make babel` and translate these in app/translations/en/"


def test_every_rule_preset_title_is_translated():
    from ballots.rules import list_presets, load_preset

    translated = {_ids(m)[0] for m in _catalog() if m.id and all(_strings(m))}
    titles = {load_preset(name).title for name in list_presets()}

    assert len(titles) >= 9
    assert sorted(titles - translated) == []


# --- the pages -----------------------------------------------------------------------------

@pytest.fixture(autouse=True, scope="module")
def _compiled_catalog() -> None:
    """What ``make translations`` does, when the .mo is missing or older than the .po."""
    if MO.exists() and MO.stat().st_mtime >= PO.stat().st_mtime:
        return
    with MO.open("wb") as fh:
        write_mo(fh, _catalog())


class _Text(HTMLParser):
    """Visible text and the labels people read (aria-label, placeholder, title, alt, buttons)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        values = dict(attrs)
        for name in ("aria-label", "placeholder", "title", "alt"):
            if values.get(name):
                self.parts.append(values[name] or "")
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"] or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def _citations() -> list[str]:
    """The statutes each preset cites (proper names like „Frauenstatut“: not UI text)."""
    from ballots.rules import list_presets, load_preset

    cited = []
    for name in list_presets():
        rules = load_preset(name)
        cited += [rules.source, *dict(rules.cite).values()]
    return sorted({c for c in cited if c}, key=len, reverse=True)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    text = " | ".join(parser.parts)
    for value in (*_citations(), *DATA):
        text = text.replace(value, " ")
    return text


def german_in(html: str) -> list[str]:
    text = visible_text(html)
    return sorted({text[max(m.start() - 30, 0):m.end() + 30] for m in GERMAN.finditer(text)})


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


def test_german_is_the_default_without_accept_language(app, client):
    html = client.get("/login").get_data(as_text=True)

    assert '<html lang="de">' in html
    assert "Für Tagungspräsidium, Mandatsprüfung und Protokoll." in html
    assert "Sign in" not in html


def test_lang_query_parameter_switches_one_page_to_english(app, client):
    html = client.get("/login?lang=en").get_data(as_text=True)
    after = client.get("/login").get_data(as_text=True)

    assert '<html lang="en">' in html
    assert "Sign in" in html
    assert german_in(html) == []
    assert '<html lang="de">' in after


def test_language_switch_is_remembered_and_can_switch_back(app, client):
    response = client.get("/language/en?next=/login")
    english_page = client.get("/login").get_data(as_text=True)
    client.get("/language/de?next=/login")
    german_page = client.get("/login").get_data(as_text=True)

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    assert "Username" in english_page and "Password" in english_page
    assert german_in(english_page) == []
    assert "Benutzername" in german_page


def test_pages_stay_german_for_an_english_browser_until_english_is_chosen(app, client):
    """German by default: a hall's projector or a desk laptop set to English still shows the
    conference's language; English is one click (or ?lang=en) away."""
    headers = {"Accept-Language": "en-GB,en;q=0.9"}
    before = client.get("/login", headers=headers).get_data(as_text=True)
    client.get("/language/en")
    after = client.get("/login", headers=headers).get_data(as_text=True)

    assert '<html lang="de">' in before and "Sign in" not in before
    assert '<html lang="en">' in after and "Sign in" in after


def test_flash_message_after_failed_login_is_english(app, client):
    client.get("/language/en")
    html = client.post("/login", data={"username": "nobody", "password": "wrong password"},
                       follow_redirects=True).get_data(as_text=True)

    assert "Wrong username or password." in html
    assert german_in(html) == []


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

    assert "Delegates with voting right" in html
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


def test_phone_api_errors_follow_accept_language(app, client):
    english_error = client.get("/api/v1/me", headers={
        "Authorization": "Bearer ABCDEFGHJKMNPQRSTVWXYZ0123", "Accept-Language": "en"})
    german_error = client.get("/api/v1/me", headers={
        "Authorization": "Bearer ABCDEFGHJKMNPQRSTVWXYZ0123"})

    assert english_error.status_code == 401
    assert english_error.get_json()["error"] == (
        "This code is unknown or blocked. Please go to the check-in desk.")
    assert german_error.get_json()["error"] == (
        "Dieser Code ist unbekannt oder gesperrt. Bitte melden Sie sich am Check-in-Schalter.")


def test_english_service_error_is_flashed_in_english(app, client):
    _, motion, _, _ = make_scene(client)
    login(client, "chair")
    client.get("/language/en")

    html = client.post(f"/chair/polls/{motion.id}/open", follow_redirects=True).get_data(
        as_text=True)

    assert "The vote is already closed and cannot be reopened. Create a new round." in html
    assert german_in(html) == []


def test_english_protocol_data_and_csv_hold_no_german(app, client):
    from app.services.protocol import build_protocol
    from app.services.protocol_csv import HEADER_EN, render_protocol_csv

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
