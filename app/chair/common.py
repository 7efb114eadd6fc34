"""Helpers shared by the chair's and the desk's views."""

from __future__ import annotations

from io import BytesIO

from flask import Response, abort, current_app, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _

from app.models import Conference
from app.services.conference import current_conference


def require_conference(endpoint: str = "chair.index") -> Conference:
    """The active conference; before one exists, back to the dashboard to create it."""
    conference = current_conference()
    if conference is None:
        flash(_("Bitte zuerst die Versammlung anlegen."), "warning")
        abort(redirect(url_for(endpoint)))
    return conference


def base_url() -> str:
    """Where the QR codes point: BASE_URL from the settings, else this request's host."""
    return str(current_app.config.get("BASE_URL") or request.host_url).rstrip("/")


def pdf_response(pdf: bytes, filename: str) -> Response:
    """Card PDFs carry secrets: never cached by a browser or proxy."""
    response = send_file(BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                         download_name=filename, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response
