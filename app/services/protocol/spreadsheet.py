"""CSV files for spreadsheets, safe to open: no cell is read as a formula.

Names and titles come from the roster, the chair and candidates, and a spreadsheet runs a cell
that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, after a leading tab or carriage
return) as a formula: ``=HYPERLINK("http://…"&A1,"click")`` sends the neighbouring cells away.
Every CSV the app writes goes through :func:`csv_writer`, which puts an apostrophe in front of
such a text cell (the OWASP remedy: spreadsheets show the text as it was typed, and the
apostrophe tells a reader the cell was neutralised). Numbers stay numbers: a non-text value is
written as it is, and so is text that is nothing but a number ("-3", "1,5").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

__all__ = ["FORMULA_STARTS", "csv_writer", "neutralise"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


class _Writes(Protocol):
    def write(self, text: str, /) -> Any: ...


def neutralise(value: Any) -> Any:
    """``value`` as a spreadsheet may read it without running it."""
    if (isinstance(value, str) and value.startswith(FORMULA_STARTS)
            and not _PLAIN_NUMBER.fullmatch(value)):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose rows pass through :func:`neutralise` cell by cell."""

    def __init__(self, out: _Writes) -> None:
        self._writer = csv.writer(out, delimiter=";", lineterminator="\r\n")

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: _Writes) -> SafeWriter:
    """The app's CSV dialect (semicolon, CRLF: German Excel opens it) with safe cells."""
    return SafeWriter(out)
