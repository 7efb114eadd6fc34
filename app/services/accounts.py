"""Officials' accounts."""

from __future__ import annotations

from functools import cache

from flask import current_app
from werkzeug.security import check_password_hash

from app.enums import Role
from app.extensions import db, login_manager
from app.models import User
from app.models.accounts import hash_password


class AccountError(ValueError):
    """A user cannot be created as asked; the message says why."""


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


@cache
def _dummy_hash(hasher: object = None) -> str:
    """A password hash made the way real ones are (by the app's ``PASSWORD_HASHER``, which
    only the tests set; one per hasher), checked when the user name is unknown."""
    return hash_password("no user has this password")


def authenticate(username: str, password: str) -> User | None:
    """The user if the password is right. An unknown user name costs the same one password
    hash as a wrong password, so the answer's time does not say which names exist (the dummy
    hash is made on the first login of a process, whichever name it names)."""
    dummy = _dummy_hash(current_app.config.get("PASSWORD_HASHER"))
    user = db.session.scalar(db.select(User).where(User.username == username))
    if user is None:
        check_password_hash(dummy, password)
        return None
    if not user.check_password(password):
        return None
    return user


def create_user(username: str, password: str, role: str) -> User:
    if role not in {r.value for r in Role}:
        raise AccountError(f"Unbekannte Rolle {role!r}; erlaubt: chair, checkin, protocol.")
    if len(password) < 8:
        raise AccountError("Das Passwort muss mindestens 8 Zeichen haben.")
    if db.session.scalar(db.select(User).where(User.username == username)) is not None:
        raise AccountError(f"Benutzer {username!r} existiert bereits.")
    user = User(username=username, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])
