"""Invariants of an election's standing over generated election days (issue 12, point 5).

A day: a random preset (linke-delegates, gruene-list, spd-quota, association), random
candidates and groups, then up to eight actions, each the one the standing allows — the round
the rules call for next (first / runoff / mixed / further / repeat / refill) with random
ballots, sometimes a lot, a lot drawn later, a decline or acceptance of a seat holder, the
latest round voided. The day is an election file played entry by entry (``ElectionPlayer``);
after each action the standing must keep the invariants, and at the end the audit replay and
the day with every round's ballots shuffled must give the same standing.
"""

from __future__ import annotations

import copy
import os
import random
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ballots.audit.builders import (
    acceptance_data,
    election_data,
    poll_opened_data,
    poll_voided_data,
    result_data,
)
from ballots.audit.elections import replay_elections
from ballots.audit.events import Event
from ballots.contest import contest_to_dict
from ballots.counting import result_to_dict
from ballots.election.file import (
    ElectionPlayer,
    ElectionRun,
    definition_from_file,
    election_from_dict,
)

PRESETS = {"linke-delegates": ("Frau", "offen"), "gruene-list": ("Frau", "offen"),
           "spd-quota": ("Frau", "Mann"), "association": ("", "")}
ROUND_STEPS = ("first", "runoff", "mixed", "further", "repeat", "refill")
STATUSES = ("held", "open", "pending", "running", "vacant")
LOT_HASH = "5eed" * 16
TALLY: Counter[str] = Counter()


def _ballots(draw: Any, ids: tuple[str, ...], approval: bool) -> list[dict[str, Any]]:
    marks = ("X", ".", ".") if approval else ("Y", "Y", ".", ".", "N", "A")
    out = []
    for _ in range(draw(st.integers(0, 12))):
        row = draw(st.lists(st.sampled_from(marks), min_size=len(ids), max_size=len(ids)))
        out.append({"marks": {c: m for c, m in zip(ids, row, strict=True) if m != "."}})
    return out


def _day(draw: Any) -> tuple[dict[str, Any], ElectionRun, list[tuple[str, dict[str, Any]]]]:
    """A generated day: the election file, its run, and the audit events the app writes."""
    preset = draw(st.sampled_from(sorted(PRESETS)))
    groups = PRESETS[preset]
    n = draw(st.integers(2, 7))
    cands = [{"id": f"C{i}", "name": f"Name {i}", "group": draw(st.sampled_from(groups))}
             for i in range(1, n + 1)]
    data: dict[str, Any] = {"id": "E1", "title": "Tag", "rules": {"preset": preset},
                            "seats": draw(st.integers(1, min(n, 4))), "candidates": cands,
                            "events": []}
    player = ElectionPlayer(definition_from_file(data))
    run = player.run()
    women = run.definition.of_kind("women")
    log = [("election", election_data(
        election="E1", title="Tag", rules=data["rules"], seats=data["seats"], candidates=cands,
        women_seats=len(women) if run.definition.rules.quota == "women_first" else None))]
    ballots_of: dict[str, list[dict[str, Any]]] = {}
    approval = preset == "spd-quota"
    for _ in range(draw(st.integers(1, 8))):
        now = run.standing
        lots = [s for s in now.steps if s.kind == "lot"]
        rounds = [s for s in now.steps if s.kind in ROUND_STEPS and s.candidates]
        pending = [(s.holder, h.poll) for s in now.seats for h in s.holdings
                   if h.candidate == s.holder and h.answer == "pending"]
        options = ["lot"] * bool(lots) + ["round"] * 4 * bool(rounds and not lots)
        options += ["answer"] * 2 * bool(pending)
        options += ["void"] * bool(data["events"] and "round" in data["events"][-1])
        if not options:
            break
        action = draw(st.sampled_from(options))
        event: dict[str, Any]
        if action == "lot":
            poll = lots[0].after or ""
            event = {"count": poll, "ballots": ballots_of[poll], "lot": _lot(draw)}
            TALLY["lot drawn later"] += 1
        elif action == "round":
            step = draw(st.sampled_from(rounds))
            event = {"round": step.kind, "seat_kind": step.seat_kind}
            if step.after:
                event["after"] = step.after
            event["ballots"] = _ballots(draw, step.candidates, approval)
            if draw(st.booleans()):
                event["lot"] = _lot(draw)
            TALLY[step.kind] += 1
        elif action == "answer":
            who, poll = draw(st.sampled_from(pending))
            accepted = draw(st.booleans())
            event = {"accept" if accepted else "decline": who}
            TALLY["accepted" if accepted else "declined"] += 1
            log.append(("acceptance", acceptance_data(poll=poll, candidate=who or "",
                                                      accepted=accepted)))
        else:
            event = {"void": run.rounds[-1].poll}
            TALLY["voided"] += 1
            log.append(("poll_voided", poll_voided_data(poll=event["void"], reason="")))
        player.apply(event, f"events[{len(data['events'])}].")
        data["events"].append(event)
        run = player.run()
        if action in ("round", "lot"):
            played = run.rounds[-1] if action == "round" else next(
                r for r in run.rounds if r.poll == event["count"])
            ballots_of[played.poll] = event["ballots"]
            if action == "round":
                log.append(("poll_opened", poll_opened_data(
                    poll=played.poll, contest=contest_to_dict(played.contest),
                    public_key_pem="", key_fingerprint="", present=0, paper=True,
                    election="E1")))
            assert played.result is not None
            log.append(("result", result_data(poll=played.poll,
                                              result=result_to_dict(played.result))))
        check_invariants(run)
    return data, run, log


