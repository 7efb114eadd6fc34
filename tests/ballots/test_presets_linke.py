"""Worked examples for the DIE LINKE presets (linke-delegates, linke-board)."""

from __future__ import annotations

from ballots.contest import Candidate
from ballots.counting import LotInput, PaperTotals, apply_declines, next_round, tally, tally_totals
from ballots.counting.lot import draw

from .counting_factory import make_ballots, make_contest

WOMEN3 = [("W1", "Frau"), ("W2", "Frau"), ("W3", "Frau")]


def women_round(seats: int = 2, cands: list[tuple[str, str]] | None = None, **kw: object):
    return make_contest(seats=seats, candidates=cands or WOMEN3, round_kind="women", **kw)


def test_wahlordnung_6_1_women_round_fills_women_seats_in_order_of_ja() -> None:
    # Wahlordnung § 6 (1), § 10 (2): women's round, seats by Ja, the rest become substitutes.
    contest = women_round()
    ballots = make_ballots((6, {"W1": "Y", "W2": "Y"}), (4, {"W3": "Y", "W2": "Y"}), (1, {}))
    result = tally(contest, ballots)
    assert result.status == "final"
    assert result.elected == ("W2", "W1")
    assert [s.type for s in result.seats] == ["women", "women"]
    w3 = result.candidate("W3")
    assert (w3.yes, w3.no, w3.abstain) == (4, 0, 7)
    assert (w3.outcome, w3.substitute_rank, w3.substitute_list) == ("substitute", 1, "Frau")
    assert (result.issued, result.cast, result.invalid, result.valid) == (11, 11, 0, 11)


def test_bundessatzung_10_4_too_few_women_seat_stays_vacant() -> None:
    # Bundessatzung § 10 (4): women's seats not filled stay vacant, never go to men.
    contest = women_round(seats=3)
    ballots = make_ballots((5, {"W1": "Y", "W2": "Y", "W3": "N"}), (2, {"W3": "Y"}))
    result = tally(contest, ballots)
    assert result.elected == ("W1", "W2")
    assert [s.status for s in result.seats] == ["filled", "filled", "vacant"]
    assert result.seats[2].required == "Frau"
    assert result.candidate("W3").reason_de == (
        "nicht gewählt: Ja (2) nicht größer als Nein (5), Wahlordnung § 10 (2)")
    assert result.candidate("W3").reason_en == (
        "not elected: Yes (2) not greater than No (5), Wahlordnung § 10 (2)")


def test_wahlordnung_10_2_zero_ja_never_passes() -> None:
    # docs/rules.md: a candidate with 0 Ja never passes "Ja > Nein"; the seat stays empty.
    contest = make_contest(seats=2, candidates=[("C1", "offen"), ("C2", "offen")],
                           round_kind="mixed")
    result = tally(contest, make_ballots((3, {"C1": "Y"}), (2, {})))
    c2 = result.candidate("C2")
    assert (c2.yes, c2.no, c2.met, c2.outcome) == (0, 0, False, "not_elected")
    assert result.elected == ("C1",)
    assert result.seats[1].status == "open"


def test_wahlordnung_8_5_nein_forbidden_when_more_candidates_than_seats() -> None:
    # Wahlordnung § 8 (5): Nein only when there are no more candidates than seats.
    contest = women_round(seats=2)
    result = tally(contest, make_ballots((3, {"W1": "Y"}), (2, {"W2": "N"})))
    assert result.invalid == 2
    assert [(g.code, g.count) for g in result.grounds] == [("forbidden_no", 2)]
    assert result.grounds[0].de == "Nein-Stimme hier nicht zulässig"


def test_wahlordnung_8_too_many_ja_makes_ballot_invalid() -> None:
    # Wahlordnung § 8: at most as many Ja as seats.
    contest = women_round(seats=2)
    result = tally(contest, make_ballots((1, {"W1": "Y", "W2": "Y", "W3": "Y"}),
                                         (2, {"W1": "Y"})))
    assert (result.cast, result.invalid, result.valid) == (3, 1, 2)
    assert result.grounds[0].code == "too_many"
    assert result.candidate("W1").yes == 2


def test_linke_empty_ballot_is_a_valid_abstention() -> None:
    # DIE LINKE default (docs/rules.md, Validity): an empty ballot counts as Enthaltung.
    contest = women_round(seats=2)
    result = tally(contest, make_ballots((3, {"W1": "Y"}), (2, {})))
    assert (result.invalid, result.valid) == (0, 5)
    assert result.candidate("W2").abstain == 5


