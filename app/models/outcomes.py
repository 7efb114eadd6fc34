"""What happens after a round is counted: assembly decisions, lots, acceptance, paper totals,
and the signed protocols.

Each row mirrors an audit event (``decision``, ``result`` with a lot, ``acceptance``,
``protocol_signed``) so the protocol can be built from the database and checked against the
audit file; ``audit_seq`` points at that event.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import utcnow


class AssemblyDecision(db.Model):
    """A decision of the assembly on procedure (e.g. deviating rules for one election), with
    its exact wording and the settings it overrides."""

    __tablename__ = "assembly_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(sa.ForeignKey("conferences.id"), index=True)
    election_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("elections.id"), nullable=True, index=True
    )
    poll_id: Mapped[int | None] = mapped_column(sa.ForeignKey("polls.id"), nullable=True)
    text: Mapped[str] = mapped_column(sa.Text)
    overrides: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    audit_seq: Mapped[int | None] = mapped_column(nullable=True)
    decided_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class LotDraw(db.Model):
    """A lot drawn for a tie: the chair's public value, the audit head it was combined with,
    the complete lot input and the order it produced."""

    __tablename__ = "lot_draws"

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(sa.ForeignKey("polls.id"), index=True)
    public_value: Mapped[str] = mapped_column(sa.String(200))
    audit_head: Mapped[str] = mapped_column(sa.String(64))
    lot_input: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    outcome: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    audit_seq: Mapped[int | None] = mapped_column(nullable=True)
    drawn_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Acceptance(db.Model):
    """"Nimmt die Wahl an" / "lehnt ab" of one elected candidate (one answer per candidate)."""

    __tablename__ = "acceptances"
    __table_args__ = (sa.UniqueConstraint("candidate_id", name="uq_acceptances_candidate"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(sa.ForeignKey("elections.id"), index=True)
    poll_id: Mapped[int] = mapped_column(sa.ForeignKey("polls.id"))
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidates.id"))
    accepted: Mapped[bool] = mapped_column()
    note: Mapped[str] = mapped_column(sa.Text, default="")
    audit_seq: Mapped[int | None] = mapped_column(nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class PaperTotals(db.Model):
    """Totals of a round counted on paper, as entered by the election commission.

    ``counts`` maps candidate id (as in the contest) to ``{"Y": n, "N": n, "A": n}`` (for other
    ballot forms ``{"votes": n}``); ``grounds`` maps a reason code or free text to a count."""

    __tablename__ = "paper_totals"

    poll_id: Mapped[int] = mapped_column(sa.ForeignKey("polls.id"), primary_key=True)
    issued: Mapped[int] = mapped_column()
    cast: Mapped[int] = mapped_column()
    invalid: Mapped[int] = mapped_column()
    grounds: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    blank: Mapped[int] = mapped_column(default=0)
    entered_by: Mapped[str] = mapped_column(sa.String(200), default="")
    entered_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    def sheet(self) -> dict[str, Any]:
        """The ``paper_totals`` form the counting core reads (``ballots.counting.totals``)."""
        return {"issued": self.issued, "cast": self.cast,
                "invalid": {k: v for k, v in (self.grounds or {}).items() if v},
                "blank": self.blank, "candidates": dict(self.counts or {})}


class SignedProtocol(db.Model):
    """A protocol as signed (the exact JSON), kept so the keeper can download it again."""

    __tablename__ = "signed_protocols"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(sa.ForeignKey("conferences.id"), index=True)
    poll_id: Mapped[int | None] = mapped_column(sa.ForeignKey("polls.id"), nullable=True)
    election_id: Mapped[int | None] = mapped_column(sa.ForeignKey("elections.id"), nullable=True)
    scope: Mapped[str] = mapped_column(sa.String(20))
    protocol_hash: Mapped[str] = mapped_column(sa.String(64))
    audit_head: Mapped[str] = mapped_column(sa.String(64))
    key_fingerprint: Mapped[str] = mapped_column(sa.String(64))
    signed_json: Mapped[str] = mapped_column(sa.Text)
    audit_seq: Mapped[int | None] = mapped_column(nullable=True)
    signed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
