"""The Wahlprotokoll as data: one dict with every item docs/rules.md requires, built from the
database, signed with the instance's Ed25519 key and recorded in the audit chain.

The dict is the single source of the PDF (:mod:`app.services.protocol.pdf`), the CSV
(:mod:`app.services.protocol.csv_export`) and the signed JSON; ``python -m ballots verify-protocol``
checks the JSON. Format and field list: docs/protocol.md.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_pgettext as _lp

from app.enums import PollKind, PollState
from app.extensions import db
from app.models import (
    AssemblyDecision,
    Conference,
    Delegate,
    Election,
    Poll,
    SignedProtocol,
)
from app.services.errors import NotFound
from app.services.protocol.audit import (
    append_event,
    close_heads,
    head_hash,
    lock_conference,
)
from app.services.protocol.items import election_item, iso, motion_item
from app.services.protocol.words import in_language
from app.services.roster import mandate
from ballots import audit as chain
from ballots.protocol import load_private_key_pem, protocol_hash, sign_protocol

__all__ = [
    "PROTOCOL_FORMAT",
    "ProtocolError",
    "build_protocol",
    "protocol_key",
    "sign_and_record",
    "signed_protocols",
]

PROTOCOL_FORMAT = "wahlgang-protocol"
PROTOCOL_VERSION = 1
SIGNATURE_ROLES = (
    ("chair", _lp("protocol", "Versammlungsleitung")),
    ("commission", _lp("protocol", "Wahlkommission")),
    ("minute_taker", _lp("protocol", "Protokollführung")),
)
LEGAL_BASIS = (
    _lp("protocol", "PartG § 15 (2): geheime Wahl der Delegierten und Vorstände"),
    _lp("protocol", "Satzung und Wahlordnung der Organisation (siehe Regelwerk je Wahl)"),
)


class ProtocolError(ValueError):
    """The protocol cannot be built or signed; the message says why (German)."""


def _names(text: str) -> list[str]:
    """Officials are stored as one line ("A, B; C"): split on commas, semicolons, newlines."""
    parts = [p.strip() for chunk in text.replace(";", ",").splitlines() for p in chunk.split(",")]
    return [p for p in parts if p]


def _voters(conference_id: int) -> dict[str, int]:
    base = sa.select(sa.func.count(Delegate.id)).where(Delegate.conference_id == conference_id)
    voting = base.where(Delegate.has_vote, ~Delegate.is_substitute)
    return {
        "roster": int(db.session.scalar(base) or 0),
        "entitled": int(db.session.scalar(voting) or 0),
        "substitutes": int(db.session.scalar(base.where(Delegate.is_substitute)) or 0),
        "present": _present(conference_id),
    }


def _present(conference_id: int) -> int:
    """Present delegates holding a vote now (own right or transferred to a substitute)."""
    try:
        from app.services.polls.lifecycle import entitled_count
    except ImportError:  # pragma: no cover - lifecycle is another helper's module
        return int(db.session.scalar(
            sa.select(sa.func.count(Delegate.id)).where(
                Delegate.conference_id == conference_id, Delegate.present, Delegate.has_vote)
        ) or 0)
    return int(entitled_count(conference_id))


def _decision_dict(row: AssemblyDecision) -> dict[str, Any]:
    return {"text": row.text, "overrides": dict(row.overrides or {}),
            "election": row.election_id, "poll": _poll_public_id(row.poll_id),
            "decided_at": iso(row.decided_at)}


def _poll_public_id(poll_id: int | None) -> str | None:
    if poll_id is None:
        return None
    return db.session.scalar(sa.select(Poll.public_id).where(Poll.id == poll_id))


def build_protocol(conference_id: int, *, poll_id: int | None = None,
                   election_id: int | None = None, lang: str = "de") -> dict[str, Any]:
    """The protocol of the whole conference, or of one election (all its rounds) or one poll.

    ``audit_head`` is the current head of the audit chain; sign right away (same
    transaction) so nothing is appended in between."""
    conference = db.session.get(Conference, conference_id)
    if conference is None:
        raise ProtocolError(_("Diese Versammlung gibt es nicht."))
    polls = db.session.scalars(
        sa.select(Poll).where(Poll.conference_id == conference_id,
                              Poll.state != PollState.DRAFT.value).order_by(Poll.id)
    ).all()
    scope = "conference"
    if poll_id is not None:
        poll = db.session.get(Poll, poll_id)
        if poll is None or poll.conference_id != conference_id:
            raise ProtocolError(_("Diese Abstimmung gibt es nicht."))
        if poll.election_id is not None:
            election_id = poll.election_id
        else:
            polls, scope = [poll], "poll"
    if election_id is not None:
        election = db.session.get(Election, election_id)
        if election is None or election.conference_id != conference_id:
            raise ProtocolError(_("Diese Wahl gibt es nicht."))
        polls = [p for p in polls if p.election_id == election_id]
        scope = "election"
    items: list[dict[str, Any]] = []
    seen: set[int] = set()
    for poll in polls:
        if poll.kind == PollKind.MOTION.value or poll.election_id is None:
            items.append(motion_item(poll, lang))
        elif poll.election_id not in seen:
            seen.add(poll.election_id)
            election = db.session.get(Election, poll.election_id)
            assert election is not None
            items.append(election_item(
                election, [p for p in polls if p.election_id == election.id], lang))
    decisions = db.session.scalars(
        sa.select(AssemblyDecision).where(AssemblyDecision.conference_id == conference_id)
        .order_by(AssemblyDecision.decided_at, AssemblyDecision.id)
    ).all()
    if election_id is not None:
        decisions = [d for d in decisions if d.election_id in (None, election_id)]
    started = conference.started_at or min((p.opened_at for p in polls if p.opened_at),
                                           default=None)
    ended = conference.ended_at or max((p.closed_at for p in polls if p.closed_at),
                                       default=None)
    return {
        "format": PROTOCOL_FORMAT,
        "version": PROTOCOL_VERSION,
        "scope": scope,
        "language": lang,
        "header": {
            "organisation": conference.organisation,
            "assembly": conference.title,
            "date": conference.held_on.isoformat() if conference.held_on else None,
            "place": conference.place,
            "started_at": iso(started),
            "ended_at": iso(ended),
            "convocation": conference.convocation,
        },
        "officials": {
            "chair": _names(conference.chair_names),
            "commission": _names(conference.commission_names),
            "minute_taker": _names(conference.minute_taker),
        },
        "legal_basis": [in_language(text, lang) for text in LEGAL_BASIS],
        "voters": _voters(conference_id),
        "mandate": mandate.protocol_section(conference, list(polls), lang=lang),
        "decisions": [_decision_dict(d) for d in decisions],
        "items": items,
        "signature_lines": [
            {"role": role, "label": in_language(label, lang)}
            for role, label in SIGNATURE_ROLES
        ],
        "close_heads": _close_heads(conference_id, polls),
        "audit_head": head_hash(conference_id),
    }


def _close_heads(conference_id: int, polls: list[Poll]) -> list[dict[str, str]]:
    """The chain head shown in the hall after each close, in the order of the closes: a
    reader holds them against what was noted or photographed there (docs/protocol.md)."""
    titles = {p.public_id: p.title for p in polls}
    return [{"poll": public_id, "title": titles[public_id], "code": code}
            for public_id, code in close_heads(conference_id).items() if public_id in titles]


def protocol_key() -> Any:
    """The instance's Ed25519 signing key (instance/protocol_key.pem or WAHLGANG_PROTOCOL_KEY)."""
    from app.config import read_secret

    pem = read_secret(current_app.instance_path, "protocol_key.pem", "WAHLGANG_PROTOCOL_KEY")
    if pem is None:
        raise ProtocolError(
            _("Kein Signaturschlüssel: `flask --app app init-instance` ausführen.")
        )
    return load_private_key_pem(pem + "\n")


