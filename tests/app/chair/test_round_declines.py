"""QA's session on the chair's pages, click by click: "Delegierte zum Bundesparteitag", 3 seats
(DIE LINKE delegates: 2 women's seats, 1 mixed seat); Aylin, Clara, Elif (Frau), Bernd,
Dmitri (offen); women's round Aylin 6, Clara 6, Elif 3; Aylin accepts, Clara declines.

The round page, the result page and the projector say who moved up; the mixed round is only
for those without a seat; a seat left vacant after a decline gets a further round from the
round page; a new draft round can be opened from its page."""

from __future__ import annotations

import html
import re

from app.extensions import db
from app.models import Candidate, Election, Poll
from tests.app.chair.election_factories import new_election, nominate
from tests.app.vote.factories import make_delegate

AYLIN, CLARA, ELIF, FATMA = "Aylin Kaya", "Clara Weber", "Elif Yıldız", "Fatma Öztürk"
BERND, DMITRI = "Bernd Schulz", "Dmitri Petrow"
PEOPLE = [(AYLIN, "Frau"), (CLARA, "Frau"), (ELIF, "Frau"), (BERND, "offen"), (DMITRI, "offen")]


def text_of(page) -> str:
    """The page's text without tags, whitespace collapsed (what a reader sees)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.get_data(as_text=True))).split())


def latest_round() -> Poll:
    return db.session.scalar(db.select(Poll).order_by(Poll.id.desc()))


def open_and_count(client, poll: Poll, yes: dict[str, int]) -> str:
    """Open the draft from its page and enter the commission's totals (10 ballots, no Nein)."""
    page = client.post(f"/chair/polls/{poll.id}/round/open", follow_redirects=True)
    assert "ist geöffnet (10 stimmberechtigt anwesend)" in text_of(page)
    ids = {c["name"]: c["id"] for c in poll.contest["candidates"]}
    form = {"issued": "10", "cast": "10", "invalid": "0", "entered_by": "WK"}
    for name, cid in ids.items():
        form.update({f"{cid}-Y": str(yes.get(name, 0)), f"{cid}-N": "0",
                     f"{cid}-A": str(10 - yes.get(name, 0))})
    page = client.post(f"/chair/polls/{poll.id}/round/paper", data=form, follow_redirects=True)
    text = text_of(page)
    assert "Papierergebnis erfasst und ausgezählt." in text
    return text


def answer(client, election: Election, poll: Poll, name: str, value: str) -> str:
    row = db.session.scalar(db.select(Candidate.id).where(Candidate.election_id == election.id,
                                                          Candidate.name == name))
    return text_of(client.post(f"/chair/elections/{election.id}/acceptance/{row}",
                               data={"accepted": value, "back": f"/chair/polls/{poll.id}/round"},
                               follow_redirects=True))


def start(client, chair, people=PEOPLE) -> tuple[Election, Poll]:
    for i in range(10):
        make_delegate(chair, f"Delegierte {i}")
    election = new_election(client, seats=3, title="Delegierte zum Bundesparteitag")
    nominate(client, election, people)
    client.post(f"/chair/elections/{election.id}/start", data={"paper": "1"})
    return election, latest_round()


def test_a_draft_round_is_opened_from_its_page_after_a_question(chair, client):
    _election, women = start(client, chair)
    page = client.get(f"/chair/polls/{women.id}/round").get_data(as_text=True)
    assert 'data-confirm="„Delegierte zum Bundesparteitag – 1. Wahlgang (Frauenwahlgang)“ jetzt ' \
           'öffnen? Anwesend sind 10 Stimmberechtigte."' in page
    assert f'action="/chair/polls/{women.id}/round/open"' in page

    text = text_of(client.post(f"/chair/polls/{women.id}/round/open", follow_redirects=True))

    assert "ist geöffnet (10 stimmberechtigt anwesend)" in text
    assert db.session.get(Poll, women.id).state == "open"
    assert f"/chair/polls/{women.id}/round/open" not in client.get(
        f"/chair/polls/{women.id}/round").get_data(as_text=True)


def test_qa_session_decline_moves_elif_up_and_the_mixed_round_is_for_the_men(chair, client):
    election, women = start(client, chair)
    open_and_count(client, women, {AYLIN: 6, CLARA: 6, ELIF: 3})
    assert "Erfasst: Aylin Kaya nimmt die Wahl an." in answer(client, election, women, AYLIN, "1")

    text = answer(client, election, women, CLARA, "0")

    assert f"Erfasst: {CLARA} lehnt die Wahl ab. {ELIF} rückt nach." in text
    assert f"{ELIF} – Frauenplatz 2 (nachgerückt für {CLARA}):" in text
    assert f"Abgelehnt: {CLARA} (Frauenplatz 2)" in text
    result = text_of(client.get(f"/chair/polls/{women.id}/result"))
    assert f"Frauenplatz 2 : {ELIF} abgelehnt: {CLARA} – nachgerückt: {ELIF}" in result
    assert f"{CLARA} (Frau) gewählt (Frauenplatz 2) – lehnt ab" in result
    assert "Ersatzliste Frau –" in result  # Elif left the list
    projector = text_of(client.get(f"/chair/polls/{women.id}/projector"))
    assert f"{CLARA} gewählt (Frauenplatz 2) – lehnt ab" in projector
    assert f"{ELIF} Ersatz (Platz 1) – nachgerückt: Frauenplatz 2 (1. Wahlgang)" in projector

    client.post(f"/chair/polls/{women.id}/round/next", data={"paper": "1"})
    mixed = latest_round()
    assert sorted(c["name"] for c in mixed.contest["candidates"]) == [BERND, DMITRI]
    text = open_and_count(client, mixed, {DMITRI: 7, BERND: 2})

    assert re.search(rf"{AYLIN} – Frauenplatz 1: nimmt an {ELIF} – Frauenplatz 2 "
                     rf"\(nachgerückt für {CLARA}\): .* {DMITRI} – gemischter Platz 1:", text)
    assert "Die Wahl ist abgeschlossen" in text and "unbesetzt" not in text
    assert 'id="next-round"' not in client.get(f"/chair/polls/{mixed.id}/round").get_data(
        as_text=True)


