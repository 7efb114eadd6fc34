"""The entitlement re-check inside the credential's locked transaction (one statement)."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.services.voting import VoteError, _entitled_under_lock
from tests.app.vote.factories import make_conference, make_delegate


def test_entitled_under_lock_returns_the_check_in_time_of_an_entitled_delegate(app):
    conference = make_conference()
    delegate, _token = make_delegate(conference)

    assert _entitled_under_lock(delegate) is None  # present, never stamped by the desk


def test_entitled_under_lock_refuses_a_delegate_who_left_meanwhile(app):
    conference = make_conference()
    delegate, _token = make_delegate(conference)
    db.session.execute(db.update(type(delegate)).where(type(delegate).id == delegate.id)
                       .values(present=False))

    with pytest.raises(VoteError) as refused:
        _entitled_under_lock(delegate)

    assert (refused.value.code, refused.value.status) == ("not_present", 403)


def test_entitled_under_lock_refuses_a_substitute_without_a_transferred_vote(app):
    conference = make_conference()
    substitute, _token = make_delegate(conference, "Ersatz", has_vote=False, is_substitute=True)

    with pytest.raises(VoteError) as refused:
        _entitled_under_lock(substitute)

    assert (refused.value.code, refused.value.status) == ("not_entitled", 403)
