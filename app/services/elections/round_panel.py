"""The chair's round page as one view-model: the round's result and what can follow it (open
the draft, lot, next round, a further round for seats left vacant after declines, void), and
the election's standing with acceptance (one read, no writes)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from app.enums import PollState
from app.extensions import db
from app.models import Poll
from app.services.conference import roster_counts
from app.services.elections.acceptance import election_standing
from app.services.elections.lots import needs_lot
from app.services.elections.rounds import (
    invariant_problem,
    mixed_seats_left,
    next_round_kind,
    no_next_round_reason,
)
from app.services.elections.standing import standing_of
from app.services.elections.vacancies import VacantSeats, seated_in_draft, vacant_seats
from app.services.elections.words import step_text
from app.services.polls.hall import turnout
from app.services.polls.paper import paper_beside_phones, paper_yes_no
from app.services.scope import conference_poll
from ballots.contest import contest_from_dict

__all__ = ["open_question", "refill_label", "round_panel"]


def refill_label(group: VacantSeats) -> str:
    """The button that creates the further round for ``group``'s seats."""
    if group.kind == "women":
        return ngettext("Weiteren Wahlgang für %(num)d unbesetzten Frauenplatz anlegen",
                        "Weiteren Wahlgang für %(num)d unbesetzte Frauenplätze anlegen",
                        group.count)
    if group.kind == "mixed":
        return ngettext("Weiteren Wahlgang für %(num)d unbesetzten gemischten Platz anlegen",
                        "Weiteren Wahlgang für %(num)d unbesetzte gemischte Plätze anlegen",
                        group.count)
    return ngettext("Weiteren Wahlgang für %(num)d unbesetzten Sitz anlegen",
                    "Weiteren Wahlgang für %(num)d unbesetzte Sitze anlegen", group.count)


def open_question(poll: Poll, present: int) -> str:
    """What the browser asks before the draft opens (cannot be undone)."""
    return ngettext("„%(title)s“ jetzt öffnen? Anwesend ist %(num)d stimmberechtigte Person.",
                    "„%(title)s“ jetzt öffnen? Anwesend sind %(num)d Stimmberechtigte.",
                    present, title=poll.title)


def _later_rounds(poll: Poll) -> bool:
    return bool(poll.election_id) and bool(db.session.scalar(
        sa.select(sa.func.count()).select_from(Poll).where(
            Poll.election_id == poll.election_id, Poll.id > poll.id)))


def _next_text(poll: Poll, kind: str) -> str:
    """What "next round" creates after ``poll``, in words ("Stichwahl um Frauenplatz 3
    zwischen …"); a repeat of a voided round is not a step of the standing."""
    if poll.election_id is None:
        return ""
    st = standing_of(poll.election_id)
    step = next((s for s in st.steps_after(poll.public_id) if s.kind == kind), None)
    if step is None:
        return ""
    titles = {p.public_id: p.title for p in db.session.scalars(
        sa.select(Poll).where(Poll.election_id == poll.election_id))}
    return step_text(st, step, titles)


def round_panel(conference_id: int, poll_id: int) -> dict[str, Any]:
    """Everything the chair's round page shows for one poll."""
    poll = conference_poll(poll_id, conference_id)
    result = poll.result or {}
    standing = election_standing(poll.election_id) if poll.election_id else None
    vacant = vacant_seats(poll.election_id) if poll.election_id else []
    later = _later_rounds(poll)
    contest = poll.contest or {}
    next_kind = next_round_kind(poll) if not later else None
    next_text = _next_text(poll, next_kind) if next_kind else ""
    closed = poll.election_id is not None and poll.state == PollState.CLOSED.value
    draft = poll.state == PollState.DRAFT.value
    seated = seated_in_draft(poll)
    live = turnout(poll.id) if poll.state == PollState.OPEN.value and not poll.paper else None
    return {
        "poll": poll,
        "result": result,
        # from the parsed contest: a motion stored without its one "candidate" gets it too
        "candidates": [{"id": c.id, "name": c.name, "group": c.group}
                       for c in contest_from_dict(contest).candidates] if contest else [],
        "round": contest.get("round") or {},
        "invariant_problem": invariant_problem(poll) if result else None,
        "needs_lot": needs_lot(poll),
        "open_question": (open_question(poll, roster_counts(conference_id).entitled_now)
                          if draft and not seated else None),
        "seated_in_draft": seated,
        "turnout_text": live["text"] if live else "",
        "close_question": live["close_question"] if live else "",
        "draft_names": ", ".join(c["name"] for c in contest.get("candidates") or [])
        if draft else "",
        "can_continue": next_kind is not None,
        "next_text": next_text,
        "lot_question": _("Los mit diesem Wert ziehen? Das Los wird in die Audit-Kette "
                          "geschrieben und lässt sich nicht zurücknehmen."),
        "accept_question": _("Annahme der Wahl erfassen? Die Antwort wird in die Audit-Kette "
                             "geschrieben und lässt sich nicht ändern."),
        "complete": (no_next_round_reason(poll) if closed and not later and next_kind is None
                     and not vacant and result.get("status") == "final" else None),
        "vacant": [(group, refill_label(group)) for group in vacant],
        "can_void": poll.state == PollState.CLOSED.value,
        "paper_entry": poll.paper and poll.state == PollState.OPEN.value,
        "paper_beside": paper_beside_phones(poll),
        # Ja/Nein/Enthaltung per candidate, or one number of votes (crosses) per candidate
        "paper_yes_no": (paper_yes_no(poll) if poll.state == PollState.OPEN.value else True),
        "standing": standing,
        "names": ({e["candidate"]: e["name"] for e in standing["elected"] + standing["declined"]}
                  if standing else {}),
        "parallel_ok": (contest.get("round") or {}).get("kind") == "women"
        and len(contest.get("candidates") or []) <= int(contest.get("seats") or 0)
        and not later and poll.election is not None and mixed_seats_left(poll.election) > 0,
    }
