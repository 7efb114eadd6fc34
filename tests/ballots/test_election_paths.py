"""Every path of an election day through the pure computation (issue 12, point 4): each
election file of tests/election_paths.py played by ``election_from_dict`` must end with its
hand-derived final lists; then what each path is about, checked on its own."""

from __future__ import annotations

import pytest

from ballots.election import Standing
from ballots.election.file import election_from_dict
from ballots.election.text import standing_text, standing_to_dict
from tests.election_paths import NAMES, PATHS


def play(name: str) -> Standing:
    return election_from_dict(PATHS[name].data).standing


@pytest.mark.parametrize("name", sorted(PATHS))
def test_path_ends_with_its_final_lists(name: str) -> None:
    path = PATHS[name]
    st = play(name)
    assert {s.slot.label_de: s.holder for s in st.seats} == path.seats
    assert {n: [s.candidate for s in items] for n, items in st.substitutes} == path.substitutes
    assert list(st.declined) == path.declined
    assert st.next.kind == path.next
    assert tuple(s.holder for s in st.seats if s.holder and any(
        h.by_lot for h in s.holdings if h.candidate == s.holder)) == path.by_lot
    # the lists printed for people say the same
    text = standing_text(st)
    for seat in st.seats:
        if seat.holder is not None:
            who = st.names[seat.holder]
            assert f"  {seat.slot.label_de}: {who} (" in text
        else:
            assert f"  {seat.slot.label_de}: – " in text


def test_scenario_six_elected_lot_winner_on_frauenplatz_3() -> None:
    st = play("scenario")
    assert len(st.holders) == 6 and len(set(st.holders)) == 6
    third = st.seat("W3")
    assert (third.slot.label_de, third.holder) == ("Frauenplatz 3", "W4")
    (holding,) = third.holdings
    assert (holding.by_lot, holding.poll, holding.votes, holding.round_number) == (
        True, "R2", 6, 2)
    # the two women elected outright keep their seats while the runoff decides the third
    assert [(s.holder, s.holdings[0].poll) for s in st.seats[:2]] == [("W1", "R1"),
                                                                      ("W2", "R1")]
    assert "Frauenplatz 3: Dana Dietz (gewählt im 2. Wahlgang mit 6 Stimmen – durch Los " \
           "entschieden; Annahme ausstehend)" in standing_text(st)
    labels = [s["label_de"] for s in standing_to_dict(st)["seats"]]
    assert len(labels) == len(set(labels)) == 6


def test_scenario_before_the_runoff_keeps_two_women_and_calls_for_the_runoff() -> None:
    data = {**PATHS["scenario"].data, "events": PATHS["scenario"].data["events"][:1]}
    st = election_from_dict(data).standing
    assert [s.status for s in st.seats] == ["held", "held", "pending", "open", "open", "open"]
    assert (st.next.kind, st.next.seats, st.next.candidates) == ("runoff", ("W3",),
                                                                 ("W3", "W4"))


def test_too_few_women_leaves_the_womens_seat_vacant_by_rule_never_to_a_man() -> None:
    st = play("too_few_women")
    seat = st.seat("W2")
    assert (seat.status, seat.vacancy, seat.required) == ("vacant", "rule", "Frau")
    men = {c for c in NAMES if c.startswith("M")}
    assert not any(s.holder in men for s in st.seats if s.slot.kind == "women")
    assert st.complete  # a seat vacant by rule is not refilled


def test_mixed_tie_runoff_decides_only_the_tied_seat() -> None:
    st = play("mixed_tie")
    assert st.seat("M1").holdings[0].poll == "R2"
    assert st.seat("M2").holdings[0].poll == "R3"


def test_absolute_missed_then_relative_in_round_two() -> None:
    run = election_from_dict(PATHS["absolute_then_relative"].data)
    first, second = (r.result for r in run.rounds)
    assert first is not None and second is not None
    assert (first.elected, first.seats[0].status) == ((), "open")
    assert (second.threshold, second.elected) == ("relative", ("M1",))


def test_parallel_rounds_are_both_running_before_either_is_counted() -> None:
    data = {**PATHS["parallel"].data, "events": PATHS["parallel"].data["events"][:2]}
    st = election_from_dict(data).standing
    assert [s.status for s in st.seats] == ["running"] * 4
    assert [s.kind for s in st.steps] == ["wait", "wait"]


