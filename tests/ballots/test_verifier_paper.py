"""The verifier on a poll with phones and paper, and on forged copies of it.

Each forgery a dishonest operator or commission could try trips its own check: a delegate
with both a credential and a paper ballot, more paper ballots cast than handed out, a sheet
changed after the result, paper ballots handed out but never counted.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import pytest

from ballots import blind
from ballots.audit import (
    ballot_entry,
    ballots_data,
    conference_data,
    issuances_data,
    make_event,
    poll_closed_data,
    poll_opened_data,
    presence_data,
    result_data,
    roster_data,
    verify_audit,
)
from ballots.audit.encoding import b64url_decode
from ballots.contest import contest_from_dict
from ballots.counting import paper_totals_from_dict, result_to_dict, tally_mixed
from ballots.credential import credential_hash
from ballots.marks import parse_ballot
from tests.ballots.audit_factory import (
    PollRun,
    find_event,
    make_audit_text,
    make_motion_choices,
    make_motion_contest,
    make_poll_run,
    rechain,
)

POLL = "P-MIXED"
PAPER_REFS = ["D0101", "D0102", "D0103"]


def sheet(yes: int = 1, no: int = 1, cast: int = 2, issued: int = 3) -> dict[str, Any]:
    return {"issued": issued, "cast": cast, "invalid": {}, "blank": 0,
            "candidates": {"motion": {"Y": yes, "N": no, "A": cast - yes - no}}}


def mixed_result(contest: dict[str, Any], cast: list[dict[str, Any]], issued: int,
                 paper: dict[str, Any], replaced: int = 0) -> dict[str, Any]:
    parsed = contest_from_dict(contest)
    return result_to_dict(tally_mixed(parsed, [parse_ballot(parsed, b) for b in cast],
                                      paper_totals_from_dict(parsed, paper), issued=issued,
                                      replaced=replaced))


@cache
def mixed_run() -> PollRun:
    return make_poll_run(POLL, make_motion_contest(), make_motion_choices(3, 2, 1), issued=7,
                         present=10, key_slot=3)


@cache
def mixed_events() -> tuple[dict[str, Any], ...]:
    """Seven phones (one credential unused), three paper ballots handed out, two cast."""
    events = [make_event(None, "conference", conference_data(
        title="Kreisparteitag", organisation="Kreisverband", date="2026-12-05",
        place="Stadthalle", settings={}))]
    events.append(make_event(events[-1], "roster", roster_data(
        entitled=12, voting_right=12, substitutes=0)))
    run = mixed_run()
    pub = run.key.public_key()
    paper = sheet()
    datas = [
        ("presence", presence_data(present=10, poll=POLL)),
        ("poll_opened", poll_opened_data(
            poll=POLL, contest=run.contest, public_key_pem=blind.public_key_pem(pub),
            key_fingerprint=blind.public_key_fingerprint(pub), present=10)),
        ("issuances", issuances_data(poll=POLL, issuances=[
            (ref, blinded, signed) for ref, (_m, _s, blinded, signed) in run.credentials.items()],
            paper=PAPER_REFS)),
        ("poll_closed", poll_closed_data(poll=POLL, issued=7, cast=6, paper_issued=3,
                                         paper_cast=2)),
        ("ballots", ballots_data(poll=POLL, ballots=run.cast, paper=paper)),
        ("result", result_data(poll=POLL, result=mixed_result(
            run.contest, [b for _m, _s, b in run.cast], 7, paper))),
    ]
    for type_, data in datas:
        events.append(make_event(events[-1], type_, data))
    return tuple(events)


@pytest.fixture
def events() -> list[dict[str, Any]]:
    return copy.deepcopy(list(mixed_events()))


def failed(events: list[dict[str, Any]]) -> frozenset[str]:
    return verify_audit(make_audit_text(events)).failed_names()


def test_a_mixed_poll_verifies_and_says_both_channels(events: list[dict[str, Any]]) -> None:
    report = verify_audit(make_audit_text(events))
    assert report.failed_names() == frozenset()
    text = report.render("de")
    assert "6 Stimmzettel per Telefon nachgezählt, 2 auf Papier" in text
    assert "3 Papierstimmzettel ausgegeben" in text
    result = find_event(events, "result", POLL)["data"]["result"]
    assert result["ballots"]["issued"] == 10 and result["ballots"]["cast"] == 8
    assert [c["channel"] for c in result["channels"]] == ["phone", "paper"]


def test_a_delegate_in_both_channels_fails(events: list[dict[str, Any]]) -> None:
    issuances = find_event(events, "issuances", POLL)["data"]
    issuances["paper"] = sorted([*issuances["paper"], {"delegate": "D0001"}],
                                key=lambda item: item["delegate"])
    assert "issuance.channel" in failed(rechain(events))


def test_more_paper_cast_than_issued_fails(events: list[dict[str, Any]]) -> None:
    forged = sheet(yes=3, no=1, cast=4)
    find_event(events, "ballots", POLL)["data"]["paper"] = forged
    find_event(events, "poll_closed", POLL)["data"]["paper_cast"] = 4
    run_contest = find_event(events, "poll_opened", POLL)["data"]["contest"]
    phone = [b["ballot"] for b in find_event(events, "ballots", POLL)["data"]["ballots"]]
    find_event(events, "result", POLL)["data"]["result"] = mixed_result(
        run_contest, phone, 7, forged)
    names = failed(rechain(events))
    assert "counts.paper_le_issued" in names
    assert "result.recount" not in names  # the forger recounted consistently: only the bound


def test_changing_the_sheet_after_the_result_fails_recount(events: list[dict[str, Any]]) -> None:
    find_event(events, "ballots", POLL)["data"]["paper"] = sheet(yes=2, no=0)
    assert failed(rechain(events)) == {"result.recount"}


def test_paper_ballots_issued_but_never_counted_fail(events: list[dict[str, Any]]) -> None:
    del find_event(events, "ballots", POLL)["data"]["paper"]
    names = failed(rechain(events))
    assert "counts.paper_entered" in names and "result.recount" in names


def test_sheet_naming_other_issued_than_the_list_fails(events: list[dict[str, Any]]) -> None:
    find_event(events, "issuances", POLL)["data"]["paper"].pop()
    assert "counts.paper_issued" in failed(rechain(events))


def test_closing_counts_must_name_the_paper(events: list[dict[str, Any]]) -> None:
    find_event(events, "poll_closed", POLL)["data"]["paper_cast"] = 3
    assert failed(rechain(events)) == {"counts.paper_recorded"}


def test_paper_counts_towards_the_present_bound(events: list[dict[str, Any]]) -> None:
    for type_ in ("presence", "poll_opened"):
        find_event(events, type_, POLL)["data"]["present"] = 9  # 7 credentials + 3 paper
    assert "counts.issuances_le_present" in failed(rechain(events))


def with_replacement(events: list[dict[str, Any]], ref: str, *, paper_cast: int = 2,
                     yes: int = 1) -> list[dict[str, Any]]:
    """The desk also handed ``ref`` a paper ballot for a credential lost with its browser;
    the sheet, the closing and the result follow honestly."""
    issuances = find_event(events, "issuances", POLL)["data"]
    issuances["paper"] = sorted([*issuances["paper"], {"delegate": ref,
                                                       "replaces_credential": True}],
                                key=lambda item: item["delegate"])
    paper = sheet(yes=yes, no=paper_cast - yes, cast=paper_cast, issued=4)
    find_event(events, "ballots", POLL)["data"]["paper"] = paper
    closed = find_event(events, "poll_closed", POLL)["data"]
    closed["paper_issued"], closed["paper_cast"] = 4, paper_cast
    contest = find_event(events, "poll_opened", POLL)["data"]["contest"]
    phone = [b["ballot"] for b in find_event(events, "ballots", POLL)["data"]["ballots"]]
    find_event(events, "result", POLL)["data"]["result"] = mixed_result(contest, phone, 7, paper,
                                                                        replaced=1)
    return rechain(events)


def test_a_replaced_credential_is_allowed_and_its_risk_named(
        events: list[dict[str, Any]]) -> None:
    forged = with_replacement(events, "D0001")
    report = verify_audit(make_audit_text(forged))
    assert report.failed_names() == frozenset()
    # 7 credentials + 4 paper ballots went to 10 people: the total counts people
    assert find_event(forged, "result", POLL)["data"]["result"]["ballots"]["issued"] == 10
    assert "höchstens 1 Stimmen könnten doppelt sein" in report.render("de")


def test_a_replacement_without_a_credential_fails(events: list[dict[str, Any]]) -> None:
    assert "issuance.channel" in failed(with_replacement(events, "D0999"))


def test_more_ballots_than_people_proves_a_double_vote(events: list[dict[str, Any]]) -> None:
    # 7 credentials (one replaced) + 4 paper ballots = 10 people; 6 phone + 4 paper = 10 is
    # fine, and one phone ballot more than that can only be the replaced credential, used.
    honest = with_replacement(copy.deepcopy(events), "D0001", paper_cast=4, yes=2)
    assert failed(honest) == frozenset()
    msg, sig, _blinded, _signed = mixed_run().credentials["D0007"]  # the unused credential
    find_event(events, "ballots", POLL)["data"]["ballots"].append(
        ballot_entry(msg, sig, {"marks": {"motion": "Y"}}))
    find_event(events, "ballots", POLL)["data"]["ballots"].sort(
        key=lambda b: credential_hash(b64url_decode(b["msg"])))
    find_event(events, "poll_closed", POLL)["data"]["cast"] = 7
    forged = with_replacement(events, "D0001", paper_cast=4, yes=2)
    # the count itself says so too: 11 ballots from 10 people makes the vote void
    assert find_event(forged, "result", POLL)["data"]["result"]["status"] == "void"
    assert failed(forged) == {"counts.cast_le_people"}
    assert "mindestens 1 Stimmen doppelt" in verify_audit(make_audit_text(forged)).render("de")


def test_paper_and_replacement_fit_the_present_bound(events: list[dict[str, Any]]) -> None:
    # 7 credentials + 3 paper ballots on 10 present; the replacement adds a ballot, no person
    forged = with_replacement(events, "D0001")
    assert "counts.issuances_le_present" not in failed(forged)
