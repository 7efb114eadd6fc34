"""A conference (Parteitag) and its roster of delegates."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow


class Conference(db.Model):
    __tablename__ = "conferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    held_on: Mapped[date | None] = mapped_column(sa.Date, nullable=True)
    convocation: Mapped[str] = mapped_column(sa.Text, default="")
    chair_names: Mapped[str] = mapped_column(sa.String(400), default="")
    commission_names: Mapped[str] = mapped_column(sa.String(400), default="")
    minute_taker: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    #: The demo seeded by ``make run``: never current while a real conference exists, and the
    #: only conference the chair may remove.
    is_demo: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    #: SHA-256 of the Saalanzeige link's secret (app/services/polls/display.py); None: no link.
    display_token_hash: Mapped[str | None] = mapped_column(
        sa.String(64), unique=True, nullable=True
    )
    #: The quorum rule as ``ballots.quorum`` spells it (e.g. "gt:1/2"); None: the configured
    #: default (QUORUM in config/default.toml).
    quorum: Mapped[str | None] = mapped_column(sa.String(20), nullable=True)

    delegates: Mapped[list[Delegate]] = relationship(
        back_populates="conference", order_by="Delegate.name"
    )


class Delegate(db.Model):
    """One roster line. ``token_hash`` is SHA-256 of the card's secret, never the secret."""

    __tablename__ = "delegates"
    __table_args__ = (sa.Index("ix_delegates_conference_name", "conference_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(sa.ForeignKey("conferences.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    delegation: Mapped[str] = mapped_column(sa.String(200), default="")
    quota_group: Mapped[str] = mapped_column(sa.String(40), default="")
    has_vote: Mapped[bool] = mapped_column(default=True)
    is_substitute: Mapped[bool] = mapped_column(default=False)
    present: Mapped[bool] = mapped_column(default=False)
    checked_in_at: Mapped[datetime | None] = mapped_column(
        sa.DateTime(timezone=True), nullable=True
    )
    token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True, nullable=True)
    card_number: Mapped[int] = mapped_column(default=0)
    # A substitute holding the voting right of an absent delegate (recorded transfer).
    represents_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("delegates.id"), nullable=True, unique=True
    )
    transferred_at: Mapped[datetime | None] = mapped_column(
        sa.DateTime(timezone=True), nullable=True
    )

    conference: Mapped[Conference] = relationship(back_populates="delegates")
    represents: Mapped[Delegate | None] = relationship(remote_side=[id])
