"""The public bulletin board: polls, their live counts, and after close every ballot.

Everything here is public by design (no login): the counts ballots ≤ credentials issued ≤
present at open are what catches a key holder minting ballots, and the ballot list lets every
delegate find their tracker code. Draft polls are not shown.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app.enums import PollState
from app.extensions import db
from app.models import Ballot as BallotRow
from app.models import Conference, Poll
from app.services.polls.results import ChannelRow, channel_rows
from app.services.protocol.audit import close_head
from app.services.scope import conference_by_id
from app.services.voting.ballot_box import cast_count
from app.services.voting.issued import issued_counts
from ballots.contest import contest_from_dict
from ballots.credential import normalize_tracker
from ballots.errors import CryptoError
from ballots.marks import validity

__all__ = [
    "BallotLine",
    "PollCounts",
    "PollPage",
    "PublicPollError",
    "ResultRow",
    "ResultSummary",
    "conference_polls",
    "conferences",
    "describe_ballot",
    "poll_counts",
    "poll_page",
    "published_js",
    "result_summary",
]

#: the JavaScript that handles secrets on the phone; its hashes are published
PHONE_JS = ("rsabssa.js", "phone.js", "ballot_form.js", "api.js", "store.js", "cast.js",
            "credential.js", "poll_view.js", "booth.js")
_VISIBLE = (PollState.OPEN.value, PollState.CLOSED.value, PollState.VOID.value)


class PublicPollError(ValueError):
    """Unknown or not (yet) public poll."""


@dataclass(frozen=True, slots=True)
class PollCounts:
    public_id: str
    title: str
    kind: str
    state: str
    present_at_open: int | None
    issued: int
    cast: int
    key_fingerprint: str | None
    #: the audit chain's head after the close (``ballots.audit.head_code``); not in the JSON
    close_head: str | None = None
    #: paper ballots the desk handed out beside the phones (``issued`` counts credentials)
    paper_issued: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"public_id": self.public_id, "title": self.title, "kind": self.kind,
                "state": self.state, "present_at_open": self.present_at_open,
                "issued": self.issued, "cast": self.cast, "paper_issued": self.paper_issued,
                "key_fingerprint": self.key_fingerprint}


@dataclass(frozen=True, slots=True)
class BallotLine:
    tracker: str
    choices: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PollPage:
    conference_id: int
    conference_title: str
    counts: PollCounts
    ballots: tuple[BallotLine, ...]
    searched: str | None
    found: bool | None
    search_error: str | None
    result: dict[str, Any] | None


def conferences() -> list[Conference]:
    return list(db.session.scalars(sa.select(Conference).order_by(Conference.id.desc())))


def _counts(poll: Poll) -> PollCounts:
    handed_out = issued_counts(poll.id)
    cast = cast_count(poll)
    return PollCounts(public_id=poll.public_id, title=poll.title, kind=poll.kind,
                      state=poll.state, present_at_open=poll.present_at_open,
                      issued=handed_out.credentials, cast=int(cast or 0),
                      paper_issued=handed_out.paper,
                      key_fingerprint=poll.key_fingerprint,
                      close_head=None if poll.state == PollState.OPEN.value
                      else close_head(poll.conference_id, poll.public_id))


def _public_poll(public_id: str) -> Poll:
    poll = db.session.scalar(
        sa.select(Poll).where(Poll.public_id == public_id, Poll.state.in_(_VISIBLE))
    )
    if poll is None:
        raise PublicPollError(_("Diese Abstimmung gibt es nicht oder sie ist noch nicht "
                                "geöffnet."))
    return poll


def poll_counts(public_id: str) -> PollCounts:
    return _counts(_public_poll(public_id))


def conference_polls(conference_id: int) -> tuple[Conference, list[PollCounts]]:
    conference = conference_by_id(conference_id)
    polls = db.session.scalars(
        sa.select(Poll).where(Poll.conference_id == conference_id, Poll.state.in_(_VISIBLE))
        .order_by(Poll.id)
    )
    return conference, [_counts(p) for p in polls]


def poll_page(public_id: str, tracker: str | None = None) -> PollPage:
    """The poll's public page; after close all ballots (sorted by tracker), optionally one."""
    poll = _public_poll(public_id)
    conference = db.session.get(Conference, poll.conference_id)
    lines: list[BallotLine] = []
    searched = found = error = None
    if poll.state != PollState.OPEN:
        query = sa.select(BallotRow.tracker, BallotRow.choices).where(BallotRow.poll_id == poll.id)
        if tracker:
            try:
                searched = normalize_tracker(tracker)
            except CryptoError:
                error = _("Ein Quittungscode hat 10 Zeichen, z. B. K7QM-2XVA-9T.")
            else:
                query = query.where(BallotRow.tracker == searched)
        if error is None:
            rows = db.session.execute(query.order_by(BallotRow.tracker)).all()
            form = ballot_form_of(poll.contest)
            lines = [BallotLine(t, describe_ballot(poll.contest, json.loads(c), form))
                     for t, c in rows]
            found = bool(lines) if searched else None
    return PollPage(
        conference_id=poll.conference_id,
        conference_title=conference.title if conference else "",
        counts=_counts(poll), ballots=tuple(lines), searched=searched, found=found,
        search_error=error, result=poll.result if poll.state == PollState.CLOSED else None,
    )


