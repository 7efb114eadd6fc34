"""Token guessing on the phone's API: refused tokens count per client address.

Only refusals count (a hall of phones shares one address behind the venue's router), and an
address over ``TOKEN_RATE_LIMIT`` gets 429 for every request until its window passes. The
counters live in the rate limiter's storage (``RATELIMIT_STORAGE_URI``: memory:// per process,
redis:// shared), read and written through the same ``limits`` strategy Flask-Limiter uses.

Why not Flask-Limiter's decorator here: it resolves limits, scopes and exemptions anew on every
request, which cost ~0.5 ms of CPU per credential request on the 2-core benchmark machine while
a whole hall asks at once (docs/performance.md, "Burst"). This is one storage read per request
and one write per refusal. The login form keeps the decorator (app.auth.routes).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from werkzeug.exceptions import TooManyRequests

from app.extensions import limiter
from app.services.voting import VoteError

__all__ = ["refused_tokens_limited"]

_SCOPE = "phone-token"
View = TypeVar("View", bound=Callable[..., Any])


@lru_cache(maxsize=8)
def _limit(text: str) -> RateLimitItem:
    return parse(text)


def refused_tokens_limited(view: View) -> View:
    """Refuse an address that sent too many unknown tokens; count each refusal (401)."""

    @wraps(view)
    def limited(*args: Any, **kwargs: Any) -> Any:
        if not current_app.config.get("RATELIMIT_ENABLED", True):
            return view(*args, **kwargs)
        limit = _limit(str(current_app.config["TOKEN_RATE_LIMIT"]))
        address = get_remote_address()
        if not limiter.limiter.test(limit, _SCOPE, address):
            raise TooManyRequests(description=str(limit))
        try:
            return view(*args, **kwargs)
        except VoteError as exc:
            if exc.status == 401:
                limiter.limiter.hit(limit, _SCOPE, address)
            raise

    return limited  # type: ignore[return-value]
