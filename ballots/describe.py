"""Every setting of a rule set in plain language (German or English), for the chair's set-up
page and the protocol — so the assembly hears exactly which rules it votes under.

One line per setting, in a fixed order; settings changed by an assembly decision are marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ballots.rules import Rules

__all__ = ["SettingLine", "describe_rules", "describe_value"]


@dataclass(frozen=True, slots=True)
class SettingLine:
    """``key`` is the setting's name, ``decided`` True if an assembly decision set it."""

    key: str
    label: str
    value: str
    decided: bool


# key -> (German label, English label)
_LABELS: dict[str, tuple[str, str]] = {
    "ballot_form": ("Stimmzettel", "Ballot form"),
    "max_marks": ("Höchstzahl Ja-Stimmen/Kreuze", "Maximum Yes marks/crosses"),
    "min_marks": ("Mindestzahl Ja-Stimmen/Kreuze", "Minimum Yes marks/crosses"),
    "min_marks_share": ("Mindestanteil der Sitze, der angekreuzt werden muss",
                        "Minimum share of seats that must be marked"),
    "cumulative_votes": ("Stimmen je Kandidatur (Kumulieren)",
                         "Votes per candidate (cumulative)"),
    "no_allowed": ("Nein-Stimmen", "No marks"),
    "abstain_all_allowed": ("»Enthaltung zu allen«", "\"Abstain on all\""),
    "no_all_allowed": ("»Nein zu allen«", "\"No to all\""),
    "too_many": ("Zu viele Stimmen", "Too many votes"),
    "too_few": ("Zu wenige Stimmen", "Too few votes"),
    "empty_ballot": ("Leerer Stimmzettel", "Empty ballot"),
    "forbidden_no": ("Unzulässige Nein-Stimme", "No where not allowed"),
    "threshold": ("Gewählt ist", "Elected is"),
    "threshold_base": ("Bezugsgröße der Mehrheit", "Base of the majority"),
    "quorum_fraction": ("Mindestanteil (Quorum)", "Minimum share (quorum)"),
    "tie": ("Stimmengleichheit", "Ties"),
    "max_rounds": ("Höchstzahl Wahlgänge", "Maximum number of rounds"),
    "quota": ("Quotierung", "Quota"),
    "quota_groups": ("Quotierte Gruppe(n)", "Quota group(s)"),
    "quota_min_share": ("Mindestanteil der Sitze", "Minimum share of seats"),
    "quota_rounding": ("Rundung des Mindestanteils", "Rounding of the minimum share"),
    "quota_void_rounds": ("Ungültige Wahlgänge unter dem Anteil", "Rounds void below the share"),
    "odd_places_variant": ("Plätze für Frauen", "Places for women"),
    "substitutes": ("Ersatzdelegierte", "Substitutes"),
    "substitutes_per_group": ("Getrennte Ersatzlisten je Gruppe", "Separate substitute lists"),
    "ranked_method": ("Auszählverfahren (Rangfolge)", "Counting method (ranked)"),
    "majority": ("Erforderliche Mehrheit (Antrag)", "Required majority (motion)"),
    "majority_fraction": ("Qualifizierte Mehrheit", "Qualified majority"),
    "majority_base": ("Bezugsgröße (Antrag)", "Base (motion)"),
}

