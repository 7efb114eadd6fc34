"""Ballots: the JSON form (Contract 1) → a compact row, and validity with reasons.

Every ballot becomes one *row* string: a global char (``-`` none, ``E`` abstain_all,
``X`` no_all) followed by one char per candidate in contest order: ``.`` unmarked, ``Y``/``N``/
``A`` (yes_no_abstain), ``X`` (approval, single), ``chr(48 + v)`` for an integer v (cumulative
votes, ranked preference). Rows make ballots hashable and let :mod:`ballots.counting` count a
million ballots with string operations in C; the validity rules live only in
:func:`classify_row`, which :func:`parse_ballot` and the batch counter share.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ballots.contest import Contest, nein_allowed
from ballots.errors import InvalidBallot

__all__ = [
    "REASONS",
    "Ballot",
    "Reason",
    "Validity",
    "classify_ballot",
    "classify_row",
    "encode_ballot",
    "parse_ballot",
    "validity",
]

GLOBALS = {None: "-", "abstain_all": "E", "no_all": "X"}
UNMARKED = "."

#: reason code → (German, English); the German text is what voters and protocols show.
REASONS: dict[str, tuple[str, str]] = {
    "malformed": ("Stimmzettel nicht lesbar", "ballot malformed"),
    "unknown_candidate": ("unbekannte Kandidatur", "unknown candidate"),
    "bad_mark": ("unzulässige Markierung", "mark not allowed"),
    "global_with_marks": (
        "Gesamtstimme und Einzelmarkierungen zugleich",
        "global choice together with single marks",
    ),
    "global_not_allowed": ("Gesamtstimme nicht zulässig", "global choice not allowed"),
    "too_many": ("zu viele Stimmen", "too many votes"),
    "too_few": ("zu wenige Stimmen", "too few votes"),
    "empty": ("leerer Stimmzettel", "empty ballot"),
    "forbidden_no": ("Nein-Stimme hier nicht zulässig", "Nein not allowed in this vote"),
    "too_many_per_candidate": ("zu viele Stimmen für eine Kandidatur",
                               "too many votes for one candidate"),
    "ranking_gap": ("Rangfolge lückenhaft oder doppelt", "ranking has a gap or a repeat"),
}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a ballot is invalid: a code from :data:`REASONS` and where in the ballot JSON."""

    code: str
    path: str = ""

    @property
    def de(self) -> str:
        return REASONS[self.code][0]

    @property
    def en(self) -> str:
        return REASONS[self.code][1]


@dataclass(frozen=True, slots=True)
class Validity:
    """The validity settings of one contest, resolved once (seats, limits, Nein allowed)."""

    form: str
    ids: tuple[str, ...]
    max_marks: int
    min_marks: int
    max_per_candidate: int
    nein: bool
    no_all: bool
    abstain_all: bool
    empty_invalid: bool
    too_many_invalid: bool
    too_few_invalid: bool
    forbidden_no_invalid: bool

    @property
    def width(self) -> int:
        return len(self.ids) + 1

    @property
    def empty_row(self) -> str:
        return "-" + UNMARKED * len(self.ids)


def validity(contest: Contest) -> Validity:
    """Resolve the contest's validity settings (max marks default to the seats of the round)."""
    rules = contest.rules
    form = "yes_no_abstain" if contest.kind == "motion" else rules.ballot_form
    n = len(contest.candidates)
    max_marks = rules.max_marks if rules.max_marks is not None else contest.seats
    if form == "single":
        max_marks = 1
    elif form == "ranked":
        max_marks = rules.max_marks if rules.max_marks is not None else n
    min_marks = max(rules.min_marks, math.ceil(rules.min_marks_share * contest.seats))
    if contest.kind == "motion":
        max_marks, min_marks = 1, 0
    nein = nein_allowed(contest) and form == "yes_no_abstain"
    return Validity(
        form=form,
        ids=contest.ids,
        max_marks=max_marks,
        min_marks=min(min_marks, max_marks),
        max_per_candidate=rules.cumulative_votes,
        nein=nein,
        no_all=nein and rules.no_all_allowed,
        abstain_all=rules.abstain_all_allowed,
        empty_invalid=rules.empty_ballot == "invalid",
        too_many_invalid=rules.too_many == "invalid",
        too_few_invalid=rules.too_few == "invalid",
        forbidden_no_invalid=rules.forbidden_no == "invalid",
    )


