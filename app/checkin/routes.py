"""Desk views: search, mark present/absent, transfer votes, reissue cards, live counts."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.decorators import role_required
from app.chair.common import base_url, pdf_response
from app.checkin import bp
from app.enums import Role
from app.services.conference import current_conference, roster_counts
from app.services.errors import NotFound
from app.services.roster import booths, cards, checkin, mandate
from app.services.voting import paper_ballots
from app.throttle import recent_refusals

MAX_ID = 2**31 - 1  # the id columns are 32-bit integers on PostgreSQL


def _query() -> str:
    """The desk's search, carried through forms and links so the desk returns to it."""
    return request.values.get("q", "")[:100]


def _back():
    return redirect(url_for("checkin.index", q=_query()))


def _chosen_delegate() -> int | None:
    """The delegate picked in the transfer form; None for the placeholder or garbage."""
    choice = request.values.get("delegate_id", "")
    if not (choice.isascii() and choice.isdecimal()) or int(choice) > MAX_ID:
        return None
    return int(choice)


def _booth_label(state: str) -> str:
    return {"free": _("frei"), "in_use": _("besetzt")}.get(state, _("nicht verbunden"))


def _booths(conference) -> list[dict[str, object]]:
    """Each booth's state for the desk: free, in use, or not heard from lately."""
    return [{"number": b.number, "key": b.key, "state": b.state, "label": _booth_label(b.state)}
            for b in booths.statuses(conference)]


def _conference_id() -> int | None:
    conference = current_conference()
    return None if conference is None else conference.id


@bp.route("/")
@role_required(Role.CHECKIN)
def index():
    conference = current_conference()
    if conference is None:
        return render_template("checkin/index.html", conference=None)
    query = _query()
    rows = checkin.search(conference.id, query)
    return render_template(
        "checkin/index.html",
        conference=conference,
        q=query,
        rows=rows,
        more=len(rows) >= checkin.SEARCH_LIMIT,
        counts=roster_counts(conference.id),
        quorum=mandate.quorum_status(conference),
        absent_with_vote=checkin.transfer_candidates(conference.id),
        booths=_booths(conference),
        refused_cards=recent_refusals("token"),
        paper_polls=paper_ballots.paper_possible(conference.id),
    )


@bp.route("/report")
@role_required(Role.CHECKIN)
def report():
    """The Mandatsprüfung's report to the assembly (printable)."""
    conference = current_conference()
    if conference is None:
        return _back()
    return render_template("checkin/report.html", r=mandate.mandate_report(conference))


@bp.route("/counts.json")
@role_required(Role.CHECKIN)
def counts():
    conference = current_conference()
    if conference is None:
        return jsonify(error=_("Noch keine Versammlung angelegt."), code="no_conference"), 404
    c = roster_counts(conference.id)
    return jsonify(present=c.present, entitled=c.entitled_now, with_vote=c.with_vote,
                   total=c.total, substitutes=c.substitutes,
                   booths=[{k: v for k, v in b.items() if k != "key"}
                           for b in _booths(conference)],
                   refused_cards=recent_refusals("token"),
                   **mandate.quorum_status(conference).as_json())


@bp.route("/<int:delegate_id>/presence", methods=["POST"])
@role_required(Role.CHECKIN)
def presence(delegate_id: int):
    conference_id = _conference_id()
    if conference_id is None:
        return _back()
    present = request.form.get("present") == "1"
    try:
        delegate = checkin.set_present(conference_id, delegate_id, present)
    except checkin.CheckinError as exc:
        flash(str(exc), "error")
    else:
        if present:
            flash(_("%(name)s ist eingecheckt.", name=delegate.name), "success")
        else:
            flash(_("%(name)s ist ausgecheckt.", name=delegate.name), "success")
            for title in checkin.credentials_kept(conference_id, delegate.id):
                flash(_("Hinweis: %(name)s hat für die offene Abstimmung „%(poll)s“ bereits "
                        "einen Stimmzettel (eine anonyme Berechtigung) erhalten. Er bleibt "
                        "gültig, bis die Abstimmung geschlossen wird – das System kann ihn "
                        "nicht zurücknehmen und weiß nicht, ob damit schon abgestimmt wurde "
                        "(die Stimmabgabe ist geheim).", name=delegate.name, poll=title),
                      "warning")
    return _back()


