"""A motion and an election from the chair's console: draft or set-up, open, phones vote,
close, result."""

from __future__ import annotations

import re

from app.extensions import db
from app.models import Conference, Election, Poll
from tests.app.chair.helpers import login, make_conference
from tests.app.vote.factories import Phone
from tests.app.vote.factories import make_delegate as make_voter


def result_rows(page: str) -> list[tuple[str, ...]]:
    """(name, outcome, Ja, Nein, Enthaltung, threshold) per candidate on the result page."""
    return re.findall(
        r'<strong class="result-name">([^<]+?)(?: <span[^>]*>\([^)]*\)</span>)?</strong>\s*'
        r'<strong class="result-outcome">([^<]+)</strong>.*?'
        r"Ja <b>(\d+)</b>.*?Nein <b>(\d+)</b>.*?Enthaltung <b>(\d+)</b>.*?"
        r"Schwelle <b>([^<]+)</b>", page, re.S)


def only_poll() -> Poll:
    (poll,) = db.session.scalars(db.select(Poll)).all()
    return poll


def test_dashboard_without_conference_offers_to_create_one(app, client):
    login(client)
    page = client.get("/chair/").get_data(as_text=True)
    assert "Versammlung anlegen" in page
    response = client.post("/chair/conference", data={
        "title": "Kreisparteitag Nord", "organisation": "KV Nord", "place": "Aula",
        "held_on": "2026-11-28", "chair_names": "A. Vorsitz", "convocation": "Brief vom 1.11."})
    assert response.status_code == 302
    conference = db.session.scalar(db.select(Conference))
    assert (conference.title, conference.organisation, conference.place,
            str(conference.held_on), conference.chair_names) == (
        "Kreisparteitag Nord", "KV Nord", "Aula", "2026-11-28", "A. Vorsitz")
    page = client.get("/chair/").get_data(as_text=True)
    assert "<h1>Kreisparteitag Nord</h1>" in page
    assert "Aula, 28.11.2026" in page


def test_edit_conference_header_refuses_empty_title(app, client):
    conference = make_conference("Alt")
    login(client)
    response = client.post("/chair/conference", data={"title": ""})
    assert response.status_code == 200
    db.session.refresh(conference)
    assert conference.title == "Alt"


def test_dashboard_needs_the_chair(app, client):
    make_conference()
    login(client, "checkin")
    assert client.get("/chair/").status_code == 403


def test_new_motion_starts_with_a_simple_majority(app, client):
    """PartG § 15 (1): a simple majority unless the statute asks for more — the usual case."""
    make_conference()
    login(client)

    page = client.get("/chair/polls/motion/new").get_data(as_text=True)

    (selected,) = re.findall(r'<option[^>]*selected[^>]*>([^<]+)</option>', page)
    assert selected == "Antrag – einfache Mehrheit"
    assert re.search(r'<option[^>]*selected[^>]*value="motion-simple"|'
                     r'<option[^>]*value="motion-simple"[^>]*selected', page)


def test_old_election_page_is_gone_and_nothing_links_to_it(app, client):
    """One "Neue Wahl": the set-up flow. The old one-form page is removed (74c1fce)."""
    make_conference()
    login(client)

    overview = client.get("/chair/").get_data(as_text=True)

    assert client.get("/chair/polls/election/new").status_code == 404
    assert "/chair/polls/election/new" not in overview
    assert re.findall(r'href="([^"]+)">Neue Wahl</a>', overview) == ["/chair/elections/new"]
    new = client.get("/chair/elections/new").get_data(as_text=True)
    motion = client.get("/chair/polls/motion/new").get_data(as_text=True)
    assert re.findall(r"<h1>([^<]+)</h1>", new) == ["Neue Wahl"]
    assert re.findall(r"<h1>([^<]+)</h1>", motion) == ["Neuer Antrag"]


def test_motion_from_draft_to_projector(app, client):
    conference = make_conference()
    phones = [Phone(client, make_voter(conference, f"Delegierte {i}")[1]) for i in range(5)]
    make_voter(conference, "Abwesend", present=False)
    login(client)
    response = client.post("/chair/polls/motion/new",
                           data={"title": "A1: Satzungsänderung", "preset": "motion-two-thirds"})
    assert response.status_code == 302
    poll = only_poll()
    page = client.get("/chair/").get_data(as_text=True)
    assert "A1: Satzungsänderung" in page and "Entwurf" in page
    assert f'action="/chair/polls/{poll.id}/open"' in page

    client.post(f"/chair/polls/{poll.id}/open")
    db.session.refresh(poll)
    assert (poll.state, poll.present_at_open) == ("open", 5)
    assert "(5 stimmberechtigt anwesend)" in client.get("/chair/").get_data(as_text=True)

    for phone, mark in zip(phones, "YYYNA", strict=True):
        phone.fetch_credential(poll)
        assert phone.cast(poll, {"marks": {"motion": mark}}).status_code == 201

    response = client.post(f"/chair/polls/{poll.id}/close")
    assert response.headers["Location"].endswith(f"/chair/polls/{poll.id}/result")
    page = client.get(f"/chair/polls/{poll.id}/result").get_data(as_text=True)
    # 3 Ja, 1 Nein, 1 Enthaltung; two thirds of Ja+Nein (4) = 8/3 = 2 2/3 needed
    assert "Antrag angenommen" in page
    assert result_rows(page) == [
        ("A1: Satzungsänderung", "angenommen", "3", "1", "1", "≥ 2 2/3")]
    assert "Antrag – Zweidrittelmehrheit · Zweidrittelmehrheit" in page

    projector = client.get(f"/chair/polls/{poll.id}/projector").get_data(as_text=True)
    assert 'href="/static/css/projector.css' in projector
    assert 'class="topbar"' not in projector  # no controls on the projector
    assert "style=" not in projector
    widths = re.findall(r'class="bar bar-(\w+)" x="0" y="\d+" width="(\d+)"', projector)
    assert widths == [("yes", "600"), ("no", "200"), ("abstain", "200")]


