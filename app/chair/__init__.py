from flask import Blueprint

bp = Blueprint("chair", __name__, url_prefix="/chair")

from app.chair import routes  # noqa: E402,F401