def test_wahlordnung_10_2_more_passing_than_seats_ranked_by_ja() -> None:
    # § 10 (2): all four pass Ja > Nein; seats in order of Ja, the rest substitutes.
    cands = [("C1", "offen"), ("C2", "Frau"), ("C3", "offen"), ("C4", "offen")]
    contest = make_contest(seats=2, candidates=cands, round_kind="mixed")
    ballots = make_ballots((4, {"C1": "Y", "C2": "Y"}), (3, {"C3": "Y", "C2": "Y"}),
                           (2, {"C4": "Y", "C3": "Y"}))
    result = tally(contest, ballots)
    assert result.elected == ("C2", "C3")
    assert [(c.id, c.substitute_list, c.substitute_rank) for c in result.candidates
            if c.outcome == "substitute"] == [("C1", "offen", 1), ("C4", "offen", 2)]


def test_mixed_round_moves_losing_women_over_and_keeps_women_vacancy() -> None:
    # Wahlordnung § 6 (1): women not elected move to the mixed list; vacant women's seats
    # are not handed to the mixed round (Bundessatzung § 10 (4)).
    contest = women_round(seats=3)
    women = tally(contest, make_ballots((5, {"W1": "Y", "W2": "N", "W3": "N"}),
                                        (1, {"W2": "Y"})))
    assert women.elected == ("W1",)
    mixed = next_round(contest, women, seats=3,
                       add=[Candidate("M1", "M", "offen")])
    assert (mixed.round.number, mixed.round.kind, mixed.seats) == (2, "mixed", 3)
    assert mixed.ids == ("W2", "W3", "M1")
    result = tally(mixed, make_ballots((4, {"M1": "Y", "W2": "Y"}), (1, {"W3": "Y"})))
    # W2 and M1 tie at 4 Ja but both get a mixed seat: the tie decides nothing
    assert result.elected == ("W2", "M1", "W3")
    assert result.ties == ()
    assert [s.type for s in result.seats] == ["mixed"] * 3


def test_tie_at_last_seat_needs_runoff_then_runoff_round_decides() -> None:
    # linke-delegates: tie = runoff (Stichwahl); a tie in the runoff itself goes to lot.
    cands = [("C1", "offen"), ("C2", "offen"), ("C3", "offen")]
    contest = make_contest(seats=2, candidates=cands, round_kind="mixed")
    result = tally(contest, make_ballots((5, {"C1": "Y", "C2": "Y"}), (5, {"C1": "Y", "C3": "Y"})))
    assert result.status == "runoff_needed"
    assert result.elected == ("C1",)
    assert [(t.candidates, t.votes, t.at_stake, t.seats, t.resolution)
            for t in result.ties] == [(("C2", "C3"), 5, "seat", 1, "runoff")]
    assert result.candidate("C2").outcome == "tied"
    runoff = next_round(contest, result)
    assert (runoff.round.kind, runoff.round.base_kind, runoff.ids, runoff.seats) == (
        "runoff", "mixed", ("C2", "C3"), 1)
    second = tally(runoff, make_ballots((6, {"C3": "Y"}), (4, {"C2": "Y"})))
    assert second.status == "final"
    assert second.elected == ("C3",)
    tied = tally(runoff, make_ballots((4, {"C3": "Y"}), (4, {"C2": "Y"})))
    assert tied.status == "lot_needed"
    lot = LotInput("4711", "ab" * 32)
    decided = tally(runoff, make_ballots((4, {"C3": "Y"}), (4, {"C2": "Y"})), lot=lot)
    assert decided.elected == (draw(lot, "round 2: 4 votes", ["C2", "C3"]).order[0],)
    assert decided.lots[0].order == decided.ties[0].lot.order  # type: ignore[union-attr]


def test_tie_between_substitutes_is_decided_by_recorded_lot() -> None:
    # docs/rules.md, substitutes: ties by lot, recorded; never by sort order.
    contest = women_round(seats=1)
    ballots = make_ballots((5, {"W1": "Y"}), (2, {"W2": "Y"}), (2, {"W3": "Y"}))
    pending = tally(contest, ballots)
    assert pending.status == "lot_needed"
    assert pending.elected == ("W1",)
    assert [(t.candidates, t.at_stake, t.resolution) for t in pending.ties] == [
        (("W2", "W3"), "substitute", "pending")]
    lot = LotInput("17", "0" * 64)
    done = tally(contest, ballots, lot=lot)
    assert done.status == "final"
    order = draw(lot, "round 1: 2 votes", ["W3", "W2"]).order
    assert done.substitutes == (("Frau", order),)
    assert tally(contest, list(reversed(ballots)), lot=lot).substitutes == done.substitutes


