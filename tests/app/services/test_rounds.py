"""Rounds of an election at service level: the first round as the rules say or as the chair
chose it under a women-first quota, and which round one click creates after each."""

from __future__ import annotations

import json

import pytest

from app.extensions import db
from app.models import AuditEvent, Candidate, Election, Poll
from app.services.elections import rounds
from app.services.polls.lifecycle import open_poll
from app.services.protocol import build as protocol
from tests.app.chair.election_factories import MEN, WOMEN, close_on_paper, names
from tests.app.vote.factories import make_conference, make_delegate


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


def make_election(people, *, seats: int, preset: str = "linke-delegates",
                  present: int = 10) -> Election:
    conference = make_conference()
    for i in range(present):
        make_delegate(conference, f"Delegierte {i}")
    election = Election(conference_id=conference.id, title="Wahl", preset=preset, seats=seats)
    db.session.add(election)
    db.session.flush()
    db.session.add_all(Candidate(election_id=election.id, name=name, quota_group=group)
                       for name, group in people)
    db.session.commit()
    return election


def shape(poll: Poll) -> tuple[str, int, list[str]]:
    return poll.contest["round"]["kind"], poll.contest["seats"], names(poll)


ALL = ["Zora Adler", "Xaver Bauer", "Bea Maier", "Carl Yilmaz", "Anna Zimmer"]
THE_WOMEN = ["Zora Adler", "Bea Maier", "Anna Zimmer"]


@pytest.mark.parametrize(("kind", "people", "expected"), [
    (None, [*WOMEN, *MEN], ("women", 2, THE_WOMEN)),
    ("mixed", [*WOMEN, *MEN], ("mixed", 4, ALL)),
    ("women", WOMEN, ("women", 4, THE_WOMEN)),
])
def test_first_round_as_the_rules_say_or_as_chosen(app, kind, people, expected):
    election = make_election(people, seats=4)
    poll = rounds.create_first_round(election.id, kind=kind)
    assert shape(poll) == expected
    assert poll.contest["round"]["number"] == 1
    assert db.session.get(Election, election.id).first_round_kind == kind


@pytest.mark.parametrize(("preset", "people", "kind", "message"), [
    ("linke-delegates", WOMEN, "general", "Unbekannte Art des ersten Wahlgangs: „general“."),
    ("linke-delegates", WOMEN, "", "Unbekannte Art des ersten Wahlgangs: „“."),
    ("association", WOMEN, "women", "Unter diesen Regeln gibt es keinen Frauenwahlgang"),
    ("linke-delegates", [*WOMEN, *MEN], "women",
     "Im Frauenwahlgang für alle Plätze kandidieren nur Frauen .Gruppe „Frau“.; nicht in "
     "dieser Gruppe: Xaver Bauer, Carl Yilmaz."),
    ("linke-delegates", MEN, None, "Für diesen Wahlgang kandidiert niemand."),
])
def test_first_round_refused_stores_nothing(app, preset, people, kind, message):
    election = make_election(people, seats=2, preset=preset)
    with pytest.raises(rounds.RoundError, match=message):
        rounds.create_first_round(election.id, kind=kind)
    db.session.rollback()
    assert db.session.scalars(db.select(Poll)).all() == []
    assert db.session.get(Election, election.id).first_round_kind is None


def test_womens_round_for_all_seats_ends_the_election_even_with_a_vacant_seat(app):
    election = make_election(WOMEN, seats=3)
    poll = rounds.create_first_round(election.id, kind="women", paper=True)
    with pytest.raises(rounds.RoundError, match="Alle Plätze dieser Wahl waren Frauenplätze"):
        rounds.create_parallel_mixed_round(poll.id)
    poll = close_on_paper(open_poll(poll.id), {"Zora Adler": 8, "Bea Maier": 6,
                                               "Anna Zimmer": 0})
    assert [s["status"] for s in poll.result["seats"]] == ["filled", "filled", "vacant"]
    assert rounds.next_round_kind(poll) is None
    with pytest.raises(rounds.RoundError, match="es folgt kein gemischter Wahlgang. Die Wahl "
                                                "ist abgeschlossen."):
        rounds.create_next_round(poll.id)
    assert db.session.scalar(db.select(db.func.count()).select_from(Poll)) == 1


