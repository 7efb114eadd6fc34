"""A poll's life: draft → open (keys made, presence snapshot) → closed (keys destroyed, counted).

The chair's Open/Close buttons call :func:`open_poll` and :func:`close_poll`; each is one
transaction that holds the poll lock exclusively (an advisory transaction lock on PostgreSQL;
on SQLite the transaction begins IMMEDIATE, so it holds the database write lock). Issuing
and casting take the same lock shared (``app.services.voting.credentials``,
``app.services.voting.casting``), so
a ballot is stored either before the close — and counted — or refused as "closed": never in
between. An electronic poll has two keys: the RSA key that signs credentials (sealed in the
database, set to NULL at the close) and the ballot-box key (a file,
``app.services.voting.ballot_box``)
under which casts are sealed until the close writes them out in canonical order.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.enums import PollState
from app.extensions import db
from app.models import Ballot as BallotRow
from app.models import Conference, Delegate, Issuance, PaperTotals, Poll, SealedBallot
from app.models.base import utcnow
from app.services.elections.audit import record_election
from app.services.protocol.audit import append_event, ensure_conference_recorded
from app.services.roster.checkin import entitled_clause
from app.services.voting import ballot_box
from app.services.voting.issued import PAPER, PHONE
from app.services.voting.poll_keys import new_poll_key, seal_private_key
from app.sqlite_queue import begin_queued_write
from ballots import audit as chain
from ballots import blind
from ballots.contest import contest_from_dict
from ballots.counting import paper_totals_from_dict, result_to_dict, tally, tally_mixed
from ballots.errors import BallotError

__all__ = [
    "PollStateError", "close_poll", "delegate_ref", "entitled_count", "lock_poll", "open_poll",
    "take_poll_lock",
]


class PollStateError(ValueError):
    """The poll is not in the state the action needs; the message says what to do."""


_NOT_DRAFT = {
    PollState.OPEN: _l("Die Abstimmung ist bereits geöffnet."),
    PollState.CLOSED: _l("Die Abstimmung ist bereits geschlossen und kann nicht wieder geöffnet "
                      "werden. Legen Sie einen neuen Wahlgang an."),
    PollState.VOID: _l("Die Abstimmung wurde für ungültig erklärt und kann nicht geöffnet werden."),
}
_NOT_OPEN = {
    PollState.DRAFT: _l("Die Abstimmung ist noch nicht geöffnet."),
    PollState.CLOSED: _l("Die Abstimmung ist bereits geschlossen."),
    PollState.VOID: _l("Die Abstimmung wurde für ungültig erklärt."),
}


# First half of the two-int advisory lock key on PostgreSQL ("Wg"); the second is the poll id.
POLL_LOCK_CLASS = 0x5767


def lock_poll(poll_id: int, *, exclusive: bool) -> Poll | None:
    """Lock the poll for this transaction, then load it fresh from the database.

    ``exclusive`` (open/close) conflicts with everything; shared (issue/cast) only with
    exclusive, so ballots are stored in parallel on PostgreSQL. There the lock is a
    transaction-scoped advisory lock on ``(POLL_LOCK_CLASS, poll_id)``: shared lockers write
    nothing (``SELECT … FOR SHARE`` on the row made a MultiXact per concurrent locker, which
    was slow under a burst), a waiting exclusive request queues new shared ones behind it, and
    the lock is released only after the commit is visible — so the state read after taking
    it is the state that holds until we commit. The exclusive path also locks the row
    (``FOR UPDATE``) against writers that do not take the advisory lock.
    SQLite has one writer anyway: there the transaction queues for the write lock and begins
    IMMEDIATE (app.sqlite_queue).
    """
    take_poll_lock(poll_id, exclusive=exclusive)
    query = sa.select(Poll).where(Poll.id == poll_id).execution_options(populate_existing=True)
    if exclusive and _dialect() == "postgresql":
        query = query.with_for_update()
    return db.session.scalar(query)


def take_poll_lock(poll_id: int, *, exclusive: bool) -> None:
    """The lock of :func:`lock_poll` without reading the poll: for the vote path, whose
    statements check the poll's state themselves (``INSERT … SELECT … WHERE state = open``)."""
    if _dialect() == "postgresql":
        lock = _PG_EXCLUSIVE_LOCK if exclusive else _PG_SHARED_LOCK
        db.session.execute(lock, {"poll_id": poll_id})
        return
    if not begin_queued_write(db.session.connection().connection.dbapi_connection):
        # Already inside a transaction (or no queue): a write takes SQLite's write lock.
        db.session.execute(
            sa.update(Poll).where(Poll.id == poll_id).values(state=Poll.state)
            .execution_options(synchronize_session=False)
        )


# Built once: every credential and every ballot takes the shared one.
_PG_SHARED_LOCK = sa.select(sa.func.pg_advisory_xact_lock_shared(
    POLL_LOCK_CLASS, sa.bindparam("poll_id", type_=sa.Integer())))
