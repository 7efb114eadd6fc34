"""JSON API of the phone. Credential requests carry the delegate token; casting carries nothing."""

from flask import Blueprint

from app.extensions import csrf, limiter
from app.vote import logs

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
# Token guessing is limited by app.vote.throttle; Flask-Limiter's per-request hook skips the API.
limiter.exempt(bp)
bp.record_once(lambda _state: logs.install())

from app.vote import api_routes  # noqa: E402,F401
