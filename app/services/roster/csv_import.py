"""Parse a roster CSV into rows — pure (no Flask, no database), so every variant is testable.

Accepts what German offices actually export: UTF-8 with or without BOM, UTF-16 ("Unicode-Text"
from Excel), Windows-1252 ("CSV (Trennzeichen-getrennt)"), separated by ``;``, ``,`` or tab,
with German or English headers. A bad file is rejected whole: :class:`RosterFileError` lists
every problem (up to :data:`MAX_PROBLEMS`) with its row and column, so the office can fix the
file in one pass. Row numbers are the line numbers a spreadsheet shows (header = row 1).

Decisions (docs/roster-and-checkin.md):
- only *Name* is required (or *Vorname* + *Nachname*); Gliederung defaults to "", Quote to "",
  Stimmrecht to ja, Ersatz to nein when the column is missing;
- an empty Stimmrecht cell is an error, unless the column uses ``x`` marks (then empty = nein);
  an empty Ersatz cell is nein;
- a duplicate is the same person: the same name (compared case- and space-insensitively) and
  the same Gliederung, within the file and with the roster (``on_roster``), so one upload
  reports every problem; "Name;Vorname" reads Name as the surname;
- a file mixing UTF-8 and Windows-1252 lines (two exports pasted together) is refused, naming
  the lines of each, instead of being read as mojibake ("MÃ¼ller");
- a header of more than :data:`MAX_COLUMNS` columns or :data:`MAX_HEADER_CHARS` characters, and
  a field longer than the csv module's limit, are refused with a sentence, not a crash;
- a "?" inside a name is what Excel's "CSV (Trennzeichen-getrennt)" writes for letters
  Windows-1252 lacks (ı, ł, ş: "Elif Y?ld?z"): :func:`lossy_rows` finds those rows so the
  chair is warned, with the remedy ("CSV UTF-8").

Reading the bytes is ``csv_encoding``; the problems and how they are told, ``csv_problems``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from app.services.roster.csv_encoding import decode, lossy_rows, lossy_warning
from app.services.roster.csv_problems import N_, Problem, RosterFileError

__all__ = [
    "MAX_COLUMNS",
    "MAX_FIELD",
    "MAX_HEADER_CHARS",
    "MAX_PROBLEMS",
    "MAX_ROWS",
    "N_",
    "Problem",
    "RosterFileError",
    "RosterRow",
    "lossy_rows",
    "lossy_warning",
    "name_key",
    "column_report",
    "parse_roster",
    "person_key",
    "surname_key",
]

MAX_ROWS = 20_000
MAX_PROBLEMS = 50
#: A roster has a handful of columns; a header beyond these is not a roster (and would be slow).
MAX_COLUMNS = 200
MAX_HEADER_CHARS = 10_000
#: Longest allowed value per field (the database column sizes).
MAX_FIELD = {"name": 200, "delegation": 200, "quota_group": 40}

#: Header spellings (compared after :func:`_header_key`) → field.
HEADERS: dict[str, str] = {
    **dict.fromkeys(
        ("name", "namen", "vollername", "delegierte", "delegierter", "delegate", "fullname"),
        "name",
    ),
    **dict.fromkeys(("vorname", "firstname", "givenname"), "first_name"),
    **dict.fromkeys(("nachname", "familienname", "lastname", "surname"), "last_name"),
    **dict.fromkeys(
        (
            "gliederung", "ortsverband", "ov", "kreisverband", "kv", "delegation", "verband",
            "bezirk", "unterbezirk", "landesverband", "branch", "chapter",
        ),
        "delegation",
    ),
    **dict.fromkeys(
        ("quote", "quotengruppe", "quotierung", "geschlecht", "quota", "quotagroup", "gender"),
        "quota_group",
    ),
    **dict.fromkeys(
        ("stimmrecht", "stimmberechtigt", "stimme", "votingright", "vote", "hasvote", "voting"),
        "has_vote",
    ),
    **dict.fromkeys(
        (
            "ersatz", "ersatzdelegiert", "ersatzdelegierte", "ersatzdelegierter",
            "substitute", "alternate",
        ),
        "is_substitute",
    ),
}
COLUMN_LABEL = {
    "name": "Name",
    "first_name": "Vorname",
    "last_name": "Nachname",
    "delegation": "Gliederung",
    "quota_group": "Quote",
    "has_vote": "Stimmrecht",
    "is_substitute": "Ersatz",
}
YES = frozenset({"ja", "j", "1", "x", "yes", "y", "true", "wahr"})
NO = frozenset({"nein", "n", "0", "-", "no", "false", "falsch"})
QUOTA_ALIASES = {
    **dict.fromkeys(("w", "weiblich", "f", "female", "frau", "frauen"), "Frau"),
    **dict.fromkeys(("m", "männlich", "maennlich", "male", "mann", "männer"), "Mann"),
}


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One delegate as read from the file; ``row`` is its spreadsheet line number."""

    row: int
    name: str
    delegation: str = ""
    quota_group: str = ""
    has_vote: bool = True
    is_substitute: bool = False


