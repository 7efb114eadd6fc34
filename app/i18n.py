"""Language helpers shared by views, services and templates (German is the source language).

- :func:`N_` marks a string for extraction where it cannot be translated yet (module-level
  tables); translate it with ``gettext`` at use time.
- :func:`current_language` is the request's language code (``"de"`` outside a request).
- :func:`localized` picks ``<key>_<lang>`` from a result dict made by :mod:`ballots`, which
  carries both languages (``status_de``/``status_en``, ``label_de``/``label_en``, …).

Texts a page's JavaScript shows travel the same way as on the phone (app.vote.strings): the
view builds a dict of ``gettext`` strings and the template renders it into a ``<script
type="application/json">`` block (data, never executed, so the CSP allows it) or into
``data-*`` attributes, so the JS holds no language of its own.

``register_i18n(app)`` makes ``localized`` and ``poll_state`` template filters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_babel import get_locale, lazy_pgettext

__all__ = [
    "N_", "POLL_STATE_LABELS", "current_language", "localized", "poll_state_label",
    "register_i18n",
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


def register_i18n(app: Flask) -> None:
    app.add_template_filter(localized, "localized")
    app.add_template_filter(poll_state_label, "poll_state")
