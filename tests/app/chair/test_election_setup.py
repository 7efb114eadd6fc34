"""Setting up an election from the chair's pages: a new election, its preset and every
setting it brings (German and English), the assembly's decisions that change them, the basics."""

from __future__ import annotations

import json
import re

import pytest

from app.extensions import db
from app.models import AssemblyDecision, AuditEvent, Election, Poll
from tests.app.chair.election_factories import WOMEN, new_election, nominate


def settings_shown(page: str) -> list[tuple[str, str]]:
    block = page.split('id="settings"', 1)[1].split("</dl>", 1)[0]
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd data-key=\"\w+\">(.*?)</dd>", block, re.S)
    return [(dt, re.sub(r"<[^>]+>", "|", dd).strip()) for dt, dd in pairs]


def test_new_election_page_lists_presets_with_titles_and_sources(chair, client):
    page = client.get("/chair/elections/new").get_data(as_text=True)
    offered = re.findall(r'name="preset" value="([\w-]+)"', page)
    assert offered == ["association", "cdu-group", "gruene-list", "linke-board",
                       "linke-delegates", "spd-quota", "stv-ranked"]
    assert "<strong>DIE LINKE – Wahl von Delegierten</strong>" in page
    assert "DIE LINKE Bundessatzung § 10 (4); Wahlordnung §§ 6 (1), 8, 10 (2)" in page
    assert "<strong>SPD – Gruppenwahl mit Geschlechterquote</strong>" in page
    assert "SPD Organisationsstatut § 11 (2); Wahlordnung § 8" in page


def test_new_election_refuses_bad_seats_and_stores_nothing(chair, client):
    page = client.post("/chair/elections/new", data={
        "title": "Vorstand", "preset": "association", "seats": "0"}).get_data(as_text=True)
    assert "Die Zahl der Plätze muss zwischen 1 und 500 liegen." in page
    assert db.session.scalars(db.select(Election)).all() == []


def test_preset_chosen_every_setting_listed_in_german(chair, client):
    election = new_election(client)
    page = client.get(f"/chair/elections/{election.id}").get_data(as_text=True)
    assert settings_shown(page) == [
        ("Stimmzettel", "Ja/Nein/Enthaltung je Kandidatur"),
        ("Höchstzahl Ja-Stimmen/Kreuze", "so viele wie Sitze"),
        ("Mindestzahl Ja-Stimmen/Kreuze", "0"),
        ("Mindestanteil der Sitze, der angekreuzt werden muss", "0"),
        ("Nein-Stimmen", "nur erlaubt, wenn nicht mehr Kandidierende als Sitze"),
        ("»Enthaltung zu allen«", "ja"),
        ("»Nein zu allen«", "ja"),
        ("Zu viele Stimmen", "Stimmzettel ungültig"),
        ("Zu wenige Stimmen", "Stimmzettel gültig"),
        ("Leerer Stimmzettel", "gültig, zählt als Enthaltung"),
        ("Unzulässige Nein-Stimme", "Stimmzettel ungültig"),
        ("Gewählt ist", "wer mehr Ja- als Nein-Stimmen hat"),
        ("Bezugsgröße der Mehrheit", "gültige Stimmzettel (mit Enthaltungen)"),
        ("Stimmengleichheit", "Stichwahl (bei erneutem Gleichstand Los)"),
        ("Höchstzahl Wahlgänge", "unbegrenzt"),
        ("Quotierung", "Frauenwahlgang zuerst, dann gemischter Wahlgang"),
        ("Quotierte Gruppe(n)", "Frau"),
        ("Mindestanteil der Sitze", "1/2"),
        ("Rundung des Mindestanteils", "aufrunden"),
        ("Ersatzdelegierte", "Nichtgewählte, die die Mehrheit erreicht haben, nach Stimmen"),
        ("Getrennte Ersatzlisten je Gruppe", "ja"),
    ]
    assert '<dd id="preset-title">DIE LINKE – Wahl von Delegierten</dd>' in page


