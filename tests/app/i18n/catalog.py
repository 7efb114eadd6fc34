"""The English message catalog as the i18n tests read it (app/translations/en/LC_MESSAGES)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
TRANSLATIONS = ROOT / "app" / "translations"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")


def read_catalog():
    with PO.open("rb") as fh:
        return read_po(fh, locale="en")


def msgids(message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, (tuple, list)) else (message.id,)


def msgstrs(message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, (tuple, list)) else (
        message.string,)
