"""The check-in desk (Mandatsprüfung): presence, substitutes, lost cards."""

from flask import Blueprint

bp = Blueprint("checkin", __name__, url_prefix="/checkin")

from app.checkin import routes  # noqa: E402,F401
