"""The chair's Saalanzeige link: create (or renew) it, see it once, revoke it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.auth.decorators import role_required
from app.chair import bp
from app.chair.common import require_conference
from app.enums import Role
from app.services.polls import display


@bp.get("/display")
@role_required(Role.CHAIR)
def display_link():
    conference = require_conference()
    return render_template("chair/display.html", active=display.has_link(conference.id),
                           link=None)


@bp.post("/display")
@role_required(Role.CHAIR)
def display_link_new():
    """The link is shown on this response only: the server keeps just its hash."""
    conference = require_conference()
    token = display.issue_link(conference.id)
    response = render_template(
        "chair/display.html", active=True,
        link=f"{url_for('display.show', _external=True)}#{token}")
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/display/revoke")
@role_required(Role.CHAIR)
def display_link_revoke():
    conference = require_conference()
    display.revoke_link(conference.id)
    flash(_("Der Saalanzeige-Link ist gesperrt; die Anzeige im Saal zeigt nichts mehr."),
          "success")
    return redirect(url_for("chair.display_link"))
