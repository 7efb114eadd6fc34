"""Reading a roster file's bytes as office programs write them: UTF-8 (BOM optional),
UTF-16 by BOM, else Windows-1252; a file mixing UTF-8 and Windows-1252 lines is refused, and a
"?" where Excel's "CSV (Trennzeichen-getrennt)" lost a letter is found so the chair is warned."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from app.services.roster.csv_problems import N_, Problem, RosterFileError, line_list

if TYPE_CHECKING:
    from app.services.roster.csv_import import RosterRow

__all__ = ["decode", "lossy_rows", "lossy_warning"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
# A UTF-8 encoded Latin letter (U+00C0-U+017F: ä, ü, ß, ı, ł, ş ...) as bytes, inside a line
# that is not UTF-8 as a whole: a UTF-8 cell pasted into a Windows-1252 row. (In Windows-1252
# these pairs read "Ã¼", "Ä±", "Å‚": not what a roster holds.)
_UTF8_LETTER = re.compile(rb"[\xc3-\xc5][\x80-\xbf]")
# "?" where a letter should be: next to a letter on either side ("Y?ld?z", "?ukasz").
_LOST_LETTER = re.compile(r"(?<=[^\W\d_])\?|\?(?=[^\W\d_])")


def decode(data: bytes) -> str:
    """UTF-8 (BOM optional) first, UTF-16 by BOM, else Windows-1252; garbage is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1252"]
        _refuse_mixed_encodings(data)
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.search(text):
            return unicodedata.normalize("NFC", text)
    raise RosterFileError(
        [
            Problem.of(
                0,
                "",
                N_("Die Datei ist keine lesbare Textdatei (erwartet: CSV in UTF-8 oder "
                   "Windows-1252). Bitte in Excel „Speichern unter → CSV UTF-8“ wählen."),
            )
        ]
    )


def _refuse_mixed_encodings(data: bytes) -> None:
    """Refuse a file whose lines are partly UTF-8 and partly Windows-1252.

    A line is UTF-8 if it decodes as UTF-8 and has a non-ASCII character; it is Windows-1252
    if it does not decode. A file with both (or a line with both) would be read as
    Windows-1252 throughout and turn every UTF-8 "ü" into "Ã¼"."""
    utf8: list[int] = []
    other: list[int] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other.append(number)
            if _UTF8_LETTER.search(line):
                utf8.append(number)
        else:
            utf8.append(number)
    if utf8 and other:
        raise RosterFileError([Problem.of(
            0, "",
            N_("Die Datei mischt zwei Zeichenkodierungen: UTF-8 in Zeile(n) %(utf8)s, "
               "Windows-1252 in Zeile(n) %(other)s (etwa zwei zusammenkopierte Exporte). "
               "So würde aus „Müller“ „MÃ¼ller“. Bitte alles in einer Datei in Excel als "
               "„CSV UTF-8 (durch Trennzeichen getrennt)“ speichern und erneut hochladen."),
            utf8=line_list(utf8), other=line_list(other))])


def lossy_rows(rows: list[RosterRow]) -> list[int]:
    """Rows whose name or Gliederung has a "?" where a letter should be ("Elif Y?ld?z")."""
    return [row.row for row in rows
            if _LOST_LETTER.search(row.name) or _LOST_LETTER.search(row.delegation)]


def lossy_warning(rows: list[RosterRow]) -> Problem | None:
    """The warning for :func:`lossy_rows` (imported anyway: the names may be corrected by
    hand), naming the rows and an example, with the remedy."""
    lossy = lossy_rows(rows)
    if not lossy:
        return None
    example = next(row.name for row in rows if row.row == lossy[0])
    return Problem.of(
        0, "",
        N_("Achtung: In Zeile(n) %(rows)s steht „?“ statt eines Buchstabens (z. B. „%(example)s“). "
           "So ersetzt Excel beim Speichern als „CSV (Trennzeichen-getrennt)“ Buchstaben wie ı, "
           "ł oder ş. Bitte diese Namen in der Liste korrigieren und die Datei künftig als „CSV "
           "UTF-8 (durch Trennzeichen getrennt)“ speichern."),
        rows=line_list(lossy), example=example)
