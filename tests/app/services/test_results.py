"""The result view-model built from a real count (ballots.counting) of a closed poll."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from app.enums import PollState
from app.extensions import db
from app.services.polls import manage as polls
from app.services.polls.results import Bar, format_needed, result_view
from ballots.contest import contest_from_dict
from ballots.counting import result_to_dict, tally
from tests.app.chair.helpers import make_conference


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


def close_with(poll, ballots: list[dict]) -> None:
    """What lifecycle.close_poll stores, without the crypto: the real count of ``ballots``."""
    contest = contest_from_dict(poll.contest)
    poll.result = result_to_dict(tally(contest, ballots))
    poll.state = PollState.CLOSED.value
    poll.present_at_open = len(ballots)
    db.session.commit()


def test_format_needed_is_exact():
    assert [format_needed(v) for v in ("3/1", "5/2", "8/3", "1/3", None)] == [
        "> 3", "> 2,5", "> 2 2/3", "> 1/3", ""]


def test_format_needed_uses_the_languages_decimal_sign():
    assert [format_needed("5/2", lang=lang) for lang in ("de", "en")] == ["> 2,5", "> 2.5"]


def test_format_needed_says_at_least_for_thresholds_that_must_be_reached():
    """Two thirds must be reached, Ja > Nein exceeded: the sign comes from the kind."""
    assert [format_needed("20/3", kind) for kind in ("qualified", "quorum", "ja_gt_nein",
                                                       "absolute", "simple")] == [
        "≥ 6 2/3", "≥ 6 2/3", "> 6 2/3", "> 6 2/3", "> 6 2/3"]


def test_format_needed_of_nothing_to_count_is_more_than_zero():
    """With no Ja/Nein votes two thirds of 0 is 0, but the rules also ask for at least one Ja
    (ballots.counting.motions): "≥ 0" would claim 0 Ja passes."""
    assert [format_needed("0/1", kind) for kind in ("qualified", "quorum", "absolute")] == [
        "> 0", "> 0", "> 0"]


def test_motion_result_view(app):
    conference = make_conference()
    poll = polls.create_motion(conference.id, title="A1", preset="motion-simple")
    close_with(poll, [{"marks": {"motion": m}} for m in "YYNAY"])
    view = result_view(conference.id, poll.id)
    assert (view.status, view.status_text, view.threshold_label) == (
        "accepted", "Antrag angenommen", "einfache Mehrheit (mehr Ja als Nein)")
    assert (view.issued, view.cast, view.invalid, view.valid) == (5, 5, 0, 5)
    (row,) = view.candidates
    assert (row.yes, row.no, row.abstain, row.needed, row.outcome_label) == (
        3, 1, 1, "> 1", "angenommen")
    assert row.reason.startswith("angenommen: Ja (3) größer als Nein (1)")
    assert row.bars == (Bar("yes", "Ja", 3, 600, 0), Bar("no", "Nein", 1, 200, 30),
                        Bar("abstain", "Enthaltung", 1, 200, 60))


def test_election_result_view_in_english(app):
    conference = make_conference()
    poll = polls.create_election(conference.id, title="Kasse", preset="association", seats=1,
                                 candidates=[("Anna", ""), ("Bernd", "")])
    a, b = (c["id"] for c in poll.contest["candidates"])
    close_with(poll, [{"marks": {a: "Y", b: "N"}}, {"marks": {a: "Y", b: "N"}},
                      {"marks": {a: "N", b: "Y"}}, {"global": "abstain_all", "marks": {}}])
    view = result_view(conference.id, poll.id, lang="en")
    assert [(c.name, c.yes, c.no, c.abstain, c.outcome) for c in view.candidates] == [
        ("Anna", 2, 1, 1, "elected"), ("Bernd", 1, 2, 1, "not_elected")]
    assert view.candidates[0].reason.startswith("elected")
    assert [(s.number, s.holder, s.status) for s in view.seats] == [(1, "Anna", "filled")]
    assert [b.width for b in view.candidates[1].bars] == [250, 500, 250]


def test_rules_named_by_the_preset_and_a_qualified_majority_by_its_share(app):
    """The chair reads "Antrag – Zweidrittelmehrheit · Zweidrittelmehrheit", not
    "motion-two-thirds · qualifizierte Mehrheit"; an assembly's other share is named too."""
    conference = make_conference()
    labels = {}
    for share in (None, "3/4", "3/5"):
        poll = polls.create_motion(conference.id, title=f"S {share}", preset="motion-two-thirds")
        if share:
            poll.contest = {**poll.contest, "rules": {"preset": "motion-two-thirds",
                                                      "overrides": {"majority_fraction": share}}}
        close_with(poll, [{"marks": {"motion": m}} for m in "YYYN"])
        view = result_view(conference.id, poll.id)
        labels[share] = (view.rules, view.threshold_label)
        with force_locale("en"):
            labels[share, "en"] = result_view(conference.id, poll.id).threshold_label

    assert labels == {
        None: ("Antrag – Zweidrittelmehrheit", "Zweidrittelmehrheit"),
        "3/4": ("Antrag – Zweidrittelmehrheit", "Dreiviertelmehrheit"),
        "3/5": ("Antrag – Zweidrittelmehrheit", "qualifizierte Mehrheit (3/5)"),
        (None, "en"): "two-thirds majority",
        ("3/4", "en"): "three-quarters majority",
        ("3/5", "en"): "qualified majority (3/5)",
    }


def test_no_result_before_close(app):
    conference = make_conference()
    poll = polls.create_motion(conference.id, title="A1", preset="motion-simple")
    assert result_view(conference.id, poll.id) is None
