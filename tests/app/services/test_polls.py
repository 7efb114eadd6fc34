"""Motions and elections as DRAFT polls and their contest dicts (Contract 2)."""

from __future__ import annotations

import pytest

from app.enums import PollState
from app.extensions import db
from app.models import Candidate, Election, Poll
from app.services.polls import manage as polls
from ballots.contest import contest_from_dict
from tests.app.chair.helpers import make_conference


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


def test_create_motion_builds_the_contest(app):
    conference = make_conference()
    poll = polls.create_motion(conference.id, title="  Antrag A1:  Satzung ",
                               preset="motion-two-thirds")
    assert poll.contest == {
        "kind": "motion",
        "title": "Antrag A1: Satzung",
        "rules": {"preset": "motion-two-thirds", "overrides": {}},
        "seats": 1,
        "candidates": [{"id": "motion", "name": "Antrag A1: Satzung", "group": ""}],
        "round": {"number": 1, "kind": "general"},
    }
    assert (poll.kind, poll.state, poll.conference_id) == ("motion", "draft", conference.id)
    assert len(poll.public_id) == 16
    assert contest_from_dict(poll.contest).ids == ("motion",)


def test_create_motion_refuses_unknown_preset_and_empty_title(app):
    conference = make_conference()
    with pytest.raises(polls.PollError, match="Unbekannte Regel-Vorlage „linke-delegates“"):
        polls.create_motion(conference.id, title="A1", preset="linke-delegates")
    with pytest.raises(polls.PollError, match="Der Titel fehlt."):
        polls.create_motion(conference.id, title="  ", preset="motion-simple")
    assert db.session.scalars(db.select(Poll)).all() == []


def test_create_election_sorts_candidates_and_uses_stable_ids(app):
    conference = make_conference()
    poll = polls.create_election(
        conference.id, title="Vorstand", preset="association", seats=2,
        candidates=[("Özlem Zeller", "Frau"), ("Bernd Adler", "Mann"), ("Ute Abel", "Frau")],
    )
    ids = {c.name: f"C{c.id}" for c in db.session.scalars(db.select(Candidate))}
    assert poll.contest == {
        "kind": "election",
        "title": "Vorstand",
        "rules": {"preset": "association", "overrides": {}},
        "seats": 2,
        "candidates": [
            {"id": ids["Ute Abel"], "name": "Ute Abel", "group": "Frau"},
            {"id": ids["Bernd Adler"], "name": "Bernd Adler", "group": "Mann"},
            {"id": ids["Özlem Zeller"], "name": "Özlem Zeller", "group": "Frau"},
        ],
        "round": {"number": 1, "kind": "general"},
    }
    election = db.session.scalar(db.select(Election))
    assert (election.title, election.preset, election.seats) == ("Vorstand", "association", 2)
    assert poll.election_id == election.id


def test_create_election_women_round_refuses_other_groups(app):
    conference = make_conference()
    with pytest.raises(polls.PollError, match="Im Frauenwahlgang für alle Plätze kandidieren "
                       "nur Frauen .Gruppe „Frau“.; nicht in dieser Gruppe: Bernd."):
        polls.create_election(conference.id, title="Delegierte", preset="linke-delegates",
                              seats=2, candidates=[("Anna", "Frau"), ("Bernd", "offen")],
                              round_kind="women")
    assert db.session.scalars(db.select(Election)).all() == []
    assert db.session.scalars(db.select(Candidate)).all() == []


def test_create_election_women_first_preset_needs_a_quota_round(app):
    conference = make_conference()
    with pytest.raises(polls.PollError, match="Unbekannte Art des ersten Wahlgangs: „general“"):
        polls.create_election(conference.id, title="Delegierte", preset="linke-delegates",
                              seats=2, candidates=[("Anna", "Frau")], round_kind="general")


def test_create_election_refuses_bad_seats(app):
    conference = make_conference()
    with pytest.raises(polls.PollError, match="zwischen 1 und 500"):
        polls.create_election(conference.id, title="V", preset="association", seats=0,
                              candidates=[("Anna", "")])


def test_parse_candidate_lines():
    assert polls.parse_candidate_lines("Anna Beispiel; w\n\n Bernd ;offen\nCarla") == [
        ("Anna Beispiel", "Frau"), ("Bernd", "offen"), ("Carla", "")]
    with pytest.raises(polls.PollError, match="Zeile 2: „anna“ steht doppelt"):
        polls.parse_candidate_lines("Anna\nanna")
    with pytest.raises(polls.PollError, match="Zeile 1: der Name fehlt."):
        polls.parse_candidate_lines("; Frau")
    with pytest.raises(polls.PollError, match="Mindestens eine Kandidatur"):
        polls.parse_candidate_lines(" \n ")


def test_delete_draft_removes_election_and_candidates(app):
    conference = make_conference()
    poll = polls.create_election(conference.id, title="V", preset="association", seats=1,
                                 candidates=[("Anna", "")])
    polls.delete_draft(conference.id, poll.id)
    assert db.session.scalars(db.select(Poll)).all() == []
    assert db.session.scalars(db.select(Election)).all() == []
    assert db.session.scalars(db.select(Candidate)).all() == []


def test_delete_refuses_open_poll(app):
    conference = make_conference()
    poll = polls.create_motion(conference.id, title="A1", preset="motion-simple")
    poll.state = PollState.OPEN.value
    db.session.commit()
    with pytest.raises(polls.PollError, match="Nur Entwürfe"):
        polls.delete_draft(conference.id, poll.id)
    assert db.session.get(Poll, poll.id) is not None
