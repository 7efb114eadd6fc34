"""Rate limits against guessing, per client address: phone tokens and officials' passwords.

A hall of phones shares one address behind the venue's router, so on the phone's API only
*refused* tokens count; an address over ``TOKEN_RATE_LIMIT`` then gets 429 for every request
until its window passes. On the login form every POST counts (``LOGIN_RATE_LIMIT``).
Counters live in ``RATELIMIT_STORAGE_URI`` (memory:// per process, redis:// shared between
workers and machines), in fixed windows, through the ``limits`` library.

Why not Flask-Limiter (which wraps the same library): its request hook resolves limits, scopes
and exemptions on every request — about 5 % of the server's CPU during the 10,000-phone burst,
for two decorated views (docs/performance.md, "Burst"). This is one storage read per request
of a limited view and one write per counted attempt, and nothing on any other request.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar

from flask import Flask, current_app, request
from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

__all__ = ["init_app", "limited", "reset"]

View = TypeVar("View", bound=Callable[..., Any])
Counts = Callable[[BaseException | None], bool]
_KEY = "wahlgang.throttle"


class _Throttle:
    def __init__(self, storage_uri: str) -> None:
        self.storage: Storage = storage_from_string(storage_uri)
        self.window = FixedWindowRateLimiter(self.storage)


def init_app(app: Flask) -> None:
    app.extensions[_KEY] = _Throttle(str(app.config["RATELIMIT_STORAGE_URI"]))


def reset() -> None:
    """Forget every counter of the current app (tests, or an operator after a false alarm)."""
    current_app.extensions[_KEY].storage.reset()


@lru_cache(maxsize=16)
def _limit(text: str) -> RateLimitItem:
    return parse(text)


def limited(setting: str, *, counts: Counts) -> Callable[[View], View]:
    """Refuse (429) an address over the limit named by ``setting``; after the view, count the
    attempt if ``counts(exception or None)`` says so."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_app.config.get("RATELIMIT_ENABLED", True):
                return view(*args, **kwargs)
            limit = _limit(str(current_app.config[setting]))
            window = current_app.extensions[_KEY].window
            address = request.remote_addr or "-"
            if not window.test(limit, setting, address):
                raise TooManyRequests(description=str(limit))
            try:
                result = view(*args, **kwargs)
            except BaseException as exc:
                if counts(exc):
                    window.hit(limit, setting, address)
                raise
            if counts(None):
                window.hit(limit, setting, address)
            return result

        return guarded  # type: ignore[return-value]

    return decorate
