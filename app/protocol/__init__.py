from flask import Blueprint

bp = Blueprint("protocol", __name__, url_prefix="/protocol")

from app.protocol import audit_routes, routes  # noqa: E402,F401
