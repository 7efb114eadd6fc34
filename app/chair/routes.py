"""Dashboard (with the live turnout of open polls) and the conference header."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.decorators import role_required
from app.chair import bp
from app.chair.forms import ConferenceForm, choices
from app.enums import Role
from app.i18n import POLL_STATE_LABELS
from app.services import conference as conferences
from app.services.conference import HEADER_FIELDS, ConferenceError
from app.services.polls import hall
from app.services.roster import mandate

STATE_LABELS = POLL_STATE_LABELS


@bp.route("/")
@role_required(Role.CHAIR)
def index():
    conference = conferences.current_conference()
    if conference is None:
        form = ConferenceForm()
        _quorum_choices(form, None)
        return render_template("chair/conference.html", form=form, creating=True)
    polls = conferences.polls_of(conference.id)
    return render_template(
        "chair/index.html",
        conference=conference,
        counts=conferences.roster_counts(conference.id),
        polls=polls,
        turnouts=hall.open_turnouts(polls),
        state_labels=STATE_LABELS,
        quorum=mandate.quorum_status(conference),
    )


def _values(form: ConferenceForm) -> dict[str, object]:
    values: dict[str, object] = {key: getattr(form, key).data for key in HEADER_FIELDS}
    values["held_on"] = form.held_on.data
    values["quorum"] = form.quorum.data
    return values


@bp.get("/conferences")
@role_required(Role.CHAIR)
def conferences_index():
    """Every conference: the current one, earlier ones read-only with their protocols and
    audit files, a new one, and removing the demo."""
    return render_template("chair/conferences.html", rows=conferences.conference_rows(),
                           current=conferences.current_conference())


@bp.post("/conferences/<int:conference_id>/remove")
@role_required(Role.CHAIR)
def conference_remove(conference_id: int):
    try:
        title = conferences.remove_demo(conference_id)
    except ConferenceError as exc:
        flash(str(exc), "error")
    else:
        flash(_("„%(title)s“ ist entfernt.", title=title), "success")
    return redirect(url_for("chair.conferences_index"))


def _quorum_choices(form: ConferenceForm, current) -> None:
    """The rules a chair picks from, each in words; the default is the configured one."""
    default = str(mandate.quorum_of(current)) if current is not None else None
    rules = list(mandate.QUORUM_CHOICES)
    configured = mandate.check_rule(str(current_app.config["QUORUM"]))
    for rule in (configured, default):
        if rule is not None and rule not in rules:
            rules.append(rule)
    form.quorum.choices = choices([(rule, mandate.quorum_label(rule)) for rule in rules])
    if not form.is_submitted():
        form.quorum.data = default or configured


@bp.route("/conference", methods=["GET", "POST"])
@role_required(Role.CHAIR)
def conference():
    """Edit the current conference's header; with ``?new=1`` (or before any exists) start a
    new conference, which becomes the current one."""
    current = conferences.current_conference()
    if request.values.get("new") == "1":
        current = None
    form = ConferenceForm(obj=current)
    _quorum_choices(form, current)
    if form.validate_on_submit():
        try:
            if current is None:
                conferences.create_conference(_values(form))
                flash(_("Die Versammlung ist angelegt."), "success")
            else:
                conferences.update_conference(current.id, _values(form))
                flash(_("Gespeichert."), "success")
        except ConferenceError as exc:
            flash(str(exc), "error")
        else:
            return redirect(url_for("chair.index"))
    return render_template("chair/conference.html", form=form, creating=current is None,
                           new=request.values.get("new") == "1")
