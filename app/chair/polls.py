"""Motions: create drafts; motions and election rounds: open, close, show results (chair and
projector). Elections are set up in app/chair/elections.py."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from app.auth.decorators import role_required
from app.chair import bp
from app.chair.common import require_conference
from app.chair.forms import MotionForm, choices
from app.enums import Role
from app.services.elections.page import election_page
from app.services.polls import manage as polls
from app.services.polls import results
from app.services.polls.lifecycle import PollStateError


@bp.route("/polls/motion/new", methods=["GET", "POST"])
@role_required(Role.CHAIR)
def motion_new():
    conference = require_conference()
    form = MotionForm()
    form.preset.choices = choices(polls.motion_presets())
    if form.validate_on_submit():
        try:
            polls.create_motion(conference.id, title=form.title.data, preset=form.preset.data)
        except polls.PollError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Der Antrag ist als Entwurf angelegt."), "success")
            return redirect(url_for("chair.index"))
    return render_template("chair/motion_new.html", form=form)


@bp.route("/polls/<int:poll_id>/open", methods=["POST"])
@role_required(Role.CHAIR)
def poll_open(poll_id: int):
    conference = require_conference()
    try:
        poll = polls.open_poll(conference.id, poll_id)
    except PollStateError as exc:
        flash(str(exc), "error")
    else:
        flash(_("„%(title)s“ ist geöffnet (%(n)d stimmberechtigt anwesend).",
                title=poll.title, n=poll.present_at_open or 0), "success")
    return redirect(url_for("chair.index"))


@bp.route("/polls/<int:poll_id>/close", methods=["POST"])
@role_required(Role.CHAIR)
def poll_close(poll_id: int):
    conference = require_conference()
    try:
        poll = polls.close_poll(conference.id, poll_id)
    except PollStateError as exc:
        flash(str(exc), "error")
        return redirect(url_for("chair.index"))
    return redirect(url_for("chair.poll_result", poll_id=poll.id))


@bp.route("/polls/<int:poll_id>/delete", methods=["POST"])
@role_required(Role.CHAIR)
def poll_delete(poll_id: int):
    conference = require_conference()
    try:
        polls.delete_draft(conference.id, poll_id)
    except polls.PollError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Der Entwurf ist gelöscht."), "success")
    return redirect(url_for("chair.index"))


def _view(poll_id: int) -> results.ResultView:
    conference = require_conference()
    view = results.result_view(conference.id, poll_id, lang=str(get_locale() or "de"))
    if view is None:
        flash(_("Für diese Abstimmung gibt es noch kein Ergebnis."), "warning")
        abort(redirect(url_for("chair.index")))
    return view


@bp.route("/polls/<int:poll_id>/result")
@role_required(Role.CHAIR)
def poll_result(poll_id: int):
    return render_template("chair/result.html", r=_view(poll_id))


@bp.route("/polls/<int:poll_id>/projector")
@role_required(Role.CHAIR)
def poll_projector(poll_id: int):
    view = _view(poll_id)
    election_id = polls.get_poll(require_conference().id, poll_id).election_id
    standing = election_page(election_id) if election_id is not None else None
    return render_template("chair/projector.html", r=view, s=standing)
