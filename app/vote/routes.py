"""The phone page and the booth page. Neither holds a secret itself: the card's token (and the
booth's key) arrive in the URL fragment, which the browser never sends, and the JavaScript keeps
them in localStorage."""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_login import logout_user

from app.vote import bp
from app.vote.strings import booth_strings, phone_strings


def _page(booth: bool):
    strings = phone_strings()
    if booth:
        strings.update(booth_strings())
    return render_template(
        "vote/phone.html",
        strings=strings,
        poll_seconds=int(current_app.config["PHONE_POLL_SECONDS"]),
        api_base=url_for("api.me").rsplit("/", 1)[0],
        booth=booth,
        booth_idle=int(current_app.config["BOOTH_IDLE_SECONDS"]),
        booth_receipt=int(current_app.config["BOOTH_RECEIPT_SECONDS"]),
    )


@bp.route("/")
def phone():
    return _page(booth=False)


@bp.route("/kabine")
def booth():
    """The desk's voting booth (docs/roster-and-checkin.md). The desk opens it on the tablet
    while logged in; the login ends here, so a delegate in the booth cannot reach the desk."""
    logout_user()
    return _page(booth=True)
