"""The chair's round page: paper totals, lot, next round, void, acceptance, hall turnout."""

from __future__ import annotations

from app.enums import PollState
from app.extensions import db
from app.models import AuditEvent, Candidate, Election, LotDraw, Poll
from app.services.accounts import create_user
from app.services.elections import rounds
from app.services.polls.lifecycle import open_poll
from tests.app.vote.factories import Phone, make_conference, make_delegate


def login_chair(client) -> None:
    create_user("chair-user", "geheim-genug", "chair")
    assert client.post("/login", data={"username": "chair-user",
                                       "password": "geheim-genug"}).status_code == 302


def make_women_round(n_present: int = 10, *, paper: bool = True):
    """4 women and 2 men for 4 seats (DIE LINKE, tie by lot by decision): women's round 2 seats."""
    conference = make_conference("Kreisparteitag Rundentest")
    phones = [Phone(None, make_delegate(conference, f"D{i}")[1]) for i in range(n_present)]
    election = Election(conference_id=conference.id, title="Delegierte", preset="linke-delegates",
                        seats=4)
    db.session.add(election)
    db.session.flush()
    for name, group in (("Ada", "Frau"), ("Bea", "Frau"), ("Cleo", "Frau"), ("Dana", "Frau"),
                        ("Emil", "offen"), ("Fritz", "offen")):
        db.session.add(Candidate(election_id=election.id, name=name, quota_group=group))
    db.session.commit()
    rounds.set_election_rules(election.id, {"tie": "lot"}, "Los bei Gleichstand.")
    poll = open_poll(rounds.create_first_round(election.id, paper=paper).id)
    return conference, election, poll, phones


def ids(poll: Poll) -> dict[str, str]:
    return {c["name"]: c["id"] for c in poll.contest["candidates"]}


def test_paper_round_tie_lot_then_mixed_round_in_one_click(app, client):
    conference, election, poll, _ = make_women_round()
    login_chair(client)
    c = ids(poll)
    # 10 ballots, 2 seats (≤ 20 Ja): Ada 7, Bea 5, Cleo 5, Dana 1 → Bea/Cleo tie for seat 2.
    form = {"issued": "10", "cast": "10", "invalid": "0", "entered_by": "WK"}
    for name, yes in (("Ada", 7), ("Bea", 5), ("Cleo", 5), ("Dana", 1)):
        form.update({f"{c[name]}-Y": str(yes), f"{c[name]}-N": "0", f"{c[name]}-A": str(10 - yes)})
    page = client.post(f"/chair/polls/{poll.id}/round/paper", data=form, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Papierergebnis erfasst und ausgezählt." in text
    assert "Los ziehen" in text

    page = client.post(f"/chair/polls/{poll.id}/round/lot", data={"public_value": "17"},
                       follow_redirects=True)
    assert "Los gezogen; das Ergebnis ist neu berechnet." in page.get_data(as_text=True)
    lot = db.session.scalar(db.select(LotDraw))
    assert lot.public_value == "17" and len(lot.audit_head) == 64
    db.session.expire_all()
    poll = db.session.get(Poll, poll.id)
    assert poll.result["status"] == "final" and len(poll.result["elected"]) == 2

    page = client.post(f"/chair/polls/{poll.id}/round/next", data={"paper": "1"},
                       follow_redirects=True)
    assert "Neuer Wahlgang angelegt" in page.get_data(as_text=True)
    mixed = db.session.scalar(db.select(Poll).where(Poll.id != poll.id))
    assert mixed.contest["round"] == {"number": 2, "kind": "mixed"}
    assert mixed.contest["seats"] == 2
    loser = "Bea" if poll.result["elected"][1] == c["Cleo"] else "Cleo"
    assert sorted(x["name"] for x in mixed.contest["candidates"]) == sorted(
        [loser, "Dana", "Emil", "Fritz"])


def test_paper_totals_errors_are_flashed_and_change_nothing(app, client):
    conference, election, poll, _ = make_women_round(n_present=10)
    login_chair(client)
    before = db.session.scalar(db.select(db.func.count()).select_from(AuditEvent))
    page = client.post(f"/chair/polls/{poll.id}/round/paper",
                       data={"issued": "11", "cast": "12", "invalid": "x"}, follow_redirects=True)
    assert ("„x“ bei „ungültige Stimmzettel“: bitte eine ganze Zahl ab 0 eintragen."
            in page.get_data(as_text=True))
    page = client.post(f"/chair/polls/{poll.id}/round/paper",
                       data={"issued": "11", "cast": "12", "invalid": "0"}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Es wurden 12 Stimmzettel abgegeben, aber nur 11 ausgegeben." in text
    assert "Es wurden 11 Stimmzettel ausgegeben, aber nur 10 Stimmberechtigte waren anwesend." \
        in text
    db.session.expire_all()
    assert db.session.get(Poll, poll.id).state == PollState.OPEN.value
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)) == before


