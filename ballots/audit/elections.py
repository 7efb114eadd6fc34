"""Replaying every election of an audit file: its definition (``election`` events), its
rounds (``poll_opened`` with ``election``, ``result``, ``poll_voided``) and answers
(``acceptance``) folded by ``ballots.election.standing`` — the same fold the app shows.

A result is replayed as recorded; the verifier recounts each one separately, so a recorded
result that the ballots do not give is reported there."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ballots.audit.events import Event
from ballots.contest import Candidate, contest_from_dict, rules_from_spec
from ballots.counting.result_load import result_from_dict
from ballots.election import (
    Answer,
    ElectionDefinition,
    ElectionEvent,
    RoundCounted,
    RoundCreated,
    RoundVoided,
    Standing,
    make_definition,
    standing,
)
from ballots.errors import BallotError

__all__ = ["Replay", "definition_from_event", "replay_elections"]


@dataclass(frozen=True, slots=True)
class Replay:
    """One election replayed: its definition and standing, or why it cannot be replayed."""

    election: str
    definition: ElectionDefinition | None
    standing: Standing | None
    problem: str | None
    seq: int


def definition_from_event(data: Mapping[str, Any]) -> ElectionDefinition:
    """The definition an ``election`` event records."""
    rules_spec = data["rules"]
    cands = data.get("candidates") or []
    return make_definition(
        id=str(data["election"]), title=str(data["title"]), rules=rules_from_spec(rules_spec),
        seats=int(data["seats"]), women=data.get("women_seats"),
        candidates=[Candidate(str(c["id"]), str(c["name"]), str(c.get("group") or ""))
                    for c in cands],
        withdrawn=[str(c["id"]) for c in cands if c.get("withdrawn")],
        rules_spec=rules_spec)


def replay_elections(events: Sequence[Event], *, upto: int | None = None) -> tuple[Replay, ...]:
    """Every election recorded in ``events`` (up to seq ``upto``), replayed in file order."""
    definitions: dict[str, tuple[Event, ElectionDefinition | None, str | None]] = {}
    of_poll: dict[str, str] = {}
    contests: dict[str, Any] = {}
    flows: dict[str, list[ElectionEvent]] = {}
    problems: dict[str, str] = {}
    for event in events:
        if upto is not None and event.seq > upto:
            break
        data = event.data
        if event.type == "election":
            eid = str(data["election"])
            try:
                definitions[eid] = (event, definition_from_event(data), None)
            except (BallotError, KeyError, TypeError, ValueError) as exc:
                definitions[eid] = (event, None, f"definition unreadable: {exc}")
            flows.setdefault(eid, [])
        elif event.type == "poll_opened" and data.get("election") is not None:
            eid, poll = str(data["election"]), str(data["poll"])
            of_poll[poll] = eid
            try:
                contests[poll] = contest_from_dict(data["contest"])
            except BallotError as exc:
                problems.setdefault(eid, f"round {poll}: contest unreadable: {exc}")
                continue
            if eid not in definitions:
                problems.setdefault(eid, f"round {poll} opened before its election was "
                                         "recorded")
            flows.setdefault(eid, []).append(RoundCreated(poll, contests[poll]))
        elif event.type == "result" and str(data["poll"]) in contests:
            poll = str(data["poll"])
            try:
                result = result_from_dict(data["result"])
            except BallotError as exc:
                problems.setdefault(of_poll[poll], f"round {poll}: result unreadable: {exc}")
                continue
            flows[of_poll[poll]].append(RoundCounted(poll, contests[poll], result))
        elif event.type == "poll_voided" and str(data["poll"]) in contests:
            poll = str(data["poll"])
            flows[of_poll[poll]].append(RoundVoided(poll, str(data.get("reason") or "")))
        elif event.type == "acceptance" and str(data["poll"]) in of_poll:
            flows[of_poll[str(data["poll"])]].append(
                Answer(str(data["candidate"]), bool(data["accepted"]),
                       str(data.get("note") or "")))
    out = []
    for eid, flow in flows.items():
        recorded = definitions.get(eid)
        seq = recorded[0].seq if recorded is not None else 0
        definition = recorded[1] if recorded is not None else None
        problem = recorded[2] if recorded is not None else None
        problem = problems.get(eid) or problem
        if definition is None or problem is not None:
            out.append(Replay(eid, definition, None,
                              problem or "no 'election' event defines it", seq))
            continue
        try:
            out.append(Replay(eid, definition, standing(definition, flow), None, seq))
        except BallotError as exc:
            out.append(Replay(eid, definition, None, str(exc), seq))
    return tuple(out)
