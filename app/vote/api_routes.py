"""The phone's JSON endpoints (docs/openapi.yaml). Each parses, calls one service, answers.

The token travels in ``Authorization: Bearer`` (never in a URL, so never in an access log).
The cast endpoint takes no identity at all; its access-log line is dropped (app.vote.logs).
"""

from __future__ import annotations

import binascii
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Response, current_app, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.exceptions import TooManyRequests

from app.errors import log_refused_secret
from app.services.conference import current_conference
from app.services.polls import bulletin
from app.services.roster import booths
from app.services.roster.tokens import refusal_key
from app.services.voting import casting
from app.services.voting import credentials as voting
from app.services.voting.credentials import VoteError
from app.throttle import count_refusal
from app.vote.api import bp
from ballots.audit import b64url_decode, b64url_encode
from ballots.errors import FormatError

View = TypeVar("View", bound=Callable[..., Any])


def refused_tokens_limited(view: View) -> View:
    """Count a refused card (401) per code prefix and globally; over a limit answer 429.

    The view checks the token first, so a valid card is never refused by the limit and its
    request touches no counter (app/throttle.py).
    """

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except VoteError as exc:
            if exc.status != 401:
                raise
            over = count_refusal("token", refusal_key(_raw_bearer()))
            if over is None:
                raise
            log_refused_secret("delegate token", _raw_bearer())
            raise TooManyRequests(
                description=_("Zu viele abgewiesene Codes. Bitte in %(n)d Sekunden erneut "
                              "versuchen.", n=over.retry_after),
                retry_after=over.retry_after) from None

    return guarded  # type: ignore[return-value]


class BadRequest(VoteError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="bad_request", status=400)


def _english() -> bool:
    return str(get_locale() or "de").startswith("en")


@bp.errorhandler(VoteError)
def _vote_error(exc: VoteError) -> tuple[Response, int]:
    body: dict[str, Any] = {"error": exc.message, "code": exc.code}
    if exc.code == "invalid_ballot":
        body["path"] = exc.path
        if _english() and exc.reason_en:
            body["error"] = exc.reason_en
    response = jsonify(body)
    if exc.status == 401:
        log_refused_secret("booth link" if exc.code == "unknown_booth" else "delegate token",
                           _raw_bearer())
        response.headers["WWW-Authenticate"] = 'Bearer realm="wahlgang"'
    return response, exc.status


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _raw_bearer() -> str:
    return request.headers.get("Authorization", "").partition(" ")[2].strip()


def _bearer() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise VoteError(_("Kein Code übermittelt. Bitte die Karte erneut scannen."),
                        code="unknown_token", status=401)
    return token.strip()


def _json_object() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadRequest(_("Die Anfrage ist kein JSON-Objekt."))
    return data


def _field(data: dict[str, Any], name: str) -> Any:
    value = data.get(name)
    if value is None:
        raise BadRequest(_("Feld %(name)s fehlt.", name=name))
    return value


def _bytes_field(data: dict[str, Any], name: str) -> bytes:
    """A binary field: a non-empty base64url string (docs/openapi.yaml, B64url)."""
    value = _field(data, name)
    if not isinstance(value, str):
        raise BadRequest(_("Feld %(name)s hat den falschen Typ: erwartet wird ein Text in "
                           "base64url.", name=name))
    if not value:
        raise BadRequest(_("Feld %(name)s ist leer.", name=name))
    try:
        return b64url_decode(value, path=name)
    except (FormatError, binascii.Error):
        raise BadRequest(_("Feld %(name)s ist kein base64url.", name=name)) from None


def _object_field(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = _field(data, name)
    if not isinstance(value, dict):
        raise BadRequest(_("Feld %(name)s hat den falschen Typ: erwartet wird ein JSON-Objekt.",
                           name=name))
    return value


@bp.get("/me")
@refused_tokens_limited
def me() -> Response:
    view = voting.whoami(_bearer())
    return jsonify({
        "delegate": {"name": view.name, "present": view.present, "entitled": view.entitled,
                     "represents": view.represents, "represented_by": view.represented_by},
        "conference": view.conference,
        "poll_seconds": int(current_app.config["PHONE_POLL_SECONDS"]),
        "polls": [{"public_id": p.public_id, "title": p.title, "kind": p.kind,
                   "contest": p.contest, "form": p.form, "public_key": p.public_key,
                   "credential_issued": p.credential_issued,
                   "paper_ballot": p.paper_ballot} for p in view.polls],
    })


@bp.post("/polls/<public_id>/credential")
@refused_tokens_limited
def credential(public_id: str) -> Response:
    token = _bearer()
    blinded = _bytes_field(_json_object(), "blinded_msg")
    signature = voting.issue_credential(token, public_id, blinded)
    return jsonify({"blind_sig": b64url_encode(signature)})


@bp.post("/polls/<public_id>/ballots")
def cast(public_id: str) -> tuple[Response, int]:
    data = _json_object()
    msg, sig = _bytes_field(data, "msg"), _bytes_field(data, "sig")
    receipt = casting.cast_ballot(public_id, msg, sig, _object_field(data, "ballot"))
    return jsonify({"tracker": receipt.tracker, "repeated": receipt.repeated}), (
        200 if receipt.repeated else 201)


@bp.get("/polls/<public_id>")
def poll_status(public_id: str) -> Response:
    try:
        counts = bulletin.poll_counts(public_id)
    except bulletin.PublicPollError as exc:
        raise VoteError(str(exc), code="unknown_poll", status=404) from exc
    return jsonify(counts.as_json())


@bp.post("/booth/status")
@refused_tokens_limited
def booth_status() -> Response:
    """The booth's heartbeat: its own key and "free" or "in_use", nothing about who or what."""
    state = _field(_json_object(), "state")
    try:
        booths.report(current_conference(), _bearer(), state if isinstance(state, str) else "")
    except booths.BoothError as exc:
        if exc.status == 401:
            raise VoteError(_("Diese Wahlkabine ist nicht (mehr) eingerichtet. Bitte den Link "
                              "der Kabine an der Mandatsprüfung neu öffnen."),
                            code="unknown_booth", status=401) from exc
        raise BadRequest(_("Feld state muss „free“ oder „in_use“ sein.")) from exc
    return jsonify({"ok": True})
