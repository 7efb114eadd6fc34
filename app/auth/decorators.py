"""Guards that keep views thin: ``@role_required(Role.CHAIR)``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from app.enums import Role

F = TypeVar("F", bound=Callable[..., Any])


def role_required(*roles: Role) -> Callable[[F], F]:
    """Logged in with one of ``roles``; the chair may do everything an official may."""
    allowed = {str(role) for role in roles} | {str(Role.CHAIR)}

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