def test_a_seat_left_vacant_is_filled_by_a_further_round_from_the_round_page(chair, client):
    election, women = start(client, chair)
    open_and_count(client, women, {AYLIN: 6, CLARA: 6, ELIF: 3})
    client.post(f"/chair/polls/{women.id}/round/next", data={"paper": "1"})
    mixed = latest_round()  # created before Clara answers: Elif runs and wins
    open_and_count(client, mixed, {ELIF: 7, DMITRI: 3})

    text = answer(client, election, mixed, CLARA, "0")

    assert "Niemand kann nachrücken; der Sitz bleibt unbesetzt." in text
    assert f"Unbesetzt nach Ablehnung Frauenplatz 2 (1. Wahlgang; abgelehnt: {CLARA})" in text
    assert "Niemand auf der Liste kann für diese Plätze noch kandidieren." in text
    assert "Weiteren Wahlgang für 1 unbesetzten Frauenplatz anlegen" in text
    assert "Die Wahl ist abgeschlossen" not in text
    assert f"unbesetzt: Frauenplatz 2 – {CLARA} hat die Wahl nicht angenommen" in text
    result = text_of(client.get(f"/chair/polls/{women.id}/result"))
    assert f"abgelehnt: {CLARA} – keine Ersatzperson, unbesetzt" in result
    assert f"{ELIF} (Frau) Ersatz (Platz 1) – gewählt im 2. Wahlgang: gemischter Platz 1" \
        in result

    english = text_of(client.get(f"/chair/polls/{mixed.id}/round?lang=en"))
    assert f"Vacant after a decline women's seat 2 (round 1; declined: {CLARA})" in english
    assert "Create a further round for 1 vacant women's seat" in english
    assert "Nobody on the list can still run for these seats." in english
    for german in ("Unbesetzt", "Weiteren Wahlgang", "Niemand", "Kandidaturen", "abgelehnt"):
        assert german not in english
    english = text_of(client.get(f"/chair/polls/{women.id}/result?lang=en"))
    assert f"women's seat 2 : – declined: {CLARA} – no substitute, vacant" in english

    back = f"/chair/polls/{mixed.id}/round"
    text = text_of(client.post(f"/chair/elections/{election.id}/refill",
                               data={"kind": "women", "back": back}, follow_redirects=True))
    assert ("Für den unbesetzten Sitz kandidiert niemand mehr: bitte neue Kandidaturen "
            "eintragen.") in text
    assert latest_round().id == mixed.id

    text = text_of(client.post(f"/chair/elections/{election.id}/refill",
                               data={"kind": "women", "back": back, "paper": "1",
                                     "nominations": FATMA}, follow_redirects=True))
    refill = latest_round()
    assert ("Neuer Wahlgang angelegt: Delegierte zum Bundesparteitag – 3. Wahlgang (weiterer "
            "Wahlgang)") in text
    assert [c["name"] for c in refill.contest["candidates"]] == [FATMA]
    text = open_and_count(client, refill, {FATMA: 8})

    # seat order: the refilled women's seat before the mixed seat
    assert re.search(rf"{AYLIN} – Frauenplatz 1: .* {FATMA} – Frauenplatz 2: .* "
                     rf"{ELIF} – gemischter Platz 1:", text)
    assert "Unbesetzt nach Ablehnung" not in text and "unbesetzt:" not in text
    assert "Die Wahl ist abgeschlossen" in text
    result = text_of(client.get(f"/chair/polls/{women.id}/result"))
    assert f"Frauenplatz 2 : {FATMA} abgelehnt: {CLARA} – besetzt im 3. Wahlgang: {FATMA}" \
        in result


def test_the_chairs_refusals_are_in_the_page_language(chair, client):
    _election, women = start(client, chair)
    open_and_count(client, women, {AYLIN: 6, CLARA: 6, ELIF: 3})

    german = text_of(client.post(f"/chair/polls/{women.id}/round/next",
                                 data={"kind": "further"}, follow_redirects=True))
    english = text_of(client.post(f"/chair/polls/{women.id}/round/next?lang=en",
                                  data={"kind": "further"}, follow_redirects=True))

    assert ("Nach diesem Wahlgang kann nur „gemischter Wahlgang“ angelegt werden, nicht "
            "„weiterer Wahlgang“.") in german
    assert "After this round only a “mixed round” can be created, not “further round”." \
        in english
    for text in (german, english):
        assert "next_round" not in text
    assert latest_round().id == women.id