def _lot(draw: Any) -> dict[str, str]:
    return {"public_value": str(draw(st.integers(0, 99))), "audit_hash": LOT_HASH}


def check_invariants(run: ElectionRun) -> None:
    st_ = run.standing
    definition = run.definition
    holders = st_.holders
    assert len(holders) == len(set(holders)), "nobody holds two seats"
    for kind in {s.kind for s in definition.seats}:
        statuses = Counter(s.status for s in st_.seats if s.slot.kind == kind)
        assert set(statuses) <= set(STATUSES)
        assert sum(statuses.values()) == len(definition.of_kind(kind))
    declined = set(st_.declined)
    assert not declined & set(holders), "whoever declined holds no seat"
    for seat in st_.seats:
        if seat.holder is not None:
            assert seat.status == "held"
            if seat.slot.required is not None:
                assert st_.groups[seat.holder] == seat.slot.required, seat
        else:
            assert seat.status != "held"
    subs = [s.candidate for _name, items in st_.substitutes for s in items]
    assert not set(subs) & (set(holders) | declined), "substitutes hold no seat"
    assert len(subs) == len(set(subs))
    # everyone elected in a counted round holds that seat, unless they declined
    places = {r.poll: r for r in st_.rounds}
    for rnd in run.rounds:
        place = places[rnd.poll]
        if rnd.result is None or place.state != "counted" or rnd.result.status == "void":
            continue
        slots = dict(place.slots)
        for seat in rnd.result.seats:
            if seat.status != "filled" or seat.candidate is None:
                continue
            state = st_.seat(slots[seat.number])
            if seat.candidate not in declined:
                assert state.holder == seat.candidate, (rnd.poll, seat, state)
            else:
                assert state.holder != seat.candidate
                if state.holder is not None and seat.required is not None:
                    assert st_.groups[state.holder] == seat.required
                # or a round held for it after the declines left it open or tied
                assert state.status in ("held", "vacant", "running") or (
                    state.status in ("open", "pending") and state.poll != rnd.poll), state
    vacant_lines = [s.slot.key for s in st_.seats if s.vacancy == "declined"]
    assert len(vacant_lines) == len(set(vacant_lines))


def shuffled(data: dict[str, Any], seed: int) -> dict[str, Any]:
    out = copy.deepcopy(data)
    rnd = random.Random(seed)
    for entry in out["events"]:
        if "ballots" in entry:
            rnd.shuffle(entry["ballots"])
    return out


#: Generated days per run: a fixed number, so the suite stays fast; ELECTION_DAYS=2000 for a
#: longer search (the examples are derived from the test, the same on every run).
DAYS = int(os.environ.get("ELECTION_DAYS", "60"))


@settings(max_examples=DAYS, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def _generated_day(case: Any) -> None:
    data, run, log = _day(case.draw)
    TALLY["days"] += 1
    TALLY["rounds"] += len(run.rounds)
    TALLY["complete"] += run.standing.complete
    events = [Event(seq=seq, type=kind, prev="", data=body, hash="")
              for seq, (kind, body) in enumerate(log, start=1)]
    (replay,) = replay_elections(events)
    assert replay.problem is None, replay.problem
    assert replay.standing is not None
    assert replay.standing == run.standing
    permuted = shuffled(data, case.draw(st.integers(0, 2**16)))
    assert election_from_dict(permuted).standing == run.standing


def test_generated_election_days_keep_the_invariants(capsys: Any) -> None:
    TALLY.clear()
    _generated_day()
    with capsys.disabled():
        print(f"\ngenerated election days: {TALLY['days']} ({TALLY['rounds']} rounds; "
              + ", ".join(f"{k} {TALLY[k]}" for k in (*ROUND_STEPS, "lot drawn later",
                                                      "declined", "accepted", "voided",
                                                      "complete")) + ")")
    assert TALLY["days"] >= min(DAYS, 50)
    assert min(TALLY[k] for k in ("first", "further", "declined", "refill", "voided")) > 0
