"""Limits on *refused* attempts: card tokens on the phone's API, passwords on the login form.

A hall of phones leaves through the venue's one address, so nothing here is kept per address.
The rule is that a valid token or password is never refused by a limit: the view checks the
secret first, exactly as without a limit, and only a refusal is counted — per key (the first
characters of a card code, a user name) and globally. Over a limit, the refusal is answered with
429 and ``Retry-After`` instead of 401 / "wrong password"; a valid secret on the same key or in
the same minute still gets in. The global limit has longer windows too ("120 per minute; 600 per
10 minutes"), so a flood that goes on is told to wait longer and longer: back-off.

What the limits do and do not do is in docs/security.md ("Rate limits"): the defence against
guessing is the secret's size (130-bit cards) and the password hash's cost; the limits keep a
flood of refusals visible (the desk shows how many card codes were refused in the last minute)
and tell clients to slow down, without ever standing between a delegate and their vote.

Counters live in ``RATELIMIT_STORAGE_URI`` (memory:// per process, redis:// shared between
workers and machines) through the ``limits`` library. The valid path touches no counter at all:
no storage read or write, no database round trip beyond the view's own.

Why not Flask-Limiter (which wraps the same library): its request hook resolves limits, scopes
and exemptions on every request — about 5 % of the server's CPU during the 10,000-phone burst
(docs/performance.md, "Burst"); and it counts requests, not refusals.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import lru_cache

from flask import Flask, current_app
from limits import RateLimitItem, parse, parse_many
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter

__all__ = ["Refused", "count_refusal", "init_app", "recent_refusals", "reset"]

_KEY = "wahlgang.throttle"
# What the desk is shown: refusals in the last 60 seconds (a moving window, capped so that a
# flood cannot grow the counter's memory without bound).
SEEN_CAP = 10_000
_SEEN = parse(f"{SEEN_CAP} per 1 minute")


@dataclass(frozen=True, slots=True)
class Refused:
    """A refusal went over a limit: answer 429 and ask the client to wait ``retry_after`` s."""

    retry_after: int


class _Throttle:
    def __init__(self, storage_uri: str) -> None:
        self.storage: Storage = storage_from_string(storage_uri)
        self.fixed = FixedWindowRateLimiter(self.storage)
        self.moving = MovingWindowRateLimiter(self.storage)


def init_app(app: Flask) -> None:
    app.extensions[_KEY] = _Throttle(str(app.config["RATELIMIT_STORAGE_URI"]))


def _throttle() -> _Throttle:
    throttle: _Throttle = current_app.extensions[_KEY]
    return throttle


def reset() -> None:
    """Forget every counter of the current app (tests, or an operator after a false alarm)."""
    _throttle().storage.reset()


@lru_cache(maxsize=32)
def _limits(text: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(text))


def count_refusal(kind: str, key: str) -> Refused | None:
    """Count one refused attempt of ``kind`` ("token", "login") under ``key`` and globally.

    The limits are read from ``<KIND>_REFUSED_LIMIT`` (per key) and
    ``<KIND>_REFUSED_GLOBAL_LIMIT`` (all keys together). Returns how long to wait when any of
    them is exceeded, else None. Called only after the secret was checked and refused.
    """
    throttle = _throttle()
    throttle.moving.hit(_SEEN, kind, "seen")
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return None
    config = current_app.config
    waits = [
        _over(throttle, item, kind, scope, ident)
        for setting, scope, ident in ((f"{kind.upper()}_REFUSED_LIMIT", "key", key),
                                      (f"{kind.upper()}_REFUSED_GLOBAL_LIMIT", "all", "-"))
        for item in _limits(str(config[setting]))
    ]
    wait = max((w for w in waits if w is not None), default=None)
    return None if wait is None else Refused(retry_after=wait)


def _over(throttle: _Throttle, item: RateLimitItem, kind: str, scope: str,
          ident: str) -> int | None:
    """Hit ``item``; the seconds until its window ends if this hit went over it."""
    if throttle.fixed.hit(item, kind, scope, ident):
        return None
    reset_at, _remaining = throttle.fixed.get_window_stats(item, kind, scope, ident)
    return max(1, math.ceil(reset_at - time.time()))


def recent_refusals(kind: str) -> int:
    """How many attempts of ``kind`` were refused in the last minute (at most ``SEEN_CAP``)."""
    _reset_at, remaining = _throttle().moving.get_window_stats(_SEEN, kind, "seen")
    return _SEEN.amount - remaining

