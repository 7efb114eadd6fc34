"""A voting right must not change hands while a poll is open (found in review: one right could
otherwise fetch two credentials for the same poll)."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Delegate, Issuance
from app.services.polls import lifecycle
from app.services.roster import checkin
from app.services.roster.checkin import CheckinError
from tests.app.vote.factories import Phone, make_conference, make_delegate, make_poll


@pytest.fixture(autouse=True)
def _request(app):
    """Services translate their messages, which needs a request context."""
    with app.test_request_context():
        yield


def test_transfer_during_an_open_poll_is_refused_so_one_right_cannot_vote_twice(app, client):
    conference = make_conference()
    regular, token = make_delegate(conference, "Regulär")
    substitute, sub_token = make_delegate(conference, "Ersatz", is_substitute=True)
    poll = lifecycle.open_poll(make_poll(conference).id)
    Phone(client, token).fetch_credential(poll)
    checkin.set_present(conference.id, regular.id, False)

    with pytest.raises(CheckinError, match="Während eine Abstimmung läuft"):
        checkin.transfer_vote(conference.id, substitute.id, regular.id)

    assert db.session.get(Delegate, substitute.id).represents_id is None
    refused = Phone(client, sub_token).request_credential(poll, b"\x01" * 256)
    assert refused.status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(Issuance)) == 1


def test_ending_a_transfer_during_an_open_poll_is_refused(app):
    conference = make_conference()
    regular, _ = make_delegate(conference, "Regulär", present=False)
    substitute, _ = make_delegate(conference, "Ersatz", is_substitute=True)
    checkin.transfer_vote(conference.id, substitute.id, regular.id)
    lifecycle.open_poll(make_poll(conference).id)

    with pytest.raises(CheckinError, match="Während eine Abstimmung läuft"):
        checkin.end_transfer(conference.id, substitute.id)
    assert db.session.get(Delegate, substitute.id).represents_id == regular.id


def test_paper_poll_cannot_be_closed_as_if_it_were_electronic(app):
    conference = make_conference()
    poll = lifecycle.open_poll(make_poll(conference, paper=True).id)
    with pytest.raises(lifecycle.PollStateError, match="Papierwahlgang"):
        lifecycle.close_poll(poll.id)
    db.session.refresh(poll)
    assert (poll.state, poll.result) == ("open", None)


def test_voting_right_cannot_be_granted_by_editing_the_roster_during_an_open_poll(app):
    """Found in review: a right granted mid-poll would escape the late-arrival bookkeeping."""
    from app.services.roster.delegates import DelegateFields, RosterError, update_delegate

    conference = make_conference()
    guest, _ = make_delegate(conference, "Gast", has_vote=False)
    lifecycle.open_poll(make_poll(conference).id)

    with pytest.raises(RosterError, match="Während eine Abstimmung läuft"):
        update_delegate(conference.id, guest.id, DelegateFields(name="Gast", has_vote=True))
    renamed = update_delegate(conference.id, guest.id,
                              DelegateFields(name="Gast Name", has_vote=False))

    assert (renamed.name, db.session.get(Delegate, guest.id).has_vote) == ("Gast Name", False)
