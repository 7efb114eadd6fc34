"""Vote transfers in the audit file: the verifier accepts them between polls and catches one
slipped in while a poll was open, or an end of a transfer that never began."""

from __future__ import annotations

from typing import Any

from ballots.audit import make_event, transfer_data, verify_audit
from tests.ballots.audit_factory import make_audit, make_audit_text, rechain


def transfer(substitute: str = "D000021", delegate: str = "D000003", *,
             ended: bool = False) -> dict[str, Any]:
    return {"type": "transfer", "data": transfer_data(
        substitute=substitute, delegate=delegate, at="2025-03-08T09:12:00Z", ended=ended)}


def with_events_at(index: int, *extra: dict[str, Any]) -> str:
    events = make_audit(with_protocol=False).events
    return make_audit_text(rechain(events[:index] + list(extra) + events[index:]))


def test_transfers_between_polls_pass():
    text = with_events_at(2, transfer(), transfer(ended=True), transfer("D000022"))
    report = verify_audit(text)
    assert report.ok, report.render()
    assert {"transfer.between_polls", "transfer.pairs"} <= {c.name for c in report.checks}


def test_a_transfer_while_a_poll_is_open_fails():
    events = make_audit(with_protocol=False).events
    opened = next(i for i, e in enumerate(events) if e["type"] == "poll_opened")
    report = verify_audit(make_audit_text(rechain(
        events[:opened + 1] + [transfer()] + events[opened + 1:])))
    assert "transfer.between_polls" in report.failed_names()


def test_ending_a_transfer_that_never_began_fails():
    report = verify_audit(with_events_at(2, transfer(ended=True)))
    assert report.failed_names() == frozenset({"transfer.pairs"})


def test_one_substitute_cannot_hold_two_votes():
    report = verify_audit(with_events_at(2, transfer(), transfer(delegate="D000004")))
    assert report.failed_names() == frozenset({"transfer.pairs"})


def test_unknown_fields_in_a_transfer_are_refused():
    event = make_event(None, "conference", {"title": "", "organisation": "", "date": "",
                                            "place": "", "settings": {}})
    assert event["seq"] == 1
    try:
        make_event(event, "transfer", {**transfer()["data"], "name": "Anna Beispiel"})
    except ValueError as exc:
        assert "data.name" in str(exc)
    else:  # pragma: no cover - the schema must refuse names smuggled in
        raise AssertionError("unknown field accepted")
