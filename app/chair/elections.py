"""Setting up an election: preset, settings in plain language, changes by assembly decision,
the list of candidates, and the first round. Each view parses the form, calls one service,
redirects (or renders)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.decorators import role_required
from app.chair import bp
from app.chair.common import require_conference
from app.enums import Role
from app.i18n import current_language
from app.services.conference import roster_counts
from app.services.elections import setup
from app.services.elections.page import election_page
from app.services.polls.manage import PollError

_NOT_SETTINGS = ("csrf_token", "decision")


def _back(election_id: int):
    return redirect(url_for("chair.election_setup", election_id=election_id))


def _seats() -> int:
    raw = (request.form.get("seats") or "").strip()
    return int(raw) if raw.isdigit() else 0


@bp.get("/elections")
@role_required(Role.CHAIR)
def elections_index():
    conference = require_conference()
    return render_template("chair/elections/index.html",
                           elections=setup.elections_of(conference.id))


@bp.route("/elections/new", methods=["GET", "POST"])
@role_required(Role.CHAIR)
def election_setup_new():
    conference = require_conference()
    values = {"title": "", "preset": "linke-delegates", "seats": "1"}
    if request.method == "POST":
        values = {k: request.form.get(k, "") for k in values}
        try:
            election = setup.create_setup(conference.id, title=values["title"],
                                          preset=values["preset"], seats=_seats())
        except PollError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Die Wahl ist angelegt. Jetzt Regeln prüfen und Kandidaturen eintragen."),
                  "success")
            return _back(election.id)
    return render_template("chair/elections/new.html", values=values,
                           presets=setup.preset_infos())


@bp.get("/elections/<int:election_id>")
@role_required(Role.CHAIR)
def election_setup(election_id: int):
    conference = require_conference()
    view = setup.setup_view(conference.id, election_id, lang=current_language())
    # opening a round asks first, naming how many are present (as on the overview)
    entitled_now = roster_counts(conference.id).entitled_now
    standing = election_page(election_id) if view["polls"] else None
    return render_template("chair/elections/setup.html", v=view, entitled_now=entitled_now,
                           s=standing)


@bp.post("/elections/<int:election_id>/basics")
@role_required(Role.CHAIR)
def election_basics(election_id: int):
    conference = require_conference()
    try:
        setup.change_basics(conference.id, election_id, title=request.form.get("title", ""),
                            preset=request.form.get("preset", ""), seats=_seats())
    except (setup.SetupError, PollError) as exc:
        flash(str(exc), "error")
    else:
        flash(_("Gespeichert."), "success")
    return _back(election_id)


@bp.post("/elections/<int:election_id>/rules")
@role_required(Role.CHAIR)
def election_rules(election_id: int):
    conference = require_conference()
    form = {key: tuple(request.form.getlist(key)) for key in request.form
            if key not in _NOT_SETTINGS}
    try:
        changed, note = setup.change_rules(conference.id, election_id, form,
                                           request.form.get("decision", ""),
                                           lang=current_language())
    except setup.SetupError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Beschluss eingetragen; geändert: %(settings)s.", settings=", ".join(changed)),
              "success")
        if note:
            flash(note, "warning")
    return _back(election_id)


@bp.post("/elections/<int:election_id>/candidates")
@role_required(Role.CHAIR)
def election_nominate(election_id: int):
    conference = require_conference()
    try:
        candidate, note = setup.nominate(conference.id, election_id,
                                         name=request.form.get("name", ""),
                                         group=request.form.get("group", ""))
    except setup.SetupError as exc:
        flash(str(exc), "error")
    else:
        flash(_("%(name)s kandidiert.", name=candidate.name), "success")
        if note:
            flash(note, "warning")
    return _back(election_id)


@bp.post("/elections/<int:election_id>/candidates/<int:candidate_id>/withdraw")
@role_required(Role.CHAIR)
def election_withdraw(election_id: int, candidate_id: int):
    conference = require_conference()
    withdrawn = request.form.get("withdrawn", "1") != "0"
    try:
        candidate, note = setup.set_withdrawn(conference.id, election_id, candidate_id,
                                              withdrawn=withdrawn)
    except setup.SetupError as exc:
        flash(str(exc), "error")
    else:
        message = (_("%(name)s hat die Kandidatur zurückgezogen.", name=candidate.name)
                   if withdrawn else _("%(name)s kandidiert wieder.", name=candidate.name))
        flash(message, "success")
        if note:
            flash(note, "warning")
    return _back(election_id)


@bp.post("/elections/<int:election_id>/start")
@role_required(Role.CHAIR)
def election_start(election_id: int):
    conference = require_conference()
    try:
        poll = setup.start_first_round(conference.id, election_id,
                                       paper=request.form.get("paper") == "1",
                                       kind=request.form.get("first_round") or None)
    except setup.SetupError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Angelegt: %(title)s. Zum Abstimmen jetzt öffnen.", title=poll.title),
              "success")
    return _back(election_id)
