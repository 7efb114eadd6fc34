"""Checks of the paper ballots cast beside the phones in one poll.

Who got a paper ballot is listed with the issuances (``issuances.paper``: delegate refs, never
a ballot number); the commission's totals come with the ballots (``ballots.paper``) and the
closing records both channels' numbers (``poll_closed.paper_issued`` / ``paper_cast``). A
delegate is in one channel or the other, never both; neither channel casts more ballots than
it issued; and the recount adds exactly these totals to the phones' ballots.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ballots.audit.report import ReportBuilder
from ballots.contest import Contest
from ballots.counting import PaperTotals, paper_totals_from_dict
from ballots.errors import BallotError

if TYPE_CHECKING:
    from ballots.audit.verify_poll import PollRecord

__all__ = ["PaperIssues", "check_paper_counts", "check_paper_issues", "load_paper_sheet"]


@dataclass(frozen=True, slots=True)
class PaperIssues:
    """Paper ballots handed out in a poll, and how many of them replace a lost credential."""

    issued: int
    replacing: int


def check_paper_issues(record: PollRecord, rb: ReportBuilder) -> PaperIssues | None:
    """Who got a paper ballot beside the credentials (None: nobody); the list must be sorted,
    without repeats, and name nobody who also got a credential — except a replacement for a
    credential lost with its browser, which must say so and whose credential must be listed."""
    event = record.issuances
    if event is None or "paper" not in event.data:
        return None
    poll, seq = record.poll_id, event.seq
    items: list[Mapping[str, Any]] = event.data["paper"]
    refs = [str(item["delegate"]) for item in items]
    replaced = {str(item["delegate"]) for item in items if item.get("replaces_credential")}
    if refs == sorted(set(refs)):
        rb.ok("issuance.paper", f"{len(refs)} Papierstimmzettel ausgegeben",
              f"{len(refs)} paper ballots issued", seq=seq, poll=poll)
    else:
        rb.fail("issuance.paper", "Personen-Referenzen der Papierstimmzettel doppelt oder "
                "nicht sortiert", "paper ballot delegate references repeat or are not sorted",
                seq=seq, poll=poll)
    credentials = {str(item["delegate"]) for item in event.data["issuances"]}
    both = sorted((set(refs) & credentials) - replaced)
    orphans = sorted(replaced - credentials)
    if both:
        rb.fail("issuance.channel", f"Berechtigung und Papierstimmzettel für {', '.join(both)}",
                f"both a credential and a paper ballot for {', '.join(both)}",
                seq=seq, poll=poll)
    elif orphans:
        rb.fail("issuance.channel", f"Ersatz ohne ausgegebene Berechtigung für "
                f"{', '.join(orphans)}", f"replacement without an issued credential for "
                f"{', '.join(orphans)}", seq=seq, poll=poll)
    elif replaced:
        n = len(replaced)
        rb.ok("issuance.channel", f"{n} Papierstimmzettel ersetzen verlorene Berechtigungen: "
              f"höchstens {n} Stimmen könnten doppelt sein",
              f"{n} paper ballots replace lost credentials: at most {n} votes could be double",
              seq=seq, poll=poll)
    else:
        rb.ok("issuance.channel", "niemand hat Berechtigung und Papierstimmzettel",
              "nobody got both a credential and a paper ballot", seq=seq, poll=poll)
    return PaperIssues(len(refs), len(replaced))


def load_paper_sheet(record: PollRecord, contest: Contest | None,
                     rb: ReportBuilder) -> PaperTotals | None:
    """The commission's totals of the paper ballots as the file gives them (None: none)."""
    event = record.ballots
    if event is None or "paper" not in event.data:
        return None
    poll, seq = record.poll_id, event.seq
    if contest is None:
        rb.fail("paper.sheet", "ohne lesbare Regeln nicht prüfbar",
                "cannot be checked without readable rules", seq=seq, poll=poll)
        return None
    try:
        sheet = paper_totals_from_dict(contest, event.data["paper"], path="ballots.paper")
    except BallotError as exc:
        rb.fail("paper.sheet", f"Zählliste nicht lesbar: {exc}", f"sheet unreadable: {exc}",
                seq=seq, poll=poll)
        return None
    invalid = sum(n for _code, n in sheet.invalid)
    rb.ok("paper.sheet", f"Zählliste: {sheet.cast} Papierstimmzettel abgegeben, {invalid} "
          "ungültig", f"sheet: {sheet.cast} paper ballots cast, {invalid} invalid",
          seq=seq, poll=poll)
    return sheet


