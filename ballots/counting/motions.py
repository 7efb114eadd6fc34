"""Deciding a motion (Sachabstimmung): Ja / Nein / Enthaltung under the required majority.

* ``simple``: Ja > Nein; abstentions never count, whatever the base (KG 22 W 61/19).
* ``absolute``: Ja > 1/2 of the base.
* ``qualified``: Ja ≥ ``majority_fraction`` of the base (and at least one Ja).
Bases: ``yes_no`` (Ja+Nein), ``valid`` (valid ballots incl. abstentions), ``entitled`` /
``present`` (the contest's counts). A tie is always rejected.

With nothing to count (a base of 0, or no Ja and no Nein under ``simple``) the motion is
rejected by the same comparisons (0 : 0 is a tie; qualified needs at least one Ja), and the
reason says so plainly ("keine gültigen Ja/Nein-Stimmen") instead of comparing 0 with 0.
"""

from __future__ import annotations

from fractions import Fraction

from ballots.contest import Contest
from ballots.counting.batch import Counts
from ballots.counting.result import CandidateResult, Result
from ballots.counting.thresholds import fmt

__all__ = ["decide_motion"]

_BASE_WORDS = {
    "yes_no": ("Ja+Nein", "Yes+No"),
    "valid": ("gültige Stimmen einschließlich Enthaltungen", "valid votes including abstentions"),
    "entitled": ("Stimmberechtigte", "members entitled to vote"),
    "present": ("anwesende Stimmberechtigte", "members present"),
}
#: The reason when the base is 0: there was nothing the majority could be taken of.
_NOTHING_TO_COUNT = {
    "yes_no": ("keine gültigen Ja/Nein-Stimmen", "no valid Yes/No votes"),
    "valid": ("keine gültigen Stimmen", "no valid votes"),
    "entitled": ("keine Stimmberechtigten", "no members entitled to vote"),
    "present": ("keine anwesenden Stimmberechtigten", "no members present"),
}


def _base(contest: Contest, counts: Counts) -> int:
    kind = contest.rules.majority_base
    if kind == "yes_no":
        return counts.yes[0] + counts.no[0]
    if kind == "valid":
        return counts.valid
    value = contest.entitled if kind == "entitled" else contest.present
    return value or 0


def decide_motion(contest: Contest, counts: Counts) -> Result:
    """Accepted or rejected, with the sentence that says which rule decided."""
    rules = contest.rules
    yes, no, abstain = counts.yes[0], counts.no[0], counts.abstain[0]
    base = _base(contest, counts)
    bde, ben = _BASE_WORDS[rules.majority_base]
    needed: Fraction | None
    if rules.majority == "simple":
        needed = Fraction(no)
        ok = yes > no
        de = f"Ja ({yes}) {'größer' if ok else 'nicht größer'} als Nein ({no})"
        en = f"Yes ({yes}) {'greater' if ok else 'not greater'} than No ({no})"
    elif rules.majority == "absolute":
        needed = Fraction(base, 2)
        ok = yes > needed
        de = (f"Ja ({yes}) {'mehr' if ok else 'nicht mehr'} als die Hälfte von {base} {bde} "
              f"({fmt(needed)})")
        en = f"Yes ({yes}) {'more' if ok else 'not more'} than half of {base} {ben} ({fmt(needed)})"
    else:
        needed = rules.majority_fraction * base
        ok = yes >= needed and yes > 0 and yes > no
        share = fmt(rules.majority_fraction)
        de = (f"Ja ({yes}) {'mindestens' if ok else 'weniger als'} {share} von {base} {bde} "
              f"({fmt(needed)})")
        en = f"Yes ({yes}) {'at least' if ok else 'less than'} {share} of {base} {ben} " \
             f"({fmt(needed)})"
    nothing = (yes + no == 0) if rules.majority == "simple" else (base == 0)
    if nothing and not ok:
        de, en = _NOTHING_TO_COUNT["yes_no" if rules.majority == "simple"
                                   else rules.majority_base]
    cite = rules.cite_for("majority")
    if cite:
        de, en = f"{de}, {cite}", f"{en}, {cite}"
    decision = "accepted" if ok else "rejected"
    if counts.cast > counts.issued or (
        contest.present is not None and counts.issued > contest.present
    ):
        decision = "void"
    word_de = {"accepted": "angenommen", "rejected": "abgelehnt", "void": "ungültig"}[decision]
    word_en = {"accepted": "accepted", "rejected": "rejected", "void": "void"}[decision]
    cand = contest.candidates[0]
    result = CandidateResult(
        id=cand.id, name=cand.name, group=cand.group, yes=yes, no=no, abstain=abstain,
        threshold=rules.majority, needed=needed, met=ok, outcome=decision, seat=None,
        seat_type=None, substitute_rank=None, substitute_list=None,
        reason_de=f"{word_de}: {de}", reason_en=f"{word_en}: {en}",
    )
    status = "void" if decision == "void" else "final"
    sde = (f"Abstimmung ungültig: {counts.cast} abgegeben, {counts.issued} ausgegeben"
           if status == "void" else f"Antrag {word_de}")
    sen = (f"vote void: {counts.cast} cast, {counts.issued} issued"
           if status == "void" else f"motion {word_en}")
    return Result(
        kind="motion", title=contest.title, round=contest.round, rules_name=rules.name,
        threshold=rules.majority, seats_total=1, issued=counts.issued, cast=counts.cast,
        invalid=counts.invalid, valid=counts.valid, grounds=counts.grounds,
        candidates=(result,), seats=(), substitutes=(), ties=(), lots=(), status=status,
        status_de=sde, status_en=sen, decision=None if status == "void" else decision,
    )