def test_void_round_then_repeat(app, client):
    conference, election, poll, _ = make_women_round()
    login_chair(client)
    c = ids(poll)
    form = {"issued": "10", "cast": "10", "invalid": "0"}
    for name, yes in (("Ada", 8), ("Bea", 6), ("Cleo", 4), ("Dana", 1)):
        form.update({f"{c[name]}-Y": str(yes), f"{c[name]}-N": "0", f"{c[name]}-A": str(10 - yes)})
    client.post(f"/chair/polls/{poll.id}/round/paper", data=form)
    page = client.post(f"/chair/polls/{poll.id}/round/void",
                       data={"reason": "11 Stimmzettel in der Urne gefunden"},
                       follow_redirects=True)
    assert "Der Wahlgang ist für ungültig erklärt." in page.get_data(as_text=True)
    voided = db.session.scalar(db.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1))
    assert voided.type == "poll_voided"
    client.post(f"/chair/polls/{poll.id}/round/next", data={})
    repeat = db.session.scalar(db.select(Poll).where(Poll.id != poll.id))
    assert repeat.contest["round"]["kind"] == "repeat"
    assert repeat.contest["round"]["base_kind"] == "women"
    assert sorted(x["name"] for x in repeat.contest["candidates"]) == ["Ada", "Bea", "Cleo", "Dana"]


def test_hall_turnout_counts_only(app, client):
    conference, election, poll, phones = make_women_round(n_present=3, paper=False)
    login_chair(client)
    for phone in phones[:2]:
        phone.client = client
        phone.fetch_credential(poll)
    phones[0].cast(poll, {"marks": {ids(poll)["Ada"]: "Y"}})
    data = client.get(f"/chair/polls/{poll.id}/turnout.json").get_json()
    assert data == {"poll": poll.public_id, "state": "open", "paper": False, "cast": 1,
                    "issued": 2, "paper_issued": 0, "present": 3,
                    "text": "1 von 3 hat abgestimmt",
                    "closed": False, "close_question": (
                        f"„{poll.title}“: 1 von 3 hat abgestimmt – trotzdem "
                        "schließen und auszählen? Danach kann niemand mehr abstimmen; das lässt "
                        "sich nicht rückgängig machen.")}
    page = client.get(f"/chair/polls/{poll.id}/hall").get_data(as_text=True)
    assert "1 von 3 hat abgestimmt" in page and "Ada" in page and "js/hall.js" in page


def test_closing_asks_with_the_turnout_on_the_overview_and_the_round_page(app, client):
    conference, election, poll, phones = make_women_round(n_present=3, paper=False)
    login_chair(client)
    for phone in phones:
        phone.client = client
        phone.fetch_credential(poll)
    phones[0].cast(poll, {"marks": {ids(poll)["Ada"]: "Y"}})

    overview = client.get("/chair/").get_data(as_text=True)
    panel = client.get(f"/chair/polls/{poll.id}/round").get_data(as_text=True)
    for phone in phones[1:]:
        phone.cast(poll, {"marks": {ids(poll)["Bea"]: "Y"}})
    all_voted = client.get(f"/chair/polls/{poll.id}/round").get_data(as_text=True)

    question = "1 von 3 hat abgestimmt – trotzdem schließen und auszählen?"
    close = f'action="/chair/polls/{poll.id}/close" class="inline" data-confirm="'
    assert f"{close}„{poll.title}“: {question}" in overview
    assert 'data-key="close"' in overview
    assert f"{close}„{poll.title}“: {question}" in panel
    assert f"„{poll.title}“: alle 3 haben abgestimmt. Jetzt schließen" in all_voted


def test_closing_question_in_english(app, client):
    conference, election, poll, phones = make_women_round(n_present=3, paper=False)
    login_chair(client)
    client.get("/language/en")

    data = client.get(f"/chair/polls/{poll.id}/turnout.json").get_json()

    assert data["text"] == "0 of 3 have voted"
    assert "0 of 3 have voted – close and count anyway?" in data["close_question"]
