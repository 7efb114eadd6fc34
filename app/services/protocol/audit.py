"""The conference's audit chain in the database: append one event, export the whole file.

Events are built by :mod:`ballots.audit` (canonical JSON, hash of the previous event) and
stored as their exact line, keyed ``(conference_id, seq)``. Appending takes the conference row
lock first (``SELECT … FOR UPDATE`` on PostgreSQL, the write transaction on SQLite), so appends
of one conference queue up instead of forking the chain; should a writer that skipped the lock
race us anyway, the primary key refuses the second ``seq`` and we retry on the new head.

Every function here runs inside the caller's transaction and never commits: an event is
recorded exactly when the change it describes is.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import AuditEvent, Conference, Delegate
from ballots import audit as chain

__all__ = [
    "append_event",
    "audit_file",
    "ensure_conference_recorded",
    "close_head",
    "close_heads",
    "head_hash",
    "lock_conference",
]

_RETRIES = 5


def lock_conference(conference_id: int) -> None:
    """Serialise writers of one conference's chain until the transaction ends."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            sa.select(Conference.id).where(Conference.id == conference_id).with_for_update()
        )
    else:  # SQLite: the first write takes the database write lock (busy_timeout waits)
        db.session.execute(
            sa.update(Conference).where(Conference.id == conference_id)
            .values(id=Conference.id)
            .execution_options(synchronize_session=False)
        )


def _head(conference_id: int) -> AuditEvent | None:
    return db.session.scalar(
        sa.select(AuditEvent)
        .where(AuditEvent.conference_id == conference_id)
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    )


def head_hash(conference_id: int) -> str:
    """Hash of the last event (64 zeros for an empty chain): what a protocol cites."""
    head = _head(conference_id)
    return chain.ZERO_HASH if head is None else head.hash


def append_event(conference_id: int, type: str, data: Mapping[str, Any]) -> AuditEvent:
    """Append ``type``/``data`` after the current head; raises FormatError on bad data."""
    lock_conference(conference_id)
    for attempt in range(_RETRIES):
        head = _head(conference_id)
        prev = None if head is None else json.loads(head.line)
        event = chain.make_event(prev, type, data)
        row = AuditEvent(conference_id=conference_id, seq=event["seq"], type=type,
                         line=chain.dumps_line(event).rstrip("\n"), hash=event["hash"])
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:
            if attempt == _RETRIES - 1:
                raise
            db.session.expire_all()
            continue
        return row
    raise AssertionError("unreachable")  # pragma: no cover


def ensure_conference_recorded(conference: Conference) -> None:
    """Write the ``conference`` and ``roster`` events if the chain is still empty."""
    lock_conference(conference.id)
    if _head(conference.id) is not None:
        return
    append_event(conference.id, "conference", chain.conference_data(
        title=conference.title,
        organisation=conference.organisation,
        date=conference.held_on.isoformat() if conference.held_on else "",
        place=conference.place,
        settings={
            "chair": conference.chair_names,
            "commission": conference.commission_names,
            "minute_taker": conference.minute_taker,
            "convocation": conference.convocation,
            "poll_key_bits": int(current_app.config["POLL_KEY_BITS"]),
        },
    ))
    counts = db.session.execute(
        sa.select(
            sa.func.count(Delegate.id),
            sa.func.count(Delegate.id).filter(Delegate.has_vote, ~Delegate.is_substitute),
            sa.func.count(Delegate.id).filter(Delegate.is_substitute),
        ).where(Delegate.conference_id == conference.id)
    ).one()
    append_event(conference.id, "roster", chain.roster_data(
        entitled=int(counts[0]), voting_right=int(counts[1]), substitutes=int(counts[2])
    ))


def close_heads(conference_id: int) -> dict[str, str]:
    """Poll public id → the chain head after its close, as a code read out in the hall
    (``ballots.audit.head_code``): the hash of the poll's first ``result`` event, the last
    event its close wrote. In the order of the closes."""
    heads: dict[str, str] = {}
    for line, event_hash in db.session.execute(
        sa.select(AuditEvent.line, AuditEvent.hash)
        .where(AuditEvent.conference_id == conference_id, AuditEvent.type == "result")
        .order_by(AuditEvent.seq)
    ):
        poll = str(json.loads(line)["data"].get("poll"))
        heads.setdefault(poll, chain.head_code(event_hash))
    return heads


def close_head(conference_id: int, public_id: str) -> str | None:
    """The head code after this poll's close, or None while it has no result."""
    return close_heads(conference_id).get(public_id)


def audit_file(conference_id: int) -> str:
    """The whole chain as the JSON-lines audit file (``python -m ballots verify`` reads it)."""
    lines = db.session.scalars(
        sa.select(AuditEvent.line)
        .where(AuditEvent.conference_id == conference_id)
        .order_by(AuditEvent.seq)
    )
    return "".join(line + "\n" for line in lines)
