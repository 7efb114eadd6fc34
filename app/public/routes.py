"""The public bulletin board (no login): conferences, polls, live counts, the ballot list."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import get_locale

from app.public import bp
from app.services.polls import bulletin


@bp.route("/")
def index():
    return render_template("public/index.html", conferences=bulletin.conferences())


@bp.route("/c/<int:conference_id>")
def conference(conference_id: int):
    conf, polls = bulletin.conference_polls(conference_id)
    return render_template("public/conference.html", conference=conf, polls=polls)


@bp.route("/p/<public_id>")
def poll(public_id: str):
    try:
        page = bulletin.poll_page(public_id, request.args.get("tracker", "").strip() or None)
    except bulletin.PublicPollError as exc:
        abort(404, description=str(exc))
    english = str(get_locale() or "de").startswith("en")
    return render_template("public/poll.html", page=page, counts=page.counts,
                           result=bulletin.result_summary(page.result, english=english),
                           js_hashes=bulletin.published_js())
