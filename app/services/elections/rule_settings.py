"""The election's counting rules as a form: every setting of ``ballots.rules.Rules`` as a
field with its current value, and a submitted form back to the settings it changes.

Built from the rule set's own metadata (the field types of ``Rules`` and ``ballots.rules.CHOICES``)
and described with ``ballots.describe``, so every setting the counting knows can be shown in
plain language and changed by assembly decision (``election_setup.change_rules``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from app.services.roster.csv_import import QUOTA_ALIASES
from ballots.describe import describe_rules, describe_value
from ballots.rules import CHOICES, Rules

__all__ = ["THRESHOLD_ROUNDS", "SettingField", "form_overrides", "setting_fields"]

#: Settings that are not counting rules (names, citations, the record of decisions).
_FIXED = ("name", "version", "title", "source", "cite", "decisions")
#: ``threshold`` is one kind per round; the form offers rounds 1, 2 and "3 and later".
THRESHOLD_ROUNDS = 3


@dataclass(frozen=True, slots=True)
class SettingField:
    """One form field for a setting. ``kind``: choice · bool · int · optional_int · fraction ·
    groups · threshold. ``value`` is the current value as the form shows it (for threshold one
    entry per round, "" = as in the round before); ``options`` are (value, label) pairs."""

    key: str
    label: str
    kind: str
    value: tuple[str, ...]
    options: tuple[tuple[str, str], ...]
    described: str
    decided: bool
    relevant: bool
    empty: str = ""


def _kind(key: str) -> str:
    """The form field kind of a setting, from the type annotation of ``Rules``."""
    if key == "threshold":
        return "threshold"
    if key in CHOICES:
        return "choice"
    annotation = str(_FIELDS[key].type).replace(" ", "")
    return {"bool": "bool", "int": "int", "int|None": "optional_int", "Fraction": "fraction",
            "tuple[str,...]": "groups"}.get(annotation, "text")


_FIELDS = {f.name: f for f in dataclasses.fields(Rules)}


def _shown(kind: str, value: Any) -> tuple[str, ...]:
    if kind == "threshold":
        kinds = list(value)[:THRESHOLD_ROUNDS]
        # a repeated last kind is what "as in the round before" means
        while len(kinds) > 1 and kinds[-1] == kinds[-2]:
            kinds.pop()
        return tuple(kinds + [""] * (THRESHOLD_ROUNDS - len(kinds)))
    if kind == "bool":
        return ("true" if value else "false",)
    if kind == "optional_int":
        return ("" if value is None else str(value),)
    if kind == "fraction":
        frac = Fraction(value)
        return (f"{frac.numerator}/{frac.denominator}",)
    if kind == "groups":
        return (", ".join(value),)
    return (str(value),)


def setting_fields(rules: Rules, *, lang: str = "de") -> list[SettingField]:
    """Every election setting as a form field with its current value, in the order of
    ``describe_rules``; ``relevant`` is False for settings without effect under these rules."""
    relevant = {line.key for line in describe_rules(rules, lang=lang)}
    yes, no = ("ja", "nein") if lang == "de" else ("yes", "no")
    out = []
    for line in describe_rules(rules, lang=lang, complete=True):
        kind = _kind(line.key)
        options: tuple[tuple[str, str], ...] = ()
        if kind == "choice":
            options = tuple((v, describe_value(line.key, v, lang=lang))
                            for v in CHOICES[line.key])
        elif kind == "threshold":
            options = tuple((v, describe_value("threshold", (v,), lang=lang))
                            for v in CHOICES["threshold"])
        elif kind == "bool":
            options = (("true", yes), ("false", no))
        empty = describe_value(line.key, None, lang=lang) if kind == "optional_int" else ""
        out.append(SettingField(line.key, line.label, kind,
                                _shown(kind, getattr(rules, line.key)), options, line.value,
                                line.decided, line.key in relevant, empty))
    return out


def _parsed(kind: str, raw: tuple[str, ...]) -> Any:
    """A submitted value in the form ``apply_overrides`` takes; anything it cannot read is
    passed on as typed, so the rules' own message names the key."""
    if kind == "threshold":
        kinds = []
        for item in raw:
            if not item:
                break
            kinds.append(item)
        return kinds
    text = raw[0].strip() if raw else ""
    if kind == "bool":
        return {"true": True, "false": False}.get(text, text)
    if kind in ("int", "optional_int"):
        if kind == "optional_int" and text == "":
            return None
        return int(text) if text.isdigit() else text
    if kind == "groups":
        return [QUOTA_ALIASES.get(g.strip().casefold(), g.strip())
                for g in text.split(",") if g.strip()]
    return text


def _same(kind: str, parsed: Any, current: Any) -> bool:
    """Whether a parsed submission means the current value (so it is no change)."""
    if kind == "bool" and not isinstance(parsed, bool):
        return False
    if kind in ("int", "optional_int") and isinstance(parsed, str):
        return False
    try:
        return _shown(kind, parsed) == _shown(kind, current)
    except (ValueError, TypeError, ZeroDivisionError):
        return False


def form_overrides(rules: Rules, form: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
    """The settings whose submitted value differs from ``rules`` (only fields present in
    ``form``, which maps a key to its submitted values), as overrides."""
    changed: dict[str, Any] = {}
    for name in _FIELDS:
        if name in _FIXED or name not in form:
            continue
        kind = _kind(name)
        parsed = _parsed(kind, tuple(v.strip() for v in form[name]))
        if not _same(kind, parsed, getattr(rules, name)):
            changed[name] = parsed
    return changed
