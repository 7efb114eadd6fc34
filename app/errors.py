"""Error answers: JSON ``{"error": ..., "code": ...}`` under /api/, a plain page elsewhere.

A phone must always be able to show *why* something was refused, so every API error — from a
view, from routing (404/405), from the request parser (400/413) or from the rate limiter
(429) — has the same JSON shape. Refused delegate tokens and tripped rate limits are logged
with the client address and a short hash prefix, never the token itself: enough to spot
someone guessing cards, useless to anyone reading the log.
"""

from __future__ import annotations

import hashlib
import logging

from flask import Flask, Response, abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import NotFound as HTTPNotFound

from app.i18n import format_size
from app.services.errors import NotFound

__all__ = ["API_PREFIX", "error_code", "log_refused_secret", "register_error_handlers"]

API_PREFIX = "/api/"
log = logging.getLogger("wahlgang.security")

_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large",
    415: "unsupported_media_type", 422: "unprocessable", 429: "rate_limited",
    500: "server_error",
}


def error_code(status: int, exc: HTTPException | None = None) -> str:
    if isinstance(exc, CSRFError):
        return "csrf"
    return _CODES.get(status, f"http_{status}")


def _message(status: int, exc: HTTPException) -> str:
    """A sentence a delegate or chair understands (German source, translated by Babel).

    A view that aborts with its own ``description`` (e.g. "Diese Abstimmung gibt es nicht.")
    keeps it; Werkzeug's English default texts are replaced.
    """
    if isinstance(exc, CSRFError):
        return _("Das Formular ist abgelaufen oder unvollständig. Bitte die Seite neu laden und "
                 "erneut absenden.")
    if status == 413:
        limit = request.max_content_length or 0
        return _("Die Datei oder Anfrage ist zu groß (höchstens %(size)s).",
                 size=format_size(limit))
    if status == 429 and not _own_description(exc):
        return _("Zu viele Versuche. Bitte eine Minute warten und dann erneut versuchen.")
    if _own_description(exc):
        return str(exc.description)
    if status == 404:
        return _("Diese Adresse gibt es nicht.")
    if status == 405:
        return _("Diese Methode ist hier nicht erlaubt.")
    if status == 401:
        return _("Bitte anmelden.")
    if status == 403:
        return _("Dafür fehlt Ihnen die Berechtigung.")
    if status >= 500:
        return _("Interner Fehler. Bitte erneut versuchen; besteht das Problem, die "
                 "Versammlungsleitung informieren.")
    if status == 400:
        return _("Die Anfrage ist fehlerhaft.")
    return str(exc.description or exc.name)


def _own_description(exc: HTTPException) -> bool:
    return bool(exc.description) and exc.description != type(exc).description


def _client() -> str:
    return request.remote_addr or "-"


def log_refused_secret(kind: str, secret: str) -> None:
    """Log a refused token or login: address, endpoint and a hash prefix (never the secret)."""
    prefix = hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()[:8]
    log.warning("refused %s from %s on %s (sha256 prefix %s)", kind, _client(),
                request.endpoint or request.path, prefix)


def _wants_json() -> bool:
    return request.path.startswith(API_PREFIX) or request.path.endswith(".json")


def _handle_http(exc: HTTPException) -> Response:
    status = exc.code or 500
    if status == 429:
        log.warning("rate limit hit from %s on %s (%s)", _client(),
                    request.endpoint or request.path, exc.description)
    if _wants_json():
        response = jsonify({"error": _message(status, exc), "code": error_code(status, exc)})
        response.status_code = status
        _copy_headers(exc, response)
        return response
    html = render_template("errors.html", status=status, message=_message(status, exc),
                           code=error_code(status, exc))
    response = Response(html, status=status, mimetype="text/html")
    _copy_headers(exc, response)
    return response


def _copy_headers(exc: HTTPException, response: Response) -> None:
    """Keep what the exception adds (Allow on 405, WWW-Authenticate), not its content type."""
    for key, value in exc.get_headers():
        if key.lower() != "content-type":
            response.headers[key] = value


def _refuse_nul() -> None:
    """A NUL byte in a path, query or form value is never legitimate, and PostgreSQL text
    columns cannot hold one (the driver raises, which would be a 500): refuse it up front."""
    values = [request.path, *request.args.values()]
    if request.method == "POST" and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        values += list(request.form.values())
    if any("\x00" in value for value in values):
        abort(400, description=_("Die Anfrage enthält ein unzulässiges Zeichen (NUL)."))


def _handle_not_found(exc: NotFound) -> Response:
    """A service's NotFound is the 404 every audience knows, with the service's sentence."""
    return _handle_http(HTTPNotFound(description=exc.message or None))


def register_error_handlers(app: Flask) -> None:
    """One call from ``create_app``; handlers are app-wide so routing errors are covered too."""
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(NotFound, _handle_not_found)
    app.before_request(_refuse_nul)
