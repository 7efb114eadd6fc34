"""The presence bound of a poll when people arrive while it is open.

The verifier proves ``issued ≤ present`` per poll. ``present_at_open`` covers everyone entitled
when the poll opened; a late arrival who fetches a credential records a ``presence`` event so the
bound stays provable (docs/audit-format.md, "Late check-ins"). Called inside the credential
transaction, under the poll lock.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Delegate, Issuance, Poll
from app.services.protocol.audit import append_event
from app.services.roster.checkin import entitled_clause
from ballots import audit as chain

__all__ = ["CHECK_IN_MARGIN", "as_utc", "record_late_presence"]


def record_late_presence(poll: Poll, delegate: Delegate) -> None:
    """Keep ``issued ≤ present`` provable when people arrive during the poll.

    Late check-ins may push the issuances past ``present_at_open``; then a ``presence`` event
    naming the poll must say how many were entitled at some moment while it was open
    (docs/audit-format.md, "Late check-ins"). Only a delegate who became present after the
    poll opened can be outside the snapshot at open: voting rights are not transferred while
    a poll is open (``checkin._refuse_while_a_poll_is_open``), and leaving and returning sets
    a new ``checked_in_at``. So a delegate present since before the opening costs nothing
    here (this used to count every issuance of the poll on every request: quadratic in N).

    A late arrival records the number of delegates who are entitled now *or* already hold a
    credential of this poll — all of them were entitled at some moment while it was open, so
    the figure is honest — whenever it exceeds the bound known so far. Every delegate who is
    issued later without being late was entitled at that moment and is inside the figure;
    every later late arrival records its own. So the final issuances never exceed the bound.
    "Late" includes a check-in shortly before the opening (``CHECK_IN_MARGIN``) and a missing
    ``checked_in_at``: when in doubt, count.
    """
    checked_in_at = delegate.checked_in_at
    if (poll.opened_at is not None and checked_in_at is not None
            and as_utc(checked_in_at) < as_utc(poll.opened_at) - CHECK_IN_MARGIN):
        return
    bound = poll.present_at_open or 0
    for line in db.session.scalars(
        sa.select(AuditEvent.line).where(AuditEvent.conference_id == poll.conference_id,
                                         AuditEvent.type == "presence")
    ):
        data = json.loads(line)["data"]
        if data.get("poll") == poll.public_id:
            bound = max(bound, int(data["present"]))
    holds = sa.exists().where(Issuance.poll_id == poll.id, Issuance.delegate_id == Delegate.id)
    seen = db.session.scalar(
        sa.select(sa.func.count()).select_from(Delegate).where(
            Delegate.conference_id == poll.conference_id,
            sa.or_(entitled_clause(), holds))
    ) or 0
    if seen > bound:
        append_event(poll.conference_id, "presence",
                     chain.presence_data(present=seen, poll=poll.public_id))


# A check-in stamps ``checked_in_at`` before its commit, which may wait for the opening's
# transaction (and so miss its presence count). Whoever checked in less than this before the
# opening counts as late; a desk request never takes this long (gunicorn's timeout is 30 s,
# SQLite's busy timeout 10 s).
CHECK_IN_MARGIN = timedelta(minutes=2)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes (stored as UTC); PostgreSQL aware ones."""
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
