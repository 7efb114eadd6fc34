"""Setting up an election from the chair's pages: preset, settings, assembly decisions,
candidates, and the first round as the rules say."""

from __future__ import annotations

import json
import re

import pytest

from app.enums import PollState
from app.extensions import db
from app.models import AssemblyDecision, AuditEvent, Candidate, Election, Poll
from app.services import paper, polls, rounds
from app.services.demo import seed_demo_conference
from app.services.lifecycle import open_poll
from tests.app.chair.helpers import login, make_conference
from tests.app.vote.factories import make_delegate

WOMEN = [("Zora Adler", "Frau"), ("Anna Zimmer", "Frau"), ("Bea Maier", "Frau")]
MEN = [("Xaver Bauer", "offen"), ("Carl Yilmaz", "offen")]


def new_election(client, *, preset: str = "linke-delegates", seats: int = 4,
                 title: str = "Delegierte zum Landesparteitag") -> Election:
    response = client.post("/chair/elections/new",
                           data={"title": title, "preset": preset, "seats": str(seats)})
    assert response.status_code == 302
    election = db.session.scalar(db.select(Election).order_by(Election.id.desc()))
    assert response.headers["Location"] == f"/chair/elections/{election.id}"
    return election


def nominate(client, election: Election, people) -> None:
    for name, group in people:
        page = client.post(f"/chair/elections/{election.id}/candidates",
                           data={"name": name, "group": group}, follow_redirects=True)
        assert f"{name} kandidiert." in page.get_data(as_text=True)


def settings_shown(page: str) -> list[tuple[str, str]]:
    block = page.split('id="settings"', 1)[1].split("</dl>", 1)[0]
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd data-key=\"\w+\">(.*?)</dd>", block, re.S)
    return [(dt, re.sub(r"<[^>]+>", "|", dd).strip()) for dt, dd in pairs]


def names(poll: Poll) -> list[str]:
    return [c["name"] for c in poll.contest["candidates"]]


@pytest.fixture
def chair(app, client):
    conference = make_conference()
    login(client)
    return conference


def test_new_election_page_lists_presets_with_titles_and_sources(chair, client):
    page = client.get("/chair/elections/new").get_data(as_text=True)
    offered = re.findall(r'name="preset" value="([\w-]+)"', page)
    assert offered == ["association", "cdu-group", "gruene-list", "linke-board",
                       "linke-delegates", "spd-quota"]
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


@pytest.mark.parametrize(("field", "value", "message"), [
    ("quota_min_share", "7/5", "quota_min_share: must lie between 0 and 1, got 7/5"),
    ("quota_min_share", "zwei Drittel", "quota_min_share: not a fraction: &#39;zwei Drittel&#39;"),
    ("min_marks", "drei", "min_marks: must be a whole number ≥ 0, got &#39;drei&#39;"),
    ("tie", "würfeln", "tie: unknown value &#39;würfeln&#39;; allowed: lot, runoff"),
])
def test_bad_override_names_the_key_and_changes_nothing(chair, client, field, value, message):
    election = new_election(client)
    nominate(client, election, WOMEN[:1])
    client.post(f"/chair/elections/{election.id}/start")
    events_before = db.session.scalar(db.select(db.func.count()).select_from(AuditEvent))
    contest_before = db.session.scalar(db.select(Poll)).contest
    page = client.post(f"/chair/elections/{election.id}/rules", data={
        "decision": "Beschluss 4/2025", field: value, "empty_ballot": "invalid",
    }, follow_redirects=True).get_data(as_text=True)
    assert f"Diese Einstellung geht nicht: overrides.{message}" in page
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


def test_nominate_withdraw_and_take_back(chair, client):
    election = new_election(client)
    nominate(client, election, [*WOMEN, *MEN])
    page = client.get(f"/chair/elections/{election.id}").get_data(as_text=True)
    listed = re.findall(r'<span class="candidate-name">(.*?)</span>', page)
    assert listed == ["Zora Adler", "Xaver Bauer", "Bea Maier", "Carl Yilmaz", "Anna Zimmer"]
    page = client.post(f"/chair/elections/{election.id}/candidates",
                       data={"name": "zora  adler", "group": "Frau"},
                       follow_redirects=True).get_data(as_text=True)
    assert "„zora adler“ steht schon auf der Liste." in page
    bea = db.session.scalar(db.select(Candidate).where(Candidate.name == "Bea Maier"))
    page = client.post(f"/chair/elections/{election.id}/candidates/{bea.id}/withdraw",
                       data={"withdrawn": "1"}, follow_redirects=True).get_data(as_text=True)
    assert "Bea Maier hat die Kandidatur zurückgezogen." in page
    assert "Frau · zurückgezogen" in page
    db.session.refresh(bea)
    assert bea.withdrawn is True
    client.post(f"/chair/elections/{election.id}/start")
    assert names(db.session.scalar(db.select(Poll))) == ["Zora Adler", "Anna Zimmer"]
    page = client.post(f"/chair/elections/{election.id}/candidates/{bea.id}/withdraw",
                       data={"withdrawn": "0"}, follow_redirects=True).get_data(as_text=True)
    assert "Bea Maier kandidiert wieder." in page
    db.session.expire_all()
    assert db.session.get(Candidate, bea.id).withdrawn is False
    # the draft first round follows the list
    assert names(db.session.scalar(db.select(Poll))) == ["Zora Adler", "Bea Maier",
                                                         "Anna Zimmer"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Candidate)) == 5


