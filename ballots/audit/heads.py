"""Chain heads in a form people read aloud and photograph, and the check that a file has them.

After each close the hall display and the public board show the head of the audit chain as
``head_code``: the first 80 bits of the event's hash in Crockford base32, four groups of four
(``K7QM-2XVA-9TBC-4G0R``). Whoever noted or photographed it can later run
``python -m ballots verify --expect-head CODE`` (repeatable): a file from which a poll was cut,
or which was rewritten and re-hashed consistently, no longer contains an event with that hash,
because every event's hash covers everything before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ballots.audit.events import Event
from ballots.audit.report import ReportBuilder
from ballots.errors import FormatError

__all__ = ["HEAD_CHARS", "check_expected_heads", "head_code", "normalize_head_code"]

HEAD_CHARS = 16
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def head_code(event_hash: str) -> str:
    """``XXXX-XXXX-XXXX-XXXX`` for a 64-hex event hash (80 bits: a forger would need about
    2^80 tries to hit a given code)."""
    try:
        value = int(event_hash[:20], 16)
    except ValueError as exc:
        raise FormatError("an event hash is hex") from exc
    if len(event_hash) < 20:
        raise FormatError("an event hash has 64 hex digits")
    chars = "".join(_CROCKFORD[(value >> (5 * (HEAD_CHARS - 1 - i))) & 31]
                    for i in range(HEAD_CHARS))
    return "-".join(chars[i:i + 4] for i in range(0, HEAD_CHARS, 4))


def normalize_head_code(text: str) -> str:
    """Read a noted code the Crockford way (case, O→0, I/L→1, spaces and dashes ignored)."""
    cleaned = text.upper().translate(str.maketrans("OIL", "011", " -"))
    if len(cleaned) != HEAD_CHARS or any(c not in _CROCKFORD for c in cleaned):
        raise FormatError("a head code has 16 characters like K7QM-2XVA-9TBC-4G0R")
    return "-".join(cleaned[i:i + 4] for i in range(0, HEAD_CHARS, 4))


def check_expected_heads(events: Sequence[Event], codes: Iterable[str],
                         rb: ReportBuilder) -> None:
    """``chain.expected_head``: every code seen in the hall is the head of some event."""
    at = {head_code(event.hash): event.seq for event in events}
    for text in codes:
        try:
            code = normalize_head_code(text)
        except FormatError:
            rb.fail("chain.expected_head", f"»{text}« ist kein Kettenkopf-Code",
                    f"»{text}« is not a head code")
            continue
        seq = at.get(code)
        if seq is None:
            rb.fail("chain.expected_head", f"{code} kommt in der Datei nicht vor: Ereignisse "
                    "fehlen oder wurden umgeschrieben",
                    f"{code} is not in the file: events are missing or were rewritten")
        else:
            rb.ok("chain.expected_head", f"{code} = Ereignis #{seq}", f"{code} = event #{seq}",
                  seq=seq)
