"""The hall display during a vote: the question, the candidates and the turnout — never a
partial result. ``turnout`` is polled by app/static/js/hall.js every few seconds."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.enums import PollState
from app.extensions import db
from app.models import Ballot, Issuance, Poll

__all__ = ["hall_view", "turnout"]


def turnout(poll_id: int) -> dict[str, Any]:
    """Counts only: ballots cast, credentials issued, voters present at opening."""
    poll = db.get_or_404(Poll, poll_id)
    cast = int(db.session.scalar(
        sa.select(sa.func.count()).select_from(Ballot).where(Ballot.poll_id == poll.id)) or 0)
    issued = int(db.session.scalar(
        sa.select(sa.func.count()).select_from(Issuance).where(Issuance.poll_id == poll.id))
        or 0)
    present = poll.present_at_open or 0
    if poll.paper:
        text = _("Papierwahlgang: Stimmzettel werden ausgegeben und ausgezählt.")
    else:
        text = _("%(cast)d von %(present)d haben abgestimmt", cast=cast, present=present)
    return {"poll": poll.public_id, "state": poll.state, "paper": poll.paper, "cast": cast,
            "issued": issued, "present": present, "text": text,
            "closed": poll.state in (PollState.CLOSED.value, PollState.VOID.value)}


def hall_view(poll_id: int) -> dict[str, Any]:
    """What the projector shows while the poll is open (no counts per candidate)."""
    poll = db.get_or_404(Poll, poll_id)
    contest = poll.contest or {}
    rnd = contest.get("round") or {}
    return {
        "poll_id": poll.id,
        "title": poll.title,
        "kind": poll.kind,
        "seats": contest.get("seats"),
        "round_kind": rnd.get("kind"),
        "candidates": [c["name"] for c in contest.get("candidates") or []
                       if poll.kind != "motion"],
        "turnout": turnout(poll.id),
    }