@bp.route("/<int:substitute_id>/transfer", methods=["GET", "POST"])
@role_required(Role.CHECKIN)
def transfer(substitute_id: int):
    """GET asks first, naming both people (a wrong transfer cannot be taken back while a poll
    is open); POST moves the vote."""
    conference_id = _conference_id()
    choice = _chosen_delegate()
    if conference_id is None:
        return _back()
    if choice is None:
        flash(_("Bitte auswählen, wessen Stimme übertragen wird."), "error")
        return _back()
    try:
        if request.method == "GET":
            substitute, absent = checkin.check_transfer(conference_id, substitute_id, choice)
            return render_template("checkin/transfer.html", substitute=substitute,
                                   absent=absent, q=_query())
        substitute = checkin.transfer_vote(conference_id, substitute_id, choice)
    except checkin.CheckinError as exc:
        flash(str(exc), "error")
    else:
        flash(_("%(sub)s hält jetzt die Stimme von %(name)s.", sub=substitute.name,
                name=substitute.represents.name), "success")
    return _back()


@bp.route("/<int:substitute_id>/transfer/end", methods=["POST"])
@role_required(Role.CHECKIN)
def transfer_end(substitute_id: int):
    conference_id = _conference_id()
    if conference_id is None:
        return _back()
    try:
        substitute = checkin.end_transfer(conference_id, substitute_id)
    except checkin.CheckinError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Die Stimmübertragung von %(sub)s ist beendet.", sub=substitute.name), "success")
    return _back()


@bp.route("/<int:delegate_id>/reissue", methods=["GET", "POST"])
@role_required(Role.CHECKIN)
def reissue(delegate_id: int):
    """GET asks first (a stray tap must not kill a valid card); POST revokes and prints."""
    conference_id = _conference_id()
    if conference_id is None:
        return _back()
    if request.method == "GET":
        rows = checkin.rows_for(conference_id, [delegate_id])
        if not rows:
            abort(404)
        return render_template("checkin/reissue.html", d=rows[0], q=_query())
    issued = cards.reissue_card(conference_id, delegate_id, base_url=base_url())
    return pdf_response(issued.pdf, f"stimmkarte-{delegate_id}.pdf")


@bp.route("/<int:delegate_id>/paper", methods=["GET", "POST"])
@role_required(Role.CHECKIN)
def paper(delegate_id: int):
    """A paper ballot instead of a phone: GET lists the open polls with what this delegate
    holds in each; POST records the paper ballot handed out (or a lost credential's
    replacement, which the form asks to confirm)."""
    conference_id = _conference_id()
    if conference_id is None:
        return _back()
    if request.method == "POST":
        poll_id = request.form.get("poll_id", "")
        replace = request.form.get("replaces_credential") == "1"
        try:
            if replace and request.form.get("confirm_lost") != "1":
                raise paper_ballots.PaperBallotError(_(
                    "Ein Ersatz nur mit der Bestätigung, dass der Stimmzettel auf dem Gerät "
                    "verloren ist."))
            if not (poll_id.isascii() and poll_id.isdecimal()) or int(poll_id) > MAX_ID:
                raise NotFound(_("Diese Abstimmung gibt es nicht."))
            count = paper_ballots.issue_paper_ballot(conference_id, delegate_id, int(poll_id),
                                                     replaces_credential=replace)
        except paper_ballots.PaperBallotError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Papierstimmzettel ausgegeben. In dieser Abstimmung sind es jetzt "
                    "%(n)d. Bitte nichts auf den Stimmzettel schreiben: er bleibt geheim.",
                    n=count.paper), "success")
    delegate, choices = paper_ballots.paper_choices(conference_id, delegate_id)
    return render_template("checkin/paper.html", d=delegate, choices=choices, q=_query())
