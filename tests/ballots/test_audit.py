"""The audit event model: hashing, chaining, canonical lines, parsing with located errors."""

from __future__ import annotations

import hashlib
import json

import pytest

from ballots.audit import (
    ZERO_HASH,
    append,
    ballots_data,
    dumps_line,
    issuances_data,
    make_event,
    parse_lines,
    presence_data,
    roster_data,
)
from ballots.credential import credential_hash, tracker_code
from ballots.errors import FormatError


def make_roster_event() -> dict[str, object]:
    return make_event(None, "roster", roster_data(entitled=10, voting_right=9, substitutes=2))


def test_first_event_has_seq_1_and_zero_prev() -> None:
    event = make_roster_event()

    assert (event["seq"], event["prev"], event["v"]) == (1, ZERO_HASH, 1)


def test_hash_is_sha256_of_sorted_compact_json_without_hash() -> None:
    event = make_roster_event()
    body = {k: v for k, v in event.items() if k != "hash"}
    expected = hashlib.sha256(
        json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ).hexdigest()

    assert event["hash"] == expected


def test_next_event_links_to_previous_hash() -> None:
    events: list[dict[str, object]] = []
    first = append(events, "roster", roster_data(entitled=10, voting_right=9, substitutes=2))
    second = append(events, "presence", presence_data(present=7))

    assert (second["seq"], second["prev"], len(events)) == (2, first["hash"], 2)


def test_dumps_line_is_canonical_json_with_newline() -> None:
    event = make_event(None, "presence", presence_data(present=3, poll="P1"))

    line = dumps_line(event)

    assert line == json.dumps(event, sort_keys=True, separators=(",", ":")) + "\n"


def test_parse_lines_round_trips() -> None:
    events: list[dict[str, object]] = []
    append(events, "roster", roster_data(entitled=10, voting_right=9, substitutes=2))
    append(events, "presence", presence_data(present=7))

    parsed = parse_lines("".join(dumps_line(e) for e in events))

    assert [p.to_dict() for p in parsed] == events
    assert [p.line for p in parsed] == [1, 2]


def test_make_event_refuses_unknown_type() -> None:
    with pytest.raises(FormatError) as info:
        make_event(None, "coffee_break", {})

    assert info.value.path == "type"


def test_make_event_refuses_missing_field() -> None:
    with pytest.raises(FormatError) as info:
        make_event(None, "roster", {"entitled": 1, "voting_right": 1})

    assert info.value.path == "data.substitutes"


def test_issuances_are_sorted_by_delegate_ref() -> None:
    data = issuances_data(poll="P1", issuances=[("D2", b"\x02", b"\x03"),
                                                ("D1", b"\x04", b"\x05")])

    assert [item["delegate"] for item in data["issuances"]] == ["D1", "D2"]
    assert data["issuances"][0]["blinded_msg"] == "BA"


def test_ballots_are_sorted_by_credential_hash_with_trackers() -> None:
    entries = [(bytes([i]) * 70, b"sig", {"marks": {"motion": "Y"}}) for i in range(5)]

    data = ballots_data(poll="P1", ballots=entries)

    hashes = sorted(credential_hash(msg) for msg, _s, _b in entries)
    assert [b["tracker"] for b in data["ballots"]] == [tracker_code(h) for h in hashes]


def make_two_line_file() -> list[str]:
    first = make_roster_event()
    second = make_event(first, "presence", presence_data(present=7))
    return [dumps_line(first).rstrip("\n"), dumps_line(second).rstrip("\n")]


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda obj: obj.pop("prev"), "line 2: prev"),
        (lambda obj: obj.update(extra=1), "line 2: extra"),
        (lambda obj: obj.update(seq="2"), "line 2: seq"),
        (lambda obj: obj.update(type="nope"), "line 2: type"),
        (lambda obj: obj.update(hash="ABC"), "line 2: hash"),
        (lambda obj: obj["data"].update(present=-1), "line 2: data.present"),
        (lambda obj: obj["data"].update(poll=5), "line 2: data.poll"),
        (lambda obj: obj.update(v=2), "line 2: v"),
    ],
)
def test_parse_errors_name_line_and_field(mutate: object, path: str) -> None:
    lines = make_two_line_file()
    obj = json.loads(lines[1])
    mutate(obj)  # type: ignore[operator]
    lines[1] = json.dumps(obj)

    with pytest.raises(FormatError) as info:
        parse_lines("\n".join(lines))

    assert info.value.path == path


def test_parse_error_for_bad_json_names_line() -> None:
    lines = make_two_line_file()
    lines[1] = lines[1][:-3]

    with pytest.raises(FormatError) as info:
        parse_lines("\n".join(lines))

    assert info.value.path == "line 2"


def test_parse_refuses_floats() -> None:
    lines = make_two_line_file()
    lines[1] = lines[1].replace('"present":7', '"present":7.0')

    with pytest.raises(FormatError) as info:
        parse_lines("\n".join(lines))

    assert info.value.path == "line 2"


def test_parse_error_in_nested_ballot_names_index() -> None:
    first = make_roster_event()
    event = make_event(first, "ballots", {"poll": "P1", "ballots": [
        {"msg": "AA", "sig": "AA", "ballot": {"marks": {}}, "tracker": "x"}]})
    obj = dict(event)
    obj["data"] = {"poll": "P1", "ballots": [
        {"msg": "AA", "sig": "A+A=", "ballot": {"marks": {}}, "tracker": "x"}]}
    text = dumps_line(first) + json.dumps(obj) + "\n"

    with pytest.raises(FormatError) as info:
        parse_lines(text)

    assert info.value.path == "line 2: data.ballots[0].sig"


def test_parse_refuses_empty_file_and_blank_lines() -> None:
    with pytest.raises(FormatError):
        parse_lines("")
    with pytest.raises(FormatError) as info:
        parse_lines(dumps_line(make_roster_event()) + "\n" + dumps_line(make_roster_event()))
    assert info.value.path == "line 2"


def test_worked_example_of_docs_audit_format() -> None:
    event = make_event(None, "roster", roster_data(entitled=20, voting_right=18, substitutes=4))

    assert event["hash"] == "f6dceddf6564370a5a2de3837ad0dbcd1323ba31513eab8963174efb64aef556"
