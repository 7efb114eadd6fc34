"""The vote path's SQL for the common case, built once per process.

Why: during a burst every phone sends one credential request and one ballot, and the CPU they
cost decides how fast a full hall is through (docs/performance.md, "Burst"). Building a
statement, generating its cache key and loading ORM objects cost more than running it, and on
SQLite every step under the write lock holds up every other writer. So the common case is two
statements per request, built here once, whose WHERE clauses *are* the checks:

- :data:`CREDENTIAL_FACTS` — before the lock, one row: the card's delegate, whether they may
  vote now, and the poll (in their conference) with its sealed key. On PostgreSQL,
  :data:`CREDENTIAL_FACTS_LOCKING` also takes the poll's shared lock in the same statement (one
  round trip less): the lock is held from then until the commit, so the insert — a later
  statement with a later snapshot — sees any close that committed before it. (On SQLite the
  lock is the database's single write lock; it is taken only after signing.)
- :data:`INSERT_ISSUANCE` — under the lock: store the issuance only if the poll is still open,
  the delegate still entitled, and present since before the opening (so the presence snapshot
  at the opening covers them: ``app.services.voting.presence``).
- :data:`INSERT_SEALED` — under the lock: store the sealed ballot only if the poll is still
  open (``app.services.voting.ballot_box``; the close writes the plaintext ballots).

An insert that stores no row means something changed (closed, checked out, …): the caller
then takes the full path (``app.services.voting.credentials``,
``app.services.voting.casting``), which explains
the refusal. The ORM models stay the single description of the tables; these are Core
statements over them.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.enums import PollState
from app.models import Delegate, Issuance, Poll, SealedBallot
from app.services.polls.lifecycle import POLL_LOCK_CLASS
from app.services.roster.checkin import entitled_clause

# Tables, not ORM classes: Core statements skip the ORM's compile and loading steps.
_delegates, _polls = Delegate.__table__.c, Poll.__table__.c

__all__ = ["CREDENTIAL_FACTS", "CREDENTIAL_FACTS_LOCKING", "INSERT_ISSUANCE", "INSERT_SEALED"]


def _open(poll_id: sa.BindParameter[int]) -> list[sa.ColumnElement[bool]]:
    return [_polls.id == poll_id, _polls.state == PollState.OPEN.value, _polls.paper.is_(False)]


def _param(name: str, type_: sa.types.TypeEngine[object]) -> sa.Cast[object]:
    """A typed value in a SELECT list (PostgreSQL reads an untyped one as text)."""
    return sa.cast(sa.bindparam(name, type_=type_), type_)


CREDENTIAL_FACTS = (
    sa.select(
        _delegates.id.label("delegate_id"),
        _delegates.checked_in_at,
        entitled_clause().label("entitled"),
        _polls.id.label("poll_id"),
        _polls.state,
        _polls.paper,
        _polls.private_key_pem,
        _polls.opened_at,
    )
    .select_from(Delegate.__table__)
    .outerjoin(Poll.__table__, sa.and_(_polls.public_id == sa.bindparam("public_id"),
                             _polls.conference_id == _delegates.conference_id))
    .where(_delegates.token_hash == sa.bindparam("token_hash"))
)

CREDENTIAL_FACTS_LOCKING = CREDENTIAL_FACTS.add_columns(
    sa.func.pg_advisory_xact_lock_shared(
        POLL_LOCK_CLASS,
        sa.select(_polls.id).where(_polls.public_id == sa.bindparam("public_id"))
        .scalar_subquery(),
    ).label("locked")
)

INSERT_ISSUANCE = sa.insert(Issuance.__table__).from_select(
    ["poll_id", "delegate_id", "blinded_msg", "blind_sig"],
    sa.select(_polls.id, _delegates.id, _param("blinded_msg", sa.LargeBinary()),
              _param("blind_sig", sa.LargeBinary()))
    .where(*_open(sa.bindparam("poll_id", type_=sa.Integer())),
           _delegates.id == sa.bindparam("delegate_id", type_=sa.Integer()),
           _delegates.conference_id == _polls.conference_id,
           _delegates.checked_in_at < sa.bindparam("present_before",
                                                 type_=_delegates.checked_in_at.type),
           entitled_clause()),
).execution_options(preserve_rowcount=True)  # psycopg reports -1 otherwise

INSERT_SEALED = sa.insert(SealedBallot.__table__).from_select(
    ["credential_mac", "poll_id", "sealed"],
    sa.select(_param("credential_mac", sa.String()), _polls.id,
              _param("sealed", sa.LargeBinary()))
    .where(*_open(sa.bindparam("poll_id", type_=sa.Integer()))),
).execution_options(preserve_rowcount=True)
