"""The counting engine: engine form, lots, ballot forms, thresholds, paper totals, contests."""

from __future__ import annotations

import hashlib
import json

import pytest

from ballots.contest import contest_from_dict, contest_to_dict
from ballots.counting import (
    BallotBatch,
    LotInput,
    count_batch,
    paper_totals_from_dict,
    result_to_dict,
    tally,
)
from ballots.counting.lot import draw
from ballots.errors import BallotError, FormatError
from ballots.marks import parse_ballot

from .counting_factory import make_ballots, make_contest

OPEN3 = [("A", "offen"), ("B", "offen"), ("C", "offen")]


def plain(**overrides: object):
    """A general round without quota (overrides on top of linke-delegates)."""
    base = {"quota": "none", "substitutes_per_group": False}
    return make_contest(seats=overrides.pop("seats", 2), candidates=OPEN3,  # type: ignore[arg-type]
                        overrides={**base, **overrides})


def test_lot_procedure_is_sha256_over_canonical_inputs() -> None:
    # lot.py procedure v1: digest per candidate, ascending order wins.
    lot = LotInput("31415", "ab" * 32)
    record = draw(lot, "round 1: 5 votes", ["C2", "C1"])
    for cid, digest in record.digests:
        payload = {"audit_hash": "ab" * 32, "candidate": cid, "candidates": ["C1", "C2"],
                   "public_value": "31415", "purpose": "round 1: 5 votes", "v": 1}
        raw = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
        assert hashlib.sha256(raw).hexdigest() == digest
    assert record.order == tuple(sorted(("C1", "C2"), key=dict(record.digests).__getitem__))
    assert draw(lot, "round 1: 5 votes", ["C1", "C2"]) == record


def test_engine_rows_count_like_json_ballots() -> None:
    contest = plain()
    ballots = make_ballots((3, {"A": "Y", "B": "Y"}), (2, {"C": "Y"}), (1, {"A": "N"}),
                           (1, {"global": "abstain_all"}))
    batch = BallotBatch.from_json(contest, ballots)
    assert list(batch.rows) == ["-YY."] * 3 + ["-..Y"] * 2 + ["-N.."] + ["E..."]
    rows = BallotBatch.from_rows(contest, list(batch.rows))
    assert count_batch(contest, rows) == count_batch(contest, batch)
    parsed = [parse_ballot(contest, b) for b in ballots if "N" not in b["marks"].values()]
    assert tally(contest, parsed).candidate("A").yes == 3
    with pytest.raises(FormatError, match=r"rows\[0\]: row has 2 chars"):
        BallotBatch.from_rows(contest, ["-Y"])


def test_unreadable_ballots_are_counted_invalid_with_reason() -> None:
    contest = plain()
    result = tally(contest, [{"marks": {"Z": "Y"}}, {"marks": {"A": "Y"}}, 7])
    assert [(g.code, g.count) for g in result.grounds] == [("malformed", 1),
                                                           ("unknown_candidate", 1)]
    assert (result.cast, result.invalid, result.valid) == (3, 2, 1)


def test_single_choice_relative_majority() -> None:
    contest = plain(seats=1, ballot_form="single", no_allowed="never", threshold="relative")
    result = tally(contest, make_ballots((4, {"A": "X"}), (3, {"B": "X"}), (2, {}),
                                         (1, {"A": "X", "B": "X"})))
    assert result.elected == ("A",)
    assert (result.invalid, result.grounds[0].code) == (1, "too_many")


def test_cumulative_votes_add_up() -> None:
    contest = plain(seats=2, ballot_form="cumulative", cumulative_votes=2, no_allowed="never",
                    threshold="relative", max_marks=3)
    result = tally(contest, make_ballots((2, {"A": 2, "B": 1}), (1, {"C": 2, "B": 1})))
    assert [(c.id, c.yes) for c in result.candidates] == [("A", 4), ("B", 3), ("C", 2)]
    assert result.elected == ("A", "B")


def test_quorum_threshold_fraction_of_valid_ballots() -> None:
    contest = plain(seats=2, ballot_form="approval", no_allowed="never", threshold="quorum",
                    quorum_fraction="1/4")
    result = tally(contest, make_ballots((5, {"A": "X"}), (2, {"B": "X"}), (1, {"C": "X"})))
    assert [(c.id, c.met) for c in result.candidates] == [("A", True), ("B", True),
                                                          ("C", False)]
    assert result.candidate("C").reason_en == ("not elected: votes (1) less than 1/4 of 8 valid "
                                               "ballots (2), Beschluss der Versammlung")


def test_substitutes_all_or_threshold_only() -> None:
    # one seat, Nein always allowed: B and C get 2 Ja and 4 Nein each, so fail Ja > Nein
    ballots = make_ballots((4, {"A": "Y", "B": "N", "C": "N"}), (2, {"B": "Y"}), (2, {"C": "Y"}))
    only = tally(plain(seats=1, no_allowed="always"), ballots)
    assert only.substitutes == (("all", ()),)
    everyone = tally(plain(seats=1, no_allowed="always", substitutes="all"), ballots)
    assert everyone.status == "lot_needed"  # B and C tie for substitute rank 1
    assert everyone.substitutes == (("all", ()),)  # the list waits for the lot
    assert everyone.candidate("B").outcome == "tied"
    lot = LotInput("99", "1" * 64)
    decided = tally(plain(seats=1, no_allowed="always", substitutes="all"), ballots, lot=lot)
    assert decided.substitutes == (("all", draw(lot, "round 1: 2 votes", ["B", "C"]).order),)


def test_max_rounds_leaves_seats_vacant() -> None:
    result = tally(plain(seats=2, max_rounds=1), make_ballots((3, {"A": "Y"})))
    assert [s.status for s in result.seats] == ["filled", "vacant"]
    assert result.seats[1].reason_de.startswith("bleibt frei (letzter zulässiger Wahlgang)")


