"""Reproducible lots: ties are never broken by sort order, only by a recorded draw.

Procedure (version 1, documented in docs/formats.md so anyone can redo it):

1. The chair announces a public value (e.g. digits read from dice, or a number called out in
   the hall) *after* the ballots of the round are fixed; the round's audit hash (the head of
   the audit chain when the poll closed) binds the draw to exactly those ballots.
2. For a tie among candidate ids ``T`` (purpose ``P``, e.g. ``"round 1: 17 votes"``), each
   candidate ``c`` in ``T`` gets the digest
   ``SHA-256(canonical({"v": 1, "public_value": pv, "audit_hash": ah, "purpose": P,
   "candidates": sorted(T), "candidate": c}))`` (``ballots.canonical.dumps``), lower-case hex.
3. The tied candidates are ordered by digest ascending; the first wins the better position.

Nobody can steer the outcome without knowing the public value in advance, and anyone with the
three inputs can recompute it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ballots.canonical import sha256_hex
from ballots.errors import FormatError

__all__ = ["LOT_VERSION", "LotInput", "LotRecord", "draw", "lot_from_dict", "lot_to_dict"]

LOT_VERSION = 1


@dataclass(frozen=True, slots=True)
class LotInput:
    """The inputs of every lot in one round."""

    public_value: str
    audit_hash: str


@dataclass(frozen=True, slots=True)
class LotRecord:
    """One draw, as it goes into the protocol: inputs, digests and the resulting order."""

    purpose: str
    candidates: tuple[str, ...]
    public_value: str
    audit_hash: str
    digests: tuple[tuple[str, str], ...]
    order: tuple[str, ...]


def draw(lot: LotInput, purpose: str, candidates: Iterable[str]) -> LotRecord:
    """Order ``candidates`` by the lot procedure of this module."""
    tied = tuple(sorted(set(candidates)))
    digests = tuple(
        (
            cid,
            sha256_hex(
                {
                    "v": LOT_VERSION,
                    "public_value": lot.public_value,
                    "audit_hash": lot.audit_hash,
                    "purpose": purpose,
                    "candidates": list(tied),
                    "candidate": cid,
                }
            ),
        )
        for cid in tied
    )
    order = tuple(cid for cid, _d in sorted(digests, key=lambda item: (item[1], item[0])))
    return LotRecord(purpose, tied, lot.public_value, lot.audit_hash, digests, order)


def lot_from_dict(data: Any, *, path: str = "lot") -> LotInput:
    """``{"public_value": "...", "audit_hash": "..."}`` → LotInput (FormatError with path)."""
    if not isinstance(data, dict):
        raise FormatError("must be an object with public_value and audit_hash", path=path)
    extra = set(data) - {"public_value", "audit_hash"}
    if extra:
        raise FormatError("unknown key", path=f"{path}.{sorted(extra)[0]}")
    for key in ("public_value", "audit_hash"):
        if not isinstance(data.get(key), str):
            raise FormatError("must be a string", path=f"{path}.{key}")
    return LotInput(data["public_value"], data["audit_hash"])


def lot_to_dict(record: LotRecord) -> dict[str, Any]:
    return {
        "purpose": record.purpose,
        "candidates": list(record.candidates),
        "public_value": record.public_value,
        "audit_hash": record.audit_hash,
        "digests": dict(record.digests),
        "order": list(record.order),
    }
