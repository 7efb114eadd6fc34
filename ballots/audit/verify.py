"""``verify_audit``: everything a third party can check in an audit file without any secret.

Order of the checks (docs/audit-format.md lists them for re-implementers):
1. the chain — seq, prev, hash, canonical encoding of every line;
2. the structure — conference first, each poll's events once and in order;
3. per poll — key, contest, issuances, ballots, counts, recount (see :mod:`.verify_poll`);
4. every election replays (``ballots.audit.elections``);
5. vote transfers happen only while no poll is open, and each one ends a transfer that began;
6. protocol signatures recorded in the chain cover the chain up to their own event.
A failure never stops the run: the report lists every problem found, not just the first.
"""

from __future__ import annotations

from collections.abc import Sequence

from ballots.audit.elections import replay_elections
from ballots.audit.events import ZERO_HASH, Event, body_hash, parse_lines
from ballots.audit.heads import check_expected_heads
from ballots.audit.report import Report, ReportBuilder
from ballots.audit.verify_poll import PollRecord, check_poll
from ballots.canonical import dumps
from ballots.errors import FormatError

__all__ = ["verify_audit"]

_POLL_TYPES = frozenset({"poll_opened", "issuances", "poll_closed", "ballots", "result",
                         "poll_voided", "acceptance"})


def verify_audit(lines: str | bytes | Sequence[str] | Sequence[Event], *,
                 expected_heads: Sequence[str] = ()) -> Report:
    """Verify a whole audit file (text, bytes, its lines or parsed events).

    ``expected_heads``: head codes read out or photographed in the hall
    (:func:`ballots.audit.heads.head_code`); each must be the head of an event in the file.

    Raises :class:`~ballots.errors.FormatError` only when the file cannot be read as events at
    all; everything about the *content* is reported as checks.
    """
    events = _as_events(lines)
    rb = ReportBuilder()
    _check_chain(events, rb)
    polls = _collect_polls(events, rb)
    seen: dict[str, str] = {}
    seq_of = {event.hash: event.seq for event in events}
    for record in polls.values():
        check_poll(record, rb, seen_credentials=seen, seq_of=seq_of)
    _check_elections(events, rb)
    _check_transfers(events, rb)
    _check_protocol_events(events, rb)
    check_expected_heads(events, expected_heads, rb)
    return rb.build(head=events[-1].hash)


def _as_events(lines: str | bytes | Sequence[str] | Sequence[Event]) -> tuple[Event, ...]:
    if isinstance(lines, (str, bytes)):
        return parse_lines(lines)
    events = tuple(item for item in lines if isinstance(item, Event))
    if events and len(events) == len(lines):
        return events
    texts = [item for item in lines if isinstance(item, str)]
    if len(texts) != len(lines):
        raise FormatError("expected the lines of an audit file or parsed events")
    return parse_lines(texts)


def _check_chain(events: Sequence[Event], rb: ReportBuilder) -> None:
    prev = ZERO_HASH
    for index, event in enumerate(events, start=1):
        rb.item("chain.seq", event.seq == index,
                f"Nummer {event.seq}, erwartet {index}",
                f"seq {event.seq}, expected {index}", seq=event.seq)
        rb.item("chain.prev", event.prev == prev,
                f"prev {event.prev[:12]}… verweist nicht auf den Vorgänger {prev[:12]}…",
                f"prev {event.prev[:12]}… does not name the previous event {prev[:12]}…",
                seq=event.seq)
        actual = body_hash(event.body())
        rb.item("chain.hash", actual == event.hash,
                f"gespeichert {event.hash[:12]}…, berechnet {actual[:12]}…",
                f"stored {event.hash[:12]}…, computed {actual[:12]}…", seq=event.seq)
        if event.raw:
            canonical = dumps(event.to_dict()).decode("utf-8")
            rb.item("chain.canonical", event.raw == canonical,
                    f"Zeile {event.line} ist nicht in kanonischer Form",
                    f"line {event.line} is not in canonical form", seq=event.seq)
        prev = event.hash
    for name, de, en in (("chain.seq", "Nummern", "sequence numbers"),
                         ("chain.prev", "Verkettungen", "links"),
                         ("chain.hash", "Hashes", "hashes"),
                         ("chain.canonical", "Zeilen", "lines")):
        rb.summarise(name, noun_de=de, noun_en=en)


