"""``verify-protocol --audit`` holds the protocol against the whole audit file: a protocol
signed with the instance's real key that says something the audit file does not — another
decision, other counts, other people — fails, naming the item; so does a broken chain."""

from __future__ import annotations

import copy
import json

from app.services.polls import paper
from app.services.polls.lifecycle import open_poll
from app.services.protocol import build as protocol
from app.services.protocol.audit import audit_file
from ballots.audit import parse_lines
from ballots.protocol import sign_protocol, verify_protocol
from tests.app.protocol.factories import count_paper_election, make_paper_election
from tests.app.vote.factories import make_poll


def signed_scene() -> tuple[dict, list[str]]:
    """A counted paper election (Anna 4, Bodo 3, Cem 1 of 5) and a motion (4 Ja, 1 Nein)."""
    conference, _election, poll = make_paper_election()
    count_paper_election(poll)
    motion = open_poll(make_poll(conference, {
        "kind": "motion", "title": "Antrag S1", "rules": {"preset": "motion-simple",
                                                          "overrides": {}}}, paper=True).id)
    paper.enter_paper_totals(motion.id, paper.PaperEntry(
        issued=5, cast=5, invalid=0, counts={"motion": {"Y": 4, "N": 1, "A": 0}}))
    row = protocol.sign_and_record(conference.id)
    return json.loads(row.signed_json), audit_file(conference.id).splitlines()


def resigned(signed: dict, change) -> dict:
    """The protocol changed by ``change`` and signed again with the instance's real key."""
    body = {k: v for k, v in copy.deepcopy(signed).items() if k != "signature"}
    change(body)
    return sign_protocol(body, protocol.protocol_key())


def failed(signed: dict, lines: list[str]) -> dict[str, str]:
    report = verify_protocol(signed, audit=tuple(parse_lines(lines)))
    return {c.name: c.detail("en") for c in report.failed}


def test_the_true_protocol_passes(app):
    signed, lines = signed_scene()
    assert failed(signed, lines) == {}


def test_a_changed_decision_and_counts_are_caught_even_with_the_real_key(app):
    signed, lines = signed_scene()

    def flip(body):
        motion = next(i for i in body["items"] if i["type"] == "motion")
        motion["decision"] = "rejected"
        motion["ballots"]["cast"] = 4

    problems = failed(resigned(signed, flip), lines)
    assert "protocol.signature" not in problems  # signed with the real key
    assert "decision 'rejected' ≠ 'accepted'" in problems["protocol.round"]
    assert "ballots.cast 4 ≠ 5" in problems["protocol.round"]


def test_other_people_in_the_final_lists_are_caught(app):
    signed, lines = signed_scene()

    def swap(body):
        election = next(i for i in body["items"] if i["type"] == "election")
        first = election["result"]["elected"][0]
        first["name"], first["candidate"] = "Cem Çelik", "C999"

    problems = failed(resigned(signed, swap), lines)
    assert "protocol.election" in problems and "gewählt 1" in problems["protocol.election"]


def test_a_broken_chain_fails_the_protocol_check(app):
    signed, lines = signed_scene()
    at = next(i for i, line in enumerate(lines) if json.loads(line)["type"] == "roster")
    event = json.loads(lines[at])
    event["data"]["voting_right"] = 999  # rewritten without re-hashing: the chain breaks
    broken = [*lines[:at], json.dumps(event, ensure_ascii=False, separators=(",", ":"),
                                      sort_keys=True), *lines[at + 1:]]

    assert "protocol.audit_verified" in failed(signed, broken)
