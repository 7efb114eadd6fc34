"""An election's definition in the audit chain (``election`` event), written before a round
of it opens whenever it differs from the one last recorded (a new candidacy, a changed
rule): the verifier replays the election from it and its rounds' events."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Election
from app.services.elections.standing import election_definition
from app.services.protocol.audit import append_event
from ballots import audit as chain

__all__ = ["record_election"]


def _definition_data(election: Election) -> dict[str, Any]:
    definition = election_definition(election)
    women = sum(1 for s in definition.seats if s.kind == "women")
    withdrawn = definition.withdrawn
    return chain.election_data(
        election=definition.id, title=election.title, rules=dict(definition.rules_spec),
        seats=election.seats,
        women_seats=women if definition.rules.quota == "women_first" else None,
        candidates=[{"id": c.id, "name": c.name, "group": c.group,
                     **({"withdrawn": True} if c.id in withdrawn else {})}
                    for c in definition.candidates])


def _last_recorded(conference_id: int, election: str) -> dict[str, Any] | None:
    lines = db.session.scalars(sa.select(AuditEvent.line).where(
        AuditEvent.conference_id == conference_id, AuditEvent.type == "election")
        .order_by(AuditEvent.seq.desc()))
    for line in lines:
        data = json.loads(line)["data"]
        if data.get("election") == election:
            return dict(data)
    return None


def record_election(election: Election) -> str:
    """Append the ``election`` event if the chain lacks this definition; the election's id
    as rounds name it (``E<row id>``)."""
    data = _definition_data(election)
    if _last_recorded(election.conference_id, data["election"]) != json.loads(
            json.dumps(data)):
        append_event(election.conference_id, "election", data)
    return str(data["election"])
