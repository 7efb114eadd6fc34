"""Officials' accounts (chair, check-in desk, protocol-keeper). Delegates never have accounts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models.base import utcnow


def hash_password(password: str) -> str:
    """A new password hash: werkzeug's default (scrypt with its full work factor).

    The one seam is the setting ``PASSWORD_HASHER``, a callable ``password -> hash`` that only
    the test suite sets (werkzeug's scrypt with a small work factor: the suite logs in over a
    thousand times, at 0.1–0.3 s a hash). Like ``POLL_KEY_SOURCE`` it cannot come from a
    settings file or the environment (:func:`check_password_hasher`). Checking a password reads
    the method and work factor from the stored hash, so a deployment hashes and checks every
    password at full strength."""
    hasher = current_app.config.get("PASSWORD_HASHER")
    return generate_password_hash(password) if hasher is None else hasher(password)


def check_password_hasher(config: Mapping[str, object]) -> None:
    """Start-up check: ``PASSWORD_HASHER`` is unset or a callable (see :func:`hash_password`)."""
    hasher = config.get("PASSWORD_HASHER")
    if hasher is not None and not callable(hasher):
        raise ValueError("PASSWORD_HASHER is for the test suite only (a callable password -> "
                         "hash); remove it from the settings: passwords get werkzeug's "
                         "default hash.")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)
