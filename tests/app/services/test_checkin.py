"""Who may vote right now, substitutes taking over a vote, and the counts."""

from __future__ import annotations

import itertools

import pytest

from app.extensions import db
from app.models import Delegate
from app.services.conference import RosterCounts, roster_counts
from app.services.roster import checkin
from tests.app.chair.helpers import make_conference, make_delegate


@pytest.fixture(autouse=True)
def _request(app):
    """Messages are translated per request (flask_babel), as in the app."""
    with app.test_request_context():
        yield


def test_regular_delegate_votes_only_when_present_with_voting_right(app):
    conference = make_conference()
    cases = {
        ("a", True, True): True,
        ("b", True, False): False,
        ("c", False, True): False,
        ("d", False, False): False,
    }
    for (name, present, has_vote), expected in cases.items():
        delegate = make_delegate(conference, name, present=present, has_vote=has_vote)
        assert checkin.is_entitled_now(delegate) is expected, name


def test_substitute_without_transfer_does_not_vote(app):
    conference = make_conference()
    sub = make_delegate(conference, "Ersatz", present=True, has_vote=True, is_substitute=True)
    assert checkin.is_entitled_now(sub) is False


def test_transfer_moves_the_vote_and_ending_it_moves_it_back(app):
    conference = make_conference()
    absent = make_delegate(conference, "Abwesend", present=False)
    sub = make_delegate(conference, "Ersatz", present=True, is_substitute=True)
    checkin.transfer_vote(conference.id, sub.id, absent.id)
    assert sub.represents_id == absent.id
    assert sub.transferred_at is not None
    assert checkin.is_entitled_now(sub) is True
    assert roster_counts(conference.id).entitled_now == 1
    checkin.end_transfer(conference.id, sub.id)
    assert (sub.represents_id, sub.transferred_at) == (None, None)
    assert checkin.is_entitled_now(sub) is False
    assert roster_counts(conference.id).entitled_now == 0


def test_represented_delegate_cannot_check_in(app):
    conference = make_conference()
    absent = make_delegate(conference, "Abwesend", present=False)
    sub = make_delegate(conference, "Ersatz", present=True, is_substitute=True)
    checkin.transfer_vote(conference.id, sub.id, absent.id)
    with pytest.raises(checkin.CheckinError) as info:
        checkin.set_present(conference.id, absent.id, True)
    assert str(info.value) == ("Abwesend wird gerade von Ersatz vertreten. Erst die "
                               "Stimmübertragung beenden, dann einchecken.")
    db.session.refresh(absent)
    assert absent.present is False


def test_substitute_holding_a_vote_cannot_check_out(app):
    conference = make_conference()
    absent = make_delegate(conference, "Abwesend", present=False)
    sub = make_delegate(conference, "Ersatz", present=True, is_substitute=True)
    checkin.transfer_vote(conference.id, sub.id, absent.id)
    with pytest.raises(checkin.CheckinError, match="Erst die Stimmübertragung beenden"):
        checkin.set_present(conference.id, sub.id, False)
    db.session.refresh(sub)
    assert sub.present is True


@pytest.mark.parametrize(
    ("sub_fields", "absent_fields", "message"),
    [
        ({"is_substitute": False}, {}, "Ersatz ist nicht als Ersatzdelegierte/r eingetragen."),
        ({"present": False}, {}, "Ersatz muss zuerst eingecheckt sein."),
        ({}, {"present": True}, "Abwesend ist anwesend; nur die Stimme Abwesender kann "
                                "übertragen werden."),
        ({}, {"has_vote": False}, "Abwesend hat kein eigenes Stimmrecht, das übertragen "
                                  "werden kann."),
        ({}, {"is_substitute": True}, "Abwesend hat kein eigenes Stimmrecht, das übertragen "
                                      "werden kann."),
    ],
)
def test_transfer_refused(app, sub_fields, absent_fields, message):
    conference = make_conference()
    absent = make_delegate(conference, "Abwesend", **{"present": False, **absent_fields})
    sub = make_delegate(conference, "Ersatz",
                        **{"present": True, "is_substitute": True, **sub_fields})
    with pytest.raises(checkin.CheckinError) as info:
        checkin.transfer_vote(conference.id, sub.id, absent.id)
    assert str(info.value) == message
    db.session.refresh(sub)
    assert sub.represents_id is None


def test_one_vote_cannot_be_transferred_twice(app):
    conference = make_conference()
    absent = make_delegate(conference, "Abwesend", present=False)
    first = make_delegate(conference, "Erste", present=True, is_substitute=True)
    second = make_delegate(conference, "Zweite", present=True, is_substitute=True)
    checkin.transfer_vote(conference.id, first.id, absent.id)
    with pytest.raises(checkin.CheckinError) as info:
        checkin.transfer_vote(conference.id, second.id, absent.id)
    assert str(info.value) == "Abwesend wird bereits von Erste vertreten."
    assert checkin.transfer_candidates(conference.id) == []


def test_transfer_across_conferences_is_refused(app):
    old = make_conference("Alt")
    absent = make_delegate(old, "Abwesend", present=False)
    conference = make_conference("Neu")
    sub = make_delegate(conference, "Ersatz", present=True, is_substitute=True)
    with pytest.raises(checkin.CheckinError, match="nicht auf der Liste"):
        checkin.transfer_vote(conference.id, sub.id, absent.id)


def test_counts(app):
    conference = make_conference()
    make_delegate(conference, "A", present=True)
    make_delegate(conference, "B", present=False)
    make_delegate(conference, "C", present=True, has_vote=False)
    absent = make_delegate(conference, "D", present=False)
    sub = make_delegate(conference, "E", present=True, is_substitute=True)
    make_delegate(conference, "F", present=True, is_substitute=True, card_number=1)
    checkin.transfer_vote(conference.id, sub.id, absent.id)
    assert roster_counts(conference.id) == RosterCounts(
        total=6, with_vote=3, substitutes=2, present=4, entitled_now=2, cards_printed=1)


def test_entitled_clause_agrees_with_is_entitled_now_in_every_state(app):
    """Every combination of present/has_vote/substitute, with and without a transfer."""
    conference = make_conference()
    delegates = []
    for i, (present, has_vote, sub) in enumerate(itertools.product([True, False], repeat=3)):
        delegates.append(make_delegate(conference, f"P{i}", present=present, has_vote=has_vote,
                                       is_substitute=sub))
    held = make_delegate(conference, "Gehalten", present=False)
    holder = make_delegate(conference, "Halter", present=True, is_substitute=True)
    checkin.transfer_vote(conference.id, holder.id, held.id)
    delegates += [held, holder]
    in_sql = set(db.session.scalars(db.select(Delegate.name).where(checkin.entitled_clause())))
    in_python = {d.name for d in delegates if checkin.is_entitled_now(d)}
    assert in_sql == in_python == {"P1", "Halter"}


def test_search_by_name_or_delegation(app):
    conference = make_conference()
    make_delegate(conference, "Anna Albrecht", delegation="OV Nord")
    make_delegate(conference, "Bernd Brandt", delegation="OV Süd")
    make_delegate(conference, "Clara Cramer", delegation="OV Nord")
    assert [r.name for r in checkin.search(conference.id, "nord")] == [
        "Anna Albrecht", "Clara Cramer"]
    assert [r.name for r in checkin.search(conference.id, "BRA")] == ["Bernd Brandt"]
    assert [r.name for r in checkin.search(conference.id, "anna nord")] == ["Anna Albrecht"]
    assert [r.name for r in checkin.search(conference.id, "50%_")] == []
