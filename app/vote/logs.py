"""The app logs nothing per ballot: no access-log line for a cast, no SQL echo during one.

A cast request carries no identity, but an access line (address + time) next to the
credential request of the same address would invite guessing. This filter drops, below
WARNING, every record emitted while ``api.cast`` is handled and the werkzeug / gunicorn access
lines of ``POST /api/v1/polls/<id>/ballots``. Errors still get through (they carry no ballot
data: the views never log request bodies). Reverse proxies keep their own logs:
docs/security.md tells operators to exclude that path there too.
"""

from __future__ import annotations

import logging
import re

from flask import has_request_context, request

__all__ = ["QuietCast", "install"]

_CAST_LINE = re.compile(r"POST /api/v1/polls/[^/\s]+/ballots")
LOGGERS = ("werkzeug", "gunicorn.access", "sqlalchemy.engine.Engine", "sqlalchemy.engine",
           "sqlalchemy.pool", "app")


class QuietCast(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        if has_request_context() and request.endpoint == "api.cast":
            return False
        if record.name in ("werkzeug", "gunicorn.access"):
            return not _CAST_LINE.search(record.getMessage())
        return True


def install() -> None:
    """Attach the filter once per process to the loggers that could see a cast."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, QuietCast) for f in logger.filters):
            logger.addFilter(QuietCast())
