"""Recount a poll from the ballots in the audit file and compare with the recorded result.

The comparison is exact: the recorded ``result`` must equal ``result_to_dict(tally(...))`` in
its canonical JSON form, so a single changed count, reason string or seat type shows up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ballots.audit.events import Event
from ballots.audit.report import ReportBuilder
from ballots.canonical import to_jsonable
from ballots.contest import Contest
from ballots.counting import PaperTotals, result_to_dict, tally, tally_mixed
from ballots.counting.lot import lot_from_dict

__all__ = ["recount", "recount_dict"]


def recount_dict(contest: Contest, ballots: Sequence[Any], lot: Mapping[str, Any] | None,
                 *, issued: int | None, paper: PaperTotals | None = None,
                 replaced: int = 0) -> Any:
    """The canonical-JSON form of the result the counting code gives for these ballots (and
    the commission's ``paper`` totals cast beside them); ``issued`` is the number of
    credentials issued (the protocol reports issued and cast)."""
    lot_input = None if lot is None else lot_from_dict(lot)
    if paper is not None:
        return to_jsonable(result_to_dict(tally_mixed(contest, list(ballots), paper,
                                                      issued=issued, lot=lot_input,
                                                      replaced=replaced)))
    return to_jsonable(result_to_dict(tally(contest, list(ballots), lot=lot_input,
                                            issued=issued)))


def recount(poll: str, event: Event, contest: Contest | None, ballots: Sequence[Any] | None,
            rb: ReportBuilder, *, paper: bool, issued: int | None,
            paper_totals: PaperTotals | None = None, replaced: int = 0) -> None:
    """Record one ``result.recount`` check for the ``result`` event; ``paper_totals`` are the
    commission's totals of paper ballots cast beside the phones (added to the recount)."""
    seq = event.seq
    if paper:
        rb.ok("result.recount", "Papierabstimmung: Zahlen von Hand erfasst, nicht nachzählbar",
              "paper poll: counts entered by hand, cannot be recounted", seq=seq, poll=poll)
        return
    if contest is None or ballots is None:
        rb.fail("result.recount", "ohne lesbare Regeln und Stimmzettel nicht nachzählbar",
                "cannot be recounted without readable rules and ballots", seq=seq, poll=poll)
        return
    try:
        computed = recount_dict(contest, ballots, event.data.get("lot"), issued=issued,
                                paper=paper_totals, replaced=replaced)
    except Exception as exc:  # noqa: BLE001 — adversarial input must yield a finding, not a crash
        rb.fail("result.recount", f"Nachzählung nicht möglich: {exc}",
                f"recount impossible: {exc}", seq=seq, poll=poll)
        return
    recorded = event.data["result"]
    if computed == recorded:
        if paper_totals is None:
            rb.ok("result.recount", f"{len(ballots)} Stimmzettel nachgezählt: gleiches Ergebnis",
                  f"{len(ballots)} ballots recounted: same result", seq=seq, poll=poll)
        else:
            rb.ok("result.recount", f"{len(ballots)} Stimmzettel per Telefon nachgezählt, "
                  f"{paper_totals.cast} auf Papier laut Zählliste dazu: gleiches Ergebnis",
                  f"{len(ballots)} phone ballots recounted plus {paper_totals.cast} on paper "
                  "as the commission's sheet gives: same result", seq=seq, poll=poll)
        return
    differing = _differences(recorded, computed)
    rb.fail("result.recount", "abweichend bei " + ", ".join(differing),
            "differs at " + ", ".join(differing), seq=seq, poll=poll)


def _differences(recorded: Any, computed: Any, path: str = "result", limit: int = 5) -> list[str]:
    """Paths where two JSON values differ (the first few), for a readable report line."""
    if isinstance(recorded, dict) and isinstance(computed, dict):
        out: list[str] = []
        for key in sorted(recorded.keys() | computed.keys()):
            if recorded.get(key) != computed.get(key):
                out.extend(_differences(recorded.get(key), computed.get(key),
                                        f"{path}.{key}", limit))
            if len(out) >= limit:
                break
        return out[:limit]
    if (isinstance(recorded, list) and isinstance(computed, list)
            and len(recorded) == len(computed)):
        out = []
        for index, (a, b) in enumerate(zip(recorded, computed, strict=True)):
            if a != b:
                out.extend(_differences(a, b, f"{path}[{index}]", limit))
            if len(out) >= limit:
                break
        return out[:limit]
    return [path]
