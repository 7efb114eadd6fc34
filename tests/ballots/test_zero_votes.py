"""No valid Ja/Nein votes at all: the decision follows the rules (a motion needs at least one
Ja and more Ja than Nein, so 0 : 0 is rejected like any tie; a candidate needs at least one
Ja), and the reason says plainly that there were no votes instead of comparing 0 with 0."""

from __future__ import annotations

from fractions import Fraction

import pytest

from ballots.counting import tally

from .counting_factory import make_ballots, make_contest, make_motion, yna


@pytest.mark.parametrize(("preset", "overrides", "de", "en"), [
    ("motion-two-thirds", {}, "keine gültigen Ja/Nein-Stimmen",
     "no valid Yes/No votes"),
    ("motion-simple", {}, "keine gültigen Ja/Nein-Stimmen", "no valid Yes/No votes"),
    ("motion-absolute", {"majority_base": "yes_no"}, "keine gültigen Ja/Nein-Stimmen",
     "no valid Yes/No votes"),
    ("motion-absolute", {}, "keine gültigen Stimmen", "no valid votes"),
])
def test_motion_without_ballots_is_rejected_with_a_plain_reason(preset, overrides, de, en):
    result = tally(make_motion(preset, overrides=overrides), [])

    (motion,) = result.candidates
    assert result.decision == "rejected" and motion.met is False
    assert motion.reason_de.startswith(f"abgelehnt: {de}")
    assert motion.reason_en.startswith(f"rejected: {en}")
    assert "von 0" not in motion.reason_de and "weniger als" not in motion.reason_de


def test_two_thirds_with_only_abstentions_is_rejected_with_a_plain_reason():
    result = tally(make_motion("motion-two-thirds"), yna(0, 0, 7))

    (motion,) = result.candidates
    assert result.decision == "rejected"
    assert motion.reason_de == ("abgelehnt: keine gültigen Ja/Nein-Stimmen, Satzung "
                                "(Satzungsänderung: zwei Drittel)")
    assert motion.needed == Fraction(0)  # the exact bound stays in the data


def test_two_thirds_with_votes_keeps_the_comparison():
    result = tally(make_motion("motion-two-thirds"), yna(1, 0, 0))

    assert result.decision == "accepted"
    assert result.candidates[0].reason_de.startswith(
        "angenommen: Ja (1) mindestens 2/3 von 1 Ja+Nein (2/3)")


def test_absolute_threshold_without_valid_ballots_says_so():
    contest = make_contest("association", seats=1, candidates=[("C1", "")],
                           overrides={"threshold_base": "valid"})

    result = tally(contest, [])

    c1 = result.candidate("C1")
    assert c1.met is False and result.elected == ()
    assert "keine gültigen Stimmzettel" in c1.reason_de
    assert "no valid ballots" in c1.reason_en
    assert "Hälfte von 0" not in c1.reason_de


def test_quorum_threshold_without_yes_no_votes_says_so():
    contest = make_contest("association", seats=1, candidates=[("C1", "")],
                           overrides={"threshold": ["quorum"], "quorum_fraction": "1/4"})

    result = tally(contest, make_ballots((4, {"C1": "A"})))

    c1 = result.candidate("C1")
    assert c1.met is False
    assert "keine Ja/Nein-Stimmen" in c1.reason_de and "no Yes/No votes" in c1.reason_en
    assert "weniger als" not in c1.reason_de
