"""Words and formats the protocol's renderers share (PDF, CSV, the final lists).

The protocol JSON carries codes (``elected``, ``pending``, ``women``) and exact fractions
(``"20/3"``) so tools can rely on them; what people read is rendered here in the protocol's
language: codes as words, dates as that language writes them, bounds as numbers a spreadsheet
reads as numbers, counted nouns through ``ngettext``. One table per kind of code, so the PDF
and both CSV files say the same thing (docs/protocol.md, "CSV files").
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from fractions import Fraction

from babel.dates import format_date, format_time
from flask import has_app_context
from flask_babel import force_locale, get_timezone, ngettext
from flask_babel import lazy_pgettext as _lp

__all__ = [
    "ACCEPTANCE",
    "COMPARISON",
    "OUTCOMES",
    "ROUND_KINDS",
    "YES_NO",
    "CHANNEL_WORDS",
    "display_timezone",
    "format_day",
    "format_moment",
    "in_language",
    "language",
    "seats_text",
    "spreadsheet_number",
    "word",
]

#: Per code its words, from the gettext catalogue (context "protocol code"), read in the
#: protocol's language by :func:`word`.
OUTCOMES = {
    "elected": _lp("protocol code", "gewählt"),
    "substitute": _lp("protocol code", "Ersatz"),
    "not_elected": _lp("protocol code", "nicht gewählt"),
    "tied": _lp("protocol code", "Gleichstand"),
    "accepted": _lp("protocol code", "angenommen"),
    "rejected": _lp("protocol code", "abgelehnt"),
    "void": _lp("protocol code", "ungültig"),
}
ACCEPTANCE = {
    "accepted": _lp("protocol code", "nimmt an"),
    "declined": _lp("protocol code", "lehnt ab"),
    "pending": _lp("protocol code", "Antwort ausstehend"),
}
ROUND_KINDS = {
    "motion": _lp("protocol code", "Antrag"),
    "general": _lp("protocol code", "Wahlgang"),
    "women": _lp("protocol code", "Frauenwahlgang"),
    "mixed": _lp("protocol code", "gemischter Wahlgang"),
    "further": _lp("protocol code", "weiterer Wahlgang"),
    "runoff": _lp("protocol code", "Stichwahl"),
    "repeat": _lp("protocol code", "Wiederholung"),
}
#: How a count is compared with its bound: thresholds that must be reached (two thirds, a
#: quorum) and those that must be exceeded (Ja > Nein, more than half).
COMPARISON = {"reach": _lp("protocol code", "mindestens"),
              "exceed": _lp("protocol code", "mehr als")}
YES_NO = {True: _lp("protocol code", "ja"), False: _lp("protocol code", "nein")}
#: The CSV's "Papier" column for a poll with phones and paper: the total, then each channel.
CHANNEL_WORDS = {"both": _lp("protocol code", "teilweise"),
                 "phone": _lp("protocol code", "nein (Telefon)"),
                 "paper": _lp("protocol code", "ja (neben Telefonen)")}

#: Significant decimals of a bound in a spreadsheet cell; a count (a whole number) compares
#: with the rounded bound as with the exact one unless the denominator exceeds 10**6.
DECIMALS = 6


def language(code: str | None) -> str:
    """``"en"`` or the default ``"de"``."""
    return "en" if code == "en" else "de"


def word(table: dict, code: object, lang: str) -> str:
    """``code`` in the table's words for ``lang``; an unknown code is shown as it is."""
    text = table.get(code)
    if text is None:
        return "" if code is None else str(code)
    return in_language(text, lang)


def in_language(text: object, lang: str) -> str:
    """A lazy catalogue string read in ``lang`` (the protocol's, not the request's)."""
    with force_locale(language(lang)):
        return str(text)


def seats_text(count: int, lang: str) -> str:
    """"1 Sitz" / "2 Sitze" (or "1 seat" / "2 seats") in the protocol's language."""
    with force_locale(language(lang)):
        return ngettext("%(num)d Sitz", "%(num)d Sitze", count)


def display_timezone() -> tzinfo:
    """The app's display time zone (``BABEL_DEFAULT_TIMEZONE``, UTC unless set)."""
    if has_app_context():
        zone = get_timezone()
        if zone is not None:
            return zone
    return UTC


def format_day(iso: str | None, lang: str) -> str:
    """An ISO date as readers write it: ``25.11.2026`` / ``Nov 25, 2026``; "" for none."""
    if not iso:
        return ""
    return format_date(date.fromisoformat(iso[:10]), "medium", locale=language(lang))


def format_moment(iso: str | None, lang: str) -> str:
    """An ISO timestamp in the display time zone: ``25.11.2026 10:15`` / ``Nov 25, 2026
    10:15 AM``; "–" for none. Timestamps without an offset are UTC (as stored)."""
    if not iso:
        return "–"
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(display_timezone())
    lang = language(lang)
    return (f"{format_date(moment, 'medium', locale=lang)} "
            f"{format_time(moment, 'short', locale=lang)}")


def spreadsheet_number(value: str | None, lang: str) -> str:
    """An exact fraction (``"20/3"``) as a number spreadsheets read as a number, never as a
    date: whole numbers plain (``"2"``), others with up to six decimals and the language's
    decimal sign (``"6,666667"`` / ``"6.666667"``). "" for none."""
    if value is None or value == "":
        return ""
    frac = Fraction(value)
    if frac.denominator == 1:
        return str(frac.numerator)
    scaled = round(frac * 10**DECIMALS)
    whole, rest = divmod(scaled, 10**DECIMALS)
    digits = f"{rest:0{DECIMALS}d}".rstrip("0") or "0"
    return f"{whole}{',' if language(lang) == 'de' else '.'}{digits}"
