"""How many credentials and paper ballots a poll handed out: one query, shared by the turnout,
the public board, the round page, the recount and the protocol. Kept apart from the desk's
service (``paper_ballots``) so that counting needs no poll lifecycle."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models import Issuance

__all__ = ["PAPER", "PHONE", "IssuedCounts", "issued_counts"]

#: The two channels of an issuance row (``Issuance.channel``).
PHONE, PAPER = "phone", "paper"


@dataclass(frozen=True, slots=True)
class IssuedCounts:
    """What a poll handed out: credentials (phones), paper ballots (replacements included)
    and how many of those replace a lost credential. One query for every page that shows
    them (turnout, public board, round page, recount, protocol)."""

    credentials: int
    paper: int
    replacing: int


def issued_counts(poll_id: int) -> IssuedCounts:
    """Credentials and paper ballots handed out in this poll."""
    row = db.session.execute(
        sa.select(sa.func.count().filter(Issuance.channel == PHONE),
                  sa.func.count().filter(Issuance.channel == PAPER),
                  sa.func.count().filter(Issuance.paper_replacement.is_(True)))
        .where(Issuance.poll_id == poll_id)).one()
    phone, paper, replacing = (int(n or 0) for n in row)
    return IssuedCounts(phone, paper + replacing, replacing)