@dataclass(frozen=True, slots=True)
class Ballot:
    """A ballot that passed :func:`parse_ballot`; ``row`` is its engine form (see module doc)."""

    row: str
    marks: tuple[tuple[str, str | int], ...]
    global_choice: str | None = None


_CHAR_MARKS = {
    "yes_no_abstain": frozenset("YNA"),
    "approval": frozenset("X"),
    "single": frozenset("X"),
}


def encode_ballot(v: Validity, data: Any) -> str:
    """Row of a ballot in JSON form; raises InvalidBallot for what is structurally wrong."""
    if not isinstance(data, Mapping):
        raise InvalidBallot(REASONS["malformed"][0], reason_en=REASONS["malformed"][1])
    for key in data:
        if key not in ("marks", "global"):
            raise InvalidBallot(REASONS["malformed"][0], path=str(key),
                                reason_en=REASONS["malformed"][1])
    marks = data.get("marks", {})
    if marks is None:
        marks = {}
    if not isinstance(marks, Mapping):
        raise InvalidBallot(REASONS["malformed"][0], path="marks",
                            reason_en=REASONS["malformed"][1])
    gchoice = data.get("global")
    if not (gchoice is None or isinstance(gchoice, str)) or gchoice not in GLOBALS:
        raise InvalidBallot(REASONS["bad_mark"][0], path="global", reason_en=REASONS["bad_mark"][1])
    if gchoice is not None and marks:
        raise _invalid(Reason("global_with_marks", "global"))
    index = {cid: i for i, cid in enumerate(v.ids)}
    chars = [UNMARKED] * len(v.ids)
    allowed = _CHAR_MARKS.get(v.form)
    for cid, mark in marks.items():
        path = f"marks.{cid}"
        if cid not in index:
            raise _invalid(Reason("unknown_candidate", path))
        if allowed is not None:
            if not isinstance(mark, str) or mark not in allowed:
                raise _invalid(Reason("bad_mark", path))
            chars[index[cid]] = mark
        else:
            if not isinstance(mark, int) or isinstance(mark, bool) or not 1 <= mark <= 50000:
                raise _invalid(Reason("bad_mark", path))
            chars[index[cid]] = chr(48 + mark)
    return GLOBALS[gchoice] + "".join(chars)


def _invalid(reason: Reason) -> InvalidBallot:
    return InvalidBallot(reason.de, path=reason.path, reason_en=reason.en)


def classify_row(v: Validity, row: str) -> tuple[Reason | None, str]:
    """``(reason, row)``: reason is None for a valid ballot; the row returned is what counts
    (a setting may turn a forbidden Nein or an overfull ballot into Enthaltung)."""
    if len(row) != v.width:
        return Reason("malformed"), row
    g, body = row[0], row[1:]
    empty = body.count(UNMARKED) == len(body)
    if g != "-":
        if not empty:
            return Reason("global_with_marks", "global"), row
        if g == "E":
            return (None, row) if v.abstain_all else (Reason("global_not_allowed", "global"), row)
        if g == "X":
            if v.no_all:
                return None, row
            if not v.nein and not v.forbidden_no_invalid:
                return None, "E" + body
            code = "forbidden_no" if v.form == "yes_no_abstain" and not v.nein else (
                "global_not_allowed")
            return Reason(code, "global"), row
        return Reason("bad_mark", "global"), row
    if empty:
        return (Reason("empty"), row) if v.empty_invalid else (None, row)
    if v.form in _CHAR_MARKS:
        return _classify_chars(v, row)
    return _classify_numbers(v, row)


