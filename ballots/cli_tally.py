"""``python -m ballots tally FILE`` and ``python -m ballots presets``.

A tally file is a contest dict (docs/architecture.md, Contract 2) plus ``"ballots"`` (Contract
1), ``"paper_totals"`` or both (a poll with phones and paper: ``"issued"`` then counts the
credentials, ``paper_totals.issued`` the paper ballots), optionally ``"lot"``, ``"issued"``
and ``"declines"`` (who declined the election: the seats after moving up are printed too;
docs/formats.md). Exit codes:
0 — counted; 2 — the file is unreadable or malformed (the message names the path inside the
file, e.g. ``ballots[17].marks.C3``; never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, TextIO, TypeVar

from ballots.canonical import to_jsonable
from ballots.contest import contest_from_dict
from ballots.counting import (
    BallotBatch,
    FinalLists,
    Result,
    apply_declines,
    count_batch,
    decide,
    paper_totals_from_dict,
    result_to_dict,
    tally_mixed,
    tally_totals,
)
from ballots.counting.lot import lot_from_dict
from ballots.errors import BallotError, FormatError
from ballots.rules import list_presets, load_preset

__all__ = ["add_parsers", "declines_from_file", "declines_text", "declines_to_dict",
           "format_text", "run_presets", "run_tally", "tally_file"]

EXIT_OK, EXIT_UNREADABLE = 0, 2
_STRUCTURAL = ("malformed", "unknown_candidate", "bad_mark")


def add_parsers(subparsers: Any) -> None:
    """Register ``tally`` and ``presets`` on an ``argparse`` sub-parser set."""
    tally = subparsers.add_parser(
        "tally", help="Wahlgang auszählen / count a tally file",
        description="Zählt eine Tally-Datei (Wahlgang + Stimmzettel oder Papier-Summen).")
    tally.add_argument("file", help="tally file (JSON), '-' for stdin")
    tally.add_argument("--format", choices=("json", "text"), default="json")
    tally.add_argument("--lang", choices=("de", "en"), default="de",
                       help="language of --format text (default: de)")
    tally.add_argument("--count-malformed", action="store_true",
                       help="count unreadable ballots as invalid instead of refusing the file")
    tally.set_defaults(func=run_tally)
    presets = subparsers.add_parser("presets", help="Regelwerke auflisten / list rule presets")
    presets.add_argument("--format", choices=("text", "json"), default="text")
    presets.set_defaults(func=run_presets)


def tally_file(data: Any, *, count_malformed: bool = False) -> Result:
    """Count the parsed content of a tally file; FormatError names the bad path."""
    if not isinstance(data, dict):
        raise FormatError("the tally file must hold one JSON object")
    contest = contest_from_dict(data)
    lot = lot_from_dict(data["lot"]) if data.get("lot") is not None else None
    has_ballots, has_totals = "ballots" in data, "paper_totals" in data
    if not has_ballots and not has_totals:
        raise FormatError("give \"ballots\", \"paper_totals\" or both", path="ballots")
    paper = (paper_totals_from_dict(contest, data["paper_totals"]) if has_totals else None)
    if paper is not None and not has_ballots:
        return tally_totals(contest, paper, lot=lot)
    ballots = data["ballots"]
    if not isinstance(ballots, list):
        raise FormatError("must be a list of ballots", path="ballots")
    issued = data.get("issued")
    if issued is not None and (not isinstance(issued, int) or isinstance(issued, bool)
                               or issued < 0):
        raise FormatError("must be a whole number ≥ 0", path="issued")
    batch = BallotBatch.from_json(contest, ballots)
    if not count_malformed:
        for reason, index in zip(batch.rejects, batch.reject_index, strict=True):
            if reason.code in _STRUCTURAL:
                path = f"ballots[{index}]" + (f".{reason.path}" if reason.path else "")
                raise FormatError(f"{reason.en} ({reason.de})", path=path)
    if paper is not None:
        return tally_mixed(contest, batch, paper, issued=issued, lot=lot)
    return decide(contest, count_batch(contest, batch, issued=issued), lot=lot)


T = TypeVar("T")


def read_input(path: str, build: Callable[[Any], T], err: TextIO) -> T | None:
    """``build`` over the JSON of ``path`` (``-``: standard input); None after saying on
    ``err`` why the file cannot be read (unreadable, not JSON, or refused by ``build``)."""
    try:
        if path == "-":
            data = json.load(sys.stdin)
        else:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        return build(data)
    except OSError as exc:
        print(f"{path}: cannot read: {exc.strerror or exc}", file=err)
    except json.JSONDecodeError as exc:
        print(f"{path}: not JSON: line {exc.lineno} column {exc.colno}: {exc.msg}", file=err)
    except BallotError as exc:
        print(f"{path}: {exc}", file=err)
    return None


def run_tally(args: argparse.Namespace, *, out: TextIO | None = None,
              err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    loaded = read_input(args.file, lambda data: (
        tally_file(data, count_malformed=args.count_malformed), data), err)
    if loaded is None:
        return EXIT_UNREADABLE
    result, data = loaded
    try:
        lists = declines_from_file(data, result)
    except BallotError as exc:
        print(f"{args.file}: {exc}", file=err)
        return EXIT_UNREADABLE
    if args.format == "text":
        out.write(format_text(result, lang=args.lang))
        if lists is not None:
            out.write(declines_text(result, lists, lang=args.lang))
    else:
        out_data = result_to_dict(result)
        if lists is not None:
            out_data["after_declines"] = declines_to_dict(lists)
        out.write(json.dumps(to_jsonable(out_data), ensure_ascii=False, indent=2))
        out.write("\n")
    return EXIT_OK


def declines_from_file(data: Any, result: Result) -> FinalLists | None:
    """``"declines": ["W1", …]`` of a tally file (who declined, in order) applied to
    ``result``: the seats after moving up (None: the file names no declines)."""
    declines = data.get("declines") if isinstance(data, dict) else None
    if declines is None:
        return None
    if not isinstance(declines, list):
        raise FormatError("must be a list of candidate ids", path="declines")
    known = {c.id for c in result.candidates}
    for i, cid in enumerate(declines):
        if cid not in known:
            raise FormatError(f"unknown candidate {cid!r}", path=f"declines[{i}]")
    return apply_declines(result, declines)


def declines_to_dict(lists: FinalLists) -> dict[str, Any]:
    """The seats after declines as JSON (``after_declines`` of the tally output)."""
    return {"declined": list(lists.declined),
            "seats": [{"number": n, "type": t, "holder": h} for n, t, h in lists.seats],
            "moved_up": [{"candidate": c, "seat": n} for c, n in lists.moved_up],
            "substitutes": {name: list(ids) for name, ids in lists.substitutes}}


def declines_text(result: Result, lists: FinalLists, *, lang: str = "de") -> str:
    """The seats after declines, one line each, for :func:`format_text`."""
    de = lang == "de"
    names = {c.id: c.name or c.id for c in result.candidates}
    labels = {s.number: s.label_de if de else s.label_en for s in result.seats}
    moved = dict(lists.moved_up)
    lines = [("Nach Ablehnung der Wahl durch " if de else "After declines by ")
             + ", ".join(names[c] for c in lists.declined) + ":"]
    for number, _type, holder in lists.seats:
        if holder is None:
            who = "– unbesetzt" if de else "– vacant"
        elif moved.get(holder) == number:
            who = f"{names[holder]} ({'nachgerückt' if de else 'moved up'})"
        else:
            who = names[holder]
        lines.append(f"  {labels.get(number, number)}: {who}")
    for name, ids in lists.substitutes:
        lines.append(f"  {'Ersatz' if de else 'Substitutes'} ({name}): "
                     + (", ".join(names[c] for c in ids) or "–"))
    return "\n".join(lines) + "\n"


def format_text(result: Result, *, lang: str = "de") -> str:
    """A readable table of ``result`` for the chair (German or English)."""
    de = lang == "de"
    lines = [f"{result.title} – {'Wahlgang' if de else 'round'} {result.round.number} "
             f"({result.round.kind}), {'Regelwerk' if de else 'rules'} {result.rules_name}"]
    lines.append(("ausgegeben {0} · abgegeben {1} · ungültig {2} · gültig {3}" if de else
                  "issued {0} · cast {1} · invalid {2} · valid {3}").format(
        result.issued, result.cast, result.invalid, result.valid))
    for ch in result.channels:
        word = {"phone": ("Telefon", "phone"), "paper": ("Papier", "paper")}.get(
            ch.name, (ch.name, ch.name))[0 if de else 1]
        lines.append(("  {0}: ausgegeben {1} · abgegeben {2} · ungültig {3}" if de else
                      "  {0}: issued {1} · cast {2} · invalid {3}").format(
            word, ch.issued, ch.cast, ch.invalid))
    for g in result.grounds:
        lines.append(f"  {'ungültig' if de else 'invalid'}: {g.de if de else g.en}: {g.count}")
    head = ("Kandidatur", "Ja", "Nein", "Enth.", "Ergebnis") if de else (
        "Candidate", "Yes", "No", "Abst.", "Outcome")
    lines.append(f"{head[0]:<28}{head[1]:>7}{head[2]:>7}{head[3]:>7}  {head[4]}")
    for c in result.candidates:
        label = f"{c.name or c.id} ({c.id})"[:27]
        lines.append(f"{label:<28}{c.yes:>7}{c.no:>7}{c.abstain:>7}  "
                     f"{c.reason_de if de else c.reason_en}")
    for s in result.seats:
        if s.status != "filled":
            lines.append(f"  {s.label_de if de else s.label_en}: "
                         f"{s.reason_de if de else s.reason_en}")
    for t in result.ties:
        lines.append(f"  {'Stimmengleichheit' if de else 'tie'} ({t.votes}): "
                     f"{', '.join(t.candidates)} → {t.resolution}"
                     + (f" {' > '.join(t.lot.order)}" if t.lot else ""))
    lines.append(result.status_de if de else result.status_en)
    return "\n".join(lines) + "\n"


def run_presets(args: argparse.Namespace, *, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    rows = []
    for name in list_presets():
        rules = load_preset(name)
        rows.append({"name": name, "title": rules.title, "source": rules.source})
    if args.format == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        for row in rows:
            out.write(f"{row['name']:<20} {row['title']}\n{'':<20} {row['source']}\n")
    return EXIT_OK
