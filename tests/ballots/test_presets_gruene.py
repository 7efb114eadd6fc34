"""Worked examples for the Grüne list preset (Frauenstatut § 1: odd places for women)."""

from __future__ import annotations

from ballots.counting import LotInput, next_round, tally

from .counting_factory import make_ballots, make_contest

LIST5 = [("M1", "offen"), ("W1", "Frau"), ("M2", "offen"), ("W2", "Frau"), ("M3", "offen")]


def test_frauenstatut_1_odd_places_go_to_women_even_if_men_have_more() -> None:
    # Frauenstatut § 1: places 1 and 3 are women's places; even places are open.
    contest = make_contest("gruene-list", seats=4, candidates=LIST5)
    ballots = make_ballots((9, {"M1": "Y", "M2": "Y", "W1": "Y", "W2": "Y"}),
                           (2, {"M1": "Y", "M2": "Y"}), (1, {"M1": "Y"}),
                           (1, {"W1": "Y", "W2": "N"}))
    result = tally(contest, ballots)
    assert [(s.number, s.candidate, s.type) for s in result.seats] == [
        (1, "W1", "list place 1"), (2, "M1", "list place 2"), (3, "W2", "list place 3"),
        (4, "M2", "list place 4")]
    assert result.candidate("W2").reason_de == (
        "gewählt (Listenplatz 3): Ja (9) mehr als die Hälfte von 13 gültige Stimmzettel (6,5), "
        "Listenwahlordnung (absolute Mehrheit, ab 3. Wahlgang relative Mehrheit)")


def test_frauenstatut_1_womens_place_stays_vacant_without_women() -> None:
    # Frauenstatut § 1: an unfilled women's place stays vacant; men do not take it.
    cands = [("M1", "offen"), ("W1", "Frau"), ("M2", "offen"), ("M3", "offen")]
    contest = make_contest("gruene-list", seats=4, candidates=cands)
    result = tally(contest, make_ballots((5, {"M1": "Y", "W1": "Y", "M2": "Y", "M3": "Y"}),
                                         (2, {"M1": "Y", "M2": "Y"}), (1, {"M1": "Y"})))
    assert [(s.number, s.candidate, s.status) for s in result.seats] == [
        (1, "W1", "filled"), (2, "M1", "filled"), (3, None, "vacant"), (4, "M2", "filled")]
    assert result.candidate("M3").reason_en.startswith("not elected: no seat left")


def test_gruene_empty_ballot_is_invalid() -> None:
    # Some Green rules: a completely empty ballot is invalid (empty_ballot = invalid).
    contest = make_contest("gruene-list", seats=2, candidates=LIST5)
    result = tally(contest, make_ballots((3, {"W1": "Y", "M1": "Y"}), (2, {})))
    assert (result.cast, result.invalid, result.valid) == (5, 2, 3)
    assert [(g.code, g.de) for g in result.grounds] == [("empty", "leerer Stimmzettel")]


def test_gruene_third_round_uses_relative_majority() -> None:
    # threshold per round: absolute, absolute, then relative (Listenwahlordnung practice).
    cands = [("W1", "Frau"), ("W2", "Frau")]
    ballots = make_ballots((2, {"W1": "Y"}), (1, {"W2": "Y"}), (3, {"W1": "A"}))
    first = tally(make_contest("gruene-list", seats=1, candidates=cands), ballots)
    assert (first.threshold, first.elected) == ("absolute", ())
    third = tally(make_contest("gruene-list", seats=1, candidates=cands, number=3), ballots)
    assert (third.threshold, third.elected) == ("relative", ("W1",))


def test_tie_for_list_place_order_matters_and_is_settled() -> None:
    # Frauenstatut § 1 list: equal votes for places 2 and 4 decide the order → runoff;
    # in a runoff round a further tie goes to lot.
    cands = [("W1", "Frau"), ("M1", "offen"), ("M2", "offen")]
    contest = make_contest("gruene-list", seats=2, candidates=cands)
    result = tally(contest, make_ballots((4, {"W1": "Y", "M1": "Y"}), (4, {"W1": "Y", "M2": "Y"}),
                                         (1, {"M1": "Y", "M2": "Y"})))
    assert result.status == "runoff_needed"
    assert result.seats[0].candidate == "W1"
    runoff = next_round(contest, result)
    assert (runoff.ids, runoff.round.places) == (("M1", "M2"), (2,))
    lot = LotInput("1234", "f" * 64)
    decided = tally(runoff, make_ballots((2, {"M1": "Y"}), (2, {"M2": "Y"})), lot=lot)
    assert decided.status == "final"
    assert decided.seats[0].number == 2
    assert decided.seats[0].candidate == decided.lots[0].order[0]


def test_further_round_for_open_list_place_keeps_place_numbers() -> None:
    # A further round fills only the open places with the remaining candidates.
    cands = [("W1", "Frau"), ("M1", "offen"), ("W2", "Frau")]
    contest = make_contest("gruene-list", seats=3, candidates=cands)
    result = tally(contest, make_ballots((5, {"W1": "Y", "M1": "Y"}), (4, {"W2": "Y"})))
    assert [(s.number, s.candidate, s.status) for s in result.seats] == [
        (1, "W1", "filled"), (2, "M1", "filled"), (3, None, "vacant")]
    assert result.candidate("W2").met is False