def test_decline_moves_up_next_woman_not_a_man() -> None:
    # docs/rules.md, declining: a women's seat only to a woman of the substitute list.
    cands = [("W1", "Frau"), ("M1", "offen"), ("W2", "Frau"), ("W3", "Frau")]
    contest = make_contest(seats=2, candidates=cands, round_kind="mixed")
    result = tally(contest, make_ballots((6, {"W1": "Y", "M1": "Y"}), (3, {"W2": "Y"}),
                                         (2, {"W3": "Y"})))
    assert result.elected == ("W1", "M1")
    final = apply_declines(result, ["M1"])
    assert final.seats == ((1, "mixed", "W1"), (2, "mixed", "W2"))
    assert final.moved_up == (("W2", 2),)
    assert final.substitutes == (("Frau", ("W3",)),)
    women = women_round(seats=1, cands=[("W1", "Frau"), ("W2", "Frau")])
    w = tally(women, make_ballots((4, {"W1": "Y"}), (2, {"W2": "Y"})))
    assert apply_declines(w, ["W1"]).seats == ((1, "women", "W2"),)
    assert apply_declines(w, ["W1", "W2"]).seats == ((1, "women", None),)


def test_linke_board_single_candidate_flips_with_abstention_base() -> None:
    # linke-board: absolute majority; base valid ballots (incl. Enthaltung) or Ja+Nein only.
    cands = [("C1", "offen")]
    ballots = make_ballots((10, {"C1": "Y"}), (4, {"C1": "N"}), (8, {"C1": "A"}))
    strict = tally(make_contest("linke-board", seats=1, candidates=cands, round_kind="mixed"),
                   ballots)
    assert strict.elected == ()
    assert strict.candidate("C1").reason_de == (
        "nicht gewählt: Ja (10) nicht mehr als die Hälfte von 22 gültige Stimmzettel (11), "
        "Wahlordnung § 10 (1)")
    loose = tally(make_contest("linke-board", seats=1, candidates=cands, round_kind="mixed",
                               overrides={"threshold_base": "valid_without_abstentions"}), ballots)
    assert loose.elected == ("C1",)
    assert loose.candidate("C1").needed == 7


def test_global_abstain_all_and_no_all_count_for_every_candidate() -> None:
    # Global options: "Enthaltung zu allen"; "Nein zu allen" where Nein is allowed (§ 8 (5)).
    contest = women_round(seats=3)
    result = tally(contest, make_ballots((4, {"W1": "Y", "W2": "Y"}), (1, {"global": "no_all"}),
                                         (2, {"global": "abstain_all"})))
    assert [(c.id, c.yes, c.no, c.abstain) for c in result.candidates] == [
        ("W1", 4, 1, 2), ("W2", 4, 1, 2), ("W3", 0, 1, 6)]


def test_no_all_where_nein_is_forbidden_is_invalid() -> None:
    # Wahlordnung § 8 (5) with forbidden_no = invalid: "Nein zu allen" is a Nein too.
    contest = women_round(seats=1)
    result = tally(contest, make_ballots((3, {"W1": "Y"}), (1, {"global": "no_all"})))
    assert [(g.code, g.count) for g in result.grounds] == [("forbidden_no", 1)]


def test_sachsen_2021_more_ballots_than_voters_voids_the_round() -> None:
    # docs/rules.md invariant cast ≤ issued ≤ present (DIE LINKE Sachsen 2021: 156 for 155).
    contest = women_round(seats=1, present=155)
    result = tally(contest, make_ballots((156, {"W1": "Y"})), issued=155)
    assert result.status == "void"
    assert result.elected == ()
    assert result.status_de.startswith("Wahlgang ungültig: 156 Stimmzettel abgegeben, 155")
    assert next_round(contest, result).round.kind == "repeat"


def test_paper_totals_decide_like_ballots() -> None:
    # Paper rounds: the protocol's totals go through the same deciding code.
    contest = women_round(seats=2)
    ballots = make_ballots((6, {"W1": "Y", "W2": "Y"}), (4, {"W3": "Y", "W2": "Y"}), (1, {}),
                           (1, {"W1": "Y", "W2": "Y", "W3": "Y"}))
    from_ballots = tally(contest, ballots)
    totals = PaperTotals(issued=12, cast=12, invalid=(("too_many", 1),), candidates=(
        ("W1", (6, 0, 5)), ("W2", (10, 0, 1)), ("W3", (4, 0, 7))))
    from_paper = tally_totals(contest, totals)
    assert from_paper == from_ballots


def test_override_min_marks_makes_too_few_invalid() -> None:
    # Wahlordnung § 2 (3): the assembly may decide a minimum number of Ja (too_few invalid).
    contest = women_round(seats=2, overrides={"min_marks": 2, "too_few": "invalid"})
    result = tally(contest, make_ballots((2, {"W1": "Y", "W2": "Y"}), (1, {"W1": "Y"})))
    assert [(g.code, g.count) for g in result.grounds] == [("too_few", 1)]
    assert contest.rules.decisions == (("min_marks", "2"), ("too_few", "invalid"))
