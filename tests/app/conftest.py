"""Fixtures for app tests below tests/app (the session-wide ones live in tests/conftest.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.browser import ARGS, CHROMIUM, EXPECT_TIMEOUT_MS


@pytest.fixture
def live_server(app, app_config) -> Iterator[str]:
    """The app served by werkzeug on 127.0.0.1:<free port> in a thread; yields the base URL.

    It is a second app instance on the same database as ``app``: seed through ``app`` and
    commit, and the server sees it. Use it for browser tests (Playwright)."""
    from werkzeug.serving import make_server

    from app import create_app

    served = create_app({**app_config, "SERVER_NAME": None})
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with served.app_context():
            from app.extensions import db

            db.engine.dispose()


@pytest.fixture(scope="session")
def _chromium():
    """One Chromium for the whole session (starting it costs 1–3 s); None where it is not
    installed. Tests get it through ``browser``, which cleans up after each test."""
    if not Path(CHROMIUM).exists():
        yield None
        return
    from playwright.sync_api import expect, sync_playwright

    # expect(...) retries its check for 5 s by default: short when other work shares the cores.
    # A deadline only ends a stuck test, so it may be generous.
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser(_chromium):
    """Debian's Chromium under Playwright; the test is skipped where it is not installed.

    The browser process is shared by the session, but nothing else is: a test opens its own
    contexts (``browser.new_context(...)``, or ``browser.new_page(...)`` which makes one), so
    cookies, storage and cache start empty, and every context a test opened is closed when it
    ends — no page of one test keeps polling while the next one runs."""
    if _chromium is None:
        pytest.skip("no /usr/bin/chromium")
    for leftover in list(_chromium.contexts):  # only if a teardown below failed
        leftover.close()
    yield _chromium
    for context in list(_chromium.contexts):
        context.close()
