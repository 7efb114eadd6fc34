"""``python -m ballots verify`` and ``verify-protocol``: the verifiers as commands.

Exit codes: 0 — every check passed; 1 — at least one check failed (listed); 2 — the file
could not be read (the message names line and field; never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from ballots.audit.elections import replay_elections
from ballots.audit.events import Event, parse_lines
from ballots.audit.report import Lang, Report
from ballots.audit.verify import verify_audit
from ballots.election.text import standing_text, standing_to_dict
from ballots.errors import BallotError

__all__ = ["add_parsers", "main", "run_verify", "run_verify_protocol"]

EXIT_OK, EXIT_FAILED, EXIT_UNREADABLE = 0, 1, 2


def add_parsers(subparsers: Any) -> None:
    """Register ``verify`` and ``verify-protocol`` on an ``argparse`` sub-parser set."""
    audit = subparsers.add_parser(
        "verify", help="Audit-Datei prüfen / verify an audit file",
        description="Prüft Kette, Signaturen, Zählungen und zählt jedes Ergebnis nach.")
    audit.add_argument("audit_file", help="audit file (JSON lines)")
    audit.add_argument("--expect-head", metavar="CODE", action="append", default=[],
                       help="a chain head code shown in the hall (XXXX-XXXX-XXXX-XXXX); "
                            "repeatable: each must be in the file")
    _common(audit)
    audit.set_defaults(func=run_verify)
    proto = subparsers.add_parser(
        "verify-protocol", help="signiertes Protokoll prüfen / verify a signed protocol",
        description="Prüft die Ed25519-Signatur eines Protokolls (JSON).")
    proto.add_argument("protocol_file", help="signed protocol (JSON)")
    proto.add_argument("--key-fingerprint", metavar="HEX",
                       help="fingerprint printed on the paper protocol (full or short form)")
    proto.add_argument("--audit", metavar="AUDIT_FILE",
                       help="also check that this audit file contains the protocol's head")
    _common(proto)
    proto.set_defaults(func=run_verify_protocol)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("de", "en"), default="de",
                        help="language of the report (default: de)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run_verify(args: argparse.Namespace, *, out: TextIO | None = None,
               err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        events = _read_audit(args.audit_file)
    except (OSError, BallotError) as exc:
        return _unreadable(err, args.audit_file, exc, args.lang)
    report = verify_audit(events, expected_heads=getattr(args, "expect_head", None) or ())
    replays = replay_elections(events)
    if args.json:
        data = report.to_dict(args.lang)
        data["elections"] = [standing_to_dict(r.standing) for r in replays
                             if r.standing is not None]
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK if report.ok else EXIT_FAILED
    code = _emit(report, args, out)
    for replay in replays:
        if replay.standing is not None:
            title = replay.definition.title if replay.definition else ""
            out.write("\n" + standing_text(replay.standing, title=title, lang=args.lang)
                      + "\n")
    return code


def run_verify_protocol(args: argparse.Namespace, *, out: TextIO | None = None,
                        err: TextIO | None = None) -> int:
    from ballots.protocol import verify_protocol

    out, err = out or sys.stdout, err or sys.stderr
    try:
        signed = json.loads(Path(args.protocol_file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _unreadable(err, args.protocol_file, exc, args.lang)
    if not isinstance(signed, dict):
        return _unreadable(err, args.protocol_file, ValueError("not a JSON object"), args.lang)
    audit = None
    if args.audit:
        try:
            audit = _read_audit(args.audit)
        except (OSError, BallotError) as exc:
            return _unreadable(err, args.audit, exc, args.lang)
    report = verify_protocol(signed, key_fingerprint=args.key_fingerprint, audit=audit)
    return _emit(report, args, out)


def _read_audit(path: str) -> tuple[Event, ...]:
    return parse_lines(Path(path).read_bytes())


def _emit(report: Report, args: argparse.Namespace, out: TextIO) -> int:
    lang: Lang = args.lang
    if args.json:
        out.write(json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(report.render(lang) + "\n")
    return EXIT_OK if report.ok else EXIT_FAILED


def _unreadable(err: TextIO, path: str, exc: Exception, lang: str) -> int:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    prefix = "Datei nicht lesbar" if lang == "de" else "cannot read file"
    err.write(f"{prefix}: {path}: {reason}\n")
    return EXIT_UNREADABLE


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry with just the two verify commands."""
    parser = argparse.ArgumentParser(prog="python -m ballots")
    add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