def check_paper_counts(record: PollRecord, rb: ReportBuilder, *,
                       paper_issues: PaperIssues | None, sheet: PaperTotals | None,
                       phone: tuple[int | None, int | None] = (None, None)) -> None:
    """Paper cast ≤ paper issued, the sheet's issued = the list of paper ballots, every paper
    ballot issued is accounted for by a sheet, the closing recorded the same numbers — and all
    ballots cast ≤ the people who got one (``phone`` = credentials issued, phone ballots cast):
    more would prove that replaced credentials were used as well."""
    poll = record.poll_id
    paper_issued = None if paper_issues is None else paper_issues.issued
    closed = record.closed.data if record.closed is not None else {}
    closed_seq = record.closed.seq if record.closed is not None else None
    if paper_issued is None and sheet is None:
        if closed.get("paper_issued"):
            rb.fail("counts.paper_recorded", f"verbucht {closed['paper_issued']} "
                    "Papierstimmzettel, die Datei nennt keine",
                    f"recorded {closed['paper_issued']} paper ballots, the file lists none",
                    seq=closed_seq, poll=poll)
        return
    seq = record.ballots.seq if record.ballots is not None else closed_seq
    issued = paper_issued or 0
    if sheet is None:
        if record.ballots is not None:
            rb.fail("counts.paper_entered", f"{issued} Papierstimmzettel ausgegeben, aber keine "
                    "Zählliste", f"{issued} paper ballots issued but no sheet", seq=seq, poll=poll)
        return
    if sheet.issued == issued:
        rb.ok("counts.paper_issued", f"Zählliste nennt {issued} ausgegeben, wie die Liste",
              f"the sheet gives {issued} issued, as the list", seq=seq, poll=poll)
    else:
        rb.fail("counts.paper_issued", f"Zählliste nennt {sheet.issued} ausgegeben, die Liste "
                f"{issued}", f"the sheet gives {sheet.issued} issued, the list {issued}",
                seq=seq, poll=poll)
    if sheet.cast <= issued:
        rb.ok("counts.paper_le_issued", f"{sheet.cast} ≤ {issued}", f"{sheet.cast} ≤ {issued}",
              seq=seq, poll=poll)
    else:
        rb.fail("counts.paper_le_issued", f"{sheet.cast} Papierstimmzettel abgegeben, aber nur "
                f"{issued} ausgegeben", f"{sheet.cast} paper ballots cast but only {issued} "
                "issued", seq=seq, poll=poll)
    _check_people(record, rb, paper_issues, sheet, phone)
    if record.closed is None:
        return
    recorded = (closed.get("paper_issued"), closed.get("paper_cast"))
    if recorded == (issued, sheet.cast):
        rb.ok("counts.paper_recorded", f"Papier: {issued} ausgegeben, {sheet.cast} abgegeben",
              f"paper: {issued} issued, {sheet.cast} cast", seq=closed_seq, poll=poll)
    else:
        rb.fail("counts.paper_recorded", f"verbucht Papier {recorded[0]} ausgegeben / "
                f"{recorded[1]} abgegeben, in der Datei {issued} / {sheet.cast}",
                f"recorded paper {recorded[0]} issued / {recorded[1]} cast, the file holds "
                f"{issued} / {sheet.cast}", seq=closed_seq, poll=poll)


def _check_people(record: PollRecord, rb: ReportBuilder, paper_issues: PaperIssues | None,
                  sheet: PaperTotals, phone: tuple[int | None, int | None]) -> None:
    """Ballots cast in both channels ≤ people who got one (a replaced credential's holder
    counts once). The excess, if any, is the least number of votes cast twice."""
    issued, cast = phone
    if issued is None or cast is None or paper_issues is None:
        return
    people = issued + paper_issues.issued - paper_issues.replacing
    both = cast + sheet.cast
    seq = record.ballots.seq if record.ballots is not None else None
    if both <= people:
        rb.ok("counts.cast_le_people", f"{both} ≤ {people}", f"{both} ≤ {people}",
              seq=seq, poll=record.poll_id)
    else:
        rb.fail("counts.cast_le_people", f"{both} Stimmzettel von {people} Personen: mindestens "
                f"{both - people} Stimmen doppelt (ersetzte Berechtigungen wurden benutzt)",
                f"{both} ballots from {people} people: at least {both - people} votes cast "
                "twice (replaced credentials were used)", seq=seq, poll=record.poll_id)
