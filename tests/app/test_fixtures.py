"""The shared test fixtures keep tests apart: what one test does to the reused app or to the
browser does not reach the next (tests/conftest.py, tests/app/conftest.py, docs/testing.md)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db


def test_a_reused_app_comes_back_with_its_config_and_an_empty_database(_reused_app):
    first = _reused_app.take()
    with first.app_context():
        first.config["MAX_CONTENT_LENGTH"] = 10
        first.config["SOMETHING_NEW"] = True
    _reused_app.give_back()

    again = _reused_app.take()
    try:
        assert again is first  # reused: nothing a restore cannot undo was changed
        assert again.config["MAX_CONTENT_LENGTH"] == 2_000_000
        assert "SOMETHING_NEW" not in again.config
    finally:
        _reused_app.give_back()


def test_an_app_that_got_a_new_route_is_not_reused(_reused_app):
    first = _reused_app.take()  # it has served requests in earlier tests
    first.add_url_rule("/_only_in_this_test", "only_here", lambda: "x")
    with first.app_context():
        assert first.test_client().get("/_only_in_this_test").get_data(as_text=True) == "x"
    _reused_app.give_back()

    again = _reused_app.take()
    try:
        assert again is not first
        assert "only_here" not in again.view_functions
    finally:
        _reused_app.give_back()


def test_an_engine_listener_left_behind_means_a_new_app(_reused_app):
    first = _reused_app.take()
    with first.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", lambda *args: None)
    _reused_app.give_back()
    again = _reused_app.take()
    try:
        assert again is not first
    finally:
        _reused_app.give_back()


def test_the_database_is_empty_at_the_start_of_a_test(app):
    counts = {table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
              for table in db.metadata.sorted_tables}
    assert set(counts.values()) == {0}, counts


@pytest.mark.browser
def test_contexts_a_test_opened_are_closed_after_it(browser, _chromium):
    browser.new_context()
    browser.new_page()
    assert len(_chromium.contexts) == 2


@pytest.mark.browser
def test_the_next_browser_test_starts_without_contexts(browser):
    assert browser.contexts == []
