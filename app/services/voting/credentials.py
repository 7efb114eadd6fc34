"""The phone's vote path, identified half: who am I, which polls are open, fetch a credential.

Secrecy rests on the split between the two writes. :func:`issue_credential` (here) knows the
delegate (token) but sees only a blinded value; ``app.services.voting.casting.cast_ballot`` sees the
credential and the choices but receives no token, cookie or identity, and stores no time,
address or arrival order — and nothing on either path logs per ballot.

Retries are safe in both steps: the same blinded value again returns the stored blind
signature, and the same credential with the same ballot again returns the same receipt (a phone
whose answer was lost must be able to learn that its vote counted). The same credential with a
*different* ballot is refused: a stored ballot never changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.enums import PollState
from app.extensions import db
from app.models import Delegate, Issuance, Poll
from app.services.polls.lifecycle import lock_poll, take_poll_lock
from app.services.roster.checkin import is_entitled_now
from app.services.roster.tokens import TokenError, hash_token, normalise_token
from app.services.voting.issued import PAPER
from app.services.voting.poll_keys import open_private_key
from app.services.voting.presence import CHECK_IN_MARGIN, as_utc, record_late_presence
from app.services.voting.statements import (
    CREDENTIAL_FACTS,
    CREDENTIAL_FACTS_LOCKING,
    INSERT_ISSUANCE,
)
from ballots import blind
from ballots.canonical import dumps
from ballots.contest import Contest, contest_from_dict
from ballots.errors import CryptoError
from ballots.marks import validity

__all__ = [
    "DelegateView",
    "OpenPoll",
    "VoteError",
    "delegate_for_token",
    "issue_credential",
    "parsed_contest",
    "poll_by_public_id",
    "require_open",
    "whoami",
]


class VoteError(ValueError):
    """A refused vote-path request: ``status`` and ``code`` for the JSON answer, message for
    people. ``path`` and ``reason_en`` are set for an invalid ballot."""

    def __init__(self, message: str, *, code: str, status: int, path: str = "",
                 reason_en: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.path = path
        self.reason_en = reason_en


@dataclass(frozen=True, slots=True)
class OpenPoll:
    """What the phone needs to fetch a credential and draw the ballot form."""

    public_id: str
    title: str
    kind: str
    contest: dict[str, Any]
    form: dict[str, Any]
    public_key: dict[str, str]
    credential_issued: bool
    #: The desk handed this card holder a paper ballot for the poll (instead of a credential,
    #: or replacing a lost one): the phone offers no ballot for it.
    paper_ballot: bool = False


@dataclass(frozen=True, slots=True)
class DelegateView:
    """The card holder as their own phone shows them: ``represents`` is the absent delegate
    whose vote this substitute holds, ``represented_by`` the substitute holding this card
    holder's vote (so the phone can say why it offers no ballot)."""

    name: str
    present: bool
    entitled: bool
    represents: str | None
    represented_by: str | None
    conference: str
    polls: tuple[OpenPoll, ...]


# --- helpers -----------------------------------------------------------------------------------

def _token_hash(raw_token: str) -> str:
    """SHA-256 of the normalised card code; "" for a code that cannot be one."""
    try:
        return hash_token(normalise_token(raw_token))
    except TokenError:
        return ""


def delegate_for_token(raw_token: str) -> Delegate:
    """The delegate holding this card; unknown and revoked cards are refused alike."""
    token_hash = _token_hash(raw_token)
    delegate = db.session.scalar(
        sa.select(Delegate).where(Delegate.token_hash == token_hash)
    ) if token_hash else None
    if delegate is None:
        raise VoteError(
            _("Dieser Code ist unbekannt oder gesperrt. Bitte melden Sie sich am "
              "Check-in-Schalter."), code="unknown_token", status=401)
    return delegate


def poll_by_public_id(public_id: str) -> Poll:
    poll = db.session.scalar(sa.select(Poll).where(Poll.public_id == public_id))
    if poll is None:
        raise VoteError(_("Diese Abstimmung gibt es nicht."), code="unknown_poll", status=404)
    return poll


def require_open(poll: Poll) -> None:
    if poll.state == PollState.OPEN and not poll.paper:
        return
    if poll.state == PollState.DRAFT:
        raise VoteError(_("Diese Abstimmung ist noch nicht geöffnet."),
                        code="poll_not_open", status=409)
    if poll.paper:
        raise VoteError(_("Diese Abstimmung findet auf Papier statt."),
                        code="paper_poll", status=409)
    raise VoteError(_("Diese Abstimmung ist bereits geschlossen."),
                    code="poll_closed", status=409)


