"""Counting a round again from what is stored (ballots or paper totals), the invariant
cast ≤ issued ≤ present, and voiding a round that breaks it.

``recount`` makes the same call the verifier makes, so a stored result can be checked;
``counted_result`` is a closed round's result with its recorded lot.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask_babel import gettext as _

from app.enums import PollState
from app.extensions import db
from app.models import Ballot, PaperTotals, Poll
from app.services.protocol.audit import append_event
from app.services.scope import conference_poll
from app.services.voting.issued import issued_counts
from ballots import audit as chain
from ballots.contest import contest_from_dict
from ballots.counting import LotInput, Result, tally, tally_mixed, tally_totals
from ballots.counting.totals import paper_totals_from_dict

__all__ = ["RoundError", "counted_result", "invariant_problem", "lot_of", "recount",
           "void_round"]


class RoundError(ValueError):
    """The round cannot be created or changed; the message says why (German)."""


def recount(poll: Poll, *, lot: LotInput | None = None) -> Result:
    """Count the poll again from what is stored (ballots or paper totals), optionally with a
    lot — the same call the verifier makes, so the stored result can be checked."""
    contest = contest_from_dict(poll.contest)
    if poll.paper:
        sheet = db.session.get(PaperTotals, poll.id)
        if sheet is None:
            raise RoundError(_("Für diese Papierabstimmung sind noch keine Zahlen erfasst."))
        return tally_totals(contest, paper_totals_from_dict(contest, sheet.sheet()), lot=lot)
    choices = db.session.scalars(
        sa.select(Ballot.choices).where(Ballot.poll_id == poll.id)
        .order_by(Ballot.credential_hash)).all()
    ballots = [json.loads(c) for c in choices]
    handed_out = issued_counts(poll.id)
    beside = db.session.get(PaperTotals, poll.id)  # paper ballots cast beside the phones
    if beside is not None and poll.state != PollState.OPEN.value:
        return tally_mixed(contest, ballots, paper_totals_from_dict(contest, beside.sheet()),
                           issued=handed_out.credentials, lot=lot,
                           replaced=handed_out.replacing)
    return tally(contest, ballots, lot=lot, issued=handed_out.credentials)


def invariant_problem(poll: Poll) -> str | None:
    """Why the round's counts are impossible (cast ≤ issued ≤ present), or None."""
    ballots = (poll.result or {}).get("ballots") or {}
    issued, cast = ballots.get("issued"), ballots.get("cast")
    present = poll.present_at_open
    if issued is None or cast is None:
        return None
    for channel in (poll.result or {}).get("channels") or []:
        if channel["cast"] > channel["issued"]:
            return _("%(cast)d Stimmzettel abgegeben, aber nur %(issued)d ausgegeben "
                     "(%(channel)s): der Wahlgang ist ungültig und muss wiederholt werden.",
                     cast=channel["cast"], issued=channel["issued"],
                     channel=_("Papier") if channel["channel"] == "paper" else _("Telefon"))
    if cast > issued:
        return _("%(cast)d Stimmzettel abgegeben, aber nur %(issued)d ausgegeben: "
                 "der Wahlgang ist ungültig und muss wiederholt werden.",
                 cast=cast, issued=issued)
    if present is not None and issued > present:
        return _("%(issued)d Stimmzettel ausgegeben, aber nur %(present)d Stimmberechtigte "
                 "anwesend: der Wahlgang ist ungültig und muss wiederholt werden.",
                 issued=issued, present=present)
    return None


def void_round(poll_id: int, reason: str, *, conference_id: int | None = None) -> Poll:
    """Declare a closed round void (audit ``poll_voided``); a repeat round can follow."""
    poll = conference_poll(poll_id, conference_id)
    if poll.state != PollState.CLOSED.value:
        raise RoundError(_("Nur ein geschlossener Wahlgang kann für ungültig erklärt werden."))
    reason = reason.strip() or (invariant_problem(poll) or "")
    if not reason:
        raise RoundError(_("Bitte den Grund angeben, warum der Wahlgang ungültig ist."))
    poll.state = PollState.VOID.value
    poll.void_reason = reason
    append_event(poll.conference_id, "poll_voided",
                 chain.poll_voided_data(poll=poll.public_id, reason=reason))
    db.session.commit()
    return poll


def counted_result(poll: Poll) -> Result:
    """The stored result of a closed round as a :class:`Result`: recounted with its lot."""
    return recount(poll, lot=lot_of(poll))


def lot_of(poll: Poll) -> LotInput | None:
    """The lot recorded for the round, as the counting takes it."""
    if not poll.lot_input:
        return None
    return LotInput(poll.lot_input["public_value"], poll.lot_input["audit_hash"])