def test_settings_listed_in_english_when_the_ui_is_english(chair, client):
    election = new_election(client, preset="spd-quota", seats=5)
    client.get("/language/en")
    page = client.get(f"/chair/elections/{election.id}").get_data(as_text=True)
    shown = dict(settings_shown(page))
    assert shown["Ballot form"] == "crosses (approval)"
    assert shown["Elected is"] == ("in round 1: whoever has more than half of the valid votes; "
                                   "in round 2: whoever has the most votes (then as the last)")
    assert shown["Quota"] == "minimum share per gender"
    assert shown["Minimum share of seats"] == "2/5"


def test_settings_form_offers_typed_fields(chair, client):
    election = new_election(client)
    page = client.get(f"/chair/elections/{election.id}").get_data(as_text=True)
    tie = page.split('<select id="s-tie" name="tie">', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="(\w+)"( selected)?>', tie) == [
        ("lot", ""), ("runoff", " selected")]
    assert '<input type="number" min="0" step="1" id="s-min_marks" name="min_marks" value="0"' \
        in page
    assert '<input type="number" min="0" step="1" id="s-max_marks" name="max_marks" value=""' \
        in page
    assert "leer lassen: so viele wie Sitze" in page
    assert 'id="s-quota_min_share" name="quota_min_share" value="1/2"' in page
    assert page.count('name="threshold"') == 3
    assert '<option value="true" selected>ja</option>' in page  # substitutes_per_group


def test_override_recorded_with_wording_and_visible(chair, client):
    election = new_election(client)
    wording = "Bei Stimmengleichheit entscheidet das Los; ab dem 2. Wahlgang relative Mehrheit."
    page = client.post(f"/chair/elections/{election.id}/rules", data={
        "decision": wording, "tie": "lot", "threshold": ["ja_gt_nein", "relative", ""],
        "empty_ballot": "abstain", "quota_min_share": "1/2", "max_marks": "",
        "substitutes_per_group": "true",
    }, follow_redirects=True).get_data(as_text=True)
    assert "Beschluss eingetragen; geändert: Gewählt ist, Stimmengleichheit." in page
    db.session.expire_all()
    assert db.session.get(Election, election.id).overrides == {
        "threshold": ["ja_gt_nein", "relative"], "tie": "lot"}
    row = db.session.scalar(db.select(AssemblyDecision))
    assert (row.text, row.election_id, row.overrides) == (
        wording, election.id, {"threshold": ["ja_gt_nein", "relative"], "tie": "lot"})
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.type == "decision"))
    assert event.seq == row.audit_seq
    data = json.loads(event.line)["data"]
    assert data["text"] == wording
    assert data["overrides"] == {"threshold": ["ja_gt_nein", "relative"], "tie": "lot"}
    shown = dict(settings_shown(page))
    assert shown["Stimmengleichheit"] == "Los |Beschluss|"
    assert shown["Gewählt ist"] == ("im 1. Wahlgang: wer mehr Ja- als Nein-Stimmen hat; "
                                    "im 2. Wahlgang: wer die meisten Stimmen hat "
                                    "(ab dann wie zuletzt) |Beschluss|")
    assert f"<q>{wording}</q>" in page
    assert "<li>Stimmengleichheit: Los</li>" in page


