"""The conference audit file: hash-chained canonical JSON lines, their builders and verifier.

Format reference: docs/audit-format.md. Build events with :func:`make_event` (or
:func:`append`) and the ``*_data`` builders, write them with :func:`dumps_line`, read them with
:func:`parse_lines` and check a whole file with :func:`verify_audit`.
"""

from __future__ import annotations

from ballots.audit.builders import (
    acceptance_data,
    ballot_entry,
    ballots_data,
    conference_data,
    decision_data,
    election_data,
    issuances_data,
    poll_closed_data,
    poll_opened_data,
    poll_voided_data,
    presence_data,
    protocol_signed_data,
    result_data,
    roster_data,
    transfer_data,
)
from ballots.audit.encoding import b64url_decode, b64url_encode
from ballots.audit.events import (
    FORMAT_VERSION,
    ZERO_HASH,
    Event,
    append,
    body_hash,
    dumps_line,
    make_event,
    parse_lines,
)
from ballots.audit.heads import head_code, normalize_head_code
from ballots.audit.report import Check, Report
from ballots.audit.schema import EVENT_TYPES
from ballots.audit.verify import verify_audit

__all__ = [
    "EVENT_TYPES",
    "FORMAT_VERSION",
    "ZERO_HASH",
    "Check",
    "Event",
    "Report",
    "acceptance_data",
    "append",
    "ballot_entry",
    "ballots_data",
    "b64url_decode",
    "b64url_encode",
    "body_hash",
    "conference_data",
    "decision_data",
    "election_data",
    "dumps_line",
    "head_code",
    "issuances_data",
    "make_event",
    "normalize_head_code",
    "parse_lines",
    "poll_closed_data",
    "poll_opened_data",
    "poll_voided_data",
    "presence_data",
    "protocol_signed_data",
    "result_data",
    "roster_data",
    "transfer_data",
    "verify_audit",
]