_PG_EXCLUSIVE_LOCK = sa.select(sa.func.pg_advisory_xact_lock(
    POLL_LOCK_CLASS, sa.bindparam("poll_id", type_=sa.Integer())))


def _dialect() -> str:
    return str(db.session.get_bind().dialect.name)


def _locked(poll_id: int) -> Poll:
    poll = lock_poll(poll_id, exclusive=True)
    if poll is None:
        db.session.rollback()
        raise PollStateError(_("Diese Abstimmung gibt es nicht."))
    return poll


def delegate_ref(delegate_id: int) -> str:
    """How the audit file names a delegate: stable, sortable, no personal data."""
    return f"D{delegate_id:06d}"


def open_poll(poll_id: int) -> Poll:
    """Open a draft poll: per-poll RSA key, presence snapshot, ``poll_opened`` audit event."""
    # Key generation takes a moment (0.1–1 s): do it before taking the lock.
    paper = db.session.scalar(sa.select(Poll.paper).where(Poll.id == poll_id))
    key = None if paper else new_poll_key()
    poll = _locked(poll_id)
    if poll.state != PollState.DRAFT:
        message = str(_NOT_DRAFT.get(PollState(poll.state), _("Die Abstimmung kann nicht öffnen.")))
        db.session.rollback()
        raise PollStateError(message)
    if poll.paper != bool(paper):  # pragma: no cover - changed between the two reads
        db.session.rollback()
        raise PollStateError(_("Die Abstimmung wurde gerade geändert. Bitte erneut versuchen."))
    present = entitled_count(poll.conference_id)
    contest = dict(poll.contest)
    contest["present"] = present
    contest["entitled"] = _voting_right(poll.conference_id)
    try:
        contest_from_dict(contest)  # a broken contest must not open
    except BallotError as exc:
        db.session.rollback()
        raise PollStateError(
            _("Die Abstimmung ist fehlerhaft angelegt: %(error)s", error=exc)
        ) from exc
    if key is not None:
        poll.public_key_pem = blind.public_key_pem(key.public_key())
        poll.key_fingerprint = blind.public_key_fingerprint(key.public_key())
        poll.private_key_pem = seal_private_key(key, poll.public_id)
    poll.contest = contest
    poll.present_at_open = present
    poll.state = PollState.OPEN.value
    poll.opened_at = utcnow()
    _record_conference(poll.conference_id)
    election = None if poll.election is None else record_election(poll.election)
    append_event(poll.conference_id, "poll_opened", chain.poll_opened_data(
        poll=poll.public_id, contest=contest, public_key_pem=poll.public_key_pem or "",
        key_fingerprint=poll.key_fingerprint or "", present=present, paper=poll.paper,
        election=election,
    ))
    public_id = poll.public_id
    if key is not None:  # on disk (fsynced) before the poll is open: no cast without it
        ballot_box.create_key(public_id)
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        ballot_box.destroy_key(public_id)
        raise
    ballot_box.sweep_keys()
    return poll


def entitled_count(conference_id: int) -> int:
    """Delegates entitled to vote now, as the check-in desk defines it (``present_at_open``)."""
    return int(db.session.scalar(
        sa.select(sa.func.count(Delegate.id))
        .where(Delegate.conference_id == conference_id, entitled_clause())
    ) or 0)


def _record_conference(conference_id: int) -> None:
    conference = db.session.get(Conference, conference_id)
    assert conference is not None
    ensure_conference_recorded(conference)


def _voting_right(conference_id: int) -> int:
    return int(db.session.scalar(
        sa.select(sa.func.count(Delegate.id)).where(
            Delegate.conference_id == conference_id, Delegate.has_vote, ~Delegate.is_substitute
        )
    ) or 0)


