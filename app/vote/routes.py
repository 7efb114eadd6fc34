"""The phone page. It holds no secret itself: the token arrives in the URL fragment, which the
browser never sends, and the JavaScript keeps it in localStorage."""

from __future__ import annotations

from flask import current_app, render_template, url_for

from app.vote import bp
from app.vote.strings import phone_strings


@bp.route("/")
def phone():
    return render_template(
        "vote/phone.html",
        strings=phone_strings(),
        poll_seconds=int(current_app.config["PHONE_POLL_SECONDS"]),
        api_base=url_for("api.me").rsplit("/", 1)[0],
    )
