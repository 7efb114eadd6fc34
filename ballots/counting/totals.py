"""Paper rounds: hand-counted totals as an alternative input to the same deciding code.

A paper round has no ballots to keep, only the commission's sheet: ballots issued and cast,
invalid ones with their grounds, and per candidate Ja/Nein/Enthaltung (or votes). The sheet is
checked for arithmetic consistency here and then decided exactly like counted ballots.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ballots.contest import Contest
from ballots.counting.batch import Counts, Ground
from ballots.errors import FormatError

__all__ = ["PaperTotals", "paper_totals_from_dict", "totals_to_counts"]


@dataclass(frozen=True, slots=True)
class PaperTotals:
    """``candidates`` maps an id to (Ja, Nein, Enthaltung) or (votes, 0, 0) for other forms;
    ``blank`` counts valid ballots without any mark (needed for bases without abstentions)."""

    issued: int
    cast: int
    invalid: tuple[tuple[str, int], ...]
    candidates: tuple[tuple[str, tuple[int, int, int]], ...]
    blank: int = 0


def _count(value: Any, path: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise FormatError("must be a whole number ≥ 0", path=path)
    return value


def paper_totals_from_dict(contest: Contest, data: Any, *, path: str = "paper_totals"
                           ) -> PaperTotals:
    """Parse and check a paper sheet; errors name the path (e.g. ``paper_totals.candidates.C2``)."""
    if not isinstance(data, Mapping):
        raise FormatError("must be an object", path=path)
    extra = set(data) - {"issued", "cast", "invalid", "candidates", "blank"}
    if extra:
        raise FormatError("unknown key", path=f"{path}.{sorted(extra)[0]}")
    cast = _count(data.get("cast"), f"{path}.cast")
    issued = _count(data.get("issued", cast), f"{path}.issued")
    raw_invalid = data.get("invalid", {})
    if isinstance(raw_invalid, int) and not isinstance(raw_invalid, bool):
        raw_invalid = {"unspecified": raw_invalid}
    if not isinstance(raw_invalid, Mapping):
        raise FormatError("must map grounds to counts", path=f"{path}.invalid")
    invalid = tuple(sorted((str(k), _count(v, f"{path}.invalid.{k}"))
                           for k, v in raw_invalid.items()))
    n_invalid = sum(n for _k, n in invalid)
    if n_invalid > cast:
        raise FormatError(f"{n_invalid} invalid but only {cast} cast", path=f"{path}.invalid")
    valid = cast - n_invalid
    blank = _count(data.get("blank", 0), f"{path}.blank")
    raw = data.get("candidates")
    if not isinstance(raw, Mapping):
        raise FormatError("must map candidate ids to counts", path=f"{path}.candidates")
    per_candidate = contest.kind == "motion" or contest.rules.ballot_form == "yes_no_abstain"
    if contest.rules.ballot_form == "ranked" and contest.kind != "motion":
        raise FormatError("ranked rounds cannot be entered as totals", path=path)
    out: list[tuple[str, tuple[int, int, int]]] = []
    for cid in contest.ids:
        cpath = f"{path}.candidates.{cid}"
        if cid not in raw:
            raise FormatError("missing", path=cpath)
        entry = raw[cid]
        if per_candidate:
            if not isinstance(entry, Mapping) or set(entry) - {"Y", "N", "A"}:
                raise FormatError("must be {\"Y\": n, \"N\": n, \"A\": n}", path=cpath)
            y = _count(entry.get("Y", 0), f"{cpath}.Y")
            n = _count(entry.get("N", 0), f"{cpath}.N")
            if y + n > valid:
                raise FormatError(f"Ja+Nein ({y + n}) exceed {valid} valid ballots", path=cpath)
            a = _count(entry.get("A", valid - y - n), f"{cpath}.A")
            if y + n + a != valid:
                raise FormatError(f"Ja+Nein+Enthaltung ({y + n + a}) ≠ {valid} valid ballots",
                                  path=cpath)
            out.append((cid, (y, n, a)))
        else:
            votes = entry.get("votes") if isinstance(entry, Mapping) else entry
            out.append((cid, (_count(votes, cpath), 0, 0)))
    unknown = set(raw) - set(contest.ids)
    if unknown:
        raise FormatError("unknown candidate", path=f"{path}.candidates.{sorted(unknown)[0]}")
    if blank > valid:
        raise FormatError(f"more blank ballots than {valid} valid ones", path=f"{path}.blank")
    return PaperTotals(issued, cast, invalid, tuple(out), blank)


def totals_to_counts(totals: PaperTotals) -> Counts:
    """The :class:`Counts` a paper sheet stands for."""
    return Counts(
        issued=totals.issued,
        cast=totals.cast,
        invalid=sum(n for _k, n in totals.invalid),
        grounds=tuple(Ground(code, n) for code, n in totals.invalid if n),
        yes=tuple(v[0] for _c, v in totals.candidates),
        no=tuple(v[1] for _c, v in totals.candidates),
        abstain=tuple(v[2] for _c, v in totals.candidates),
        blank=totals.blank,
    )