def test_group_aliases_are_read_like_the_roster(chair, client):
    election = new_election(client)
    client.post(f"/chair/elections/{election.id}/candidates", data={"name": "Ida", "group": "w"})
    assert db.session.scalar(db.select(Candidate.quota_group)) == "Frau"


def test_list_is_fixed_once_the_first_round_is_open(chair, client):
    conference = chair
    make_delegate(conference, "Delegierte 1")
    election = new_election(client)
    nominate(client, election, WOMEN)
    client.post(f"/chair/elections/{election.id}/start")
    open_poll(db.session.scalar(db.select(Poll)).id)
    page = client.post(f"/chair/elections/{election.id}/candidates",
                       data={"name": "Nora Neu", "group": "Frau"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Die Kandidatenliste steht fest, seit der erste Wahlgang geöffnet wurde." in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Candidate)) == 3
    assert "Beschluss eintragen" not in page


def close_on_paper(poll: Poll, yes: dict[str, int], *, ballots: int = 10) -> Poll:
    """Enter paper totals (no Nein) so the round closes with these Ja counts."""
    ids = {c["name"]: c["id"] for c in poll.contest["candidates"]}
    counts = {ids[n]: {"Y": y, "N": 0, "A": ballots - y} for n, y in yes.items()}
    return paper.enter_paper_totals(poll.id, paper.PaperEntry(
        issued=ballots, cast=ballots, invalid=0, grounds={}, counts=counts, entered_by="WK"))


def test_linke_delegates_women_round_first_then_mixed_round_gets_everyone_else(chair, client):
    conference = chair
    for i in range(10):
        make_delegate(conference, f"Delegierte {i}")
    election = new_election(client, seats=4)
    nominate(client, election, [*WOMEN, *MEN])
    page = client.get(f"/chair/elections/{election.id}").get_data(as_text=True)
    assert ("Frauenwahlgang für 2 Plätze mit 3 Kandidatinnen (Zora Adler, Bea Maier, "
            "Anna Zimmer).") in page
    page = client.post(f"/chair/elections/{election.id}/start", data={"paper": "1"},
                       follow_redirects=True).get_data(as_text=True)
    assert ("Angelegt: Delegierte zum Landesparteitag – 1. Wahlgang (Frauenwahlgang). "
            "Zum Abstimmen jetzt öffnen.") in page
    women = db.session.scalar(db.select(Poll))
    assert (women.state, women.paper) == (PollState.DRAFT.value, True)
    assert women.contest["round"] == {"number": 1, "kind": "women"}
    assert women.contest["seats"] == 2
    assert names(women) == ["Zora Adler", "Bea Maier", "Anna Zimmer"]
    assert {c["group"] for c in women.contest["candidates"]} == {"Frau"}

    women = close_on_paper(open_poll(women.id), {"Zora Adler": 8, "Bea Maier": 6,
                                                 "Anna Zimmer": 3})
    elected = {c["id"]: c["name"] for c in women.result["candidates"]}
    assert [elected[c] for c in women.result["elected"]] == ["Zora Adler", "Bea Maier"]
    mixed = rounds.create_next_round(women.id)
    assert mixed.contest["round"]["kind"] == "mixed"
    assert mixed.contest["seats"] == 2
    # everyone else, in the same ballot order (surname) as round 1
    assert names(mixed) == ["Xaver Bauer", "Carl Yilmaz", "Anna Zimmer"]


def test_ballot_order_identical_in_round_one_and_round_two(chair, client):
    conference = chair
    for i in range(10):
        make_delegate(conference, f"Delegierte {i}")
    election = new_election(client, preset="linke-delegates", seats=2)
    nominate(client, election, [("Anna Zimmer", "Frau"), ("Bea Maier", "Frau"),
                                ("Zora Adler", "Frau"), *MEN])
    client.post(f"/chair/elections/{election.id}/start", data={"paper": "1"})
    first = db.session.scalar(db.select(Poll))
    assert names(first) == ["Zora Adler", "Bea Maier", "Anna Zimmer"]
    # Zora Adler takes the one women's seat; Maier and Zimmer move to round 2
    first = close_on_paper(open_poll(first.id), {"Zora Adler": 6, "Bea Maier": 1,
                                                 "Anna Zimmer": 3})
    second = rounds.create_next_round(first.id)
    assert names(second) == ["Xaver Bauer", "Bea Maier", "Carl Yilmaz", "Anna Zimmer"]
    key = [polls.ballot_order(n) for n in names(second)]
    assert key == sorted(key)
    both = [n for n in names(first) if n in names(second)]
    assert both == [n for n in names(second) if n in names(first)]


@pytest.mark.parametrize(("preset", "people", "seats"), [
    ("gruene-list", [("Ute Abel", "Frau"), ("Tom Berg", "offen"), ("Eva Cord", "Frau")], 2),
    ("spd-quota", [("Ute Abel", "Frau"), ("Tom Berg", "Mann"), ("Eva Cord", "Frau"),
                   ("Kai Dorn", "Mann")], 3),
    ("cdu-group", [("Ute Abel", "Frau"), ("Tom Berg", "offen"), ("Kai Dorn", "offen")], 3),
    ("association", [("Ute Abel", ""), ("Tom Berg", "")], 1),
])
def test_other_presets_start_one_general_round_of_everyone(chair, client, preset, people, seats):
    election = new_election(client, preset=preset, seats=seats, title="Vorstand")
    nominate(client, election, people)
    page = client.get(f"/chair/elections/{election.id}").get_data(as_text=True)
    assert (f"Ein Wahlgang für {seats} Plätze mit {len(people)} Kandidaturen.") in page
    client.post(f"/chair/elections/{election.id}/start")
    poll = db.session.scalar(db.select(Poll))
    assert poll.contest["round"] == {"number": 1, "kind": "general"}
    assert poll.contest["seats"] == seats
    assert poll.contest["rules"] == {"preset": preset, "overrides": {}}
    assert names(poll) == sorted((n for n, _g in people), key=polls.ballot_order)
    page = client.post(f"/chair/elections/{election.id}/start",
                       follow_redirects=True).get_data(as_text=True)
    assert "Der erste Wahlgang ist schon angelegt." in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Poll)) == 1


