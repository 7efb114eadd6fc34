"""The hall display: the question, the candidates and the turnout — never a partial result.
``turnout`` is polled by app/static/js/hall.js and the chair's overview every few seconds.

The page is rendered in the poll's real state (not yet open, open, closed, void), so a
projector shows the right words before its script has asked anything."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from app.enums import PollState
from app.extensions import db
from app.models import PaperTotals, Poll
from app.services.scope import conference_poll
from app.services.voting.ballot_box import cast_count
from app.services.voting.issued import issued_counts

__all__ = ["close_question", "hall_view", "open_turnouts", "turnout"]

_ENDED = (PollState.CLOSED.value, PollState.VOID.value)


def _turnout_text(poll: Poll, cast: int, present: int, paper_issued: int = 0,
                  paper_cast: int | None = None) -> str:
    """The turnout line; with paper ballots beside the phones, whether they are counted yet
    (only counted paper ballots are among the votes cast)."""
    if poll.state == PollState.DRAFT.value:
        return _("Die Abstimmung ist noch nicht geöffnet.")
    if poll.paper:
        return _("Papierwahlgang: Stimmzettel werden ausgegeben und ausgezählt.")
    text = ngettext("%(num)d von %(present)d hat abgestimmt",
                    "%(num)d von %(present)d haben abgestimmt", cast, present=present)
    if paper_issued and paper_cast is not None:
        text += " · " + _("davon %(num)d auf Papier", num=paper_cast)
    elif paper_issued:
        text += " · " + ngettext("%(num)d Papierstimmzettel ausgegeben, noch nicht ausgezählt",
                                 "%(num)d Papierstimmzettel ausgegeben, noch nicht ausgezählt",
                                 paper_issued)
    return text


def close_question(poll: Poll, cast: int, present: int) -> str:
    """What the browser asks before the chair closes an open poll: with the turnout, so that
    nobody closes by mistake while people are still voting."""
    if 0 < present <= cast:
        return _("„%(title)s“: alle %(present)d haben abgestimmt. Jetzt schließen und auszählen? "
                 "Das lässt sich nicht rückgängig machen.", title=poll.title, present=present)
    return ngettext(
        "„%(title)s“: %(num)d von %(present)d hat abgestimmt – trotzdem schließen und "
        "auszählen? Danach kann niemand mehr abstimmen; das lässt sich nicht rückgängig machen.",
        "„%(title)s“: %(num)d von %(present)d haben abgestimmt – trotzdem schließen und "
        "auszählen? Danach kann niemand mehr abstimmen; das lässt sich nicht rückgängig machen.",
        cast, title=poll.title, present=present)


def turnout(poll_id: int) -> dict[str, Any]:
    """Counts only: ballots cast, credentials and paper ballots issued, voters present at
    opening; for an open poll also the question asked before closing it."""
    poll = conference_poll(poll_id, None)
    cast = cast_count(poll)
    handed_out = issued_counts(poll.id)
    issued, paper_issued = handed_out.credentials, handed_out.paper
    entered = db.session.get(PaperTotals, poll.id) if paper_issued and not poll.paper else None
    if entered is not None:  # the counted paper ballots are votes cast, too
        cast += entered.cast
    present = poll.present_at_open or 0
    question = ""
    if poll.state == PollState.OPEN.value:
        question = close_question(poll, cast, present)
    return {"poll": poll.public_id, "state": poll.state, "paper": poll.paper, "cast": cast,
            "issued": issued, "paper_issued": paper_issued, "present": present,
            "text": _turnout_text(poll, cast, present, paper_issued,
                                  None if entered is None else entered.cast),
            "closed": poll.state in _ENDED, "close_question": question}


def open_turnouts(polls: Iterable[Poll]) -> dict[int, dict[str, Any]]:
    """The turnout of each open poll among ``polls``, by poll id (the chair's overview)."""
    return {p.id: turnout(p.id) for p in polls if p.state == PollState.OPEN.value}


def _status(poll: Poll) -> str:
    """The line that says where the poll stands, when that is not "voting is on"."""
    if poll.state == PollState.DRAFT.value:
        return _turnout_text(poll, 0, 0)
    if poll.state == PollState.CLOSED.value:
        return _("Die Abstimmung ist geschlossen.")
    if poll.state == PollState.VOID.value:
        return _("Diese Abstimmung ist für ungültig erklärt.")
    return ""


def hall_view(poll_id: int) -> dict[str, Any]:
    """What the projector shows: while open the live turnout (no counts per candidate);
    before, that it is not open yet; after, that it is closed and where the result is (a
    closed poll always has one: a paper poll closes when its count is entered). A void round
    keeps its result off the hall's screen."""
    poll = conference_poll(poll_id, None)
    contest = poll.contest or {}
    rnd = contest.get("round") or {}
    counts = turnout(poll.id)
    return {
        "poll_id": poll.id,
        "title": poll.title,
        "kind": poll.kind,
        "state": poll.state,
        "seats": contest.get("seats"),
        "round_kind": rnd.get("kind"),
        "candidates": [c["name"] for c in contest.get("candidates") or []
                       if poll.kind != "motion"],
        "turnout": counts,
        "live": poll.state == PollState.OPEN.value,
        "final_count": poll.state in _ENDED and not poll.paper,
        "has_result": poll.state == PollState.CLOSED.value,
        "status": _status(poll),
    }