def name_key(name: str) -> str:
    """Duplicate detection: NFC, case-folded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _letters(text: str) -> str:
    """Case-folded, accents dropped (DIN 5007-1: ä sorts as a, ß as ss)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def surname_key(name: str) -> tuple[str, str, str]:
    """Sort key for a list by surname, as German lists are: names are stored as one string
    ("Elif Yıldız", "Ursula von der Leyen"), so the last word is taken for the surname and the
    rest breaks ties — Albrecht, Anna before Brandt, Bernd before Çelik, Cem."""
    words = name.split()
    if not words:
        return ("", "", name)
    return (_letters(words[-1]), _letters(" ".join(words[:-1])), name)


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().casefold().replace("ß", "ss")
    return re.sub(r"[\s_\-./()*:]+", "", text)


def _refuse_huge_header(header_line: str) -> None:
    """A header far beyond a roster's columns: refuse it before splitting it."""
    columns = max(header_line.count(sep) for sep in (";", ",", "\t")) + 1
    if columns > MAX_COLUMNS:
        raise RosterFileError([Problem.of(
            1, "", N_("Die Kopfzeile hat %(columns)d Spalten (höchstens %(limit)d). Ist das die "
                      "Delegiertenliste?"), columns=columns, limit=MAX_COLUMNS)])
    if len(header_line) > MAX_HEADER_CHARS:
        raise RosterFileError([Problem.of(
            1, "", N_("Die Kopfzeile ist %(length)d Zeichen lang (höchstens %(limit)d). Ist das "
                      "die Delegiertenliste?"), length=len(header_line), limit=MAX_HEADER_CHARS)])


def _dialect(header_line: str) -> str:
    """The separator that splits the header into the most known column names."""
    best, best_hits = ";", -1
    for sep in (";", ",", "\t"):
        cells = next(csv.reader([header_line], delimiter=sep), [])
        hits = sum(1 for cell in cells if _header_key(cell) in HEADERS)
        if hits > best_hits:
            best, best_hits = sep, hits
    return best


def _flag(value: str, *, blank: bool | None) -> bool | None:
    key = value.strip().casefold()
    if not key:
        return blank
    if key in YES:
        return True
    if key in NO:
        return False
    return None


