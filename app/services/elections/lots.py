"""Ties settled by lot: the chair enters a public value (e.g. a number drawn in the hall), the
lot combines it with the round's audit head hash (``ballots.counting.lot``), the round is
counted again with the lot, and inputs and outcome go to the database, the audit chain and
the protocol. Anyone with the two inputs can redo the draw.
"""

from __future__ import annotations

from flask_babel import gettext as _

from app.enums import PollState
from app.extensions import db
from app.models import LotDraw, Poll
from app.services.elections.rounds import recount
from app.services.protocol.audit import append_event, head_hash, lock_conference
from app.services.scope import conference_poll
from ballots import audit as chain
from ballots.counting import LotInput, result_to_dict
from ballots.counting.lot import lot_to_dict

__all__ = ["LotError", "draw_lot", "needs_lot"]


class LotError(ValueError):
    """No lot can be drawn now; the message says why (German)."""


def needs_lot(poll: Poll) -> bool:
    """A closed round whose result waits for a lot (a tie deciding a seat or a rank)."""
    result = poll.result or {}
    if poll.state != PollState.CLOSED.value or poll.lot_input:
        return False
    return result.get("status") == "lot_needed" or any(
        t.get("resolution") == "pending" for t in result.get("ties", []))


def draw_lot(poll_id: int, public_value: str, *, conference_id: int | None = None) -> Poll:
    """Draw the lot for every tie of the round and store the recomputed result."""
    value = public_value.strip()
    if not value:
        raise LotError(_("Bitte den im Saal gezogenen Wert eintragen."))
    if len(value) > 200:
        raise LotError(_("Der Wert ist zu lang (höchstens 200 Zeichen)."))
    poll = conference_poll(poll_id, conference_id)
    lock_conference(poll.conference_id)
    if not needs_lot(poll):
        db.session.rollback()
        raise LotError(_("Für diesen Wahlgang ist kein Los zu ziehen."))
    lot = LotInput(value, head_hash(poll.conference_id))
    result = recount(poll, lot=lot)
    lot_dict = {"public_value": lot.public_value, "audit_hash": lot.audit_hash}
    poll.lot_input = lot_dict
    poll.result = result_to_dict(result)
    row = LotDraw(poll_id=poll.id, public_value=value, audit_head=lot.audit_hash,
                  lot_input=lot_dict, outcome={"lots": [lot_to_dict(r) for r in result.lots],
                                               "status": result.status})
    db.session.add(row)
    event = append_event(poll.conference_id, "result", chain.result_data(
        poll=poll.public_id, result=poll.result, lot=lot_dict))
    row.audit_seq = event.seq
    db.session.commit()
    return poll