@dataclass(frozen=True, slots=True)
class ResultRow:
    name: str
    yes: int
    no: int
    abstain: int
    reason: str


@dataclass(frozen=True, slots=True)
class ResultSummary:
    status: str
    issued: int
    cast: int
    invalid: int
    valid: int
    rows: tuple[ResultRow, ...]
    channels: tuple[ChannelRow, ...] = ()


def result_summary(result: dict[str, Any] | None, *, english: bool) -> ResultSummary | None:
    """What the public page shows of ``result_to_dict`` output, in the reader's language."""
    if not result:
        return None
    lang = "en" if english else "de"
    counts = result.get("ballots", {})
    rows = tuple(
        ResultRow(name=str(c.get("name", "")), yes=int(c.get("yes") or 0),
                  no=int(c.get("no") or 0), abstain=int(c.get("abstain") or 0),
                  reason=str(c.get(f"reason_{lang}", "")))
        for c in result.get("candidates", [])
    )
    return ResultSummary(status=str(result.get(f"status_{lang}", "")),
                         issued=int(counts.get("issued", 0)), cast=int(counts.get("cast", 0)),
                         invalid=int(counts.get("invalid", 0)), valid=int(counts.get("valid", 0)),
                         rows=rows, channels=channel_rows(result))


def ballot_form_of(contest: dict[str, Any]) -> str:
    return validity(contest_from_dict(contest)).form


def describe_ballot(contest: dict[str, Any], ballot: dict[str, Any],
                    form: str = "yes_no_abstain") -> tuple[str, ...]:
    """Readable marks of a ballot in contest order, e.g. ("Anna: Ja", "Berta: Enthaltung")."""
    special = {"abstain_all": _("Enthaltung zu allen"), "no_all": _("Nein zu allen")}
    if ballot.get("global"):
        return (special.get(str(ballot["global"]), str(ballot["global"])),)
    words = {"Y": _("Ja"), "N": _("Nein"), "A": _("Enthaltung"), "X": _("angekreuzt")}
    marks = ballot.get("marks") or {}
    out: list[str] = []
    candidates = contest.get("candidates") or [{"id": "motion", "name": contest.get("title")}]
    for cand in candidates:
        mark = marks.get(cand["id"])
        if mark is None and form == "yes_no_abstain" and contest.get("kind") != "motion":
            mark = "A"  # an unmarked candidate counts as Enthaltung (Contract 1)
        if mark is None:
            continue
        if isinstance(mark, int):
            text = _("Rang %(n)s", n=mark) if form == "ranked" else _("%(n)s Stimmen", n=mark)
        else:
            text = words.get(mark, str(mark))
        out.append(text if contest.get("kind") == "motion" else f"{cand['name']}: {text}")
    return tuple(out) or (_("leer (Enthaltung)"),)


_JS_CACHE: dict[str, tuple[float, str]] = {}


def published_js() -> list[tuple[str, str]]:
    """(file, SHA-256 hex) of the phone's JavaScript as served, so anyone can compare."""
    folder = Path(current_app.static_folder or "") / "js"
    out = []
    for name in PHONE_JS:
        path = folder / name
        if not path.exists():
            continue
        mtime = path.stat().st_mtime
        cached = _JS_CACHE.get(name)
        if cached is None or cached[0] != mtime:
            cached = (mtime, hashlib.sha256(path.read_bytes()).hexdigest())
            _JS_CACHE[name] = cached
        out.append((name, cached[1]))
    return out
