"""gunicorn settings for `make serve` and production.

Run: ``gunicorn -c config/gunicorn.conf.py 'app:create_app()'``.

Every value can be overridden on the command line or by an environment variable:
  WAHLGANG_BIND      address to listen on (default 127.0.0.1:5000; the reverse proxy talks to it)
  WEB_CONCURRENCY    worker processes (default: 2 per CPU core, at least 2)
  WAHLGANG_WORKER_CLASS / WAHLGANG_THREADS   "sync" (default) or "gthread" with N threads
  WAHLGANG_ACCESS_LOG   file for the access log, "-" for stdout (default), "" for none

Secrecy in the logs: the access log line has the path without the query string, never a
header (the phone's token travels in ``Authorization``, the card secret only in the URL
fragment, which browsers never send). Casting a ballot (``POST /api/v1/polls/<id>/ballots``)
is not logged at all: the app stores no time or address per ballot, so the log must not either.
"""

from __future__ import annotations

import os
import re

from gunicorn.glogging import Logger

bind = os.environ.get("WAHLGANG_BIND", "127.0.0.1:5000")
# 2 sync workers per core: the best measured setup for the 10,000-phone burst on 2 cores
# (docs/performance.md, "Burst"; gthread with 2 x 8 or 4 x 4 threads was no faster and had a
# worse p99 — the vote path is CPU-bound there, and SQLite has one writer anyway).
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, 2 * (os.cpu_count() or 1)))
worker_class = os.environ.get("WAHLGANG_WORKER_CLASS", "sync")
threads = int(os.environ.get("WAHLGANG_THREADS", "1"))
# A credential costs ~2 ms, a cast ~1 ms; 30 s only ever trips on a stuck worker.
timeout = 30
graceful_timeout = 20
keepalive = 5
# The whole vote path is small JSON; nothing legitimate needs large headers.
limit_request_field_size = 8190
# Load the app before forking: workers share its code pages and start at once.
preload_app = True

accesslog = os.environ.get("WAHLGANG_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = "info"
# %(U)s is the path WITHOUT the query string; no header ({...}i) is ever logged.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

_CAST_PATH = re.compile(r"^/api/v1/polls/[^/]+/ballots/?$")


class WahlgangLogger(Logger):
    """The standard logger minus the access-log lines of casting a ballot."""

    def access(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
        if environ.get("REQUEST_METHOD") == "POST" and _CAST_PATH.match(
            environ.get("PATH_INFO", "")
        ):
            return
        super().access(resp, req, environ, request_time)


logger_class = WahlgangLogger


def post_fork(server, worker):  # type: ignore[no-untyped-def]
    """With preload_app, forget any database connection the master may hold (never share one)."""
    flask_app = worker.app.wsgi()
    ext = getattr(flask_app, "extensions", {}).get("sqlalchemy")
    if ext is not None:
        with flask_app.app_context():
            for engine in ext.engines.values():
                engine.dispose(close=False)
