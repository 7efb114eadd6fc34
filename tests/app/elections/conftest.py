"""Fixtures of the election path tests: a conference and a signed-in chair."""

from __future__ import annotations

import pytest

from tests.app.chair.helpers import login, make_conference


@pytest.fixture
def chair(app, client):
    """A conference and a signed-in chair: where every election set-up test starts."""
    conference = make_conference()
    login(client)
    return conference
