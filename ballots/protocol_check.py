"""Holding a signed protocol's content against its audit file: every count, decision and
seat of every round, and every election's final lists as the audit file replays them
(``ballots.audit.elections``). A protocol signed with the right key but saying something
the audit file does not is caught here, item by item."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ballots.audit.elections import replay_elections
from ballots.audit.events import Event
from ballots.audit.report import ReportBuilder
from ballots.audit.verify import verify_audit
from ballots.election import SeatState, Standing

__all__ = ["check_protocol_against_audit"]


def check_protocol_against_audit(rb: ReportBuilder, signed: Mapping[str, Any],
                                 audit: tuple[Event, ...]) -> None:
    """Verify the whole audit file, then compare the protocol with it up to its head."""
    report = verify_audit(audit)
    failed = report.failed
    if failed:
        rb.fail("protocol.audit_verified",
                f"die Audit-Datei besteht die Prüfung nicht ({len(failed)} Fehler, z. B. "
                f"{failed[0].name}: {failed[0].detail('de')})",
                f"the audit file fails verification ({len(failed)} problems, e.g. "
                f"{failed[0].name}: {failed[0].detail('en')})")
    else:
        rb.ok("protocol.audit_verified", "Audit-Datei vollständig geprüft",
              "audit file verified in full")
    head = signed.get("audit_head")
    upto = next((e.seq for e in audit if e.hash == head), None)
    if upto is None:
        return
    results = {}
    for event in audit[:upto]:
        if event.type == "result":
            results[str(event.data["poll"])] = event.data["result"]
    lang = "en" if signed.get("language") == "en" else "de"
    replays = {r.election: r for r in replay_elections(audit, upto=upto)}
    for item in signed.get("items") or []:
        if not isinstance(item, Mapping):
            continue
        rounds = item.get("rounds") if item.get("type") == "election" else [item]
        for rnd in rounds or []:
            if isinstance(rnd, Mapping):
                _check_round(rb, rnd, results)
        if item.get("type") == "election":
            _check_election(rb, item, replays, lang)


def _diff(rb: ReportBuilder, name: str, where: str, problems: list[str]) -> None:
    if problems:
        text = f"{where}: " + "; ".join(problems[:6])
        rb.fail(name, text, text)
    else:
        rb.ok(name, f"{where}: wie in der Audit-Datei", f"{where}: as in the audit file")


def _check_round(rb: ReportBuilder, rnd: Mapping[str, Any],
                 results: Mapping[str, Any]) -> None:
    poll = str(rnd.get("poll"))
    recorded = results.get(poll)
    if recorded is None:
        if rnd.get("status") is not None:
            rb.fail("protocol.round", f"Abstimmung {poll}: kein Ergebnis in der Audit-Datei",
                    f"poll {poll}: no result in the audit file")
        return
    problems = []
    for key in ("status", "decision"):
        if rnd.get(key) != recorded.get(key):
            problems.append(f"{key} {rnd.get(key)!r} ≠ {recorded.get(key)!r}")
    for key in ("issued", "cast", "invalid", "valid"):
        mine, theirs = (rnd.get("ballots") or {}).get(key), recorded["ballots"].get(key)
        if mine != theirs:
            problems.append(f"ballots.{key} {mine} ≠ {theirs}")
    counted = {c["id"]: c for c in recorded.get("candidates") or []}
    shown = {c.get("id"): c for c in rnd.get("counts") or [] if isinstance(c, Mapping)}
    if set(shown) != set(counted):
        problems.append("candidates differ")
    for cid, cand in shown.items():
        other = counted.get(cid)
        for key in ("yes", "no", "abstain", "outcome"):
            if other is not None and cand.get(key) != other.get(key):
                problems.append(f"{cid}.{key} {cand.get(key)!r} ≠ {other.get(key)!r}")
    seats = [(s.get("number"), s.get("candidate"), s.get("status"))
             for s in rnd.get("seats_result") or [] if isinstance(s, Mapping)]
    if seats != [(s["number"], s["candidate"], s["status"]) for s in recorded["seats"]]:
        problems.append("seats differ")
    _diff(rb, "protocol.round", f"Abstimmung {poll}", problems)


def _lists(st: Standing, lang: str) -> dict[str, Any]:
    def label(seat: SeatState) -> str:
        return seat.slot.label_de if lang == "de" else seat.slot.label_en

    return {
        "elected": [(s.holder, st.names.get(s.holder or "", ""), label(s))
                    for s in st.seats if s.holder is not None],
        "substitutes": {name: [x.candidate for x in items] for name, items in st.substitutes},
        "vacant": sorted(label(s) for s in st.seats if s.holder is None),
    }


def _check_election(rb: ReportBuilder, item: Mapping[str, Any], replays: Mapping[str, Any],
                    lang: str) -> None:
    eid = f"E{item.get('id')}"
    replay = replays.get(eid)
    where = f"Wahl {eid}"
    if replay is None or replay.standing is None:
        why = "keine Wahl dieser Nummer" if replay is None else replay.problem
        rb.fail("protocol.election", f"{where}: nicht aus der Audit-Datei nachvollziehbar "
                f"({why})", f"{where}: cannot be replayed from the audit file ({why})")
        return
    expected = _lists(replay.standing, lang)
    result = item.get("result") or {}
    problems: list[str] = []
    shown = [(e.get("candidate"), e.get("name"), e.get("seat_label"))
             for e in result.get("elected") or [] if isinstance(e, Mapping)]
    _compare_lists(problems, "gewählt", shown, expected["elected"])
    subs = {str(k): [s.get("candidate") for s in v if isinstance(s, Mapping)]
            for k, v in (result.get("substitutes") or {}).items()}
    if subs != expected["substitutes"]:
        problems.append(f"Ersatzlisten {subs} ≠ {expected['substitutes']}")
    vacant = sorted(str(v.get("seat_label")) for v in result.get("vacant") or []
                    if isinstance(v, Mapping))
    if vacant != expected["vacant"]:
        problems.append(f"unbesetzt {vacant} ≠ {expected['vacant']}")
    _diff(rb, "protocol.election", where, problems)


def _compare_lists(problems: list[str], what: str, shown: Sequence[Any],
                   expected: Sequence[Any]) -> None:
    if len(shown) != len(expected):
        problems.append(f"{what}: {len(shown)} Personen im Protokoll, {len(expected)} laut "
                        "Audit-Datei")
    for index, (mine, theirs) in enumerate(zip(shown, expected, strict=False), start=1):
        if tuple(mine) != tuple(theirs):
            problems.append(f"{what} {index}: {mine} ≠ {theirs}")
