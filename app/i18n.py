"""Language helpers shared by views, services and templates (German is the source language).

- :func:`N_` marks a string for extraction where it cannot be translated yet (module-level
  tables); translate it with ``gettext`` at use time.
- :func:`current_language` is the request's language code (``"de"`` outside a request).
- :func:`localized` picks ``<key>_<lang>`` from a result dict made by :mod:`ballots`, which
  carries both languages (``status_de``/``status_en``, ``label_de``/``label_en``, …).
- :func:`format_size` writes a byte count as people read it ("2 MB", "2,5 MB").
- :func:`preset_title` names a rule preset as people read it ("Antrag – einfache Mehrheit"
  rather than ``motion-simple``).

Texts a page's JavaScript shows travel the same way as on the phone (app.vote.strings): the
view builds a dict of ``gettext`` strings and the template renders it into a ``<script
type="application/json">`` block (data, never executed, so the CSP allows it) or into
``data-*`` attributes, so the JS holds no language of its own.

``register_i18n(app)`` makes ``localized``, ``poll_state`` and ``preset_title`` template
filters and chooses the locale afresh for every request.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from flask import Flask
from flask_babel import (
    format_datetime,
    format_decimal,
    get_locale,
    gettext,
    lazy_pgettext,
    ngettext,
    refresh,
)

from ballots.errors import RulesError
from ballots.rules import load_preset

__all__ = [
    "N_", "POLL_STATE_LABELS", "PRESET_TITLES", "current_language", "format_size", "localized",
    "poll_state_label", "preset_title", "register_i18n",
]


def N_(text: str) -> str:  # noqa: N802 - the name Babel's extractor knows
    """Mark ``text`` for extraction without translating it (done later with ``gettext``)."""
    return text


# "ungültig" is a void round here, an invalid ballot elsewhere: hence the context.
POLL_STATE_LABELS = {
    "draft": lazy_pgettext("poll state", "Entwurf"),
    "open": lazy_pgettext("poll state", "offen"),
    "closed": lazy_pgettext("poll state", "geschlossen"),
    "void": lazy_pgettext("poll state", "ungültig"),
}


#: The titles of the rule presets in config/presets/*.toml (German, as the files say), marked
#: here so the catalog carries them; show one with ``gettext(rules.title)``. A test checks that
#: every preset's title is in the catalog.
PRESET_TITLES = (
    N_("Verein – Wahlen und Beschlüsse nach BGB § 32"),
    N_("CDU – Gruppenwahl"),
    N_("GRÜNE – Listenwahl nach Frauenstatut"),
    N_("DIE LINKE – Vorstandswahl"),
    N_("DIE LINKE – Wahl von Delegierten"),
    N_("Antrag – absolute Mehrheit"),
    N_("Antrag – einfache Mehrheit"),
    N_("Antrag – Zweidrittelmehrheit"),
    N_("SPD – Gruppenwahl mit Geschlechterquote"),
    N_("Rangfolgewahl – übertragbare Einzelstimmgebung (Scottish STV)"),
)


def current_language() -> str:
    """``"de"`` or ``"en"`` (the language part of the selected locale)."""
    locale = get_locale()
    return locale.language if locale is not None else "de"


def localized(mapping: Mapping[str, Any] | None, key: str) -> str:
    """``mapping[key_<lang>]``, else the German ``key_de``, else ``key`` itself."""
    if not mapping:
        return ""
    for name in (f"{key}_{current_language()}", f"{key}_de", key):
        value = mapping.get(name)
        if value:
            return str(value)
    return ""


def poll_state_label(state: str) -> str:
    """A poll state code (``draft``/``open``/``closed``/``void``) in the user's language."""
    label = POLL_STATE_LABELS.get(str(state))
    return str(label) if label is not None else str(state)


def preset_title(name: str) -> str:
    """The title of rule preset ``name`` in the user's language; the name itself for a preset
    without a title or one no longer shipped (an old poll must still be shown)."""
    try:
        title = load_preset(str(name)).title
    except RulesError:
        return str(name)
    return gettext(title) if title else str(name)


def format_size(n_bytes: int) -> str:
    """``n_bytes`` in SI units with at most one decimal, in the request's locale: "2 MB",
    "2,5 MB", "10 kB", "800 Bytes". Rounded down, so a stated limit is never more than the
    real one."""
    for unit, size in (("MB", 1_000_000), ("kB", 1_000)):
        if n_bytes >= size:
            tenths = Decimal(n_bytes * 10 // size) / 10
            return f"{format_decimal(tenths, format='#,##0.#')} {unit}"
    return ngettext("%(num)d Byte", "%(num)d Bytes", n_bytes)


def datetime_local(moment: datetime) -> str:
    """A stored UTC moment in the configured time zone and the request's locale, to the
    minute ("03.12.2026, 17:40")."""
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return format_datetime(moment, "dd.MM.yyyy, HH:mm")


def register_i18n(app: Flask) -> None:
    # Flask-Babel caches the locale on ``g``; an app context reused for several requests (the
    # test client inside an app context, a CLI loop) would otherwise keep the first choice.
    app.before_request(refresh)
    app.add_template_filter(localized, "localized")
    app.add_template_filter(poll_state_label, "poll_state")
    app.add_template_filter(preset_title, "preset_title")
    app.add_template_filter(datetime_local, "datetime_local")
