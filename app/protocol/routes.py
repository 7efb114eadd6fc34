"""The protocol-keeper's page: sign the Wahlprotokoll, download it as PDF, JSON and CSV, and
the final delegate and substitute lists. (The audit file lives in audit_routes.py.)"""

from __future__ import annotations

import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.decorators import role_required
from app.enums import Role
from app.protocol import bp
from app.protocol.audit_routes import audit_download_name
from app.protocol.forms import SignForm
from app.services.conference import current_conference
from app.services.elections.acceptance import AcceptanceError, final_lists_csv
from app.services.protocol import build as protocols
from app.services.protocol.csv_export import render_protocol_csv
from app.services.protocol.pdf import render_protocol_pdf


def _conference_id() -> int:
    conference = current_conference()
    if conference is None:
        abort(404)
    return conference.id


@bp.route("/")
@role_required(Role.PROTOCOL)
def index():
    conference_id = _conference_id()
    overview = protocols.protocol_overview(conference_id)
    return render_template("protocol/index.html", overview=overview, form=SignForm(),
                           audit_name=audit_download_name(conference_id))


@bp.post("/sign")
@role_required(Role.PROTOCOL)
def sign():
    form = SignForm()
    if not form.validate_on_submit():
        flash(_("Die Angaben sind unvollständig."), "error")
        return redirect(url_for("protocol.index"))
    try:
        row = protocols.sign_and_record(_conference_id(), election_id=form.election_id.data,
                                        poll_id=form.poll_id.data, lang=form.lang.data)
    except (protocols.ProtocolError, ValueError) as exc:
        flash(str(exc), "error")
        return redirect(url_for("protocol.index"))
    flash(_("Protokoll signiert (Nr. %(id)d).", id=row.id), "success")
    return redirect(url_for("protocol.index"))


def _download(body: bytes | str, mimetype: str, name: str) -> Response:
    """An attachment; text types get ``charset=utf-8`` from Werkzeug (give the bare type)."""
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/<int:protocol_id>/<any(pdf, json, csv):ext>")
@role_required(Role.PROTOCOL)
def download(protocol_id: int, ext: str):
    """``?conference=<id>``: a protocol of an earlier conference (read-only, as signed)."""
    conference_id = request.args.get("conference", type=int) or _conference_id()
    try:
        row, signed = protocols.signed_protocol(conference_id, protocol_id)
    except protocols.ProtocolError:
        abort(404)
    name = protocols.protocol_path_name(row, ext)
    if ext == "pdf":
        return _download(render_protocol_pdf(signed), "application/pdf", name)
    if ext == "json":
        return _download(row.signed_json, "application/json", name)
    return _download(render_protocol_csv(signed), "text/csv", name)


@bp.get("/preview.pdf")
@role_required(Role.PROTOCOL)
def preview():
    """An unsigned draft (pages say ENTWURF) to proof-read before signing."""
    election_id = request.args.get("election_id", type=int)
    lang = request.args.get("lang", "de") if request.args.get("lang") in ("de", "en") else "de"
    try:
        data = protocols.build_protocol(_conference_id(), election_id=election_id, lang=lang)
    except protocols.ProtocolError:
        abort(404)
    return _download(render_protocol_pdf(json.loads(json.dumps(data))), "application/pdf",
                     "wahlprotokoll-entwurf.pdf")


@bp.get("/elections/<int:election_id>/lists.csv")
@role_required(Role.PROTOCOL)
def final_lists(election_id: int):
    try:
        text = final_lists_csv(election_id, conference_id=_conference_id())
    except AcceptanceError:
        abort(404)
    return _download(text, "text/csv", f"delegierte-ersatz-{election_id}.csv")
