"""The one canonical JSON serialisation used for every hash and signature.

Rules (documented in docs/audit-format.md so other languages can match them exactly):
UTF-8, keys sorted, separators ``,`` and ``:``, no insignificant whitespace, non-ASCII kept
as is, ``Fraction`` written as the string ``"p/q"``, tuples as lists, bytes never (encode them
as base64url strings first), floats refused (counting is exact; a float would not round-trip).
"""

from __future__ import annotations

import hashlib
import json
from fractions import Fraction
from typing import Any

from ballots.errors import FormatError

__all__ = ["dumps", "sha256_hex", "to_jsonable"]


def to_jsonable(obj: Any) -> Any:
    """Convert to plain JSON types, refusing anything that would not round-trip exactly."""
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, int):
        return obj
    if isinstance(obj, Fraction):
        return f"{obj.numerator}/{obj.denominator}"
    if isinstance(obj, float):
        raise FormatError("floats are not allowed in canonical JSON; use a Fraction")
    if isinstance(obj, dict):
        out = {}
        for key, value in obj.items():
            if not isinstance(key, str):
                raise FormatError(f"object keys must be strings, not {type(key).__name__}")
            out[key] = to_jsonable(value)
        return out
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(item) for item in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted(to_jsonable(item) for item in obj)
    raise FormatError(f"cannot serialise {type(obj).__name__} canonically")


def dumps(obj: Any) -> bytes:
    """Canonical UTF-8 bytes of ``obj``."""
    return json.dumps(
        to_jsonable(obj), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def sha256_hex(obj: Any) -> str:
    """Lower-case hex SHA-256 of the canonical form of ``obj``."""
    return hashlib.sha256(dumps(obj)).hexdigest()
