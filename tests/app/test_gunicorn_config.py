"""config/gunicorn.conf.py: nothing secret and no cast reaches the access log."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

CONF = Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py"


def load_conf() -> dict:
    return runpy.run_path(str(CONF))


def test_access_log_format_has_path_without_query_and_no_headers():
    fmt = load_conf()["access_log_format"]

    assert "%(U)s" in fmt
    assert all(code not in fmt for code in ("%(r)s", "%(q)s", "%(f)s", "%(a)s", "}i"))


def test_cast_requests_are_not_logged_but_others_are():
    conf = load_conf()
    logger = conf["WahlgangLogger"].__new__(conf["WahlgangLogger"])
    written: list[str] = []
    # Replace the parent's writer: record which paths would be logged.
    base = conf["WahlgangLogger"].__mro__[1]
    original = base.access
    base.access = lambda self, resp, req, environ, request_time: written.append(
        environ["PATH_INFO"])
    try:
        for method, path in (("POST", "/api/v1/polls/abc/ballots"),
                             ("POST", "/api/v1/polls/abc/credential"),
                             ("GET", "/api/v1/me")):
            logger.access(SimpleNamespace(), SimpleNamespace(),
                          {"REQUEST_METHOD": method, "PATH_INFO": path}, 0.01)
    finally:
        base.access = original

    assert written == ["/api/v1/polls/abc/credential", "/api/v1/me"]
