"""The audit event chain: one canonical JSON object per line, each linked to the one before.

Exact format (docs/audit-format.md is the reference for other implementations):

* an event *body* is ``{"v": 1, "seq": n, "type": t, "prev": p, "data": {...}}``;
* ``hash`` = lower-case hex SHA-256 of the canonical bytes of the body (no ``hash`` key);
* the line is the canonical bytes of the body plus ``"hash"``, followed by ``\\n``;
* ``seq`` starts at 1 and grows by 1 (so ``seq`` equals the line number);
* ``prev`` is the ``hash`` of the event before, or 64 zeros for the first event.

Hashing the body rather than the line keeps the head hash equal to the last event's own
``hash`` field, so a protocol can cite it and a reader can check it with one look.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ballots.audit.schema import EVENT_TYPES, validate_data
from ballots.canonical import dumps, sha256_hex, to_jsonable
from ballots.errors import FormatError

__all__ = [
    "FORMAT_VERSION",
    "ZERO_HASH",
    "Event",
    "append",
    "body_hash",
    "dumps_line",
    "make_event",
    "parse_lines",
]

FORMAT_VERSION = 1
ZERO_HASH = "0" * 64
_HEX = frozenset("0123456789abcdef")
_KEYS = frozenset({"v", "seq", "type", "prev", "data", "hash"})


@dataclass(frozen=True, slots=True)
class Event:
    """One parsed audit event; ``line`` is its 1-based line number and ``raw`` its exact text."""

    seq: int
    type: str
    prev: str
    data: Mapping[str, Any]
    hash: str
    line: int = 0
    raw: str = ""
    v: int = FORMAT_VERSION

    def body(self) -> dict[str, Any]:
        """The hashed part: everything except ``hash``."""
        return {"v": self.v, "seq": self.seq, "type": self.type, "prev": self.prev,
                "data": self.data}

    def to_dict(self) -> dict[str, Any]:
        return {**self.body(), "hash": self.hash}


def body_hash(event: Mapping[str, Any]) -> str:
    """SHA-256 hex over the canonical bytes of ``event`` without its ``hash`` key."""
    return sha256_hex({k: v for k, v in event.items() if k != "hash"})


def make_event(
    prev: Mapping[str, Any] | Event | None, type: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    """Build the next event after ``prev`` (``None`` for the first) with its hash filled in.

    ``data`` is checked against the event type's schema and converted to plain JSON (so
    ``Fraction`` becomes ``"p/q"``) before hashing: what is hashed is what is written.
    """
    if type not in EVENT_TYPES:
        raise FormatError(f"unknown event type {type!r}", path="type")
    plain = to_jsonable(dict(data))
    validate_data(type, plain)
    if prev is None:
        seq, prev_hash = 1, ZERO_HASH
    elif isinstance(prev, Event):
        seq, prev_hash = prev.seq + 1, prev.hash
    else:
        seq, prev_hash = int(prev["seq"]) + 1, str(prev["hash"])
    body: dict[str, Any] = {"v": FORMAT_VERSION, "seq": seq, "type": type, "prev": prev_hash,
                            "data": plain}
    return {**body, "hash": sha256_hex(body)}


def append(events: list[dict[str, Any]], type: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Append a new event to an in-memory chain and return it."""
    event = make_event(events[-1] if events else None, type, data)
    events.append(event)
    return event


def dumps_line(event: Mapping[str, Any] | Event) -> str:
    """The event's line in the file: its canonical JSON and a newline."""
    obj = event.to_dict() if isinstance(event, Event) else dict(event)
    return dumps(obj).decode("utf-8") + "\n"


def parse_lines(text: str | bytes | Sequence[str]) -> tuple[Event, ...]:
    """Parse an audit file into events, checking the shape of every line.

    Only the *form* is checked here (JSON, keys, types, field schema); whether hashes and
    signatures hold is the verifier's job, so a tampered but well-formed file still parses.
    Raises :class:`FormatError` whose ``path`` names the line and field.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FormatError(f"file is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    lines = text.split("\n") if isinstance(text, str) else list(text)
    if lines and lines[-1] == "":
        lines = lines[:-1]
    events = []
    for number, raw in enumerate(lines, start=1):
        raw = raw.rstrip("\r\n")
        if not raw.strip():
            raise FormatError("empty line", path=f"line {number}")
        events.append(_parse_line(raw, number))
    if not events:
        raise FormatError("the audit file contains no events")
    return tuple(events)


def _parse_line(raw: str, number: int) -> Event:
    where = f"line {number}"
    try:
        obj = json.loads(raw, parse_float=_refuse_float, parse_constant=_refuse_float)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON ({exc.msg}, column {exc.colno})", path=where) from None
    except FormatError as exc:
        raise FormatError(exc.message, path=where) from None
    if not isinstance(obj, dict):
        raise FormatError("an event must be a JSON object", path=where)
    missing = sorted(_KEYS - obj.keys())
    if missing:
        raise FormatError("missing field", path=f"{where}: {missing[0]}")
    extra = sorted(obj.keys() - _KEYS)
    if extra:
        raise FormatError("unknown field", path=f"{where}: {extra[0]}")
    if obj["v"] != FORMAT_VERSION or isinstance(obj["v"], bool):
        raise FormatError(f"unsupported format version {obj['v']!r}", path=f"{where}: v")
    seq = obj["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise FormatError("must be a positive integer", path=f"{where}: seq")
    if obj["type"] not in EVENT_TYPES:
        raise FormatError(f"unknown event type {obj['type']!r}", path=f"{where}: type")
    for key in ("prev", "hash"):
        if not _is_hex64(obj[key]):
            raise FormatError("must be 64 lower-case hex digits", path=f"{where}: {key}")
    if not isinstance(obj["data"], dict):
        raise FormatError("must be an object", path=f"{where}: data")
    try:
        validate_data(obj["type"], obj["data"])
    except FormatError as exc:
        raise FormatError(exc.message, path=f"{where}: {exc.path}") from None
    return Event(seq=seq, type=obj["type"], prev=obj["prev"], data=obj["data"],
                 hash=obj["hash"], line=number, raw=raw)


def _refuse_float(value: str) -> Any:
    raise FormatError(f"number {value} is not an integer; floats are not allowed")


def _is_hex64(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX
