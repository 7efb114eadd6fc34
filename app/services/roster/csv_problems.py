"""How a roster file's problems are told: each names its row and column and carries its
German template and parameters, so the web layer can say it in the user's language."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field

__all__ = ["N_", "SHOWN_LINES", "Problem", "RosterFileError", "line_list"]

#: Line numbers named in one message before "…".
SHOWN_LINES = 10


def N_(text: str) -> str:
    """Marks a message for translation (Babel extracts ``N_``) without needing Flask here."""
    return text


@dataclass(frozen=True, slots=True)
class Problem:
    """``row`` 0 means the whole file; ``column`` "" means the whole row. ``message`` is the
    German text; ``template`` and ``params`` let the web layer translate it."""

    row: int
    column: str
    message: str
    template: str = dataclass_field(default="", compare=False)
    params: tuple[tuple[str, str | int], ...] = dataclass_field(default=(), compare=False)

    @classmethod
    def of(cls, row: int, column: str, template: str, **params: str | int) -> Problem:
        return cls(row, column, template % params if params else template, template,
                   tuple(params.items()))

    @property
    def kwargs(self) -> dict[str, str | int]:
        return dict(self.params)

    def __str__(self) -> str:
        where = []
        if self.row:
            where.append(f"Zeile {self.row}")
        if self.column:
            where.append(f"Spalte „{self.column}“")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class RosterFileError(ValueError):
    """The file cannot be imported; ``problems`` lists every reason found (capped)."""

    def __init__(self, problems: list[Problem], *, truncated: bool = False) -> None:
        self.problems = tuple(problems)
        self.truncated = truncated
        more = " (weitere Fehler nicht angezeigt)" if truncated else ""
        super().__init__(
            f"Die Datei wurde nicht importiert ({len(problems)} Fehler{more}): "
            + "; ".join(str(p) for p in problems)
        )


def line_list(numbers: list[int]) -> str:
    """``2, 5, 7`` — at most :data:`SHOWN_LINES` numbers, then how many there are in all."""
    shown = ", ".join(str(n) for n in numbers[:SHOWN_LINES])
    return shown if len(numbers) <= SHOWN_LINES else f"{shown} … ({len(numbers)})"
