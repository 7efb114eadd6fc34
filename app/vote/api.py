"""JSON API of the phone. Credential requests carry the delegate token; casting carries nothing."""

from flask import Blueprint

from app.extensions import csrf
from app.vote import logs

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.record_once(lambda _state: logs.install())

from app.vote import api_routes  # noqa: E402,F401
