"""Download of the conference's audit file (JSON lines) for the protocol-keeper and chair."""

from __future__ import annotations

from flask import Response, abort, request
from flask_babel import gettext as _

from app.auth.decorators import role_required
from app.enums import Role
from app.protocol import bp
from app.services.conference import current_conference
from app.services.protocol import audit


def audit_download_name(conference_id: int) -> str:
    """The file name the download is saved under (the protocol page quotes it)."""
    return f"wahlgang-audit-{conference_id}.jsonl"


@bp.get("/audit.jsonl")
@role_required(Role.PROTOCOL)
def audit_file() -> Response:
    """``?conference=<id>`` picks another conference than the current one."""
    conference_id = request.args.get("conference", type=int)
    if conference_id is None:
        conference = current_conference()
        if conference is None:
            abort(404)
        conference_id = conference.id
    text = audit.audit_file(conference_id)
    if not text:
        abort(404, description=_("Für diese Versammlung gibt es noch keine Audit-Ereignisse."))
    response = Response(text, mimetype="application/jsonl")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{audit_download_name(conference_id)}"'
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Audit-Head"] = audit.head_hash(conference_id)
    return response
