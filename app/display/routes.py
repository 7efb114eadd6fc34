"""The Saalanzeige behind its secret link ``/saal/#<secret>``.

The secret travels like a card's token: in the URL fragment (never sent to the server, so never
in an access log) and, from the page's script, in the ``Authorization: Bearer`` header of the
two JSON requests. ``/saal/`` itself is an empty frame; ``view.json`` gives the rendered current
poll (turnout or result), ``state.json`` the counts the script polls. Nothing else answers to
the secret, and nothing here sets a cookie (docs/security.md, "Saalanzeige").
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from app.display import bp
from app.enums import PollState
from app.models import Conference
from app.services.polls import display, hall, results


class _Refused(Exception):
    pass


@bp.errorhandler(_Refused)
def _refused(_exc: _Refused) -> tuple[Response, int]:
    response = jsonify(error=_("Dieser Saalanzeige-Link gilt nicht (mehr). Bitte bei der "
                               "Versammlungsleitung einen neuen holen."),
                       code="unknown_display_link")
    response.headers["WWW-Authenticate"] = 'Bearer realm="wahlgang-saalanzeige"'
    return response, 401


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _conference() -> Conference:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        raise _Refused
    try:
        return display.conference_for(token.strip())
    except display.DisplayLinkError:
        raise _Refused from None


@bp.get("/")
def show():
    """The frame; its script (app/static/js/display.js) fills it."""
    return render_template("display/page.html")


@bp.get("/state.json")
def state():
    return jsonify(display.state(_conference().id))


@bp.get("/view.json")
def view():
    """The current poll rendered for the hall, with what the script compares against."""
    conference = _conference()
    poll = display.current_poll(conference.id)
    body: dict[str, Any] = {"poll": None, "state": "none"}
    if poll is None:
        html = render_template("display/_waiting.html", conference=conference)
    else:
        body = {"poll": poll.public_id, "state": poll.state}
        counted = None
        if poll.state == PollState.CLOSED.value:
            counted = results.result_view(conference.id, poll.id,
                                          lang=str(get_locale() or "de"))
        if counted is not None:
            html = render_template("display/_result_view.html", r=counted)
        else:
            html = render_template("display/_hall_view.html", h=hall.hall_view(poll.id))
    return jsonify(body | {"html": html, "title": conference.title})