def test_declines_before_and_after_the_mixed_round() -> None:
    st = play("declines_before_after")
    w2, m1 = st.seat("W2"), st.seat("M1")
    assert [(h.candidate, h.how, h.answer) for h in w2.holdings] == [
        ("W2", "elected", "declined"), ("W3", "moved_up", "pending")]
    assert [(h.candidate, h.how, h.moved_up_for) for h in m1.holdings] == [
        ("M1", "elected", None), ("M3", "moved_up", "M1")]
    assert "W3" not in election_from_dict(PATHS["declines_before_after"].data).rounds[1] \
        .contest.ids  # Clara holds a seat: she ran in no later round


def test_decline_by_someone_who_moved_up_passes_the_seat_on() -> None:
    st = play("moved_up_declines")
    assert [(h.candidate, h.how, h.answer) for h in st.seat("W1").holdings] == [
        ("W1", "elected", "declined"), ("W3", "moved_up", "declined"),
        ("W4", "moved_up", "pending")]


def test_decline_with_nobody_left_is_one_vacancy_and_one_refill_step() -> None:
    st = play("nobody_left")
    vacant = [s for s in st.seats if s.status == "vacant"]
    assert [(s.slot.key, s.vacancy) for s in vacant] == [("W1", "declined")]
    assert standing_text(st).count("Frauenplatz 1") == 2  # its line and the next step
    assert [(s.kind, s.seats, s.candidates) for s in st.steps] == [
        ("refill", ("W1",), ("W3",))]


def test_refill_round_fills_the_seat_it_names() -> None:
    run = election_from_dict(PATHS["refill"].data)
    refill = run.rounds[-1].contest
    assert refill.round.fills == ((1, 1),)
    assert [(h.candidate, h.how, h.poll) for h in run.standing.seat("W1").holdings] == [
        ("W1", "elected", "R1"), ("W3", "elected", "R2")]
    assert run.standing.complete


def test_voided_round_decides_nothing_its_repeat_does() -> None:
    run = election_from_dict(PATHS["voided_repeat"].data)
    st = run.standing
    assert [(r.poll, r.kind, r.state) for r in st.rounds] == [
        ("R1", "general", "voided"), ("R2", "repeat", "counted")]
    assert [h.candidate for h in st.seat("S1").holdings] == ["M2"]
    voided_only = {**PATHS["voided_repeat"].data,
                   "events": PATHS["voided_repeat"].data["events"][:2]}
    before = election_from_dict(voided_only).standing
    assert (before.seat("S1").status, before.next.kind) == ("open", "repeat")


def test_paper_round_between_electronic_rounds_counts_like_ballots() -> None:
    run = election_from_dict(PATHS["paper_between"].data)
    paper = run.rounds[1].result
    assert paper is not None
    assert (paper.cast, [(c.id, c.yes) for c in paper.candidates]) == (
        12, [("W4", 7), ("W3", 5)])
    assert not run.standing.seat("W3").holdings[0].by_lot


def test_gruene_women_hold_the_odd_places() -> None:
    st = play("gruene_odd_places")
    assert [(s.slot.label_de, s.required, st.groups[s.holder or ""]) for s in st.seats] == [
        ("Listenplatz 1", "Frau", "Frau"), ("Listenplatz 2", None, "offen"),
        ("Listenplatz 3", "Frau", "Frau"), ("Listenplatz 4", None, "offen")]


def test_spd_cap_skips_the_fourth_man_in_both_rounds() -> None:
    run = election_from_dict(PATHS["spd_40_percent"].data)
    first, second = (r.result for r in run.rounds)
    assert first is not None and second is not None
    assert first.candidate("M4").yes > first.candidate("W1").yes
    assert "M4" not in first.elected and "M4" not in second.elected
    assert second.candidate("M4").yes > second.candidate("W2").yes
    groups = [run.standing.groups[h] for h in run.standing.holders]
    assert (groups.count("Frau"), groups.count("Mann")) == (2, 3)


def test_cdu_round_without_a_third_women_is_void_and_repeated() -> None:
    run = election_from_dict(PATHS["cdu_void_below_share"].data)
    first = run.rounds[0].result
    assert first is not None and first.status == "void"
    assert [r.kind for r in run.standing.rounds] == ["general", "repeat"]


def test_association_abstentions_are_not_votes_cast() -> None:
    run = election_from_dict(PATHS["association_bgb32"].data)
    result = run.rounds[0].result
    assert result is not None
    w2 = result.candidate("W2")
    assert (w2.yes, w2.no, w2.abstain, w2.outcome) == (5, 4, 1, "elected")
    assert w2.yes * 2 <= result.valid  # not a majority of all ballots, yet elected