def _require_entitled(delegate: Delegate) -> None:
    if is_entitled_now(delegate):
        return
    if not delegate.present:
        raise VoteError(_("Sie sind nicht als anwesend angemeldet. Bitte melden Sie sich am "
                          "Check-in-Schalter."), code="not_present", status=403)
    raise VoteError(_("Sie haben zurzeit kein Stimmrecht (z. B. als Ersatzdelegierte/r ohne "
                      "übertragene Stimme)."), code="not_entitled", status=403)


@lru_cache(maxsize=64)
def _parsed_contest(canonical: str) -> Contest:
    return contest_from_dict(json.loads(canonical))


def parsed_contest(contest: dict[str, Any]) -> Contest:
    """``contest_from_dict`` cached by the canonical JSON (reads a preset file otherwise):
    every phone asks every few seconds, and an open poll's contest never changes."""
    return _parsed_contest(dumps(contest).decode("utf-8"))


@lru_cache(maxsize=64)
def _public_key_json(pem: str) -> dict[str, str]:
    return blind.public_key_json(blind.load_public_key_pem(pem))


def ballot_form(contest: dict[str, Any]) -> dict[str, Any]:
    """The resolved validity settings the phone draws the form from (no rules logic in JS)."""
    v = validity(parsed_contest(contest))
    return {"form": v.form, "max_marks": v.max_marks, "min_marks": v.min_marks,
            "max_per_candidate": v.max_per_candidate, "nein": v.nein, "no_all": v.no_all,
            "abstain_all": v.abstain_all, "empty_invalid": v.empty_invalid}


# --- use cases ---------------------------------------------------------------------------------

def whoami(raw_token: str) -> DelegateView:
    """The phone's regular question: who am I, may I vote, which polls are open."""
    delegate = delegate_for_token(raw_token)
    entitled = is_entitled_now(delegate)
    polls: list[OpenPoll] = []
    if entitled:
        open_polls = db.session.scalars(
            sa.select(Poll).where(Poll.conference_id == delegate.conference_id,
                                  Poll.state == PollState.OPEN.value, Poll.paper.is_(False))
            .order_by(Poll.id)
        ).all()
        issued = {row.poll_id: row.channel == PAPER or row.paper_replacement
                  for row in db.session.execute(
                      sa.select(Issuance.poll_id, Issuance.channel, Issuance.paper_replacement)
                      .where(Issuance.delegate_id == delegate.id,
                             Issuance.poll_id.in_([p.id for p in open_polls])))}
        for poll in open_polls:
            polls.append(OpenPoll(
                public_id=poll.public_id, title=poll.title, kind=poll.kind,
                contest=poll.contest, form=ballot_form(poll.contest),
                public_key=dict(_public_key_json(poll.public_key_pem or "")),
                credential_issued=poll.id in issued,
                paper_ballot=issued.get(poll.id, False),
            ))
    return DelegateView(
        name=delegate.name, present=delegate.present, entitled=entitled,
        represents=delegate.represents.name if delegate.represents is not None else None,
        # Only a card without a vote can be represented: entitled phones skip the look-up.
        represented_by=None if entitled else db.session.scalar(
            sa.select(Delegate.name).where(Delegate.represents_id == delegate.id)),
        conference=delegate.conference.title, polls=tuple(polls),
    )


def issue_credential(raw_token: str, public_id: str, blinded_msg: bytes) -> bytes:
    """Blind-sign ``blinded_msg`` for this delegate and poll, at most once (module docstring).

    The common case (an entitled delegate, present since before the opening, an open poll)
    costs two statements (``app.services.voting.statements``) on either database; anything
    else, or a change while signing, takes :func:`_issue_credential_in_full`, which says what
    is wrong."""
    token_hash = _token_hash(raw_token)
    # PostgreSQL: the look-up also takes the poll's shared lock (vote_statements); SQLite: the
    # write lock is taken after signing, so other writers are not held up while we sign.
    locking = db.session.get_bind().dialect.name == "postgresql"
    facts = db.session.execute(
        CREDENTIAL_FACTS_LOCKING if locking else CREDENTIAL_FACTS,
        {"token_hash": token_hash, "public_id": public_id},
    ).first() if token_hash else None
    if facts is None or not _common_case(facts):
        db.session.rollback()
        return _issue_credential_in_full(raw_token, public_id, blinded_msg)
    signature = _sign(facts.private_key_pem, public_id, blinded_msg)
    try:
        if not locking:
            take_poll_lock(facts.poll_id, exclusive=False)
        stored = db.session.execute(INSERT_ISSUANCE, {
            "poll_id": facts.poll_id, "delegate_id": facts.delegate_id,
            "blinded_msg": blinded_msg, "blind_sig": signature,
            "present_before": _present_before(facts.opened_at),
        }).rowcount
        if stored != 1:  # closed, checked out or re-checked-in while we signed
            db.session.rollback()
            return _issue_credential_in_full(raw_token, public_id, blinded_msg)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a repeat, or a parallel request of the same delegate won
        earlier = _earlier_issuance(facts.poll_id, facts.delegate_id, blinded_msg)
        if earlier is None:  # pragma: no cover - the winner vanished
            raise
        return earlier
    return signature