def test_one_seat_under_the_rules_is_a_womens_seat_and_no_mixed_round_follows(app):
    election = make_election([*WOMEN, *MEN], seats=1)
    poll = rounds.create_first_round(election.id, paper=True)
    assert shape(poll) == ("women", 1, THE_WOMEN)
    poll = close_on_paper(open_poll(poll.id), {"Zora Adler": 7, "Bea Maier": 2,
                                               "Anna Zimmer": 1})
    assert rounds.next_round_kind(poll) is None
    with pytest.raises(rounds.RoundError, match="Alle Plätze dieser Wahl waren Frauenplätze"):
        rounds.create_next_round(poll.id)


def test_mixed_round_only_continues_with_further_mixed_rounds(app):
    election = make_election([*WOMEN, *MEN], seats=3)
    poll = rounds.create_first_round(election.id, kind="mixed", paper=True)
    poll = close_on_paper(open_poll(poll.id), {"Zora Adler": 6, "Xaver Bauer": 5,
                                               "Bea Maier": 0, "Carl Yilmaz": 0,
                                               "Anna Zimmer": 0})
    assert [s["type"] for s in poll.result["seats"]] == ["mixed"] * 3
    assert rounds.next_round_kind(poll) == "further"
    further = rounds.create_next_round(poll.id, paper=True)
    assert shape(further) == ("further", 1, ["Bea Maier", "Carl Yilmaz", "Anna Zimmer"])
    assert further.contest["round"]["base_kind"] == "mixed"
    further = close_on_paper(open_poll(further.id), {"Bea Maier": 4, "Carl Yilmaz": 1,
                                                     "Anna Zimmer": 2})
    assert rounds.next_round_kind(further) is None
    with pytest.raises(rounds.RoundError, match="Die Wahl ist abgeschlossen: jeder Platz ist "
                                                "besetzt oder bleibt nach den Regeln frei."):
        rounds.create_next_round(further.id)


def test_mixed_round_follows_a_runoff_in_the_womens_round(app):
    election = make_election([*WOMEN, *MEN], seats=4)
    women = rounds.create_first_round(election.id, paper=True)
    women = close_on_paper(open_poll(women.id), {"Zora Adler": 7, "Bea Maier": 5,
                                                 "Anna Zimmer": 5})
    assert women.result["status"] == "runoff_needed"
    assert rounds.next_round_kind(women) == "runoff"
    runoff = rounds.create_next_round(women.id, paper=True)
    assert shape(runoff) == ("runoff", 1, ["Bea Maier", "Anna Zimmer"])
    runoff = close_on_paper(open_poll(runoff.id), {"Bea Maier": 6, "Anna Zimmer": 3})
    assert rounds.next_round_kind(runoff) == "mixed"
    mixed = rounds.create_next_round(runoff.id, paper=True)
    # Zora (round 1) and Bea (runoff) hold the women's seats; Anna moves over
    assert shape(mixed) == ("mixed", 2, ["Xaver Bauer", "Carl Yilmaz", "Anna Zimmer"])


def test_lot_first_before_any_next_round(app):
    election = make_election([*WOMEN, *MEN], seats=4)
    rounds.set_election_rules(election.id, {"tie": "lot"}, "Los bei Gleichstand.")
    women = rounds.create_first_round(election.id, paper=True)
    women = close_on_paper(open_poll(women.id), {"Zora Adler": 7, "Bea Maier": 5,
                                                 "Anna Zimmer": 5})
    assert women.result["status"] == "lot_needed"
    assert rounds.next_round_kind(women) is None
    with pytest.raises(rounds.RoundError, match="Erst das Los ziehen"):
        rounds.create_next_round(women.id)


def test_protocol_and_audit_record_the_chosen_round_kind(app):
    election = make_election([*WOMEN, *MEN], seats=2)
    poll = rounds.create_first_round(election.id, kind="mixed", paper=True)
    poll = close_on_paper(open_poll(poll.id), {"Zora Adler": 6, "Xaver Bauer": 5,
                                               "Bea Maier": 0, "Carl Yilmaz": 0,
                                               "Anna Zimmer": 0})
    opened = db.session.scalar(db.select(AuditEvent).where(AuditEvent.type == "poll_opened"))
    assert json.loads(opened.line)["data"]["contest"]["round"] == {"number": 1, "kind": "mixed"}
    item = protocol.build_protocol(election.conference_id, election_id=election.id)["items"][0]
    (recorded,) = item["rounds"]
    assert recorded["round"] == {"number": 1, "kind": "mixed"}
    assert recorded["title"] == "Wahl – 1. Wahlgang (gemischter Wahlgang)"
    assert recorded["seats"] == 2
    assert [s["type"] for s in recorded["seats_result"]] == ["mixed", "mixed"]
