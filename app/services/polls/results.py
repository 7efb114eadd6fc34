"""View-model of a counted poll for the chair's result page and the projector.

``poll.result`` holds ``ballots.counting.result_to_dict(...)``; this module turns it into
display rows (labels, exact thresholds as text, bar widths for server-rendered SVG) so the
templates only print. Bar widths are integers in 0..1000 (the SVG viewBox), relative to the
largest candidate total, so no style attribute is ever needed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from babel.numbers import get_decimal_symbol
from flask_babel import gettext as _
from flask_babel import pgettext

from app.enums import PollState
from app.i18n import preset_title
from app.models import Poll
from app.services.elections.round_declines import RoundAfterDeclines, round_after_declines
from app.services.polls.manage import get_poll
from app.services.protocol.audit import close_head
from ballots.errors import RulesError
from ballots.rules import apply_overrides, load_preset

__all__ = ["Bar", "CandidateRow", "ChannelRow", "ResultView", "SeatRow", "channel_rows",
           "format_needed", "needed_comparison", "result_view"]

BAR_SCALE = 1000


@dataclass(frozen=True, slots=True)
class Bar:
    kind: str  # yes / no / abstain (the CSS class)
    label: str
    value: int
    width: int
    y: int


@dataclass(frozen=True, slots=True)
class CandidateRow:
    id: str
    name: str
    group: str
    yes: int
    no: int
    abstain: int
    needed: str
    met: bool
    outcome: str
    outcome_label: str
    reason: str
    bars: tuple[Bar, ...]
    seat: int | None = None


@dataclass(frozen=True, slots=True)
class SeatRow:
    number: int
    label: str
    holder: str
    status: str
    reason: str


@dataclass(frozen=True, slots=True)
class ChannelRow:
    """One way of voting in a poll with phones and paper: its ballots and, per candidate
    (or the motion), its own Ja / Nein / Enthaltung."""

    channel: str
    label: str
    issued: int
    cast: int
    invalid: int
    valid: int
    candidates: tuple[tuple[str, int, int, int], ...]


def channel_rows(result: dict[str, Any]) -> tuple[ChannelRow, ...]:
    """The result's channels for display (empty unless phones and paper were both used)."""
    labels = {"phone": _("Telefon"), "paper": _("Papier")}
    names = {str(c["id"]): str(c["name"]) for c in result.get("candidates", [])}
    return tuple(
        ChannelRow(channel=str(ch["channel"]),
                   label=labels.get(str(ch["channel"]), str(ch["channel"])),
                   issued=int(ch["issued"]), cast=int(ch["cast"]), invalid=int(ch["invalid"]),
                   valid=int(ch["valid"]),
                   candidates=tuple((names.get(str(c["id"]), str(c["id"])), int(c["yes"]),
                                     int(c["no"]), int(c["abstain"]))
                                    for c in ch.get("candidates", [])))
        for ch in result.get("channels") or [])


@dataclass(frozen=True, slots=True)
class ResultView:
    poll_id: int
    public_id: str
    title: str
    kind: str
    status: str
    status_text: str
    rules: str
    threshold_label: str
    round_number: int
    present_at_open: int | None
    issued: int
    cast: int
    invalid: int
    valid: int
    grounds: tuple[tuple[str, int], ...]
    candidates: tuple[CandidateRow, ...]
    seats: tuple[SeatRow, ...]
    substitutes: tuple[tuple[str, tuple[str, ...]], ...]
    ties: tuple[str, ...]
    #: the audit chain's head after the close, to read aloud (``ballots.audit.head_code``)
    close_head: str | None = None
    #: phones and paper separately, for a poll that had both
    channels: tuple[ChannelRow, ...] = ()


def _labels() -> dict[str, str]:
    return {
        "simple": _("einfache Mehrheit (mehr Ja als Nein)"),
        "absolute": _("absolute Mehrheit"),
        "ja_gt_nein": _("mehr Ja als Nein"),
        "relative": _("relative Mehrheit"),
        "quorum": _("Mindestquorum"),
    }


def _outcomes() -> dict[str, str]:
    return {
        "elected": _("gewählt"),
        "substitute": _("Ersatz"),
        "not_elected": _("nicht gewählt"),
        "tied": _("Stimmengleichheit"),
        "accepted": _("angenommen"),
        "rejected": _("abgelehnt"),
        "void": pgettext("poll state", "ungültig"),
    }