def _collect_polls(events: Sequence[Event], rb: ReportBuilder) -> dict[str, PollRecord]:
    """Group events by poll and check that each poll's events come once and in order."""
    conferences = [e for e in events if e.type == "conference"]
    if not events or events[0].type != "conference" or len(conferences) != 1:
        rb.fail("structure.conference",
                "Die Datei muss mit genau einem Ereignis »conference« beginnen",
                "the file must start with exactly one 'conference' event",
                seq=events[0].seq if events else None)
    else:
        rb.ok("structure.conference", "vorhanden", "present", seq=events[0].seq)
    polls: dict[str, PollRecord] = {}
    voting_right: int | None = None
    early: dict[str, int] = {}  # presence snapshots naming a poll written before it opened
    for event in events:
        if event.type == "roster":
            voting_right = int(event.data["voting_right"])
            continue
        if event.type == "presence":
            present, named = int(event.data["present"]), event.data.get("poll")
            if named is not None and named not in polls:
                early[str(named)] = max(early.get(str(named), 0), present)
            for open_poll in polls.values():
                if open_poll.accepts_presence(event):
                    open_poll.present_max = max(open_poll.present_max, present)
            continue
        if event.type not in _POLL_TYPES:
            continue
        poll_id = str(event.data["poll"])
        record = polls.get(poll_id)
        if event.type == "poll_opened":
            if record is not None:
                _order_fail(rb, event, "zum zweiten Mal geöffnet", "opened twice")
                continue
            polls[poll_id] = PollRecord(
                poll_id=poll_id, opened=event, voting_right=voting_right,
                present_max=max(int(event.data["present"]), early.pop(poll_id, 0)))
            continue
        if record is None:
            _order_fail(rb, event, "Ereignis für eine nie geöffnete Abstimmung",
                               "event for a poll that was never opened")
            continue
        problem = record.add(event)
        if problem is not None:
            _order_fail(rb, event, *problem)
    for record in polls.values():
        if not any(c.name == "structure.poll" and c.poll == record.poll_id
                   for c in rb.checks):
            rb.ok("structure.poll", record.state_de(), record.state_en(),
                  seq=record.opened.seq, poll=record.poll_id)
    return polls


def _order_fail(rb: ReportBuilder, event: Event, de: str, en: str) -> None:
    rb.fail("structure.poll", f"»{event.type}«: {de}", f"'{event.type}': {en}",
            seq=event.seq, poll=str(event.data.get("poll")))


def _check_elections(events: Sequence[Event], rb: ReportBuilder) -> None:
    """Every election replays: its rounds map onto its seats, every answer comes from someone
    holding a seat (``ballots.election``)."""
    for replay in replay_elections(events):
        if replay.standing is None:
            rb.fail("election.replay", f"Wahl {replay.election}: {replay.problem}",
                    f"election {replay.election}: {replay.problem}", seq=replay.seq or None)
            continue
        seats = replay.standing.seats
        held = sum(1 for s in seats if s.holder is not None)
        rb.ok("election.replay",
              f"Wahl {replay.election}: {held} von {len(seats)} Sitzen besetzt",
              f"election {replay.election}: {held} of {len(seats)} seats held",
              seq=replay.seq or None)


def _check_transfers(events: Sequence[Event], rb: ReportBuilder) -> None:
    """A voting right changes hands only while no poll is open (else one right could vote
    twice in one poll); a substitute holds one vote at a time, a delegate is represented by one
    substitute at a time, and an ended transfer is one that began."""
    open_polls: set[str] = set()
    held: dict[str, str] = {}  # substitute -> delegate
    seen = False
    for event in events:
        if event.type == "poll_opened":
            open_polls.add(str(event.data["poll"]))
        elif event.type in ("poll_closed", "poll_voided"):
            open_polls.discard(str(event.data["poll"]))
        if event.type != "transfer":
            continue
        seen = True
        sub, dele = str(event.data["substitute"]), str(event.data["delegate"])
        rb.item("transfer.between_polls", not open_polls,
                f"Übertragung {dele} → {sub} während Abstimmung {', '.join(sorted(open_polls))}",
                f"transfer {dele} → {sub} while poll {', '.join(sorted(open_polls))} is open",
                seq=event.seq)
        if event.data.get("ended"):
            ok = held.get(sub) == dele
            if ok:
                del held[sub]
            de, en = (f"Ende einer Übertragung {dele} → {sub}, die nicht bestand",
                      f"end of a transfer {dele} → {sub} that did not exist")
        else:
            ok = sub not in held and dele not in held.values()
            if ok:
                held[sub] = dele
            de, en = (f"{sub} hält schon eine Stimme oder {dele} ist schon vertreten",
                      f"{sub} already holds a vote or {dele} is already represented")
        rb.item("transfer.pairs", ok, de, en, seq=event.seq)
    if seen:
        for name in ("transfer.between_polls", "transfer.pairs"):
            rb.summarise(name, noun_de="Stimmübertragungen", noun_en="vote transfers")


def _check_protocol_events(events: Sequence[Event], rb: ReportBuilder) -> None:
    for event in events:
        if event.type != "protocol_signed":
            continue
        head = str(event.data["audit_head"])
        if head == event.prev:
            rb.ok("protocol.audit_head",
                  f"Protokoll {str(event.data['protocol_hash'])[:12]}… deckt Ereignisse "
                  f"1–{event.seq - 1}",
                  f"protocol {str(event.data['protocol_hash'])[:12]}… covers events "
                  f"1–{event.seq - 1}", seq=event.seq)
        else:
            rb.fail("protocol.audit_head",
                    f"audit_head {head[:12]}… ist nicht der Hash des vorigen Ereignisses",
                    f"audit_head {head[:12]}… is not the hash of the previous event",
                    seq=event.seq)
