"""The conference's hash-chained audit events, stored as their exact canonical lines."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class AuditEvent(db.Model):
    """``(conference_id, seq)`` is the key, so two writers can never fork the chain."""

    __tablename__ = "audit_events"

    conference_id: Mapped[int] = mapped_column(sa.ForeignKey("conferences.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(sa.String(40))
    line: Mapped[str] = mapped_column(sa.Text)
    hash: Mapped[str] = mapped_column(sa.String(64))