def _qualified_label(contest: dict[str, Any]) -> str:
    """A qualified majority by its own name, as the preset calls it ("Zweidrittelmehrheit",
    "Dreiviertelmehrheit"), the share otherwise; the share comes from the poll's rules, an
    assembly's override included."""
    spec = contest.get("rules") or {}
    try:
        rules = apply_overrides(load_preset(str(spec.get("preset", ""))),
                                spec.get("overrides") or {})
    except RulesError:
        return _("qualifizierte Mehrheit")
    share = rules.majority_fraction
    named = {Fraction(2, 3): _("Zweidrittelmehrheit"), Fraction(3, 4): _("Dreiviertelmehrheit")}
    return named.get(share) or _("qualifizierte Mehrheit (%(share)s)",
                                 share=f"{share.numerator}/{share.denominator}")


def _threshold_label(threshold: str, contest: dict[str, Any]) -> str:
    if threshold == "qualified":
        return _qualified_label(contest)
    return _labels().get(threshold, threshold)


# Thresholds a count must reach (≥); every other kind must be exceeded (>).
_REACH = frozenset({"quorum", "qualified"})


def needed_comparison(value: str, threshold: str | None) -> str:
    """How a count meets its bound ``value``: ``"reach"`` (≥: two thirds, a quorum) or
    ``"exceed"`` (>: Ja > Nein, more than half). A bound of 0 is always exceeded: reaching a
    share of nothing also takes at least one Ja (ballots.counting)."""
    return "reach" if threshold in _REACH and Fraction(value) != 0 else "exceed"


def format_needed(value: str | None, threshold: str | None = None, *, lang: str = "de") -> str:
    """The bound with its comparison, exact: ``"> 1"``, ``"> 12,5"`` (English ``"> 12.5"``),
    ``"≥ 13 1/3"``.

    ``needed`` alone is ambiguous (Ja > Nein needs more than Nein, two thirds needs at least
    two thirds), so the threshold kind from the result decides the sign
    (:func:`needed_comparison`; "> 0" where there was nothing to count).
    """
    if value is None:
        return ""
    frac = Fraction(value)
    whole, rest = divmod(frac, 1)
    if rest == 0:
        number = str(whole)
    elif rest.denominator == 2:
        number = f"{whole}{get_decimal_symbol(lang)}5"
    else:
        number = f"{whole} {rest.numerator}/{rest.denominator}" if whole else str(rest)
    return f"{'≥' if needed_comparison(value, threshold) == 'reach' else '>'} {number}"


def tie_resolution_word(resolution: str) -> str:
    """How a tie is settled, in the reader's words (never the code "runoff" / "lot")."""
    words = {"lot": _("durch Los entschieden"), "runoff": _("Stichwahl"),
             "pending": _("noch nicht entschieden")}
    return words.get(resolution, resolution)


