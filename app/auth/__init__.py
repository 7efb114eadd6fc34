"""Officials log in here; delegates never do (their card's token is their key)."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import routes  # noqa: E402,F401
