"""Paper: a round counted by hand, or paper ballots beside the phones of one poll; the totals
are entered by the election commission.

The totals are checked (cast ≤ issued ≤ present, invalid = sum of grounds, Ja+Nein+Enthaltung
= valid for every candidate) with German messages, then decided by the same counting code
(``ballots.counting.totals``) as electronic ballots. The poll is closed here — a paper poll
never goes through ``close_poll`` — and the audit chain gets ``poll_closed`` and ``result``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from flask_babel import gettext as _

from app.enums import PollState
from app.extensions import db
from app.models import PaperTotals, Poll
from app.models.base import utcnow
from app.services.protocol.audit import append_event
from app.services.scope import conference_poll
from app.services.voting.issued import issued_counts
from ballots import audit as chain
from ballots.contest import Contest, contest_from_dict, nein_allowed
from ballots.counting.totals import paper_totals_from_dict
from ballots.errors import BallotError

__all__ = ["PaperEntry", "PaperTotalsError", "check_paper_entry", "enter_paper_beside_phones",
           "enter_paper_form", "enter_paper_totals", "paper_beside_phones",
           "paper_entry_from_form", "paper_result", "paper_yes_no"]

#: Rows for reasons of invalidity on the round page's form (``ground<i>``, ``ground<i>-count``).
GROUND_ROWS = 3


class PaperTotalsError(ValueError):
    """The entered totals do not add up; ``problems`` lists every one (German)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass(slots=True)
class PaperEntry:
    """What the commission's sheet says. ``counts`` maps contest candidate id to
    ``{"Y": n, "N": n, "A": n}`` (Ja/Nein/Enthaltung) or ``{"votes": n}`` for other forms."""

    issued: int
    cast: int
    invalid: int
    grounds: dict[str, int] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    blank: int = 0
    entered_by: str = ""


def _name(contest: Contest, cid: str) -> str:
    try:
        return contest.candidate(cid).name
    except KeyError:
        return cid


def check_paper_entry(contest: Contest, entry: PaperEntry, *, present: int | None) -> list[str]:
    """Every inconsistency of ``entry`` as a sentence a chair understands (empty: all good)."""
    problems: list[str] = []
    if entry.issued < 0:
        problems.append(_("Die Zahl der ausgegebenen Stimmzettel darf nicht negativ sein."))
    if entry.cast < 0:
        problems.append(_("Die Zahl der abgegebenen Stimmzettel darf nicht negativ sein."))
    if entry.invalid < 0:
        problems.append(_("Die Zahl der ungültigen Stimmzettel darf nicht negativ sein."))
    if entry.blank < 0:
        problems.append(_("Die Zahl der leeren Stimmzettel darf nicht negativ sein."))
    if entry.cast > entry.issued:
        problems.append(_("Es wurden %(cast)d Stimmzettel abgegeben, aber nur %(issued)d "
                          "ausgegeben.", cast=entry.cast, issued=entry.issued))
    if present is not None and entry.issued > present:
        problems.append(_("Es wurden %(issued)d Stimmzettel ausgegeben, aber nur %(present)d "
                          "Stimmberechtigte waren anwesend.",
                          issued=entry.issued, present=present))
    if entry.invalid > entry.cast:
        problems.append(_("%(invalid)d ungültige Stimmzettel sind mehr als die %(cast)d "
                          "abgegebenen.", invalid=entry.invalid, cast=entry.cast))
    grounds_sum = sum(entry.grounds.values())
    if any(n < 0 for n in entry.grounds.values()):
        problems.append(_("Die Zahl je Ungültigkeitsgrund darf nicht negativ sein."))
    if grounds_sum != entry.invalid:
        problems.append(_("Die Gründe für Ungültigkeit ergeben zusammen %(sum)d, eingetragen "
                          "sind %(invalid)d ungültige Stimmzettel.",
                          sum=grounds_sum, invalid=entry.invalid))
    valid = entry.cast - entry.invalid
    per_candidate = contest.kind == "motion" or contest.rules.ballot_form == "yes_no_abstain"
    missing = [cid for cid in contest.ids if cid not in entry.counts]
    for cid in missing:
        problems.append(_("Für %(name)s fehlen die Zahlen.", name=_name(contest, cid)))
    for cid in sorted(set(entry.counts) - set(contest.ids)):
        problems.append(_("%(id)s kandidiert in diesem Wahlgang nicht.", id=cid))
    seats = contest.seats
    total_yes = 0
    for cid in contest.ids:
        row = entry.counts.get(cid)
        if row is None:
            continue
        name = _name(contest, cid)
        if any(v < 0 for v in row.values()):
            problems.append(_("%(name)s: Zahlen dürfen nicht negativ sein.", name=name))
            continue
        if per_candidate:
            y, n, a = row.get("Y", 0), row.get("N", 0), row.get("A", 0)
            total_yes += y
            if y + n + a != valid:
                problems.append(_("%(name)s: Ja + Nein + Enthaltung = %(sum)d, es gibt aber "
                                  "%(valid)d gültige Stimmzettel.",
                                  name=name, sum=y + n + a, valid=valid))
            if n and not nein_allowed(contest):
                problems.append(_("%(name)s: Nein-Stimmen sind in diesem Wahlgang nicht "
                                  "zulässig (mehr Kandidierende als Sitze); solche Stimmzettel "
                                  "sind ungültig oder Enthaltungen.", name=name))
        else:
            votes = row.get("votes", 0)
            total_yes += votes
            if votes > valid * contest.rules.cumulative_votes:
                problems.append(_("%(name)s: %(votes)d Stimmen bei nur %(valid)d gültigen "
                                  "Stimmzetteln.", name=name, votes=votes, valid=valid))
    max_marks = contest.rules.max_marks or seats
    if contest.kind != "motion" and total_yes > valid * max_marks * contest.rules.cumulative_votes:
        problems.append(_("Zusammen %(total)d Ja-Stimmen/Stimmen sind mehr, als %(valid)d "
                          "gültige Stimmzettel mit höchstens %(max)d Stimmen tragen können.",
                          total=total_yes, valid=valid, max=max_marks))
    if entry.blank > valid:
        problems.append(_("%(blank)d leere Stimmzettel sind mehr als die %(valid)d gültigen.",
                          blank=entry.blank, valid=valid))
    return problems


