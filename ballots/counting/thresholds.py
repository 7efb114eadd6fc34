"""Whether a candidate passes this round's threshold, with the sentence that says why.

Kinds (``Rules.threshold``, one per round): ``ja_gt_nein`` (DIE LINKE Wahlordnung § 10 (2)),
``absolute`` (more than half of the base), ``relative`` (any votes; the ranking decides) and
``quorum`` (at least a fraction of the base). The base is the valid ballots, or — with
``threshold_base = "valid_without_abstentions"`` — Ja+Nein of the candidate (per-candidate
ballots) or the valid ballots that are not whole-ballot abstentions (other forms).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ballots.contest import Contest
from ballots.counting.batch import Counts

__all__ = ["Verdict", "evaluate", "fmt"]

#: Each base in words (de, en) and, when it is 0, what the sentence says instead (de, en).
_BASES = {
    "yes_no": ("Ja+Nein", "Yes+No", "keine Ja/Nein-Stimmen", "no Yes/No votes"),
    "valid_without_abstentions": (
        "gültige Stimmzettel ohne Enthaltungen", "valid ballots without abstentions",
        "keine gültigen Stimmzettel außer Enthaltungen", "no valid ballots except abstentions"),
    "valid": ("gültige Stimmzettel", "valid ballots", "keine gültigen Stimmzettel",
              "no valid ballots"),
}


@dataclass(frozen=True, slots=True)
class Verdict:
    """``needed``: the bound the votes must exceed (ja_gt_nein, absolute) or reach (quorum)."""

    kind: str
    met: bool
    needed: Fraction | None
    de: str
    en: str


def fmt(value: Fraction) -> str:
    """A Fraction as people read it: 7, 7 1/2 or 20/3."""
    if value.denominator == 1:
        return str(value.numerator)
    if value.denominator == 2:
        return f"{value.numerator // 2},5"
    return f"{value.numerator}/{value.denominator}"


def evaluate(contest: Contest, counts: Counts, i: int) -> Verdict:
    """Threshold verdict for candidate number ``i`` (contest order)."""
    rules = contest.rules
    kind = rules.threshold_for(contest.round.number, contest.round.kind)
    per_candidate = rules.ballot_form == "yes_no_abstain"
    yes, no = counts.yes[i], counts.no[i]
    word_de, word_en = ("Ja", "Yes") if per_candidate else ("Stimmen", "votes")
    cite = rules.cite_for("threshold")
    tail = f", {cite}" if cite else ""
    if kind == "ja_gt_nein":
        met = yes > no
        rel_de, rel_en = ("größer als", "greater than") if met else (
            "nicht größer als", "not greater than")
        return Verdict(kind, met, Fraction(no),
                       f"Ja ({yes}) {rel_de} Nein ({no}){tail}",
                       f"Yes ({yes}) {rel_en} No ({no}){tail}")
    if rules.threshold_base == "valid_without_abstentions":
        base = yes + no if per_candidate else counts.valid - counts.blank
        words = _BASES["yes_no" if per_candidate else "valid_without_abstentions"]
    else:
        base = counts.valid
        words = _BASES["valid"]
    base_de, base_en, none_de, none_en = words
    if base == 0 and kind in ("absolute", "quorum"):
        return Verdict(kind, False, Fraction(0), f"{none_de}{tail}", f"{none_en}{tail}")
    if kind == "absolute":
        half = Fraction(base, 2)
        met = yes > half
        rel_de, rel_en = ("mehr als", "more than") if met else ("nicht mehr als", "not more than")
        return Verdict(kind, met, half,
                       f"{word_de} ({yes}) {rel_de} die Hälfte von {base} {base_de} "
                       f"({fmt(half)}){tail}",
                       f"{word_en} ({yes}) {rel_en} half of {base} {base_en} ({fmt(half)}){tail}")
    if kind == "quorum":
        need = rules.quorum_fraction * base
        met = yes >= need and yes > 0
        rel_de, rel_en = ("mindestens", "at least") if met else ("weniger als", "less than")
        share = fmt(rules.quorum_fraction)
        return Verdict(kind, met, need,
                       f"{word_de} ({yes}) {rel_de} {share} von {base} {base_de} "
                       f"({fmt(need)}){tail}",
                       f"{word_en} ({yes}) {rel_en} {share} of {base} {base_en} "
                       f"({fmt(need)}){tail}")
    met = yes > 0
    return Verdict(kind, met, None,
                   f"relative Mehrheit: {word_de} ({yes}){'' if met else ' – keine Stimmen'}{tail}",
                   f"relative majority: {word_en} ({yes}){'' if met else ' – no votes'}{tail}")