def _first(v: Validity, row: str, chars: str) -> str:
    for i, ch in enumerate(row[1:]):
        if ch in chars:
            return f"marks.{v.ids[i]}"
    return "marks"


def _classify_chars(v: Validity, row: str) -> tuple[Reason | None, str]:
    allowed = _CHAR_MARKS[v.form] | {UNMARKED}
    for i, ch in enumerate(row[1:]):
        if ch not in allowed:
            return Reason("bad_mark", f"marks.{v.ids[i]}"), row
    positive = "Y" if v.form == "yes_no_abstain" else "X"
    count = row.count(positive) - (1 if row[0] == positive else 0)
    if "N" in row and not v.nein:
        if v.forbidden_no_invalid:
            return Reason("forbidden_no", _first(v, row, "N")), row
        row = row.replace("N", "A")
    if count > v.max_marks:
        if v.too_many_invalid:
            return Reason("too_many", "marks"), row
        return None, "-" + UNMARKED * len(v.ids)
    if count < v.min_marks and v.too_few_invalid:
        return Reason("too_few", "marks"), row
    return None, row


def _classify_numbers(v: Validity, row: str) -> tuple[Reason | None, str]:
    values = [ord(ch) - 48 for ch in row[1:] if ch != UNMARKED]
    if v.form == "cumulative":
        if any(x > v.max_per_candidate for x in values):
            return Reason("too_many_per_candidate", _first_over(v, row)), row
        total = sum(values)
    else:  # ranked: preferences 1..m without gap or repeat
        if sorted(values) != list(range(1, len(values) + 1)):
            return Reason("ranking_gap", "marks"), row
        total = len(values)
    if total > v.max_marks:
        if v.too_many_invalid:
            return Reason("too_many", "marks"), row
        return None, "-" + UNMARKED * len(v.ids)
    if total < v.min_marks and v.too_few_invalid:
        return Reason("too_few", "marks"), row
    return None, row


def _first_over(v: Validity, row: str) -> str:
    for i, ch in enumerate(row[1:]):
        if ch != UNMARKED and ord(ch) - 48 > v.max_per_candidate:
            return f"marks.{v.ids[i]}"
    return "marks"


def _decode(v: Validity, row: str) -> Ballot:
    gchoice = {"-": None, "E": "abstain_all", "X": "no_all"}[row[0]]
    marks: list[tuple[str, str | int]] = []
    for cid, ch in zip(v.ids, row[1:], strict=True):
        if ch != UNMARKED:
            marks.append((cid, ch if v.form in _CHAR_MARKS else ord(ch) - 48))
    return Ballot(row=row, marks=tuple(marks), global_choice=gchoice)


def parse_ballot(contest: Contest, data: Any) -> Ballot:
    """The ballot as it will be counted; raises InvalidBallot (reason, path, reason_en) so the
    app can tell the voter why before accepting it."""
    v = validity(contest)
    reason, row = classify_row(v, encode_ballot(v, data))
    if reason is not None:
        raise _invalid(reason)
    return _decode(v, row)


def classify_ballot(contest: Contest, data: Any) -> Ballot | Reason:
    """Like :func:`parse_ballot` but returns the :class:`Reason` instead of raising — for
    stored or paper ballots, which are counted as invalid with their ground."""
    v = validity(contest)
    try:
        row = encode_ballot(v, data)
    except InvalidBallot as exc:
        return Reason(_code_of(exc), exc.path)
    reason, row = classify_row(v, row)
    return reason if reason is not None else _decode(v, row)


def _code_of(exc: InvalidBallot) -> str:
    for code, (de, _en) in REASONS.items():
        if de == exc.reason:
            return code
    return "malformed"