def paper_yes_no(poll: Poll) -> bool:
    """Whether the commission's sheet has Ja/Nein/Enthaltung per candidate (motions and
    Ja/Nein/Enthaltung ballots) rather than one number of votes per candidate (approval,
    cumulative and the like): the round page's form asks for what the sheet holds."""
    contest = contest_from_dict(poll.contest)
    return contest.kind == "motion" or contest.rules.ballot_form == "yes_no_abstain"


def _sheet(entry: PaperEntry, contest: Contest) -> dict[str, Any]:
    """The sheet in the ``paper_totals`` dict form of ``ballots.counting.totals``."""
    per_candidate = contest.kind == "motion" or contest.rules.ballot_form == "yes_no_abstain"
    return {
        "issued": entry.issued, "cast": entry.cast,
        "invalid": {k: v for k, v in entry.grounds.items() if v},
        "blank": entry.blank,
        "candidates": {
            cid: ({k: row.get(k, 0) for k in ("Y", "N", "A")} if per_candidate
                  else {"votes": row.get("votes", 0)})
            for cid, row in entry.counts.items()
        },
    }


def paper_result(contest: Contest, sheet: dict[str, Any], *, lot: Any = None) -> dict[str, Any]:
    """The result dict of a paper sheet under the contest's rules (same deciding code)."""
    from ballots.counting import result_to_dict, tally_totals
    from ballots.counting.totals import paper_totals_from_dict

    totals = paper_totals_from_dict(contest, sheet)
    return result_to_dict(tally_totals(contest, totals, lot=lot))


def enter_paper_totals(poll_id: int, entry: PaperEntry) -> Poll:
    """Check and store the sheet, count it, close the poll and record it in the audit chain.

    The poll must be a paper poll that is open (opened with ``open_poll``, which snapshots
    presence). Bad input changes nothing."""
    poll = db.session.get(Poll, poll_id)
    if poll is None:
        raise PaperTotalsError([_("Diese Abstimmung gibt es nicht.")])
    if not poll.paper:
        return enter_paper_beside_phones(poll, entry)
    if poll.state != PollState.OPEN.value:
        raise PaperTotalsError([_("Papierergebnisse können nur für eine geöffnete "
                                  "Papierabstimmung eingetragen werden.")])
    contest = contest_from_dict(poll.contest)
    problems = check_paper_entry(contest, entry, present=poll.present_at_open)
    if problems:
        raise PaperTotalsError(problems)
    sheet = _sheet(entry, contest)
    try:
        result = paper_result(contest, sheet)
    except BallotError as exc:
        problem = _("Die Zahlen passen nicht zusammen: %(error)s", error=exc)
        raise PaperTotalsError([problem]) from exc
    db.session.add(PaperTotals(
        poll_id=poll.id, issued=entry.issued, cast=entry.cast, invalid=entry.invalid,
        grounds=dict(entry.grounds), counts=sheet["candidates"], blank=entry.blank,
        entered_by=entry.entered_by.strip()))
    poll.state = PollState.CLOSED.value
    poll.closed_at = utcnow()
    poll.private_key_pem = None
    poll.result = result
    append_event(poll.conference_id, "poll_closed", chain.poll_closed_data(
        poll=poll.public_id, issued=entry.issued, cast=entry.cast))
    append_event(poll.conference_id, "result", chain.result_data(
        poll=poll.public_id, result=result, lot=None))
    db.session.commit()
    return poll


