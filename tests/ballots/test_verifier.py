"""The verifier on a real audit file, and on tampered copies: each tamper trips its own check."""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ballots.audit import ballot_entry, make_event, verify_audit
from ballots.audit.encoding import b64url_decode, b64url_encode
from ballots.credential import credential_hash, credential_message
from tests.ballots.audit_factory import (
    AuditFixture,
    bump_first_int,
    find_event,
    make_audit,
    make_audit_text,
    make_credential,
    make_lot_audit,
    make_motion_contest,
    make_poll_key,
    make_result,
    rechain,
)


@cache
def shared_audit() -> AuditFixture:
    """Built once per run (keys, blind signatures and counting take a moment)."""
    return make_audit()


@pytest.fixture
def audit() -> AuditFixture:
    return shared_audit()


@pytest.fixture
def events(audit: AuditFixture) -> list[dict[str, Any]]:
    return copy.deepcopy(audit.events)


def failed(events: list[dict[str, Any]]) -> frozenset[str]:
    return verify_audit(make_audit_text(events)).failed_names()


def resort(ballots_event: dict[str, Any]) -> None:
    """Keep the forged list in credential-hash order so only the intended check trips."""
    ballots_event["data"]["ballots"].sort(
        key=lambda b: credential_hash(b64url_decode(b["msg"])))


def cast_choices(ballots_event: dict[str, Any]) -> list[dict[str, Any]]:
    return [b["ballot"] for b in ballots_event["data"]["ballots"]]


def test_real_audit_file_verifies(audit: AuditFixture) -> None:
    report = verify_audit(make_audit_text(audit.events))

    assert report.failed == ()
    assert report.ok
    assert report.head == audit.events[-1]["hash"]
    names = {check.name for check in report.checks}
    assert {"chain.hash", "issuance.blind_sig", "ballot.signature", "ballot.valid",
            "counts.ballots_le_issuances", "counts.issuances_le_present", "result.recount",
            "protocol.audit_head"} <= names


def test_report_names_each_poll(audit: AuditFixture) -> None:
    report = verify_audit(make_audit_text(audit.events))

    recounts = [c for c in report.checks if c.name == "result.recount"]
    assert [(c.poll, c.ok) for c in recounts] == [("P-MOTION", True), ("P-WOMEN", True)]


def test_dropping_a_ballot_fails_recount(events: list[dict[str, Any]]) -> None:
    find_event(events, "ballots", "P-MOTION")["data"]["ballots"].pop(0)

    assert failed(rechain(events)) == {"counts.recorded", "result.recount"}


def test_adding_a_forged_ballot_fails_signature(events: list[dict[str, Any]]) -> None:
    ballots = find_event(events, "ballots", "P-MOTION")
    msg = credential_message("P-MOTION")
    forged = ballot_entry(msg, bytes(256), {"marks": {"motion": "Y"}})
    ballots["data"]["ballots"].append(forged)
    resort(ballots)

    assert "ballot.signature" in failed(rechain(events))


def test_minted_ballot_beyond_issuances_fails_counts(events: list[dict[str, Any]]) -> None:
    ballots = find_event(events, "ballots", "P-MOTION")
    msg, sig, _b, _s = make_credential(make_poll_key(0), "P-MOTION")
    ballots["data"]["ballots"].append(ballot_entry(msg, sig, {"marks": {"motion": "Y"}}))
    resort(ballots)
    find_event(events, "poll_closed", "P-MOTION")["data"]["cast"] += 1
    result = find_event(events, "result", "P-MOTION")
    contest = find_event(events, "poll_opened", "P-MOTION")["data"]["contest"]
    result["data"]["result"] = json.loads(json.dumps(make_result(
        contest, cast_choices(ballots), issued=9)))

    assert failed(rechain(events)) == {"counts.ballots_le_issuances"}


def test_changing_a_choice_fails_recount(events: list[dict[str, Any]]) -> None:
    entry = find_event(events, "ballots", "P-MOTION")["data"]["ballots"][0]
    mark = entry["ballot"]["marks"]["motion"]
    entry["ballot"]["marks"]["motion"] = {"Y": "N", "N": "Y", "A": "Y"}[mark]

    assert failed(rechain(events)) == {"result.recount"}


def test_duplicated_credential_fails_uniqueness(events: list[dict[str, Any]]) -> None:
    ballots = find_event(events, "ballots", "P-MOTION")["data"]["ballots"]
    ballots.insert(1, copy.deepcopy(ballots[0]))

    assert "ballot.credential_unique" in failed(rechain(events))


def test_credential_reused_in_another_poll_fails(events: list[dict[str, Any]]) -> None:
    entry = copy.deepcopy(find_event(events, "ballots", "P-MOTION")["data"]["ballots"][0])
    target = find_event(events, "ballots", "P-WOMEN")
    entry["ballot"] = {"marks": {"C1": "Y"}}
    target["data"]["ballots"].append(entry)
    resort(target)

    assert {"ballot.credential_unique", "ballot.poll_prefix",
            "ballot.signature"} <= failed(rechain(events))