# (key, value) -> (German, English)
_VALUES: dict[tuple[str, str], tuple[str, str]] = {
    ("ballot_form", "yes_no_abstain"): ("Ja/Nein/Enthaltung je Kandidatur",
                                        "Yes/No/Abstain per candidate"),
    ("ballot_form", "approval"): ("Kreuze (Zustimmung)", "crosses (approval)"),
    ("ballot_form", "single"): ("eine Stimme", "single choice"),
    ("ballot_form", "cumulative"): ("Kumulieren", "cumulative"),
    ("ballot_form", "ranked"): ("Rangfolge", "ranked"),
    ("no_allowed", "always"): ("immer erlaubt", "always allowed"),
    ("no_allowed", "never"): ("nicht erlaubt", "not allowed"),
    ("no_allowed", "if_candidates_le_seats"): (
        "nur erlaubt, wenn nicht mehr Kandidierende als Sitze",
        "allowed only if there are no more candidates than seats"),
    ("too_many", "invalid"): ("Stimmzettel ungültig", "ballot invalid"),
    ("too_many", "abstain"): ("zählt als Enthaltung", "counts as abstention"),
    ("too_few", "invalid"): ("Stimmzettel ungültig", "ballot invalid"),
    ("too_few", "valid"): ("Stimmzettel gültig", "ballot valid"),
    ("empty_ballot", "abstain"): ("gültig, zählt als Enthaltung", "valid, counts as abstention"),
    ("empty_ballot", "invalid"): ("ungültig", "invalid"),
    ("forbidden_no", "invalid"): ("Stimmzettel ungültig", "ballot invalid"),
    ("forbidden_no", "abstain"): ("zählt als Enthaltung", "counts as abstention"),
    ("threshold", "ja_gt_nein"): ("wer mehr Ja- als Nein-Stimmen hat",
                                  "whoever has more Yes than No votes"),
    ("threshold", "absolute"): ("wer mehr als die Hälfte der gültigen Stimmen hat",
                                "whoever has more than half of the valid votes"),
    ("threshold", "relative"): ("wer die meisten Stimmen hat", "whoever has the most votes"),
    ("threshold", "quorum"): ("wer das Quorum erreicht", "whoever reaches the quorum"),
    ("threshold_base", "valid"): ("gültige Stimmzettel (mit Enthaltungen)",
                                  "valid ballots (with abstentions)"),
    ("threshold_base", "valid_without_abstentions"): ("gültige Stimmen ohne Enthaltungen",
                                                      "valid votes without abstentions"),
    ("tie", "lot"): ("Los", "lot"),
    ("tie", "runoff"): ("Stichwahl (bei erneutem Gleichstand Los)", "runoff (then lot)"),
    ("quota", "none"): ("keine", "none"),
    ("quota", "women_first"): ("Frauenwahlgang zuerst, dann gemischter Wahlgang",
                               "women's round first, then mixed round"),
    ("quota", "odd_places"): ("ungerade Listenplätze für Frauen", "odd list places for women"),
    ("quota", "min_share_with_cap"): ("Mindestanteil je Geschlecht", "minimum share per gender"),
    ("quota", "round_void_below_share"): ("Wahlgang ungültig unter dem Anteil",
                                          "round void below the share"),
    ("quota", "quota_shrinks"): ("Quote sinkt auf die Zahl der Kandidatinnen",
                                 "quota shrinks to the number of women running"),
    ("quota_rounding", "up"): ("aufrunden", "round up"),
    ("quota_rounding", "down"): ("abrunden", "round down"),
    ("quota_rounding", "nearest"): ("kaufmännisch runden", "round to nearest"),
    ("odd_places_variant", "odd"): ("ungerade Plätze", "odd places"),
    ("odd_places_variant", "one_of_first_two"): ("einer der ersten zwei, dann ungerade",
                                                 "one of the first two, then odd"),
    ("substitutes", "none"): ("keine", "none"),
    ("substitutes", "threshold"): ("Nichtgewählte, die die Mehrheit erreicht haben, nach Stimmen",
                                   "candidates not elected who met the threshold, by votes"),
    ("substitutes", "all"): ("alle Nichtgewählten nach Stimmen",
                             "all candidates not elected, by votes"),
    ("ranked_method", "stv"): ("STV (Droop-Quote, exakte Übertragungen)", "STV (Droop, exact)"),
    ("ranked_method", "irv"): ("Integrierte Stichwahl (IRV)", "instant runoff (IRV)"),
    ("ranked_method", "schulze"): ("Schulze-Methode", "Schulze method"),
    ("majority", "simple"): ("einfache Mehrheit (Ja > Nein)", "simple majority (Yes > No)"),
    ("majority", "absolute"): ("absolute Mehrheit", "absolute majority"),
    ("majority", "qualified"): ("qualifizierte Mehrheit", "qualified majority"),
    ("majority_base", "yes_no"): ("Ja + Nein (ohne Enthaltungen)",
                                  "Yes + No (abstentions excluded)"),
    ("majority_base", "valid"): ("gültige Stimmen mit Enthaltungen",
                                 "valid votes with abstentions"),
    ("majority_base", "entitled"): ("Stimmberechtigte", "entitled voters"),
    ("majority_base", "present"): ("anwesende Stimmberechtigte", "present voters"),
}