def close_poll(poll_id: int) -> Poll:
    """Close an open poll: destroy its private key, count, and record everything."""
    poll = _locked(poll_id)
    if poll.state != PollState.OPEN:
        message = str(_NOT_OPEN.get(PollState(poll.state), _("Die Abstimmung ist nicht offen.")))
        db.session.rollback()
        raise PollStateError(message)
    if poll.paper:
        # Counting the (empty) electronic ballot box would record a result of zero votes.
        db.session.rollback()
        raise PollStateError(_(
            "Dies ist ein Papierwahlgang: er wird geschlossen, indem die Wahlkommission "
            "die ausgezählten Ergebnisse einträgt."
        ))
    issuances = db.session.execute(
        sa.select(Issuance.delegate_id, Issuance.blinded_msg, Issuance.blind_sig,
                  Issuance.channel, Issuance.paper_replacement)
        .where(Issuance.poll_id == poll.id)
    ).all()
    beside = _paper_beside(poll, issuances)
    try:
        _empty_the_box(poll)
    except ballot_box.BallotBoxError as exc:
        db.session.rollback()
        current_app.logger.error("close of poll %s refused: %s", poll_id, exc)
        raise PollStateError(_(
            "Die Urne dieser Abstimmung lässt sich nicht öffnen (Schlüsseldatei fehlt oder "
            "Daten verändert). Die Abstimmung bleibt offen; bitte den Betrieb verständigen."
        )) from exc
    poll.private_key_pem = None
    poll.state = PollState.CLOSED.value
    poll.closed_at = utcnow()
    credentials = [(d, b, s) for d, b, s, channel, _r in issuances if channel == PHONE]
    rows = db.session.execute(
        sa.select(BallotRow.msg, BallotRow.sig, BallotRow.choices)
        .where(BallotRow.poll_id == poll.id)
        .order_by(BallotRow.credential_hash)
    ).all()
    stored: list[tuple[bytes, bytes, dict[str, Any]]] = [
        (bytes(msg), bytes(sig), json.loads(choices)) for msg, sig, choices in rows
    ]
    contest = contest_from_dict(poll.contest)
    cast = [ballot for _, _, ballot in stored]
    result = (tally(contest, cast, issued=len(credentials)) if beside is None else
              tally_mixed(contest, cast, paper_totals_from_dict(contest, beside.sheet),
                          issued=len(credentials), replaced=beside.replacing))
    poll.result = result_to_dict(result)
    append_event(poll.conference_id, "issuances", chain.issuances_data(
        poll=poll.public_id,
        issuances=[(delegate_ref(d), bytes(b), bytes(s)) for d, b, s in credentials],
        paper=[delegate_ref(d) for d, _b, _s, channel, _r in issuances if channel == PAPER],
        replaced=[delegate_ref(d) for d, _b, _s, _c, replaced in issuances if replaced],
    ))
    append_event(poll.conference_id, "poll_closed", chain.poll_closed_data(
        poll=poll.public_id, issued=len(credentials), cast=len(stored),
        paper_issued=None if beside is None else beside.issued,
        paper_cast=None if beside is None else beside.sheet["cast"],
    ))
    append_event(poll.conference_id, "ballots", chain.ballots_data(
        poll=poll.public_id, ballots=stored, paper=None if beside is None else beside.sheet))
    append_event(poll.conference_id, "result", chain.result_data(
        poll=poll.public_id, result=poll.result, lot=poll.lot_input
    ))
    public_id = poll.public_id
    db.session.commit()
    # Only now, with the ballots written for good, may the key go (a crash before this line
    # leaves the file to the next sweep).
    ballot_box.destroy_key(public_id)
    ballot_box.sweep_keys()
    db.session.commit()
    ballot_box.truncate_sqlite_wal()
    return poll


@dataclass(frozen=True, slots=True)
class _PaperBeside:
    """Paper ballots handed out beside the phones, and the commission's sheet of them."""

    issued: int
    replacing: int
    sheet: dict[str, Any]


def _paper_beside(poll: Poll, issuances: Sequence[sa.Row[Any]]) -> _PaperBeside | None:
    """The paper channel of the poll, or None if the desk handed out no paper ballot. A poll
    with paper ballots out but not yet counted cannot close: its result would leave them out."""
    issued = sum(1 for row in issuances if row.channel == PAPER or row.paper_replacement)
    if not issued:
        return None
    entered = db.session.get(PaperTotals, poll.id)
    if entered is None or entered.issued != issued:
        db.session.rollback()
        raise PollStateError(ngettext(
            "Für „%(title)s“ wurde %(num)d Papierstimmzettel ausgegeben. Bitte zuerst das "
            "Ergebnis der Papierstimmzettel erfassen (Seite der Abstimmung), dann schließen.",
            "Für „%(title)s“ wurden %(num)d Papierstimmzettel ausgegeben. Bitte zuerst das "
            "Ergebnis der Papierstimmzettel erfassen (Seite der Abstimmung), dann schließen.",
            issued, title=poll.title))
    replacing = sum(1 for row in issuances if row.paper_replacement)
    return _PaperBeside(issued, replacing, entered.sheet())


def _empty_the_box(poll: Poll) -> None:
    """Open every sealed cast, write the ballots in canonical order (sorted by credential
    hash) in this transaction, then delete the sealed rows with one statement: neither write
    follows the order in which the casts arrived."""
    unsealed = ballot_box.unseal_all(poll)
    if unsealed:
        db.session.execute(sa.insert(BallotRow.__table__), [
            {"credential_hash": u.credential_hash, "poll_id": poll.id, "msg": u.msg,
             "sig": u.sig, "choices": u.choices, "tracker": u.tracker} for u in unsealed])
    db.session.execute(sa.delete(SealedBallot).where(SealedBallot.poll_id == poll.id)
                       .execution_options(synchronize_session=False))