def test_ranked_round_is_delegated_to_stv() -> None:
    contest = plain(seats=1, ballot_form="ranked", no_allowed="never", threshold="relative",
                    ranked_method="irv")
    result = tally(contest, make_ballots((4, {"A": 1, "B": 2}), (3, {"B": 1}),
                                         (2, {"C": 1, "B": 2})))
    assert result.elected == ("B",)
    assert result.candidate("A").yes == 4  # first preferences
    assert json.loads(result.ranked_details[0])["winner"] == "B"


def test_paper_totals_check_their_arithmetic() -> None:
    contest = plain()
    with pytest.raises(FormatError, match=r"^paper_totals\.candidates\.B: Ja\+Nein\+Enthaltung"):
        paper_totals_from_dict(contest, {"cast": 10, "invalid": {"empty": 1}, "candidates": {
            "A": {"Y": 5}, "B": {"Y": 5, "N": 1, "A": 1}, "C": {}}})
    with pytest.raises(FormatError, match=r"^paper_totals\.candidates\.C: missing"):
        paper_totals_from_dict(contest, {"cast": 1, "candidates": {"A": {}, "B": {}}})


def test_contest_dict_round_trips() -> None:
    data = {"kind": "election", "title": "Delegierte – Frauenwahlgang",
            "rules": {"preset": "linke-delegates", "overrides": {"max_rounds": 2}},
            "seats": 6, "candidates": [{"id": "C1", "name": "Anna Beispiel", "group": "Frau"}],
            "round": {"number": 1, "kind": "women"}}
    assert contest_to_dict(contest_from_dict(data)) == data
    further = {**data, "round": {"number": 2, "kind": "further", "base_kind": "mixed",
                                 "total_seats": 6, "elected_before": {"Frau": 2}},
               "entitled": 90, "present": 80}
    assert contest_to_dict(contest_from_dict(further)) == further


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"kind": "poll"}, "kind"),
        ({"seats": 0}, "seats"),
        ({"candidates": [{"id": "C1"}, {"id": "C1"}]}, r"candidates\[1\]\.id"),
        ({"round": {"kind": "final"}}, r"round\.kind"),
        ({"round": {"kind": "general"}}, r"round\.kind"),
        ({"candidates": [{"id": "C1", "group": "offen"}]}, r"candidates\[0\]\.group"),
        ({"rules": {"preset": "linke-delegates", "overrides": {"tie": "coin"}}}, "rules"),
        ({"colour": 1}, "colour"),
    ],
)
def test_contest_errors_name_their_path(change: dict[str, object], path: str) -> None:
    data = {"kind": "election", "title": "T", "rules": {"preset": "linke-delegates"},
            "seats": 1, "candidates": [{"id": "C1", "group": "Frau"}],
            "round": {"number": 1, "kind": "women"}, **change}
    with pytest.raises(FormatError, match=f"^{path}: "):
        contest_from_dict(data)


def test_result_to_dict_is_canonical_json() -> None:
    from ballots.canonical import dumps

    result = tally(plain(), make_ballots((3, {"A": "Y"}), (1, {"B": "Y"})))
    data = json.loads(dumps(result_to_dict(result)))
    assert data["ballots"] == {"issued": 4, "cast": 4, "invalid": 0, "valid": 4,
                               "invalid_grounds": []}
    assert data["elected"] == ["A", "B"]
    assert data["candidates"][0]["needed"] == "0/1"


def test_next_round_errors() -> None:
    from ballots.counting import next_round

    contest = plain(seats=1)
    result = tally(contest, make_ballots((3, {"A": "Y"})))
    with pytest.raises(BallotError, match="no open seats"):
        next_round(contest, result)


def test_fast_path_refuses_multi_char_marks_and_string_numbers() -> None:
    contest = plain()
    result = tally(contest, [{"marks": {"A": "YN", "B": "", "C": "A"}}])
    assert [(g.code, g.count) for g in result.grounds] == [("bad_mark", 1)]
    cum = plain(ballot_form="cumulative", cumulative_votes=2, no_allowed="never",
                threshold="relative")
    assert tally(cum, [{"marks": {"A": "1", "B": "1", "C": "1"}}]).invalid == 1


def test_substitutes_all_leaves_out_candidates_without_votes() -> None:
    contest = plain(seats=1, substitutes="all")
    result = tally(contest, make_ballots((3, {"A": "Y"}), (1, {"B": "Y"})))
    assert (result.status, result.substitutes) == ("final", (("all", ("B",)),))
    assert result.candidate("C").outcome == "not_elected"


def test_ranked_tie_waits_for_lot_and_records_it() -> None:
    contest = plain(seats=1, ballot_form="ranked", no_allowed="never", threshold="relative",
                    ranked_method="schulze")
    ballots = make_ballots((2, {"A": 1, "B": 2}), (2, {"B": 1, "A": 2}))
    pending = tally(contest, ballots)
    assert (pending.status, pending.elected) == ("lot_needed", ())
    lot = LotInput("5", "e" * 64)
    done = tally(contest, ballots, lot=lot)
    assert done.status == "final"
    assert done.elected == (done.lots[0].order[0],)
    assert done.lots[0].public_value == "5"


def test_stv_is_the_default_ranked_method() -> None:
    contest = plain(seats=2, ballot_form="ranked", no_allowed="never", threshold="relative")
    ballots = make_ballots((5, {"A": 1, "B": 2}), (3, {"B": 1}), (1, {"C": 1, "A": 2}))
    result = tally(contest, ballots)
    assert result.threshold == "stv"
    assert result.elected == ("A", "B")
