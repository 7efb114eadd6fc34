"""The election page's view of the standing: the rounds so far, every seat with its holder
(or why it has none), answers pending, substitutes, declines — and the one next step in
words, with where the chair takes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.extensions import db
from app.i18n import localized, poll_state_label
from app.models import Poll
from app.services.elections.lists import final_lists, holding_reason, seat_label, seat_reason
from app.services.elections.standing import standing_of
from app.services.elections.words import complete_text, step_text

__all__ = ["NextAction", "SeatRow", "election_page"]

#: Steps a button on the page creates (``chair.round_next`` after ``poll``).
_ROUND_STEPS = ("runoff", "repeat", "mixed", "further")


@dataclass(frozen=True, slots=True)
class SeatRow:
    label: str
    holder: str
    detail: str
    answer: str
    status: str


@dataclass(frozen=True, slots=True)
class NextAction:
    """The next step: its sentence; ``create_after`` a poll id whose round page's "next
    round" creates it; ``go_to`` a poll id whose round page holds the step (lot, refill,
    a round in progress)."""

    text: str
    create_after: int | None
    go_to: int | None


def _answer_word(answer: str) -> str:
    return {"pending": _("Annahme ausstehend"), "accepted": _("nimmt an"),
            "declined": _("lehnt ab")}[answer]


def _status_word(status: str) -> str:
    return {"held": _("besetzt"), "open": _("noch nicht besetzt"),
            "pending": _("Stichwahl oder Los steht aus"),
            "running": _("Wahlgang angelegt oder offen"), "vacant": _("unbesetzt")}[status]


def election_page(election_id: int) -> dict[str, Any]:
    """What the election page shows once a round exists (one read, no writes)."""
    st = standing_of(election_id)
    polls = db.session.scalars(sa.select(Poll).where(Poll.election_id == election_id)
                               .order_by(Poll.id)).all()
    by_public = {p.public_id: p for p in polls}
    titles = {p.public_id: p.title for p in polls}
    seats = []
    for seat in st.seats:
        if seat.holder is not None:
            holding = next(h for h in reversed(seat.holdings) if h.candidate == seat.holder)
            seats.append(SeatRow(seat_label(seat), st.names.get(seat.holder, ""),
                                 holding_reason(holding, st.names),
                                 _answer_word(holding.answer), seat.status))
        else:
            seats.append(SeatRow(seat_label(seat), "", seat_reason(seat, st.names), "",
                                 seat.status))
    step = st.next
    if st.complete:
        action = NextAction(complete_text(), None, None)
    else:
        after = by_public.get(step.after or "")
        text = step_text(st, step, titles)
        if step.kind in _ROUND_STEPS and after is not None:
            action = NextAction(text, after.id, None)
        else:
            action = NextAction(text, None, after.id if after is not None else
                                (polls[-1].id if polls else None))
    lists = final_lists(st)
    return {
        "rounds": [{"poll": p, "state": poll_state_label(p.state),
                    "status": localized(p.result, "status")} for p in polls],
        "seats": seats,
        "status_words": {row.status: _status_word(row.status) for row in seats},
        "substitutes": lists["substitutes"],
        "declined": lists["declined"],
        "next": action,
        "complete": st.complete,
    }
