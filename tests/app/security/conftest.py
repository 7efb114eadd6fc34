"""``make_app(**config)``: an extra app on the test database (CSRF on, production, behind a
proxy …) whose engine is disposed after the test, so no connection outlives it."""

from __future__ import annotations

import pytest

from app import create_app
from app.extensions import db


@pytest.fixture
def make_app(app_config):
    made = []

    def factory(**config: object):
        extra = create_app({**app_config, **config})
        made.append(extra)
        return extra

    yield factory
    for extra in made:
        with extra.app_context():
            db.session.remove()
            db.engine.dispose()