def _common_case(facts: sa.Row[Any]) -> bool:
    """Entitled, the poll open in their conference, and checked in before the opening."""
    return bool(
        facts.entitled and facts.poll_id is not None and facts.state == PollState.OPEN.value
        and not facts.paper and facts.private_key_pem and facts.opened_at is not None
        and facts.checked_in_at is not None
        and as_utc(facts.checked_in_at) < _present_before(facts.opened_at)
    )


def _present_before(opened_at: datetime) -> datetime:
    """Who checked in before this moment is in the poll's presence snapshot (presence.py)."""
    return as_utc(opened_at) - CHECK_IN_MARGIN


def _sign(sealed_key: str, public_id: str, blinded_msg: bytes) -> bytes:
    try:
        return blind.blind_sign(open_private_key(sealed_key, public_id), blinded_msg)
    except CryptoError as exc:
        raise VoteError(_("Die Anfrage des Telefons ist ungültig. Bitte Seite neu laden."),
                        code="bad_blinded_msg", status=400) from exc


def _issue_credential_in_full(raw_token: str, public_id: str, blinded_msg: bytes) -> bytes:
    """:func:`issue_credential` with every check spelled out: refusals with their reason,
    late arrivals with their presence record (``presence.record_late_presence``)."""
    delegate = delegate_for_token(raw_token)
    poll = poll_by_public_id(public_id)
    if poll.conference_id != delegate.conference_id:
        raise VoteError(_("Diese Abstimmung gehört nicht zu Ihrer Versammlung."),
                        code="foreign_poll", status=404)
    require_open(poll)
    _require_entitled(delegate)
    poll_id, delegate_id = poll.id, delegate.id  # still known after a rollback expires them
    # Sign before taking the lock (a few ms); the answer leaves only if the insert succeeds.
    # No look-up of an earlier issuance first: the primary key (poll, delegate) refuses a
    # repeat, and the rare repeat (a reload, a lost answer) is sorted out below.
    signature = _sign(poll.private_key_pem or "", poll.public_id, blinded_msg)
    try:
        poll = lock_poll(poll.id, exclusive=False) or poll
        require_open(poll)
        db.session.refresh(delegate)
        _require_entitled(delegate)
        record_late_presence(poll, delegate)
        db.session.add(Issuance(poll_id=poll.id, delegate_id=delegate.id,
                                blinded_msg=blinded_msg, blind_sig=signature))
        db.session.commit()
    except VoteError:
        db.session.rollback()
        raise
    except IntegrityError:
        db.session.rollback()  # a repeat, or a parallel request of the same delegate won
        earlier = _earlier_issuance(poll_id, delegate_id, blinded_msg)
        if earlier is None:  # pragma: no cover - the winner vanished
            raise
        return earlier
    return signature


def _earlier_issuance(poll_id: int, delegate_id: int, blinded_msg: bytes) -> bytes | None:
    row = db.session.get(Issuance, (poll_id, delegate_id), populate_existing=True)
    if row is None:
        return None
    if row.channel == PAPER:
        raise VoteError(
            _("Sie haben für diese Abstimmung am Check-in-Schalter einen Papierstimmzettel "
              "erhalten. Bitte stimmen Sie auf Papier ab."),
            code="paper_ballot_issued", status=409)
    if bytes(row.blinded_msg) == blinded_msg:
        return bytes(row.blind_sig)
    raise VoteError(
        _("Für diese Abstimmung wurde Ihnen bereits eine Berechtigung ausgestellt – vielleicht "
          "auf einem anderen Gerät oder in einem anderen Browser. Bitte stimmen Sie dort ab. "
          "Ist das nicht möglich, wenden Sie sich bitte an die Mandatsprüfung "
          "(Check-in-Schalter); einen zweiten Stimmzettel für diese Abstimmung gibt es nicht."),
        code="credential_already_issued", status=409)
