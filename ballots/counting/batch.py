"""The engine form of many ballots and the hot counting path.

A :class:`BallotBatch` is a list of rows (see :mod:`ballots.marks`) plus the ballots that were
already unreadable when converted. Validation marks *suspicious* rows with whole-list string
operations (``str.count`` over all rows, one ``join``), classifies only those with
:func:`~ballots.marks.classify_row` (once per distinct row) and counts per candidate by slicing
one joined string column-wise — so a million ballots cost a few passes in C, not a Python loop
per mark.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from typing import Any

from ballots.contest import Contest
from ballots.errors import FormatError, InvalidBallot
from ballots.marks import (
    REASONS,
    Ballot,
    Reason,
    Validity,
    classify_row,
    encode_ballot,
    validity,
)

__all__ = ["BallotBatch", "Counts", "Ground", "as_batch", "count_batch"]


@dataclass(frozen=True, slots=True)
class Ground:
    """How many ballots were invalid for one reason."""

    code: str
    count: int

    @property
    def de(self) -> str:
        return REASONS[self.code][0] if self.code in REASONS else self.code

    @property
    def en(self) -> str:
        return REASONS[self.code][1] if self.code in REASONS else self.code


@dataclass(frozen=True, slots=True)
class Counts:
    """Everything the deciding code needs, from ballots or from paper totals alike.

    ``yes`` holds Ja (yes_no_abstain) or votes (other forms) per candidate in contest order;
    ``blank`` counts valid ballots without any Ja/cross (whole-ballot abstentions)."""

    issued: int
    cast: int
    invalid: int
    grounds: tuple[Ground, ...]
    yes: tuple[int, ...]
    no: tuple[int, ...]
    abstain: tuple[int, ...]
    blank: int
    rankings: tuple[tuple[tuple[str, ...], int], ...] = ()

    @property
    def valid(self) -> int:
        return self.cast - self.invalid


@dataclass(frozen=True, slots=True)
class BallotBatch:
    """Ballots in engine form: ``rows`` (one string per ballot) and ``rejects`` (ballots that
    could not even be encoded, with their reason). Build with :meth:`from_json` or
    :meth:`from_rows`."""

    ids: tuple[str, ...]
    rows: Sequence[str]
    rejects: tuple[Reason, ...] = ()
    #: position of each reject in the input, for messages like ``ballots[17].marks.C3``
    reject_index: tuple[int, ...] = ()

    def __len__(self) -> int:
        return len(self.rows) + len(self.rejects)

    @classmethod
    def from_rows(cls, contest: Contest, rows: Sequence[str]) -> BallotBatch:
        """Wrap ready-made rows (e.g. from a database column); lengths are checked."""
        width = len(contest.candidates) + 1
        for i, row in enumerate(rows):
            if len(row) != width:
                raise FormatError(f"row has {len(row)} chars, expected {width}", path=f"rows[{i}]")
        return cls(contest.ids, rows)

    @classmethod
    def from_json(cls, contest: Contest, ballots: Iterable[Any]) -> BallotBatch:
        """Encode ballots in JSON form (Contract 1); unreadable ones become rejects."""
        v = validity(contest)
        ids = v.ids
        width = v.width
        getter = itemgetter(*ids)
        single = len(ids) == 1
        rows: list[str] = []
        append = rows.append
        rejects: list[Reason] = []
        where: list[int] = []
        fast = v.form in ("yes_no_abstain", "approval", "single")
        for index, data in enumerate(ballots):
            # fast path: every candidate marked with a one-char string and no global choice
            # (the marks themselves are checked later, for all rows at once)
            try:
                marks = data["marks"]
                if fast and len(marks) == len(ids) and (len(data) == 1 or data["global"] is None):
                    got = getter(marks)
                    row = "-" + (got if single else "".join(got))
                    if len(row) == width and (single or "" not in got):
                        append(row)
                        continue
            except (KeyError, TypeError, AttributeError):
                pass
            try:
                if isinstance(data, Ballot):
                    append(data.row)
                else:
                    append(encode_ballot(v, data))
            except InvalidBallot as exc:
                rejects.append(Reason(_code(exc), exc.path))
                where.append(index)
        return cls(ids, rows, tuple(rejects), tuple(where))

    @classmethod
    def from_ballots(cls, contest: Contest, ballots: Iterable[Ballot]) -> BallotBatch:
        """Batch of already parsed ballots."""
        return cls(contest.ids, [b.row for b in ballots])


def _code(exc: InvalidBallot) -> str:
    for code, (de, _en) in REASONS.items():
        if de == exc.reason:
            return code
    return "malformed"


_POSITIVE = {"yes_no_abstain": "Y", "approval": "X", "single": "X"}
_ALLOWED = {"yes_no_abstain": "YNA.", "approval": "X.", "single": "X."}


def _suspicious(v: Validity, rows: Sequence[str], big: str) -> set[int] | None:
    """Indices of rows that may be invalid or need rewriting; None = check every row."""
    positive = _POSITIVE.get(v.form)
    if positive is None:
        return None
    n_rows, width = len(rows), v.width
    if len(big) != n_rows * width:
        return None
    out: set[int] = set()
    globals_col = big[0::width]
    plain = globals_col.count("-")
    if plain + globals_col.count("E") + globals_col.count("X") != n_rows:
        return None
    if plain != n_rows:
        out.update(i for i, r in enumerate(rows) if r[0] != "-")
    body_ok = sum(big.count(ch) - globals_col.count(ch) for ch in _ALLOWED[v.form])
    if body_ok != n_rows * (width - 1):
        allowed = frozenset(_ALLOWED[v.form])
        out.update(i for i, r in enumerate(rows) if not allowed.issuperset(r[1:]))
    counts = list(map(str.count, rows, repeat(positive)))
    if counts and max(counts) > v.max_marks:
        out.update(i for i, c in enumerate(counts) if c > v.max_marks)
    if v.min_marks and counts and min(counts) < v.min_marks:
        out.update(i for i, c in enumerate(counts) if c < v.min_marks)
    if not v.nein and "N" in big:
        out.update(i for i, r in enumerate(rows) if "N" in r)
    if v.empty_invalid:
        empty = v.empty_row
        if empty in rows:
            out.update(i for i, r in enumerate(rows) if r == empty)
    return out


def as_batch(contest: Contest, ballots: BallotBatch | Iterable[Any]) -> BallotBatch:
    """Ballots in any accepted form (batch, parsed :class:`Ballot` objects or JSON) as a batch."""
    if isinstance(ballots, BallotBatch):
        return ballots
    items = list(ballots)
    if items and all(isinstance(b, Ballot) for b in items):
        return BallotBatch.from_ballots(contest, items)
    return BallotBatch.from_json(contest, items)


def count_batch(contest: Contest, batch: BallotBatch, *, issued: int | None = None) -> Counts:
    """Validate and count a batch: invalid ballots are counted with their grounds."""
    if batch.ids != contest.ids:
        raise FormatError("batch was built for other candidates", path="ballots")
    v = validity(contest)
    rows = batch.rows
    big = "".join(rows)
    grounds: Counter[str] = Counter(r.code for r in batch.rejects)
    suspicious = _suspicious(v, rows, big)
    indices: Iterable[int] = range(len(rows)) if suspicious is None else sorted(suspicious)
    cache: dict[str, tuple[Reason | None, str]] = {}
    replaced: dict[int, str | None] = {}
    for i in indices:
        row = rows[i]
        verdict = cache.get(row)
        if verdict is None:
            verdict = cache[row] = classify_row(v, row)
        reason, effective = verdict
        if reason is not None:
            grounds[reason.code] += 1
            replaced[i] = None
        elif effective != row:
            replaced[i] = effective
    valid_rows: Sequence[str] = rows
    if replaced:
        changed = (replaced.get(i, r) for i, r in enumerate(rows))
        valid_rows = [r for r in changed if r is not None]
        big = "".join(valid_rows)
    cast = len(batch)
    return _column_counts(v, big, valid_rows, cast, grounds, issued)


def _column_counts(
    v: Validity,
    big: str,
    valid_rows: Sequence[str],
    cast: int,
    grounds: Mapping[str, int],
    issued: int | None,
) -> Counts:
    width = v.width
    n_valid = len(valid_rows)
    globals_col = big[0::width]
    no_all = globals_col.count("X")
    yes: list[int] = []
    no: list[int] = []
    abstain: list[int] = []
    rankings: tuple[tuple[tuple[str, ...], int], ...] = ()
    for j in range(1, width):
        col = big[j::width]
        if v.form == "yes_no_abstain":
            y, n = col.count("Y"), col.count("N") + no_all
            yes.append(y)
            no.append(n)
            abstain.append(n_valid - y - n)
        elif v.form in ("approval", "single"):
            yes.append(col.count("X"))
        elif v.form == "cumulative":
            yes.append(sum(k * col.count(chr(48 + k)) for k in range(1, v.max_per_candidate + 1)))
        else:
            yes.append(col.count(chr(49)))
    if v.form != "yes_no_abstain":
        no = [0] * len(yes)
        abstain = [0] * len(yes)
    blank = globals_col.count("E") + (valid_rows.count(v.empty_row) if n_valid else 0)
    if v.form == "ranked":
        tally: Counter[tuple[str, ...]] = Counter()
        for row, mult in Counter(valid_rows).items():
            prefs = sorted((ord(ch) - 48, v.ids[i]) for i, ch in enumerate(row[1:]) if ch != ".")
            if prefs:
                tally[tuple(cid for _rank, cid in prefs)] += mult
        rankings = tuple(sorted(tally.items()))
    return Counts(
        issued=cast if issued is None else issued,
        cast=cast,
        invalid=cast - n_valid,
        grounds=tuple(Ground(code, grounds[code]) for code in sorted(grounds) if grounds[code]),
        yes=tuple(yes),
        no=tuple(no),
        abstain=tuple(abstain),
        blank=blank,
        rankings=rankings,
    )