def test_ballot_signed_with_another_polls_key_fails_signature(
    events: list[dict[str, Any]],
) -> None:
    ballots = find_event(events, "ballots", "P-MOTION")
    old = ballots["data"]["ballots"][0]
    msg, sig, _b, _s = make_credential(make_poll_key(1), "P-MOTION")
    ballots["data"]["ballots"][0] = ballot_entry(msg, sig, old["ballot"])
    resort(ballots)

    assert failed(rechain(events)) == {"ballot.signature"}


def test_edited_event_without_rehash_breaks_chain(events: list[dict[str, Any]]) -> None:
    find_event(events, "poll_closed", "P-WOMEN")["data"]["issued"] = 6

    assert "chain.hash" in failed(events)


def test_deleted_event_breaks_link_and_sequence(events: list[dict[str, Any]]) -> None:
    del events[3]

    assert {"chain.prev", "chain.seq"} <= failed(events)


def test_edited_result_fails_recount(events: list[dict[str, Any]]) -> None:
    result = find_event(events, "result", "P-WOMEN")["data"]["result"]
    bump_first_int(result)

    assert failed(rechain(events)) == {"result.recount"}


def test_bad_blind_signature_fails_issuance(events: list[dict[str, Any]]) -> None:
    item = find_event(events, "issuances", "P-WOMEN")["data"]["issuances"][2]
    raw = bytearray(b64url_decode(item["blind_sig"]))
    raw[-1] ^= 1
    item["blind_sig"] = b64url_encode(bytes(raw))

    assert failed(rechain(events)) == {"issuance.blind_sig"}


def test_more_issuances_than_present_fails(events: list[dict[str, Any]]) -> None:
    find_event(events, "poll_opened", "P-WOMEN")["data"]["present"] = 6
    find_event(events, "presence", "P-WOMEN")["data"]["present"] = 6

    assert failed(rechain(events)) == {"counts.issuances_le_present"}


def test_present_above_roster_fails(events: list[dict[str, Any]]) -> None:
    find_event(events, "poll_opened", "P-WOMEN")["data"]["present"] = 19

    assert failed(rechain(events)) == {"counts.present_le_roster"}


def test_wrong_tracker_fails(events: list[dict[str, Any]]) -> None:
    find_event(events, "ballots", "P-WOMEN")["data"]["ballots"][1]["tracker"] = "AAAA-BBBB-CC"

    assert failed(rechain(events)) == {"ballot.tracker"}


def test_invalid_ballot_fails_validity(events: list[dict[str, Any]]) -> None:
    ballots = find_event(events, "ballots", "P-WOMEN")
    ballots["data"]["ballots"][0]["ballot"] = {"marks": {"C1": "Y", "C2": "Y", "C3": "Y"}}

    assert "ballot.valid" in failed(rechain(events))


def test_wrong_key_fingerprint_fails(events: list[dict[str, Any]]) -> None:
    find_event(events, "poll_opened", "P-MOTION")["data"]["key_fingerprint"] = "ab" * 32

    assert "poll.key" in failed(rechain(events))


def test_ballots_before_close_fail_structure(events: list[dict[str, Any]]) -> None:
    closed = find_event(events, "poll_closed", "P-MOTION")
    ballots = find_event(events, "ballots", "P-MOTION")
    i, j = events.index(closed), events.index(ballots)
    events[i], events[j] = events[j], events[i]

    assert failed(rechain(events)) == {"structure.poll"}


def test_protocol_head_not_previous_event_fails(events: list[dict[str, Any]]) -> None:
    events = rechain(events)
    events[-1]["data"]["audit_head"] = events[0]["hash"]
    body = {k: v for k, v in events[-1].items() if k != "hash"}
    from ballots.audit import body_hash

    events[-1]["hash"] = body_hash(body)

    assert failed(events) == {"protocol.audit_head"}


def test_non_canonical_line_fails(audit: AuditFixture) -> None:
    text = make_audit_text(audit.events)
    lines = text.splitlines()
    lines[1] = json.dumps(json.loads(lines[1]), sort_keys=True)

    report = verify_audit("\n".join(lines))

    assert report.failed_names() == {"chain.canonical"}


# --- lots and paper polls ----------------------------------------------------------------------

def test_tie_settled_by_recorded_lot_verifies() -> None:
    events = make_lot_audit()

    report = verify_audit(make_audit_text(events))

    assert report.failed == ()
    statuses = [e["data"]["result"]["status"] for e in events if e["type"] == "result"]
    assert statuses == ["lot_needed", "final"]
    assert [c.ok for c in report.checks if c.name == "result.lot"] == [True]


def test_changed_lot_value_fails_recount() -> None:
    events = make_lot_audit()
    lot = events[-1]["data"]["lot"]
    elected = events[-1]["data"]["result"]["seats"][0]["candidate"]
    contest = find_event(events, "poll_opened", "P-TIE")["data"]["contest"]
    choices = cast_choices(find_event(events, "ballots", "P-TIE"))

    def winner(value: str) -> str:
        """The elected candidate if the chair had announced ``value`` (same audit hash)."""
        result = make_result(contest, choices, issued=4, lot={**lot, "public_value": value})
        return str(result["seats"][0]["candidate"])

    # The lot is a hash, so some value among the first few hundred flips a two-way tie.
    lot["public_value"] = next(str(v) for v in range(4712, 5212) if winner(str(v)) != elected)

    assert failed(rechain(events)) == {"result.recount"}