def _columns(header: list[str], problems: list[Problem]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        field = HEADERS.get(_header_key(cell))
        if field is None:
            continue  # unknown columns (e.g. "E-Mail") are ignored on purpose
        if field in columns:
            problems.append(
                Problem.of(1, cell.strip(), N_("Die Spalte %(label)s kommt doppelt vor."),
                           label=COLUMN_LABEL[field])
            )
        columns[field] = index
    if "name" in columns and "first_name" in columns and "last_name" not in columns:
        # German office exports: "Name;Vorname" — there "Name" is the surname
        columns["last_name"] = columns.pop("name")
    if "name" not in columns and not {"first_name", "last_name"} <= columns.keys():
        problems.append(
            Problem.of(
                1,
                "Name",
                N_("Pflichtspalte fehlt: „Name“ (oder „Vorname“ und „Nachname“). "
                   "Gefundene Spalten: %(found)s."),
                found=", ".join(c.strip() for c in header if c.strip()) or "–",
            )
        )
    return columns


def person_key(name: str, delegation: str = "") -> str:
    """Who a row is: the full name and the further columns that tell two people apart (two
    different Müllers of two Ortsverbände are two delegates, not a duplicate)."""
    return f"{name_key(name)}\x00{name_key(delegation)}"


def column_report(data: bytes) -> list[tuple[str, str | None]]:
    """How each column of the header was read: (header as written, field label or None for
    a column that is ignored) — what the import preview shows before anything is stored."""
    text = decode(data)
    lines = text.splitlines()
    if not lines:
        return []
    header = next(csv.reader(io.StringIO(lines[0]), delimiter=_dialect(lines[0])), [])
    columns = _columns(header, [])
    by_index = {index: field for field, index in columns.items()}
    return [(cell.strip(), COLUMN_LABEL[by_index[i]] if i in by_index else None)
            for i, cell in enumerate(header) if cell.strip()]


def parse_roster(
    data: bytes, *, max_rows: int = MAX_ROWS, on_roster: Mapping[str, str] | None = None
) -> list[RosterRow]:
    """All rows of ``data`` or :class:`RosterFileError` with every problem found.

    ``on_roster`` maps :func:`person_key` to the spelling of each person already on the
    roster: those people are problems of their rows too, found in the same pass as the file's
    own."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf\xff\xfe\x00"):
        raise RosterFileError([Problem.of(0, "", N_("Die Datei ist leer."))])
    text = decode(data)
    lines = text.splitlines()
    _refuse_huge_header(lines[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(lines[0]))
    problems: list[Problem] = []
    try:
        table = list(reader)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise RosterFileError([Problem.of(
                reader.line_num, "",
                N_("Ein Feld ist länger als %(limit)d Zeichen – meist ein Anführungszeichen "
                   "ohne Gegenstück, das den Rest der Datei in ein Feld zieht."),
                limit=csv.field_size_limit())]) from exc
        raise RosterFileError(
            [Problem.of(reader.line_num, "", N_("Die CSV-Struktur ist kaputt (%(error)s)."),
                        error=str(exc))]
        ) from exc
    columns = _columns(table[0], problems)
    if problems:
        raise RosterFileError(problems)
    body = [(number, cells) for number, cells in enumerate(table[1:], start=2)
            if any(cell.strip() for cell in cells)]
    if not body:
        raise RosterFileError([Problem.of(0, "", N_("Die Datei enthält keine Delegierten."))])
    if len(body) > max_rows:
        raise RosterFileError(
            [Problem.of(0, "", N_("Zu viele Zeilen: %(rows)d (höchstens %(limit)d)."),
                        rows=len(body), limit=max_rows)]
        )
    vote_blank = _vote_blank(body, columns)
    rows: list[RosterRow] = []
    seen: dict[str, int] = {}
    for number, cells in body:
        name = _name(cells, columns)
        row = _row(number, name, cells, columns, vote_blank, problems)
        if name:
            problems += _name_taken(number, name, _cell(cells, columns, "delegation"), seen,
                                    on_roster or {})
        if row is not None:
            rows.append(row)
        if len(problems) > MAX_PROBLEMS:
            raise RosterFileError(problems[:MAX_PROBLEMS], truncated=True)
    if problems:
        raise RosterFileError(problems)
    return rows


def _vote_blank(body: list[tuple[int, list[str]]], columns: dict[str, int]) -> bool | None:
    """An x-marked Stimmrecht column reads empty as nein; otherwise empty is an error."""
    index = columns.get("has_vote")
    if index is None:
        return None
    marks = {cells[index].strip().casefold() for _, cells in body if index < len(cells)}
    return False if "x" in marks else None


def _cell(cells: list[str], columns: dict[str, int], field: str) -> str:
    index = columns.get(field)
    if index is None or index >= len(cells):
        return ""
    return " ".join(cells[index].split())


def _name(cells: list[str], columns: dict[str, int]) -> str:
    if "name" in columns:
        return _cell(cells, columns, "name")
    return f"{_cell(cells, columns, 'first_name')} {_cell(cells, columns, 'last_name')}".strip()


def _name_taken(
    number: int, name: str, delegation: str, seen: dict[str, int], on_roster: Mapping[str, str]
) -> list[Problem]:
    """The row's person (name and Gliederung) earlier in the file, or on the roster already
    (both may be true)."""
    key = person_key(name, delegation)
    first = seen.setdefault(key, number)
    taken = []
    if first != number:
        taken.append(Problem.of(number, "Name", N_("„%(name)s“ steht schon in Zeile %(first)d."),
                                name=name, first=first))
    if key in on_roster:
        taken.append(Problem.of(number, "Name",
                                N_("„%(name)s“ steht schon auf der Delegiertenliste."),
                                name=on_roster[key]))
    return taken


def _row(
    number: int,
    name: str,
    cells: list[str],
    columns: dict[str, int],
    vote_blank: bool | None,
    problems: list[Problem],
) -> RosterRow | None:
    """The row's delegate, or None after adding its field problems to ``problems``."""
    before = len(problems)
    if not name:
        problems.append(Problem.of(number, "Name", N_("Der Name fehlt.")))
    values = {
        "name": name,
        "delegation": _cell(cells, columns, "delegation"),
        "quota_group": _cell(cells, columns, "quota_group"),
    }
    values["quota_group"] = QUOTA_ALIASES.get(values["quota_group"].casefold(),
                                              values["quota_group"])
    for field, limit in MAX_FIELD.items():
        if len(values[field]) > limit:
            problems.append(
                Problem.of(number, COLUMN_LABEL[field],
                           N_("Zu lang: %(length)d Zeichen (höchstens %(limit)d)."),
                           length=len(values[field]), limit=limit)
            )
    has_vote = True
    if "has_vote" in columns:
        raw = _cell(cells, columns, "has_vote")
        parsed = _flag(raw, blank=vote_blank)
        if parsed is None:
            problems.append(_flag_problem(number, "Stimmrecht", raw))
        has_vote = bool(parsed)
    is_substitute = False
    if "is_substitute" in columns:
        raw = _cell(cells, columns, "is_substitute")
        parsed = _flag(raw, blank=False)
        if parsed is None:
            problems.append(_flag_problem(number, "Ersatz", raw))
        is_substitute = bool(parsed)
    if len(problems) != before:
        return None
    return RosterRow(number, name, values["delegation"], values["quota_group"], has_vote,
                     is_substitute)


def _flag_problem(number: int, column: str, raw: str) -> Problem:
    if not raw:
        return Problem.of(number, column, N_("Das Feld ist leer (erlaubt: ja, nein, 1, 0, x)."))
    return Problem.of(number, column,
                      N_("„%(value)s“ ist kein gültiger Wert (erlaubt: ja, nein, 1, 0, x)."),
                      value=raw[:20])
