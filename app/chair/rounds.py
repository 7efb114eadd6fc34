"""The chair's round page: paper totals, lot, void, next round, acceptance — and the hall
display with live turnout. Each view parses the form, calls one service, redirects."""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.decorators import role_required
from app.chair import bp
from app.chair.common import require_conference
from app.enums import Role
from app.redirects import local_path_or
from app.services.elections import acceptance, lots, rounds, vacancies
from app.services.elections import round_panel as panels
from app.services.polls import hall, paper
from app.services.polls.lifecycle import PollStateError


def _back(poll_id: int):
    return redirect(url_for("chair.round_panel", poll_id=poll_id))


@bp.get("/polls/<int:poll_id>/round")
@role_required(Role.CHAIR)
def round_panel(poll_id: int):
    conference = require_conference()
    try:
        view = panels.round_panel(conference.id, poll_id)
    except rounds.RoundError as exc:
        flash(str(exc), "error")
        return redirect(url_for("chair.index"))
    return render_template("chair/rounds/panel.html", v=view)


@bp.post("/polls/<int:poll_id>/round/next")
@role_required(Role.CHAIR)
def round_next(poll_id: int):
    conference = require_conference()
    try:
        created = rounds.create_next_round(
            poll_id, paper=request.form.get("paper") == "1",
            kind=request.form.get("kind") or None, conference_id=conference.id)
    except (rounds.RoundError, ValueError) as exc:
        flash(str(exc), "error")
        return _back(poll_id)
    flash(_("Neuer Wahlgang angelegt: %(t)s", t=created.title), "success")
    return _back(created.id)


@bp.post("/polls/<int:poll_id>/round/open")
@role_required(Role.CHAIR)
def round_open(poll_id: int):
    conference = require_conference()
    try:
        poll = vacancies.open_round(conference.id, poll_id)
    except (rounds.RoundError, PollStateError) as exc:
        flash(str(exc), "error")
    else:
        flash(_("„%(title)s“ ist geöffnet (%(n)d stimmberechtigt anwesend).",
                title=poll.title, n=poll.present_at_open or 0), "success")
    return _back(poll_id)


@bp.post("/polls/<int:poll_id>/round/draft")
@role_required(Role.CHAIR)
def round_draft_update(poll_id: int):
    conference = require_conference()
    try:
        vacancies.drop_seated_from_draft(conference.id, poll_id)
    except rounds.RoundError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Der Entwurf ist aktualisiert: wer einen Sitz hat, kandidiert nicht mehr."),
              "success")
    return _back(poll_id)


@bp.post("/elections/<int:election_id>/refill")
@role_required(Role.CHAIR)
def round_refill(election_id: int):
    conference = require_conference()
    try:
        created = vacancies.create_refill_round(
            election_id, request.form.get("kind", ""), paper=request.form.get("paper") == "1",
            nominations=request.form.get("nominations", ""), conference_id=conference.id)
    except rounds.RoundError as exc:
        flash(str(exc), "error")
        return redirect(local_path_or(request.form.get("back"), url_for("chair.index")))
    flash(_("Neuer Wahlgang angelegt: %(t)s", t=created.title), "success")
    return _back(created.id)


@bp.post("/polls/<int:poll_id>/round/parallel")
@role_required(Role.CHAIR)
def round_parallel(poll_id: int):
    conference = require_conference()
    try:
        created = rounds.create_parallel_mixed_round(
            poll_id, paper=request.form.get("paper") == "1", conference_id=conference.id)
    except rounds.RoundError as exc:
        flash(str(exc), "error")
        return _back(poll_id)
    flash(_("Gemischter Wahlgang parallel angelegt."), "success")
    return _back(created.id)


@bp.post("/polls/<int:poll_id>/round/lot")
@role_required(Role.CHAIR)
def round_lot(poll_id: int):
    conference = require_conference()
    try:
        lots.draw_lot(poll_id, request.form.get("public_value", ""),
                      conference_id=conference.id)
    except lots.LotError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Los gezogen; das Ergebnis ist neu berechnet."), "success")
    return _back(poll_id)


@bp.post("/polls/<int:poll_id>/round/void")
@role_required(Role.CHAIR)
def round_void(poll_id: int):
    conference = require_conference()
    try:
        rounds.void_round(poll_id, request.form.get("reason", ""), conference_id=conference.id)
    except rounds.RoundError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Der Wahlgang ist für ungültig erklärt."), "success")
    return _back(poll_id)


@bp.post("/polls/<int:poll_id>/round/paper")
@role_required(Role.CHAIR)
def round_paper(poll_id: int):
    conference = require_conference()
    try:
        poll = paper.enter_paper_form(conference.id, poll_id, request.form)
    except paper.PaperTotalsError as exc:
        for problem in exc.problems:
            flash(problem, "error")
    else:
        if poll.paper:
            flash(_("Papierergebnis erfasst und ausgezählt."), "success")
        else:
            flash(_("Papierstimmzettel erfasst. Sie werden beim Schließen zu den Stimmen der "
                    "Telefone gezählt."), "success")
    return _back(poll_id)


@bp.post("/elections/<int:election_id>/acceptance/<int:candidate_id>")
@role_required(Role.CHAIR)
def round_acceptance(election_id: int, candidate_id: int):
    conference = require_conference()
    try:
        row = acceptance.record_acceptance(
            election_id, candidate_id,
            accepted=acceptance.parse_answer(request.form.get("accepted")),
            note=request.form.get("note", ""), conference_id=conference.id)
    except acceptance.AcceptanceError as exc:
        flash(str(exc), "error")
    else:
        flash(acceptance.recorded_message(row), "success")
    return redirect(local_path_or(request.form.get("back"), url_for("chair.index")))


@bp.get("/polls/<int:poll_id>/hall")
@role_required(Role.CHAIR)
def hall_display(poll_id: int):
    require_conference()
    return render_template("chair/rounds/hall.html", h=hall.hall_view(poll_id))


@bp.get("/polls/<int:poll_id>/turnout.json")
@role_required(Role.CHAIR)
def hall_turnout(poll_id: int):
    require_conference()
    return jsonify(hall.turnout(poll_id))