def test_linke_board_also_starts_with_the_womens_round(chair, client):
    election = new_election(client, preset="linke-board", seats=3, title="Vorstand")
    nominate(client, election, [("Ute Abel", "Frau"), ("Tom Berg", "offen")])
    client.post(f"/chair/elections/{election.id}/start")
    poll = db.session.scalar(db.select(Poll))
    assert (poll.contest["round"]["kind"], poll.contest["seats"], names(poll)) == (
        "women", 2, ["Ute Abel"])


def test_start_without_women_under_women_first_says_why(chair, client):
    election = new_election(client)
    nominate(client, election, MEN)
    page = client.post(f"/chair/elections/{election.id}/start",
                       follow_redirects=True).get_data(as_text=True)
    assert "Für diesen Wahlgang kandidiert niemand." in page
    assert db.session.scalars(db.select(Poll)).all() == []


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


def test_create_election_service_with_men_starts_the_womens_round(app):
    with app.test_request_context():
        conference = make_conference()
        poll = polls.create_election(conference.id, title="Delegierte",
                                     preset="linke-delegates", seats=4,
                                     candidates=[*WOMEN, *MEN])
        assert poll.contest["round"] == {"number": 1, "kind": "women"}
        assert names(poll) == ["Zora Adler", "Bea Maier", "Anna Zimmer"]
        election = db.session.get(Election, poll.election_id)
        assert len(election.candidates) == 5


def test_demo_seed_has_a_motion_and_an_election_draft_and_is_idempotent(app, tmp_path):
    with app.test_request_context():
        seed_demo_conference(str(tmp_path))
        seed_demo_conference(str(tmp_path))
        drafts = db.session.scalars(db.select(Poll).order_by(Poll.id)).all()
        assert [(p.title, p.state, p.kind) for p in drafts] == [
            ("Antrag A1: Resolution zur Verkehrswende", "draft", "motion"),
            ("Delegierte zum Landesparteitag – 1. Wahlgang (Frauenwahlgang)", "draft",
             "election")]
        assert drafts[0].contest["rules"]["preset"] == "motion-simple"
        election = db.session.scalar(db.select(Election))
        assert (election.title, election.preset, election.seats) == (
            "Delegierte zum Landesparteitag", "linke-delegates", 4)
        assert sorted((c.name, c.quota_group) for c in election.candidates) == [
            ("Aylin Demir", "Frau"), ("Bernd Schulz", "offen"), ("Clara Weber", "Frau"),
            ("Dmitri Ivanov", "offen"), ("Elif Yıldız", "Frau"), ("Frank Müller", "offen")]
        assert names(drafts[1]) == ["Aylin Demir", "Clara Weber", "Elif Yıldız"]
        assert drafts[1].contest["seats"] == 2
