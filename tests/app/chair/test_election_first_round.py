"""The first round as the rules say: the women's round first where a preset demands it (and the
mixed round after it), one general round otherwise, the same ballot order in every round; the
service and the demo seed start it the same way."""

from __future__ import annotations

import pytest

from app.enums import PollState
from app.extensions import db
from app.models import Election, Poll
from app.services.demo import seed_demo_conference
from app.services.elections import rounds
from app.services.polls import manage as polls
from app.services.polls.lifecycle import open_poll
from tests.app.chair.election_factories import (
    MEN,
    WOMEN,
    close_on_paper,
    names,
    new_election,
    nominate,
)
from tests.app.chair.helpers import make_conference
from tests.app.vote.factories import make_delegate


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


@pytest.mark.parametrize(("preset", "people", "seats", "plan"), [
    ("gruene-list", [("Ute Abel", "Frau"), ("Tom Berg", "offen"), ("Eva Cord", "Frau")], 2,
     "Ein Wahlgang für 2 Plätze mit 3 Kandidaturen."),
    ("spd-quota", [("Ute Abel", "Frau"), ("Tom Berg", "Mann"), ("Eva Cord", "Frau"),
                   ("Kai Dorn", "Mann")], 3, "Ein Wahlgang für 3 Plätze mit 4 Kandidaturen."),
    ("cdu-group", [("Ute Abel", "Frau"), ("Tom Berg", "offen"), ("Kai Dorn", "offen")], 3,
     "Ein Wahlgang für 3 Plätze mit 3 Kandidaturen."),
    ("association", [("Ute Abel", ""), ("Tom Berg", "")], 1,
     "Ein Wahlgang für 1 Platz mit 2 Kandidaturen."),
])
def test_other_presets_start_one_general_round_of_everyone(chair, client, preset, people, seats,
                                                           plan):
    election = new_election(client, preset=preset, seats=seats, title="Vorstand")
    nominate(client, election, people)
    page = client.get(f"/chair/elections/{election.id}").get_data(as_text=True)
    assert f'<p id="plan">{plan}</p>' in page
    assert 'name="first_round"' not in page  # nothing to choose without a women's round
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