@pytest.mark.parametrize(("field", "value", "lang", "message"), [
    ("quota_min_share", "7/5", "de",
     "„Mindestanteil der Sitze“ muss zwischen 0 und 1 liegen (eingegeben: 7/5)."),
    ("quota_min_share", "zwei Drittel", "de",
     "„Mindestanteil der Sitze“: bitte einen Bruch wie 1/2 oder 2/3 eintragen (eingegeben: "
     "„zwei Drittel“)."),
    ("min_marks", "drei", "de",
     "„Mindestzahl Ja-Stimmen/Kreuze“: bitte eine ganze Zahl ab 0 eintragen (eingegeben: "
     "„drei“)."),
    ("max_marks", "-3", "de",
     "„Höchstzahl Ja-Stimmen/Kreuze“: bitte eine ganze Zahl ab 0 eintragen (eingegeben: "
     "„-3“)."),
    ("tie", "würfeln", "de", "„Stimmengleichheit“: „würfeln“ ist keine der möglichen "
                             "Einstellungen."),
    ("max_marks", "-3", "en",
     "This setting is not possible: “Maximum Yes marks/crosses”: please enter a whole number "
     "from 0 (entered: “-3”)."),
    ("tie", "würfeln", "en", "This setting is not possible: “Ties”: “würfeln” is not one of "
                             "the possible settings."),
])
def test_bad_override_names_the_setting_and_changes_nothing(chair, client, field, value, lang,
                                                            message):
    election = new_election(client)
    nominate(client, election, WOMEN[:1])
    client.post(f"/chair/elections/{election.id}/start")
    events_before = db.session.scalar(db.select(db.func.count()).select_from(AuditEvent))
    contest_before = db.session.scalar(db.select(Poll)).contest
    page = client.post(f"/chair/elections/{election.id}/rules?lang={lang}", data={
        "decision": "Beschluss 4/2025", field: value, "empty_ballot": "invalid",
    }, follow_redirects=True).get_data(as_text=True)
    if lang == "de":
        message = f"Diese Einstellung geht nicht: {message}"
    assert message in page
    assert "overrides." not in page and "must be" not in page and "unknown value" not in page
    db.session.expire_all()
    assert db.session.get(Election, election.id).overrides == {}
    assert db.session.scalars(db.select(AssemblyDecision)).all() == []
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)) \
        == events_before
    assert db.session.scalar(db.select(Poll)).contest == contest_before


def test_override_without_wording_or_without_change_is_refused(chair, client):
    election = new_election(client)
    page = client.post(f"/chair/elections/{election.id}/rules", data={
        "decision": "  ", "tie": "lot"}, follow_redirects=True).get_data(as_text=True)
    assert "Abweichende Regeln brauchen einen Beschluss der Versammlung" in page
    page = client.post(f"/chair/elections/{election.id}/rules", data={
        "decision": "Beschluss", "tie": "runoff"}, follow_redirects=True).get_data(as_text=True)
    assert "Keine Einstellung wurde geändert." in page
    assert db.session.scalars(db.select(AssemblyDecision)).all() == []


def test_basics_change_preset_until_a_decision(chair, client):
    election = new_election(client)
    client.post(f"/chair/elections/{election.id}/basics",
                data={"title": "Vorstand", "preset": "linke-board", "seats": "5"})
    db.session.expire_all()
    row = db.session.get(Election, election.id)
    assert (row.title, row.preset, row.seats) == ("Vorstand", "linke-board", 5)
    client.post(f"/chair/elections/{election.id}/rules",
                data={"decision": "Los.", "tie": "lot"})
    page = client.post(f"/chair/elections/{election.id}/basics",
                       data={"title": "Vorstand", "preset": "association", "seats": "5"},
                       follow_redirects=True).get_data(as_text=True)
    assert "die Vorlage kann nicht mehr gewechselt werden." in page
    db.session.expire_all()
    assert db.session.get(Election, election.id).preset == "linke-board"


def test_dashboard_and_list_link_to_the_setup(chair, client):
    election = new_election(client)
    page = client.get("/chair/").get_data(as_text=True)
    assert 'href="/chair/elections/new"' in page
    assert 'href="/chair/elections"' in page
    listing = client.get("/chair/elections").get_data(as_text=True)
    assert f'<a href="/chair/elections/{election.id}">Delegierte zum Landesparteitag</a>' \
        in listing


def test_election_page_with_rounds_repeats_no_id(chair, client):
    """Once a round exists the page shows the standing (its own list of rounds) and the first
    round's section (the rounds with their buttons): both lists were id="round-list", so
    #round-list found the standing's list, without the Öffnen buttons."""
    election = new_election(client)
    nominate(client, election, WOMEN + [("Xaver Bauer", "offen")])
    client.post(f"/chair/elections/{election.id}/start", data={})
    page = client.get(f"/chair/elections/{election.id}").get_data(as_text=True)

    assert 'id="standing"' in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    rounds = page.split('id="round-list"', 1)[1].split("</ul>", 1)[0]
    assert "1. Wahlgang (Frauenwahlgang)" in rounds and ">Öffnen</button>" in rounds