def test_election_from_setup_to_result(app, client):
    conference = make_conference()
    phones = [Phone(client, make_voter(conference, f"D{i}")[1]) for i in range(4)]
    login(client)
    response = client.post("/chair/elections/new", data={
        "title": "Kassenprüfung", "preset": "association", "seats": "1"})
    election = db.session.scalar(db.select(Election))
    assert response.headers["Location"] == f"/chair/elections/{election.id}"
    for name, group in (("Bernd Brandt", "m"), ("Anna Albrecht", "w")):
        client.post(f"/chair/elections/{election.id}/candidates",
                    data={"name": name, "group": group})
    page = client.post(f"/chair/elections/{election.id}/start",
                       follow_redirects=True).get_data(as_text=True)
    assert "Angelegt: Kassenprüfung – 1. Wahlgang (Wahlgang)." in page
    poll = only_poll()
    ids = {c["name"]: c["id"] for c in poll.contest["candidates"]}
    assert list(ids) == ["Anna Albrecht", "Bernd Brandt"]
    assert [c["group"] for c in poll.contest["candidates"]] == ["Frau", "Mann"]
    client.post(f"/chair/polls/{poll.id}/open")
    db.session.refresh(poll)
    assert (poll.state, poll.present_at_open) == ("open", 4)
    a, b = ids["Anna Albrecht"], ids["Bernd Brandt"]
    ballots = [{a: "Y", b: "N"}, {a: "A", b: "Y"}, {a: "Y", b: "N"}, {a: "N", b: "A"}]
    for phone, marks in zip(phones, ballots, strict=True):
        phone.fetch_credential(poll)
        assert phone.cast(poll, {"marks": marks}).status_code == 201
    response = client.post(f"/chair/polls/{poll.id}/close")
    assert response.headers["Location"].endswith(f"/chair/polls/{poll.id}/result")
    page = client.get(f"/chair/polls/{poll.id}/result").get_data(as_text=True)
    # absolute majority of Ja+Nein (BGB § 32): Anna 2 > 3/2, Bernd 1 < 3/2
    assert result_rows(page) == [
        ("Anna Albrecht", "gewählt (Sitz 1)", "2", "1", "1", "&gt; 1,5"),
        ("Bernd Brandt", "nicht gewählt", "1", "2", "1", "&gt; 1,5")]
    client.get("/language/en")
    english = client.get(f"/chair/polls/{poll.id}/result").get_data(as_text=True)
    assert re.findall(r"Threshold <b>([^<]+)</b>", english) == ["&gt; 1.5", "&gt; 1.5"]
    client.get("/language/de")
    panel = client.get(f"/chair/polls/{poll.id}/round").get_data(as_text=True)
    assert ('<p id="election-complete">Die Wahl ist abgeschlossen: jeder Platz ist besetzt '
            'oder bleibt nach den Regeln frei.</p>') in panel


def test_open_twice_shows_the_lifecycle_error(app, client):
    conference = make_conference()
    make_voter(conference, "D1")
    login(client)
    client.post("/chair/polls/motion/new", data={"title": "A2", "preset": "motion-simple"})
    poll = only_poll()
    client.post(f"/chair/polls/{poll.id}/open")
    client.post(f"/chair/polls/{poll.id}/open")
    page = client.get("/chair/").get_data(as_text=True)
    assert 'class="flash flash-error"' in page
    db.session.refresh(poll)
    assert poll.state == "open"


def test_result_before_close_redirects_with_message(app, client):
    conference = make_conference()
    login(client)
    client.post("/chair/polls/motion/new", data={"title": "A3", "preset": "motion-simple"})
    poll = only_poll()
    response = client.get(f"/chair/polls/{poll.id}/result")
    assert response.status_code == 302
    assert "noch kein Ergebnis" in client.get("/chair/").get_data(as_text=True)
    assert conference.id == poll.conference_id


def test_delete_draft_from_dashboard(app, client):
    make_conference()
    login(client)
    client.post("/chair/polls/motion/new", data={"title": "A4", "preset": "motion-simple"})
    poll = only_poll()
    client.post(f"/chair/polls/{poll.id}/delete")
    assert db.session.scalars(db.select(Poll)).all() == []