def test_lot_bound_to_head_before_ballots_fails() -> None:
    events = make_lot_audit()
    events[-1]["data"]["lot"]["audit_hash"] = events[0]["hash"]
    contest = find_event(events, "poll_opened", "P-TIE")["data"]["contest"]
    choices = cast_choices(find_event(events, "ballots", "P-TIE"))
    events[-1]["data"]["result"] = json.loads(json.dumps(make_result(
        contest, choices, issued=4, lot=events[-1]["data"]["lot"])))

    assert "result.lot" in failed(rechain(events))


def test_electronic_poll_turned_into_paper_afterwards_fails_mode(
        events: list[dict[str, Any]]) -> None:
    """The review's forgery: mark the opening paper, drop issuances and ballots, change the
    result, re-hash everything."""
    find_event(events, "poll_opened", "P-WOMEN")["data"]["paper"] = True
    events = [e for e in events if not (e["type"] in ("issuances", "ballots")
                                        and e["data"].get("poll") == "P-WOMEN")]
    bump_first_int(find_event(events, "result", "P-WOMEN")["data"]["result"])

    assert "poll.mode" in failed(rechain(events))


def test_electronic_poll_closed_without_its_issuances_fails_mode(
        events: list[dict[str, Any]]) -> None:
    events = [e for e in events if not (e["type"] == "issuances"
                                        and e["data"].get("poll") == "P-WOMEN")]

    assert "poll.mode" in failed(rechain(events))


def test_paper_poll_is_reported_not_recounted(events: list[dict[str, Any]]) -> None:
    events = events[:-1]  # without the protocol event
    contest = make_motion_contest("Antrag A2 (Papier)")
    head = events[-1]
    for type_, data in (
        ("poll_opened", {"poll": "P-PAPER", "contest": contest, "public_key": "",
                         "key_fingerprint": "", "present": 12, "paper": True}),
        ("poll_closed", {"poll": "P-PAPER", "issued": 12, "cast": 11}),
        ("result", {"poll": "P-PAPER", "result": {"entered": "by hand"}, "lot": None}),
    ):
        head = make_event(head, type_, data)
        events.append(head)

    report = verify_audit(make_audit_text(events))

    assert report.failed == ()
    paper = [c for c in report.checks if c.poll == "P-PAPER" and c.name == "result.recount"]
    assert [c.detail("en") for c in paper] == [
        "paper poll: counts entered by hand, cannot be recounted"]


# --- hostile content yields findings, never a crash ---------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 40) | st.sampled_from(["Y", "N", "A", "X", "C1"]),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["C1", "C2", "motion", "x"]), inner, max_size=3),
    max_leaves=8,
)


@given(marks=JSON_VALUES, global_=JSON_VALUES)
@settings(max_examples=40, deadline=None)
def test_any_ballot_content_gives_a_report(marks: Any, global_: Any) -> None:
    events = copy.deepcopy(shared_audit().events)
    find_event(events, "ballots", "P-WOMEN")["data"]["ballots"][0]["ballot"] = {
        "marks": marks, "global": global_}

    report = verify_audit(make_audit_text(rechain(events)))

    assert report.checks


@given(key=st.sampled_from(["kind", "rules", "seats", "candidates", "round", "title"]),
       value=JSON_VALUES)
@settings(max_examples=40, deadline=None)
def test_any_contest_content_gives_a_report(key: str, value: Any) -> None:
    events = copy.deepcopy(shared_audit().events)
    find_event(events, "poll_opened", "P-WOMEN")["data"]["contest"][key] = value

    report = verify_audit(make_audit_text(rechain(events)))

    assert report.checks


def test_voided_round_still_verifies(events: list[dict[str, Any]]) -> None:
    events = events[:-1]
    events.append(make_event(events[-1], "poll_voided", {"poll": "P-WOMEN",
                                                         "reason": "Stimmzettel fehlerhaft"}))

    report = verify_audit(make_audit_text(events))

    states = [c.detail("en") for c in report.checks
              if c.name == "structure.poll" and c.poll == "P-WOMEN"]
    assert (report.ok, states) == (True, ["voided"])


def test_event_for_unknown_poll_fails_structure(events: list[dict[str, Any]]) -> None:
    events = events[:-1]
    events.append(make_event(events[-1], "poll_voided", {"poll": "P-NONE", "reason": "?"}))

    assert failed(events) == {"structure.poll"}


def test_poll_opened_twice_fails_structure(events: list[dict[str, Any]]) -> None:
    events.append(copy.deepcopy(find_event(events, "poll_opened", "P-MOTION")))

    assert failed(rechain(events)) == {"structure.poll"}
