"""The chair's console (Tagungspräsidium): conference, roster, cards, votes, results."""

from flask import Blueprint

bp = Blueprint("chair", __name__, url_prefix="/chair")

from app.chair import display, elections, polls, roster, rounds, routes  # noqa: E402,F401
