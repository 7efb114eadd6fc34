"""The phone's vote path, anonymous half: check a ballot and store it with its credential.

Nothing here knows who votes: the request carries no token, cookie or identity, the ballot row
has no time, address or arrival order, and nothing logs per ballot (app.vote.logs). The split
from the identified half is the point of the design (``app.services.voting.credentials``,
docs/security.md).
While the poll is open the ballot is stored sealed under the poll's ballot-box key
(``app.services.voting.ballot_box``): the order in which casts reach the storage dies with
that key at the close.

Retries are safe: the same credential with the same ballot again returns the same receipt (a
phone whose answer was lost must be able to learn that its vote counted). The same credential
with a *different* ballot is refused: a stored ballot never changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Ballot as BallotRow
from app.models import SealedBallot
from app.services.polls.lifecycle import take_poll_lock
from app.services.voting.ballot_box import BallotBoxError, box_key, choices_length, forget_key
from app.services.voting.credentials import (
    VoteError,
    parsed_contest,
    poll_by_public_id,
    require_open,
)
from app.services.voting.statements import INSERT_SEALED
from ballots import blind
from ballots.canonical import dumps
from ballots.contest import Contest
from ballots.credential import credential_hash, tracker_code, verify_credential
from ballots.errors import BallotError, InvalidBallot
from ballots.marks import parse_ballot

__all__ = ["Receipt", "cast_ballot"]


@dataclass(frozen=True, slots=True)
class Receipt:
    tracker: str
    repeated: bool = False


@lru_cache(maxsize=64)
def _public_key(pem: str) -> Any:
    """The poll's public key object by its PEM (parsed once per worker, not per ballot)."""
    return blind.load_public_key_pem(pem)


@dataclass(frozen=True, slots=True)
class _CastFacts:
    """What checking a ballot needs from an open poll; none of it changes while it is open."""

    poll_id: int
    public_key: Any
    contest: Contest
    choices_length: int  # every ballot is padded to it before sealing


# Filled from a poll read in state OPEN. Its key and contest are fixed in the transaction that
# opens it and never change afterwards, so a cast checks its ballot without reading the poll
# first; the state itself is read under the poll lock, as always. Holds public data only (the
# private key is never cached: it must be gone when the poll closes; the box key is cached in
# app.services.voting.ballot_box, which drops it at the close).
_CAST_FACTS: dict[str, _CastFacts] = {}
_CAST_FACTS_MAX = 64


def _cast_facts(public_id: str) -> _CastFacts:
    facts = _CAST_FACTS.get(public_id)
    if facts is None:
        poll = poll_by_public_id(public_id)
        require_open(poll)
        contest = parsed_contest(poll.contest)
        facts = _CastFacts(poll_id=poll.id, public_key=_public_key(poll.public_key_pem or ""),
                           contest=contest, choices_length=choices_length(contest))
        if len(_CAST_FACTS) >= _CAST_FACTS_MAX:
            _CAST_FACTS.clear()
        _CAST_FACTS[public_id] = facts
    return facts


def cast_ballot(public_id: str, msg: bytes, sig: bytes, ballot: Any) -> Receipt:
    """Check and store one anonymous ballot; return its receipt (tracker code)."""
    facts = _cast_facts(public_id)
    if not verify_credential(facts.public_key, public_id, msg, sig):
        raise VoteError(_("Die Berechtigung ist für diese Abstimmung nicht gültig."),
                        code="invalid_credential", status=403)
    try:
        parse_ballot(facts.contest, ballot)
    except InvalidBallot as exc:
        raise VoteError(exc.reason, code="invalid_ballot", status=422, path=exc.path,
                        reason_en=exc.reason_en) from exc
    except BallotError as exc:
        raise VoteError(_("Der Stimmzettel ist nicht lesbar."), code="invalid_ballot",
                        status=422, reason_en="The ballot cannot be read.") from exc
    choices = dumps(ballot).decode("utf-8")
    receipt = Receipt(tracker=tracker_code(credential_hash(msg)))
    try:
        key = box_key(public_id)
    except BallotBoxError:  # closed since this worker cached the poll: its key is gone
        _forget(public_id)
        require_open(poll_by_public_id(public_id))
        raise
    mac = key.credential_mac(msg)
    sealed = key.seal(mac, msg, sig, choices, facts.choices_length)
    try:
        take_poll_lock(facts.poll_id, exclusive=False)
        # One statement under the lock: it stores the ballot only if the poll is still open,
        # and the credential's primary key refuses a repeat (sorted out below).
        stored = db.session.execute(INSERT_SEALED, {
            "credential_mac": mac, "poll_id": facts.poll_id, "sealed": sealed,
        }).rowcount
        if stored != 1:
            db.session.rollback()
            _forget(public_id)
            require_open(poll_by_public_id(public_id))
            raise RuntimeError("the ballot was not stored, yet the poll is open")
        db.session.commit()
    except VoteError:
        db.session.rollback()
        raise
    except IntegrityError:
        db.session.rollback()  # the credential is stored already: a retry, or another ballot
        if _same_ballot_stored(public_id, mac, msg, choices):
            return Receipt(tracker=receipt.tracker, repeated=True)
        raise _already_voted() from None
    return receipt


def _forget(public_id: str) -> None:
    """The poll is no longer open: drop what this worker cached of it, the key first."""
    _CAST_FACTS.pop(public_id, None)
    forget_key(public_id)


def _already_voted() -> VoteError:
    """Another ballot is stored with this credential: that one counts, this one does not."""
    return VoteError(
        _("Mit dieser Berechtigung wurde bereits ein anderer Stimmzettel abgegeben. Er wird "
          "gezählt, dieser hier nicht: Ein abgegebener Stimmzettel lässt sich nicht ändern."),
        code="already_voted", status=409)


def _same_ballot_stored(public_id: str, mac: str, msg: bytes, choices: str) -> bool:
    """True if this exact ballot is stored; VoteError if another one is; False if none.
    Looks in the sealed box, then (closed meanwhile) among the counted ballots."""
    sealed = db.session.scalar(
        sa.select(SealedBallot.sealed).where(SealedBallot.credential_mac == mac))
    if sealed is not None:
        stored: str | None = box_key(public_id).open(mac, bytes(sealed)).choices
    else:
        stored = db.session.scalar(sa.select(BallotRow.choices)
                                   .where(BallotRow.credential_hash == credential_hash(msg)))
    if stored is None:
        return False
    if stored == choices:
        return True
    raise _already_voted()
