"""Worked examples for the association preset (BGB § 32) and the motion presets."""

from __future__ import annotations

from ballots.counting import tally

from .counting_factory import make_ballots, make_contest, make_motion, yna


def test_kg_22_w_61_19_tie_rejects_motion() -> None:
    # KG 22 W 61/19: simple majority means Ja > Nein; a tie is rejected.
    result = tally(make_motion("association"), yna(7, 7, 3))
    assert result.decision == "rejected"
    assert result.candidates[0].reason_de == (
        "abgelehnt: Ja (7) nicht größer als Nein (7), BGB § 32 (1); KG 22 W 61/19")


def test_bgh_ii_zr_164_81_abstentions_do_not_count_in_election() -> None:
    # BGH II ZR 164/81: majority of votes cast; abstentions and invalid ballots don't count.
    contest = make_contest("association", seats=1, candidates=[("C1", "")])
    result = tally(contest, make_ballots((5, {"C1": "Y"}), (4, {"C1": "N"}), (20, {"C1": "A"})))
    assert result.elected == ("C1",)
    c1 = result.candidate("C1")
    assert (c1.yes, c1.no, c1.abstain, c1.needed) == (5, 4, 20, 9 / 2)


def test_partg_15_motion_simple_ignores_abstentions() -> None:
    # PartG § 15 (1): simple majority; Enthaltungen are recorded but do not count.
    result = tally(make_motion("motion-simple"), yna(3, 2, 40))
    assert (result.decision, result.status_de) == ("accepted", "Antrag angenommen")
    assert (result.candidates[0].yes, result.candidates[0].no,
            result.candidates[0].abstain) == (3, 2, 40)


def test_motion_absolute_base_valid_vs_yes_no() -> None:
    # motion-absolute: Ja > 1/2 of valid ballots incl. abstentions; yes_no base flips it.
    ballots = yna(10, 5, 6)
    assert tally(make_motion("motion-absolute"), ballots).decision == "rejected"
    flipped = make_motion("motion-absolute", overrides={"majority_base": "yes_no"})
    assert tally(flipped, ballots).decision == "accepted"


def test_statute_change_two_thirds_exactly_reached() -> None:
    # motion-two-thirds: Ja ≥ 2/3 of Ja+Nein; 20 of 30 is exactly two thirds.
    assert tally(make_motion("motion-two-thirds"), yna(20, 10, 9)).decision == "accepted"
    result = tally(make_motion("motion-two-thirds"), yna(19, 10, 0))
    assert result.decision == "rejected"
    assert result.candidates[0].reason_en.startswith(
        "rejected: Yes (19) less than 2/3 of 29 Yes+No (58/3)")


def test_motion_majority_of_entitled_members() -> None:
    # majority_base entitled: "Mehrheit der Mitglieder" — 30 Ja of 100 entitled is too few.
    contest = make_motion("motion-absolute", overrides={"majority_base": "entitled"},
                          entitled=100, present=60)
    assert tally(contest, yna(30, 5, 0)).decision == "rejected"
    assert tally(contest, yna(51, 5, 0)).decision == "accepted"
    present = make_motion("motion-absolute", overrides={"majority_base": "present"},
                          entitled=100, present=60)
    assert tally(present, yna(31, 5, 0)).decision == "accepted"