def enter_paper_beside_phones(poll: Poll, entry: PaperEntry) -> Poll:
    """Store the commission's count of the paper ballots handed out beside the phones; the
    close adds it to the phones' ballots (``lifecycle.close_poll``). The number issued is the
    desk's record, not the sheet's; entering again before the close replaces the count."""
    if poll.state != PollState.OPEN.value:
        raise PaperTotalsError([_("Papierstimmzettel können nur erfasst werden, solange die "
                                  "Abstimmung offen ist.")])
    issued = issued_counts(poll.id).paper
    if not issued:
        raise PaperTotalsError([_("Für diese Abstimmung hat die Mandatsprüfung keinen "
                                  "Papierstimmzettel ausgegeben.")])
    contest = contest_from_dict(poll.contest)
    if contest.kind != "motion" and contest.rules.ballot_form == "ranked":
        raise PaperTotalsError([_("Rangfolge-Stimmzettel lassen sich nicht als Summen "
                                  "erfassen.")])
    entry = replace(entry, issued=issued)
    problems = check_paper_entry(contest, entry, present=None)
    if problems:
        raise PaperTotalsError(problems)
    sheet = _sheet(entry, contest)
    try:
        paper_totals_from_dict(contest, sheet)
    except BallotError as exc:
        problem = _("Die Zahlen passen nicht zusammen: %(error)s", error=exc)
        raise PaperTotalsError([problem]) from exc
    earlier = db.session.get(PaperTotals, poll.id)
    if earlier is not None:
        db.session.delete(earlier)
        db.session.flush()
    db.session.add(PaperTotals(
        poll_id=poll.id, issued=issued, cast=entry.cast, invalid=entry.invalid,
        grounds=dict(entry.grounds), counts=sheet["candidates"], blank=entry.blank,
        entered_by=entry.entered_by.strip()))
    db.session.commit()
    return poll


def paper_beside_phones(poll: Poll) -> dict[str, Any] | None:
    """What the round page shows of the paper ballots beside the phones of an open poll:
    handed out, replacing lost credentials, and the count entered so far (None: no paper)."""
    if poll.paper or poll.state != PollState.OPEN.value:
        return None
    count = issued_counts(poll.id)
    if not count.paper:
        return None
    entered = db.session.get(PaperTotals, poll.id)
    return {"issued": count.paper, "replacing": count.replacing,
            "entered": None if entered is None else {
                "cast": entered.cast, "invalid": entered.invalid,
                "entered_by": entered.entered_by, "counts": dict(entered.counts or {}),
                # the form's ground rows, filled with what was entered (to correct it)
                "grounds": (list((entered.grounds or {}).items()) + [("", 0)] * GROUND_ROWS)
                [:GROUND_ROWS]}}


class _FormReader:
    """Reads whole numbers from the round page's form, collecting a sentence per bad field that
    names the field as the page labels it (never the internal field name)."""

    def __init__(self, form: Mapping[str, str]) -> None:
        self.form = form
        self.problems: list[str] = []

    def number(self, name: str, label: str) -> int:
        raw = (self.form.get(name) or "").strip() or "0"
        if raw.isascii() and raw.isdigit():
            return int(raw)
        self.problems.append(_("„%(value)s“ bei „%(field)s“: bitte eine ganze Zahl ab 0 "
                               "eintragen.", value=raw, field=label))
        return 0


def paper_entry_from_form(contest: Contest, form: Mapping[str, str]) -> PaperEntry:
    """The commission's sheet as the round page posts it: ``issued``, ``cast``, ``invalid``,
    ``ground<i>``/``ground<i>-count`` and per candidate ``<id>-Y/N/A`` (or ``<id>-votes``).

    An empty field counts as 0; anything but a whole number from 0 up is refused, every bad
    field at once (:class:`PaperTotalsError`)."""
    read = _FormReader(form)
    issued = read.number("issued", _("ausgegebene Stimmzettel"))
    cast = read.number("cast", _("abgegebene Stimmzettel"))
    invalid = read.number("invalid", _("ungültige Stimmzettel"))
    grounds: dict[str, int] = {}
    for i in range(GROUND_ROWS):
        label = (form.get(f"ground{i}") or "").strip()
        if label:
            grounds[label] = read.number(f"ground{i}-count",
                                         _("Anzahl zum Ungültigkeitsgrund %(n)d", n=i + 1))
    columns = {"Y": _("Ja"), "N": _("Nein"), "A": _("Enthaltung")}
    counts: dict[str, dict[str, int]] = {}
    for cid in contest.ids:
        name = _name(contest, cid)
        if form.get(f"{cid}-votes") is not None:
            counts[cid] = {"votes": read.number(f"{cid}-votes", f"{name}: {_('Stimmen')}")}
        else:
            counts[cid] = {key: read.number(f"{cid}-{key}", f"{name}: {word}")
                           for key, word in columns.items()}
    if read.problems:
        raise PaperTotalsError(read.problems)
    return PaperEntry(issued=issued, cast=cast, invalid=invalid, grounds=grounds, counts=counts,
                      entered_by=form.get("entered_by", ""))


def enter_paper_form(conference_id: int, poll_id: int, form: Mapping[str, str]) -> Poll:
    """Read the round page's form (:func:`paper_entry_from_form`) and enter it
    (:func:`enter_paper_totals`); a poll of another conference (or none) is NotFound, as for
    every chair action (app/services/scope.py)."""
    poll = conference_poll(poll_id, conference_id)
    entry = paper_entry_from_form(contest_from_dict(poll.contest), form)
    return enter_paper_totals(poll.id, entry)