_ELECTION_KEYS = (
    "ballot_form", "max_marks", "min_marks", "min_marks_share", "cumulative_votes", "no_allowed",
    "abstain_all_allowed", "no_all_allowed", "too_many", "too_few", "empty_ballot",
    "forbidden_no", "threshold", "threshold_base", "quorum_fraction", "tie", "max_rounds",
    "quota", "quota_groups", "quota_min_share", "quota_rounding", "quota_void_rounds",
    "odd_places_variant", "substitutes", "substitutes_per_group", "ranked_method",
)
_MOTION_KEYS = ("majority", "majority_fraction", "majority_base", "abstain_all_allowed")
_ROUND_WORDS = (("im 1. Wahlgang", "in round 1"), ("im 2. Wahlgang", "in round 2"),
                ("im 3. Wahlgang", "in round 3"))


def _fraction(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def describe_value(key: str, value: object, *, lang: str = "de") -> str:
    """One setting's value as a chair would say it."""
    idx = 0 if lang == "de" else 1
    if key == "threshold" and isinstance(value, tuple):
        parts = [_VALUES[("threshold", str(v))][idx] for v in value]
        if len(parts) == 1:
            return parts[0]
        later = "danach" if idx == 0 else "later"
        shown = [f"{_ROUND_WORDS[i][idx] if i < len(_ROUND_WORDS) else later}: {p}"
                 for i, p in enumerate(parts)]
        rest = "ab dann wie zuletzt" if idx == 0 else "then as the last"
        return "; ".join(shown) + f" ({rest})"
    if isinstance(value, bool):
        return ("ja" if value else "nein") if idx == 0 else ("yes" if value else "no")
    if isinstance(value, Fraction):
        return _fraction(value)
    if value is None:
        if key == "max_marks":
            return "so viele wie Sitze" if idx == 0 else "as many as seats"
        return "unbegrenzt" if idx == 0 else "unlimited"
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    found = _VALUES.get((key, str(value)))
    return found[idx] if found else str(value)


def _relevant(rules: Rules, key: str) -> bool:
    """Hide settings that cannot matter under this rule set (e.g. quota details without quota)."""
    if key.startswith("quota_") or key == "odd_places_variant" or key == "substitutes_per_group":
        if rules.quota == "none":
            return False
        if key == "odd_places_variant":
            return rules.quota == "odd_places"
        if key == "quota_void_rounds":
            return rules.quota == "round_void_below_share"
    if key == "cumulative_votes":
        return rules.ballot_form == "cumulative"
    if key == "ranked_method":
        return rules.ballot_form == "ranked"
    if key == "quorum_fraction":
        return "quorum" in rules.threshold
    if key == "no_all_allowed" or key == "forbidden_no":
        return rules.ballot_form == "yes_no_abstain"
    if key == "majority_fraction":
        return rules.majority == "qualified"
    return True


def describe_rules(rules: Rules, *, kind: str = "election", lang: str = "de",
                   complete: bool = False) -> tuple[SettingLine, ...]:
    """The settings of ``rules`` as label/value lines. ``complete`` lists every setting (for
    the protocol annex); otherwise those that cannot matter here are left out."""
    idx = 0 if lang == "de" else 1
    decided = dict(rules.decisions)
    keys = _MOTION_KEYS if kind == "motion" else _ELECTION_KEYS
    lines = []
    for key in keys:
        if not complete and not _relevant(rules, key):
            continue
        lines.append(SettingLine(key, _LABELS[key][idx],
                                 describe_value(key, getattr(rules, key), lang=lang),
                                 key in decided))
    return tuple(lines)
