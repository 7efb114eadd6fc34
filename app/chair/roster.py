"""Roster (import, add, edit) and ballot cards (print, revoke, reissue)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.auth.decorators import role_required
from app.chair import bp
from app.chair.common import base_url, pdf_response, require_conference
from app.chair.forms import DelegateForm, ImportConfirmForm, ImportForm, PrintCardsForm
from app.enums import Role
from app.i18n import format_size
from app.services.conference import roster_counts
from app.services.roster import cards
from app.services.roster import delegates as roster
from app.services.roster.csv_import import RosterFileError


def _fields(form: DelegateForm) -> roster.DelegateFields:
    return roster.DelegateFields(
        name=form.name.data or "",
        delegation=form.delegation.data or "",
        quota_group=form.quota_group.data or "",
        has_vote=bool(form.has_vote.data),
        is_substitute=bool(form.is_substitute.data),
    )


def _roster_page(conference, *, status: int = 200, problems=None, add_form=None):
    """The roster; ``add_form`` is a refused "Person hinzufügen", shown open with its values."""
    upload_limit = current_app.config.get("MAX_CONTENT_LENGTH")
    return render_template(
        "chair/roster.html",
        conference=conference,
        delegates=roster.list_delegates(conference.id),
        counts=roster_counts(conference.id),
        import_form=ImportForm(),
        add_form=add_form or DelegateForm(formdata=None),
        add_open=add_form is not None,
        max_upload=format_size(upload_limit) if upload_limit else "",
        problems=problems,
    ), status


@bp.route("/roster")
@role_required(Role.CHAIR)
def roster_list():
    return _roster_page(require_conference())


@bp.route("/roster/import", methods=["POST"])
@role_required(Role.CHAIR)
def roster_import():
    """Step 1: read the file and show what would be imported; nothing is stored yet."""
    conference = require_conference()
    form = ImportForm()
    if not form.validate_on_submit():
        flash(_("Bitte eine CSV-Datei auswählen."), "error")
        return _roster_page(conference, status=400)
    try:
        preview = roster.preview_import(conference.id, form.file.data.read())
    except RosterFileError as exc:
        flash(_("Die Datei wurde nicht importiert; die Liste ist unverändert."), "error")
        return _roster_page(conference, status=400, problems=exc)
    if preview.warning is not None:
        flash(_(preview.warning.template, **preview.warning.kwargs), "warning")
    return render_template("chair/roster_preview.html", conference=conference, p=preview,
                           confirm_form=ImportConfirmForm(upload=preview.upload))


@bp.route("/roster/import/confirm", methods=["POST"])
@role_required(Role.CHAIR)
def roster_import_confirm():
    """Step 2: the chair saw the preview and imports exactly that file."""
    conference = require_conference()
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        flash(_("Die Vorschau ist abgelaufen: bitte die Datei erneut hochladen."), "error")
        return _roster_page(conference, status=400)
    try:
        imported = roster.confirm_import(conference.id, form.upload.data)
    except RosterFileError as exc:
        flash(_("Die Datei wurde nicht importiert; die Liste ist unverändert."), "error")
        return _roster_page(conference, status=400, problems=exc)
    except roster.RosterError as exc:
        flash(str(exc), "error")
        return _roster_page(conference, status=400)
    flash(ngettext("%(num)d Delegierte/r importiert.", "%(num)d Delegierte importiert.",
                   imported.added), "success")
    if imported.warning is not None:  # said in the preview too; the names stay to be fixed
        flash(_(imported.warning.template, **imported.warning.kwargs), "warning")
    return redirect(url_for("chair.roster_list"))


@bp.route("/roster/add", methods=["POST"])
@role_required(Role.CHAIR)
def roster_add():
    conference = require_conference()
    form = DelegateForm()
    if form.validate_on_submit():
        try:
            delegate = roster.add_delegate(conference.id, _fields(form))
        except roster.RosterError as exc:
            flash(str(exc), "error")
        else:
            flash(_("%(name)s hinzugefügt.", name=delegate.name), "success")
            return redirect(url_for("chair.roster_list"))
    else:
        flash(_("Nicht gespeichert: bitte die markierten Angaben korrigieren."), "error")
    return _roster_page(conference, status=400, add_form=form)


@bp.route("/roster/<int:delegate_id>", methods=["GET", "POST"])
@role_required(Role.CHAIR)
def roster_edit(delegate_id: int):
    conference = require_conference()
    delegate = roster.get_delegate(conference.id, delegate_id)
    form = DelegateForm(obj=delegate)
    status = 200
    if form.validate_on_submit():
        try:
            roster.update_delegate(conference.id, delegate_id, _fields(form))
        except roster.RosterError as exc:
            flash(str(exc), "error")
            status = 400
        else:
            flash(_("Gespeichert."), "success")
            return redirect(url_for("chair.roster_list"))
    elif request.method == "POST":
        flash(_("Nicht gespeichert: bitte die markierten Angaben korrigieren."), "error")
        status = 400
    return render_template("chair/delegate.html", form=form, delegate=delegate), status


@bp.route("/cards", methods=["GET", "POST"])
@role_required(Role.CHAIR)
def cards_print():
    conference = require_conference()
    form = PrintCardsForm()
    counts = roster_counts(conference.id)
    if form.validate_on_submit():
        if form.scope.data == "all" and not form.confirm_all.data:
            flash(_("Bitte bestätigen, dass alle bisher gedruckten Karten ungültig werden."),
                  "error")
        else:
            ids = None
            if form.scope.data == "all":
                ids = [d.id for d in roster.list_delegates(conference.id)]
            try:
                issued = cards.print_cards(conference.id, base_url=base_url(), delegate_ids=ids)
            except cards.CardsError as exc:
                flash(str(exc), "error")
            else:
                return pdf_response(issued.pdf, f"stimmkarten-{issued.count}.pdf")
    return render_template("chair/cards.html", form=form, counts=counts,
                           without_card=counts.total - counts.cards_printed)


@bp.route("/roster/cards", methods=["POST"])
@role_required(Role.CHAIR)
def cards_selected():
    """New cards for the people ticked in the roster (their old cards stop working)."""
    conference = require_conference()
    ids = request.form.getlist("ids", type=int)
    if not ids:
        flash(_("Bitte in der Liste auswählen, für wen Karten gedruckt werden."), "error")
        return redirect(url_for("chair.roster_list"))
    try:
        issued = cards.print_cards(conference.id, base_url=base_url(), delegate_ids=ids)
    except cards.CardsError as exc:
        flash(str(exc), "error")
        return redirect(url_for("chair.roster_list"))
    return pdf_response(issued.pdf, f"stimmkarten-{issued.count}.pdf")


@bp.route("/roster/<int:delegate_id>/reissue", methods=["POST"])
@role_required(Role.CHAIR)
def card_reissue(delegate_id: int):
    conference = require_conference()
    issued = cards.reissue_card(conference.id, delegate_id, base_url=base_url())
    return pdf_response(issued.pdf, f"stimmkarte-{delegate_id}.pdf")


@bp.route("/roster/<int:delegate_id>/revoke", methods=["POST"])
@role_required(Role.CHAIR)
def card_revoke(delegate_id: int):
    conference = require_conference()
    delegate = cards.revoke_card(conference.id, delegate_id)
    flash(_("Die Karte von %(name)s ist gesperrt.", name=delegate.name), "success")
    return redirect(url_for("chair.roster_edit", delegate_id=delegate_id))
