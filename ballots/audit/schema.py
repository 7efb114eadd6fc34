"""The fields of each audit event type, checked when an event is built and when a file is read.

Kept as data so docs/audit-format.md and this table can be compared line by line. A field kind
ending in ``?`` may be ``null`` or absent; every other field is required. Unknown fields are
refused: a verifier that ignored them would let a writer smuggle unhashed meaning past readers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ballots.errors import FormatError

__all__ = ["EVENT_TYPES", "SCHEMAS", "ITEM_SCHEMAS", "validate_data"]

_Spec = Mapping[str, str]

ITEM_SCHEMAS: dict[str, _Spec] = {
    "issuance": {"delegate": "str", "blinded_msg": "b64", "blind_sig": "b64"},
    "paper_issue": {"delegate": "str", "replaces_credential": "bool?"},
    "ballot": {"msg": "b64", "sig": "b64", "ballot": "obj", "tracker": "str"},
    "candidate": {"id": "str", "name": "str", "group": "str", "withdrawn": "bool?"},
}

SCHEMAS: dict[str, _Spec] = {
    "conference": {"title": "str", "organisation": "str", "date": "str", "place": "str",
                   "settings": "obj"},
    "roster": {"entitled": "count", "voting_right": "count", "substitutes": "count"},
    "presence": {"present": "count", "poll": "str?"},
    "transfer": {"substitute": "str", "delegate": "str", "at": "str", "ended": "bool?"},
    "election": {"election": "str", "title": "str", "rules": "obj", "seats": "count",
                 "women_seats": "count?", "candidates": "list:candidate"},
    "poll_opened": {"poll": "str", "contest": "obj", "public_key": "str",
                    "key_fingerprint": "str", "present": "count", "paper": "bool?",
                    "election": "str?"},
    "issuances": {"poll": "str", "issuances": "list:issuance", "paper": "list:paper_issue?"},
    "poll_closed": {"poll": "str", "issued": "count", "cast": "count", "paper_issued": "count?",
                    "paper_cast": "count?"},
    "ballots": {"poll": "str", "ballots": "list:ballot", "paper": "obj?"},
    "result": {"poll": "str", "result": "obj", "lot": "obj?"},
    "poll_voided": {"poll": "str", "reason": "str"},
    "decision": {"text": "str", "poll": "str?", "overrides": "obj?"},
    "acceptance": {"poll": "str", "candidate": "str", "accepted": "bool", "note": "str?"},
    "protocol_signed": {"protocol_hash": "hex64", "audit_head": "hex64",
                        "key_fingerprint": "hex64"},
}

EVENT_TYPES = frozenset(SCHEMAS)

_B64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
_HEX = frozenset("0123456789abcdef")


def validate_data(type: str, data: Mapping[str, Any]) -> None:
    """Raise :class:`FormatError` (``path`` like ``data.ballots[3].sig``) if malformed."""
    _check_object(SCHEMAS[type], data, "data")


def _check_object(spec: _Spec, obj: Mapping[str, Any], path: str) -> None:
    for key in sorted(obj.keys() - spec.keys()):
        raise FormatError("unknown field", path=f"{path}.{key}")
    for key, kind in spec.items():
        where = f"{path}.{key}"
        if key not in obj or obj[key] is None:
            if kind.endswith("?"):
                continue
            raise FormatError("missing field", path=where)
        _check_value(kind.rstrip("?"), obj[key], where)


def _check_value(kind: str, value: Any, where: str) -> None:
    if kind.startswith("list:"):
        if not isinstance(value, list):
            raise FormatError("must be a list", path=where)
        item_spec = ITEM_SCHEMAS[kind[5:]]
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                raise FormatError("must be an object", path=f"{where}[{index}]")
            _check_object(item_spec, item, f"{where}[{index}]")
        return
    ok = {
        "str": lambda v: isinstance(v, str),
        "bool": lambda v: isinstance(v, bool),
        "obj": lambda v: isinstance(v, dict),
        "count": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
        "b64": lambda v: isinstance(v, str) and bool(v) and set(v) <= _B64,
        "hex64": lambda v: isinstance(v, str) and len(v) == 64 and set(v) <= _HEX,
    }[kind](value)
    if not ok:
        raise FormatError(_EXPECTED[kind], path=where)


_EXPECTED = {
    "str": "must be a string",
    "bool": "must be true or false",
    "obj": "must be an object",
    "count": "must be a non-negative integer",
    "b64": "must be unpadded base64url text",
    "hex64": "must be 64 lower-case hex digits",
}
