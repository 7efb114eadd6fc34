"""Elections (spanning rounds), their candidates, polls (one vote each) and what they collect.

Secrecy shapes the last two tables: ``issuances`` knows which delegate got a blind signature
for which poll but never the unblinded credential; ``ballots`` knows the credential and the
choices but nothing about a delegate — no timestamp, no IP, no arrival-order id. Its key is the
credential hash and on SQLite the table is WITHOUT ROWID, so even the storage order is by hash.

While a poll is open its casts are not in ``ballots`` at all but in ``sealed_ballots``: a keyed
hash of the credential and a ciphertext under the poll's ballot-box key
(``app.services.voting.ballot_box``). The close writes ``ballots`` once, in one transaction, sorted
by credential hash, and deletes the sealed rows; the key dies with the poll. So whatever kept
the arrival order (WAL frames, ``xmin``/``ctid``, pg_wal) kept it of ciphertexts nobody can
open any more, never of the ballots on the public list.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow


class Election(db.Model):
    __tablename__ = "elections"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(sa.ForeignKey("conferences.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    preset: Mapped[str] = mapped_column(sa.String(60))
    overrides: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    decision_text: Mapped[str] = mapped_column(sa.Text, default="")
    seats: Mapped[int] = mapped_column(default=1)
    #: The chair's choice of first round under a women-first quota: None = as the rules say
    #: (women's round, then mixed round), "women" or "mixed" = that round for all seats.
    #: Kept so the draft first round stays what was chosen when the list or rules change.
    first_round_kind: Mapped[str | None] = mapped_column(sa.String(10), default=None)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    candidates: Mapped[list[Candidate]] = relationship(
        back_populates="election", order_by="Candidate.name"
    )
    polls: Mapped[list[Poll]] = relationship(back_populates="election", order_by="Poll.id")


class Candidate(db.Model):
    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(sa.ForeignKey("elections.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    quota_group: Mapped[str] = mapped_column(sa.String(40), default="")
    withdrawn: Mapped[bool] = mapped_column(default=False)

    election: Mapped[Election] = relationship(back_populates="candidates")


class Poll(db.Model):
    """One vote: a motion, or one round of an election. ``contest`` is the ballots.Contest dict."""

    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(sa.String(32), unique=True)
    conference_id: Mapped[int] = mapped_column(sa.ForeignKey("conferences.id"), index=True)
    election_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("elections.id"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(300))
    contest: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    state: Mapped[str] = mapped_column(sa.String(20), default="draft", index=True)
    paper: Mapped[bool] = mapped_column(default=False)
    public_key_pem: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    key_fingerprint: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    # Destroyed (set to NULL) when the poll closes: nobody can mint ballots afterwards.
    private_key_pem: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    present_at_open: Mapped[int | None] = mapped_column(nullable=True)
    opened_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON, nullable=True)
    lot_input: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON, nullable=True)
    void_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    election: Mapped[Election | None] = relationship(back_populates="polls")


class Issuance(db.Model):
    """What a delegate got for a poll, at most one per (poll, delegate): a blind signature
    (``channel`` "phone"; the blinded value allows a safe retry) or a paper ballot handed out
    at the desk (``channel`` "paper", both byte columns empty). ``paper_replacement`` marks a
    credential lost with its browser for which the desk handed out a paper ballot as well."""

    __tablename__ = "issuances"

    poll_id: Mapped[int] = mapped_column(sa.ForeignKey("polls.id"), primary_key=True)
    delegate_id: Mapped[int] = mapped_column(sa.ForeignKey("delegates.id"), primary_key=True)
    blinded_msg: Mapped[bytes] = mapped_column(sa.LargeBinary)
    blind_sig: Mapped[bytes] = mapped_column(sa.LargeBinary)
    channel: Mapped[str] = mapped_column(sa.String(8), server_default="phone")
    paper_replacement: Mapped[bool] = mapped_column(server_default=sa.false())


class SealedBallot(db.Model):
    """A cast into an open poll: ``credential_mac`` = HMAC-SHA256 of the credential under the
    poll's ballot-box key (uniqueness, retries), ``sealed`` = AES-GCM of credential, signature
    and padded ballot under the same key. Emptied by the close."""

    __tablename__ = "sealed_ballots"
    __table_args__ = ({"sqlite_with_rowid": False},)

    credential_mac: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    poll_id: Mapped[int] = mapped_column(sa.ForeignKey("polls.id"), index=True)
    sealed: Mapped[bytes] = mapped_column(sa.LargeBinary)


class Ballot(db.Model):
    """A counted ballot, written by the close. Deliberately without timestamp, IP or any
    arrival-order column."""

    __tablename__ = "ballots"
    __table_args__ = ({"sqlite_with_rowid": False},)

    credential_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    poll_id: Mapped[int] = mapped_column(sa.ForeignKey("polls.id"), index=True)
    msg: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sig: Mapped[bytes] = mapped_column(sa.LargeBinary)
    choices: Mapped[str] = mapped_column(sa.Text)
    tracker: Mapped[str] = mapped_column(sa.String(20), index=True)
