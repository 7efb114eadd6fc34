"""The delegate's phone: one page (``/v/``) plus the JSON API in ``app.vote.api``."""

from flask import Blueprint

bp = Blueprint("vote", __name__, url_prefix="/v")

from app.vote import routes  # noqa: E402,F401
