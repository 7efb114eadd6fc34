"""The Saalanzeige (hall display) behind its secret link: read-only, no login."""

from flask import Blueprint

bp = Blueprint("display", __name__, url_prefix="/saal")

from app.display import routes  # noqa: E402,F401