def sign_and_record(conference_id: int, *, poll_id: int | None = None,
                    election_id: int | None = None, lang: str = "de") -> SignedProtocol:
    """Build, sign, append ``protocol_signed`` and keep the signed JSON — one transaction."""
    key = protocol_key()
    lock_conference(conference_id)
    protocol = build_protocol(conference_id, poll_id=poll_id, election_id=election_id, lang=lang)
    protocol["signed_at"] = iso(datetime.now().astimezone())
    signed = sign_protocol(protocol, key)
    block = signed["signature"]
    event = append_event(conference_id, "protocol_signed", chain.protocol_signed_data(
        protocol_hash=protocol_hash(signed), audit_head=signed["audit_head"],
        key_fingerprint=block["key_fingerprint"],
    ))
    row = SignedProtocol(
        conference_id=conference_id, poll_id=poll_id, election_id=election_id,
        scope=signed["scope"], protocol_hash=protocol_hash(signed),
        audit_head=signed["audit_head"], key_fingerprint=block["key_fingerprint"],
        signed_json=json.dumps(signed, ensure_ascii=False, sort_keys=True, indent=1),
        audit_seq=event.seq,
    )
    db.session.add(row)
    db.session.commit()
    return row


def signed_protocols(conference_id: int) -> list[SignedProtocol]:
    return list(db.session.scalars(
        sa.select(SignedProtocol).where(SignedProtocol.conference_id == conference_id)
        .order_by(SignedProtocol.id.desc())
    ))


def protocol_path_name(row: SignedProtocol, ext: str) -> str:
    """File name for a download, e.g. ``wahlprotokoll-3-election.pdf``."""
    return f"wahlprotokoll-{row.id}-{row.scope}.{ext}"




def protocol_overview(conference_id: int) -> dict[str, Any]:
    """What the protocol-keeper's page lists: elections and motions that were held, the
    protocols signed so far, and whether the audit file has anything in it yet."""
    elections = db.session.scalars(
        sa.select(Election).where(Election.conference_id == conference_id).order_by(Election.id)
    ).all()
    motions = db.session.scalars(
        sa.select(Poll).where(Poll.conference_id == conference_id, Poll.election_id.is_(None),
                              Poll.state != PollState.DRAFT.value).order_by(Poll.id)
    ).all()
    return {"elections": list(elections), "motions": list(motions),
            "signed": signed_protocols(conference_id),
            "audit_started": head_hash(conference_id) != chain.ZERO_HASH}


def signed_protocol(conference_id: int, protocol_id: int) -> tuple[SignedProtocol, dict[str, Any]]:
    row = db.session.get(SignedProtocol, protocol_id)
    if row is None:
        raise NotFound(_("Dieses Protokoll gibt es nicht."))
    if row.conference_id != conference_id:
        raise ProtocolError(_("Dieses Protokoll gehört zu einer anderen Versammlung."))
    return row, json.loads(row.signed_json)