def _bars(cand: dict[str, Any], scale: int) -> tuple[Bar, ...]:
    out = []
    for index, (kind, label) in enumerate(
        (("yes", _("Ja")), ("no", _("Nein")), ("abstain", _("Enthaltung")))
    ):
        value = int(cand[kind])
        width = (BAR_SCALE * value + scale // 2) // scale if scale else 0
        out.append(Bar(kind, label, value, width, index * 30))
    return tuple(out)


def _candidate(cand: dict[str, Any], scale: int, lang: str) -> CandidateRow:
    outcome = str(cand["outcome"])
    label = _outcomes().get(outcome, outcome)
    if outcome == "substitute" and cand.get("substitute_rank"):
        label = _("Ersatz (Platz %(n)d)", n=cand["substitute_rank"])
    if outcome == "elected" and cand.get("seat"):
        label = _("gewählt (Sitz %(n)d)", n=cand["seat"])
    return CandidateRow(
        id=str(cand["id"]),
        name=str(cand["name"]),
        group=str(cand.get("group") or ""),
        yes=int(cand["yes"]),
        no=int(cand["no"]),
        abstain=int(cand["abstain"]),
        needed=format_needed(cand.get("needed"), cand.get("threshold"), lang=lang),
        met=bool(cand["met"]),
        outcome=outcome,
        outcome_label=label,
        reason=str(cand.get(f"reason_{lang}") or cand.get("reason_de") or ""),
        bars=_bars(cand, scale),
        seat=int(cand["seat"]) if cand.get("seat") else None,
    )


def _after_declines(view: ResultView, after: RoundAfterDeclines | None) -> ResultView:
    """The view as the declines left the round: a declining candidate's row says so, a seat
    names who holds it now and what happened, the substitute lists drop who moved up."""
    if after is None:
        return view
    names = {c.id: c.name for c in view.candidates}
    candidates = tuple(
        replace(c, outcome_label=_("gewählt (%(seat)s)", seat=after.labels[c.seat]))
        if c.outcome == "elected" and c.seat in after.labels else c for c in view.candidates)
    candidates = tuple(
        replace(c, outcome_label=f"{c.outcome_label} – {after.notes[c.id]}")
        if c.id in after.notes else c for c in candidates)
    seats = tuple(replace(s, label=after.labels.get(s.number, s.label)) for s in view.seats)
    seats = tuple(
        replace(s, holder=after.seats[s.number][0], reason=after.seats[s.number][1],
                status=s.status if after.seats[s.number][0] else "vacant")
        if s.number in after.seats else s for s in seats)
    subs = tuple((name, tuple(names.get(cid, cid) for cid in ids))
                 for name, ids in after.substitutes.items())
    return replace(view, candidates=candidates, seats=seats, substitutes=subs)


def result_view(conference_id: int, poll_id: int, *, lang: str = "de") -> ResultView | None:
    """The display form of a closed poll's result, after the declines recorded since; None
    while there is none."""
    poll = get_poll(conference_id, poll_id)
    view = _counted_view(poll, lang)
    return None if view is None else _after_declines(view, round_after_declines(poll))


def _counted_view(poll: Poll, lang: str) -> ResultView | None:
    """The display form of the round's count as stored."""
    result = poll.result
    if result is None or poll.state not in (PollState.CLOSED, PollState.VOID):
        return None
    lang = "en" if lang == "en" else "de"
    cands = result.get("candidates", [])
    scale = max((int(c["yes"]) + int(c["no"]) + int(c["abstain"]) for c in cands), default=0)
    names = {str(c["id"]): str(c["name"]) for c in cands}
    ballots = result.get("ballots", {})
    return ResultView(
        poll_id=poll.id,
        public_id=poll.public_id,
        title=poll.title,
        kind=str(result.get("kind", poll.kind)),
        status=str(result.get("decision") or result.get("status") or ""),
        status_text=str(result.get(f"status_{lang}") or result.get("status_de") or ""),
        rules=preset_title(str(result.get("rules", ""))),
        threshold_label=_threshold_label(str(result.get("threshold")), poll.contest or {}),
        round_number=int(result.get("round", {}).get("number", 1)),
        present_at_open=poll.present_at_open,
        issued=int(ballots.get("issued", 0)),
        cast=int(ballots.get("cast", 0)),
        invalid=int(ballots.get("invalid", 0)),
        valid=int(ballots.get("valid", 0)),
        grounds=tuple(
            (str(g.get(lang) or g.get("de")), int(g["count"]))
            for g in ballots.get("invalid_grounds", [])
        ),
        candidates=tuple(_candidate(c, scale, lang) for c in cands),
        seats=tuple(
            SeatRow(
                number=int(s["number"]),
                label=str(s.get(f"label_{lang}") or s.get("label_de") or ""),
                holder=names.get(str(s.get("candidate")), "") if s.get("candidate") else "",
                status=str(s["status"]),
                reason=str(s.get(f"reason_{lang}") or s.get("reason_de") or ""),
            )
            for s in result.get("seats", [])
        ),
        substitutes=tuple(
            (str(listname), tuple(names.get(str(cid), str(cid)) for cid in ids))
            for listname, ids in (result.get("substitutes") or {}).items()
        ),
        ties=tuple(
            _("Stimmengleichheit (%(votes)d Stimmen): %(names)s – %(res)s",
              votes=int(t["votes"]), names=", ".join(names.get(c, c) for c in t["candidates"]),
              res=tie_resolution_word(str(t["resolution"])))
            for t in result.get("ties", [])
        ),
        close_head=close_head(poll.conference_id, poll.public_id),
        channels=channel_rows(result),
    )
