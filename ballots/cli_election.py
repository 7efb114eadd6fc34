"""``python -m ballots election FILE``: an election file (docs/formats.md, §7) in, the
election's standing out — as text (``--lang de|en``) or as JSON (``--json``).

Exit codes: 0 — the file was played; 2 — it is unreadable or malformed (the message names the
path inside the file, e.g. ``events[2].ballots[4].marks.W9``; never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from ballots.canonical import to_jsonable
from ballots.cli_tally import read_input
from ballots.election.file import ElectionRun, election_from_dict
from ballots.election.text import standing_text, standing_to_dict

__all__ = ["add_parsers", "election_json", "election_text", "run_election"]

EXIT_OK, EXIT_UNREADABLE = 0, 2

_KIND = {"general": ("Wahlgang", "round"), "women": ("Frauenwahlgang", "women's round"),
         "mixed": ("gemischter Wahlgang", "mixed round"),
         "further": ("weiterer Wahlgang", "further round"),
         "runoff": ("Stichwahl", "runoff"), "repeat": ("Wiederholung", "repeat")}


def add_parsers(subparsers: Any) -> None:
    """Register ``election`` on an ``argparse`` sub-parser set."""
    parser = subparsers.add_parser(
        "election", help="Wahl aus Wahlgängen auswerten / play an election file",
        description="Spielt eine Wahl-Datei durch (Definition, Wahlgänge, Ablehnungen) und "
                    "gibt den Stand der Wahl aus: wer welchen Platz hält, Ersatzpersonen, "
                    "nächster Schritt.")
    parser.add_argument("file", help="election file (JSON), '-' for stdin")
    parser.add_argument("--json", action="store_true", help="print the standing as JSON")
    parser.add_argument("--lang", choices=("de", "en"), default="de",
                        help="language of the text (default: de)")
    parser.set_defaults(func=run_election)


def election_text(run: ElectionRun, *, lang: str = "de") -> str:
    """Each round in one line, then the standing (:func:`standing_text`)."""
    de = lang == "de"
    lines = []
    for rnd in run.rounds:
        info = rnd.contest.round
        kind = _KIND[info.kind][0 if de else 1]
        if rnd.result is None:
            state = "angelegt" if de else "set up"
        else:
            state = rnd.result.status_de if de else rnd.result.status_en
            if rnd.result.elected:
                state += (" – gewählt: " if de else " – elected: ") + ", ".join(
                    run.standing.names.get(c, c) for c in rnd.result.elected)
        place = run.standing.round(rnd.poll)
        if place is not None and place.state == "voided":
            state += " – für ungültig erklärt" if de else " – declared void"
        lines.append(f"{info.number}. {kind} ({rnd.poll}): {state}")
    lines.append(standing_text(run.standing, title=run.definition.title, lang=lang))
    return "\n".join(lines) + "\n"


def election_json(run: ElectionRun) -> dict[str, Any]:
    """The standing as JSON (:func:`standing_to_dict`) with the title."""
    return {"title": run.definition.title, **standing_to_dict(run.standing)}


def run_election(args: argparse.Namespace, *, out: TextIO | None = None,
                 err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    run = read_input(args.file, election_from_dict, err)
    if run is None:
        return EXIT_UNREADABLE
    if args.json:
        out.write(json.dumps(to_jsonable(election_json(run)), ensure_ascii=False, indent=2))
        out.write("\n")
    else:
        out.write(election_text(run, lang=args.lang))
    return EXIT_OK
