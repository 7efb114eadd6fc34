"""Fixtures for app tests below tests/app (the session-wide ones live in tests/conftest.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest


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
