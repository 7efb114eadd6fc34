"""The roster: CSV import (appends; all-or-nothing) and delegates added or edited by hand.

Import *appends* to the roster. A name already on the roster (compared like the parser compares
names within a file) is a problem of that row, so a second import of the same file is refused
whole instead of doubling people. The parser finds these in the same pass as the file's own
problems, so one upload lists everything to fix.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from app.extensions import db
from app.models import Delegate
from app.services.errors import NotFound
from app.services.roster.checkin import a_poll_is_open
from app.services.roster.csv_import import (
    MAX_FIELD,
    N_,
    Problem,
    RosterRow,
    column_report,
    lossy_warning,
    parse_roster,
    person_key,
    surname_key,
)

__all__ = [
    "NAME_MISSING",
    "TOO_LONG",
    "DelegateFields",
    "RosterError",
    "add_delegate",
    "ImportPreview",
    "confirm_import",
    "import_roster",
    "preview_import",
    "list_delegates",
    "update_delegate",
]


#: The hand form's messages, one sentence per field naming it and its limit (the form's
#: validators and :func:`_check` behind them say the same; ``%(max)d``/``%(length)d`` are
#: filled in the way WTForms' ``Length`` fills them).
NAME_MISSING = N_("Bitte den Namen angeben.")
TOO_LONG = {
    "name": N_("Der Name darf höchstens %(max)d Zeichen lang sein (eingegeben: %(length)d)."),
    "delegation": N_("Die Gliederung darf höchstens %(max)d Zeichen lang sein "
                     "(eingegeben: %(length)d)."),
    "quota_group": N_("Die Quotengruppe darf höchstens %(max)d Zeichen lang sein "
                      "(eingegeben: %(length)d)."),
}


class RosterError(ValueError):
    """A hand edit cannot be saved; the message names the field."""


@dataclass(frozen=True, slots=True)
class DelegateFields:
    name: str
    delegation: str = ""
    quota_group: str = ""
    has_vote: bool = True
    is_substitute: bool = False


def _existing_keys(conference_id: int, *, except_id: int | None = None) -> dict[str, str]:
    """:func:`person_key` → name of everyone on the roster (the import's duplicate check)."""
    stmt = db.select(Delegate.id, Delegate.name, Delegate.delegation).where(
        Delegate.conference_id == conference_id)
    return {person_key(name, delegation): name
            for did, name, delegation in db.session.execute(stmt) if did != except_id}


@dataclass(frozen=True, slots=True)
class Imported:
    """How many rows were added, and a warning the chair must read (e.g. "?" for lost letters)."""

    added: int
    warning: Problem | None = None


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What an upload would import, before anything is stored: the rows, how each column was
    read, the warning about lost letters, and the id under which the file waits for the
    chair's confirmation."""

    upload: str
    rows: list[RosterRow]
    columns: list[tuple[str, str | None]]
    warning: Problem | None


def _uploads() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _upload_path(upload: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", upload or ""):
        raise RosterError(_("Diese Vorschau gibt es nicht mehr: bitte die Datei erneut "
                            "hochladen."))
    return _uploads() / f"{upload}.csv"


def preview_import(conference_id: int, data: bytes) -> ImportPreview:
    """Read the file as the import would (every problem as :class:`RosterFileError`) and keep
    it (instance/imports/, mode 0600) until the chair confirms; nothing goes on the roster."""
    rows = parse_roster(data, on_roster=_existing_keys(conference_id))
    upload = secrets.token_hex(16)
    path = _upload_path(upload)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return ImportPreview(upload, rows, column_report(data), lossy_warning(rows))


def confirm_import(conference_id: int, upload: str) -> Imported:
    """Import the file shown in the preview ``upload`` (read again: the roster may have
    changed since), then forget the file."""
    path = _upload_path(upload)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RosterError(_("Diese Vorschau gibt es nicht mehr: bitte die Datei erneut "
                            "hochladen.")) from None
    try:
        return import_roster(conference_id, data)
    finally:
        path.unlink(missing_ok=True)


def import_roster(conference_id: int, data: bytes) -> Imported:
    """Append every row of the CSV ``data``. Nothing on any error (:class:`RosterFileError`
    lists the file's problems and its names already on the roster)."""
    rows = parse_roster(data, on_roster=_existing_keys(conference_id))
    db.session.add_all(
        Delegate(
            conference_id=conference_id,
            name=row.name,
            delegation=row.delegation,
            quota_group=row.quota_group,
            has_vote=row.has_vote,
            is_substitute=row.is_substitute,
        )
        for row in rows
    )
    db.session.commit()
    return Imported(len(rows), lossy_warning(rows))


def _check(conference_id: int, fields: DelegateFields, *, except_id: int | None) -> DelegateFields:
    cleaned = DelegateFields(
        name=" ".join(fields.name.split()),
        delegation=" ".join(fields.delegation.split()),
        quota_group=" ".join(fields.quota_group.split()),
        has_vote=fields.has_vote,
        is_substitute=fields.is_substitute,
    )
    if not cleaned.name:
        raise RosterError(_(NAME_MISSING))
    for field, limit in MAX_FIELD.items():
        length = len(getattr(cleaned, field))
        if length > limit:
            raise RosterError(_(TOO_LONG[field], max=limit, length=length))
    other = _existing_keys(conference_id, except_id=except_id).get(
        person_key(cleaned.name, cleaned.delegation))
    if other is not None:
        raise RosterError(_("„%(name)s“ steht schon auf der Delegiertenliste.", name=other))
    return cleaned


def add_delegate(conference_id: int, fields: DelegateFields) -> Delegate:
    cleaned = _check(conference_id, fields, except_id=None)
    delegate = Delegate(
        conference_id=conference_id,
        name=cleaned.name,
        delegation=cleaned.delegation,
        quota_group=cleaned.quota_group,
        has_vote=cleaned.has_vote,
        is_substitute=cleaned.is_substitute,
    )
    db.session.add(delegate)
    db.session.commit()
    return delegate


def get_delegate(conference_id: int, delegate_id: int) -> Delegate:
    delegate = db.session.get(Delegate, delegate_id)
    if delegate is None or delegate.conference_id != conference_id:
        raise NotFound(_("Diese Person gibt es nicht."))
    return delegate


def update_delegate(conference_id: int, delegate_id: int, fields: DelegateFields) -> Delegate:
    delegate = get_delegate(conference_id, delegate_id)
    cleaned = _check(conference_id, fields, except_id=delegate_id)
    if cleaned.is_substitute != delegate.is_substitute and (
        delegate.represents_id is not None
        or db.session.scalar(db.select(Delegate.id).where(Delegate.represents_id == delegate.id))
    ):
        raise RosterError(_("Solange eine Stimmübertragung besteht, kann „Ersatz“ nicht "
                            "geändert werden."))
    changes_right = (cleaned.has_vote, cleaned.is_substitute) != (
        delegate.has_vote, delegate.is_substitute)
    if changes_right and a_poll_is_open(conference_id):
        # Like transfers: a right granted mid-poll would escape the late-arrival bookkeeping.
        raise RosterError(_("Während eine Abstimmung läuft, können Stimmrecht und "
                            "„Ersatz“ nicht geändert werden. Bitte nach dem Schließen erneut "
                            "versuchen."))
    delegate.name = cleaned.name
    delegate.delegation = cleaned.delegation
    delegate.quota_group = cleaned.quota_group
    delegate.has_vote = cleaned.has_vote
    delegate.is_substitute = cleaned.is_substitute
    db.session.commit()
    return delegate


def list_delegates(conference_id: int) -> list[Delegate]:
    """The roster by surname (:func:`surname_key`)."""
    delegates = db.session.scalars(
        db.select(Delegate).where(Delegate.conference_id == conference_id))
    return sorted(delegates, key=lambda d: (surname_key(d.name), d.id))
