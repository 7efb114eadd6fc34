"""What the counting core's refusals say to a chair, in the chair's language.

``ballots`` raises :class:`~ballots.errors.BallotError` with an English message (for the command
line and logs) and, where a chair can cause it, a stable ``code`` with ``params``; this module
turns the code into a sentence of the catalogue, naming a setting by the label the election
page shows. An error without a known code gets a general sentence with the technical detail.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _

from app.i18n import current_language
from ballots.describe import describe_rules
from ballots.errors import BallotError
from ballots.rules import Rules

__all__ = ["ballot_error_text", "setting_label"]


def setting_label(key: str) -> str:
    """A rule setting as the election page names it (``max_marks`` → "Höchstzahl …")."""
    for kind in ("election", "motion"):
        for line in describe_rules(Rules(), kind=kind, lang=current_language(), complete=True):
            if line.key == key:
                return line.label
    return key


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _texts() -> dict[str, Callable[[dict[str, Any]], str]]:
    """code → sentence; ``p`` holds the params plus ``setting`` (the label of ``key``)."""
    return {
        "rules.not_whole": lambda p: _(
            "„%(setting)s“: bitte eine ganze Zahl ab 0 eintragen (eingegeben: „%(value)s“).",
            setting=p["setting"], value=_shown(p.get("value"))),
        "rules.not_fraction": lambda p: _(
            "„%(setting)s“: bitte einen Bruch wie 1/2 oder 2/3 eintragen (eingegeben: "
            "„%(value)s“).", setting=p["setting"], value=_shown(p.get("value"))),
        "rules.fraction_range": lambda p: _(
            "„%(setting)s“ muss zwischen 0 und 1 liegen (eingegeben: %(value)s).",
            setting=p["setting"], value=_shown(p.get("value"))),
        "rules.not_bool": lambda p: _("„%(setting)s“: bitte ja oder nein wählen.",
                                      setting=p["setting"]),
        "rules.not_string": lambda p: _("„%(setting)s“: bitte einen Text eintragen.",
                                        setting=p["setting"]),
        "rules.unknown_value": lambda p: _(
            "„%(setting)s“: „%(value)s“ ist keine der möglichen Einstellungen.",
            setting=p["setting"], value=_shown(p.get("value"))),
        "rules.threshold_list": lambda p: _(
            "„%(setting)s“: bitte mindestens für den 1. Wahlgang eine Regel wählen.",
            setting=p["setting"]),
        "rules.groups_list": lambda p: _(
            "„%(setting)s“: bitte die Gruppen mit Komma getrennt eintragen.",
            setting=p["setting"]),
        "rules.groups_repeat": lambda p: _("„%(setting)s“: eine Gruppe steht doppelt.",
                                           setting=p["setting"]),
        "rules.cite": lambda p: _("„%(setting)s“: unbekanntes Thema oder kein Text.",
                                  setting=p["setting"]),
        "rules.unknown_setting": lambda p: _(
            "„%(setting)s“ ist keine Einstellung, die ein Beschluss ändern kann.",
            setting=p["setting"]),
        "rules.at_least_one": lambda p: _("„%(setting)s“ muss mindestens 1 sein.",
                                          setting=p["setting"]),
        "rules.above_zero": lambda p: _("„%(setting)s“ muss größer als 0 sein.",
                                        setting=p["setting"]),
        "rules.no_needs_yes_no": lambda p: _(
            "Nein-Stimmen gibt es nur auf Ja/Nein/Enthaltung-Stimmzetteln: bitte "
            "„%(setting)s“ auf „nicht erlaubt“ stellen oder die Stimmzettelform ändern.",
            setting=p["setting"]),
        "rules.single_one_mark": lambda p: _(
            "Bei „eine Stimme“ ist höchstens ein Kreuz möglich: bitte „%(setting)s“ auf 1 "
            "stellen.", setting=p["setting"]),
        "rules.cumulative_only": lambda p: _(
            "„%(setting)s“ gibt es nur beim Kumulieren.", setting=p["setting"]),
        "rules.min_exceeds_max": lambda p: _(
            "Mindestens %(min)s, aber höchstens %(max)s Ja-Stimmen/Kreuze: das Minimum darf "
            "das Maximum nicht übersteigen.", min=_shown(p.get("min")),
            max=_shown(p.get("max"))),
        "rules.qualified_fraction": lambda p: _(
            "„%(setting)s“: bitte einen Bruch zwischen 0 und 1 eintragen, z. B. 2/3.",
            setting=p["setting"]),
        "rules.ja_gt_nein_form": lambda p: _(
            "„Mehr Ja- als Nein-Stimmen“ geht nur mit Ja/Nein/Enthaltung-Stimmzetteln."),
        "rules.quota_ranked": lambda p: _(
            "Eine Quotierung lässt sich nicht mit Rangfolge-Stimmzetteln verbinden."),
        "rules.quota_one_group": lambda p: _(
            "Diese Quotierung braucht genau eine quotierte Gruppe."),
        "rules.quota_shares": lambda p: _(
            "Die Mindestanteile der Gruppen ergeben zusammen mehr als alle Sitze."),
        "rules.per_group_needs_quota": lambda p: _(
            "Getrennte Ersatzlisten je Gruppe gibt es nur mit einer Quotierung."),
        "next_round.no_open_seats": lambda p: _(
            "Kein Sitz ist für einen weiteren Wahlgang offen."),
        "next_round.no_tie": lambda p: _(
            "Es gibt keine Stimmengleichheit um einen Sitz, über die eine Stichwahl "
            "entscheiden müsste."),
        "next_round.mixed_seats": lambda p: _(
            "Für den gemischten Wahlgang fehlt die Zahl der Sitze."),
        "next_round.unknown_kind": lambda p: _(
            "Unbekannte Art des Wahlgangs: „%(kind)s“.", kind=_shown(p.get("kind"))),
        "next_round.no_candidates": lambda p: _(
            "Für diesen Wahlgang kandidiert niemand mehr."),
        "next_round.refill_kinds": lambda p: _(
            "Ein weiterer Wahlgang ist nur für unbesetzte Sitze einer Art möglich."),
    }


def ballot_error_text(exc: BallotError) -> str:
    """The refusal as a sentence in the user's language."""
    text = _texts().get(exc.code)
    if text is None:
        return _("Das geht so nicht (technischer Grund: %(detail)s).", detail=str(exc))
    params = dict(exc.params)
    params["setting"] = setting_label(str(params.get("key", "")))
    return text(params)
