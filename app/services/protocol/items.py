"""The protocol's items: a motion, or an election with all its rounds — each round with its
ballots (both channels where phones and paper were used), counts, seats, ties, lots and the
check cast ≤ issued ≤ present; each election with its rules, nominations, acceptances and
final lists from the election's standing (``app.services.elections``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale

from app.extensions import db
from app.models import Acceptance, Candidate, Election, LotDraw, PaperTotals, Poll
from app.services.elections.acceptance import election_standing
from app.services.elections.standing import standing_of
from app.services.protocol.audit import close_head
from app.services.voting.issued import issued_counts
from ballots.contest import contest_from_dict
from ballots.describe import describe_rules
from ballots.errors import BallotError
from ballots.rules import rules_to_dict

__all__ = ["election_item", "iso", "motion_item", "round_item"]


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def _rules_section(spec: dict[str, Any], kind: str, lang: str) -> dict[str, Any]:
    """The rule set with every setting, in plain language too, and the assembly's decisions."""
    contest = contest_from_dict({"kind": kind, "title": "", "seats": 1,
                                 "candidates": [{"id": "motion", "name": ""}] if kind == "motion"
                                 else [{"id": "x", "name": ""}],
                                 "rules": spec,
                                 "round": {"number": 1, "kind": _first_round_kind(spec)}})
    rules = contest.rules
    return {
        "preset": spec.get("preset", rules.name),
        "name": rules.name,
        "title": rules.title,
        "version": rules.version,
        "source": rules.source,
        "settings": rules_to_dict(rules),
        "described": [
            {"key": line.key, "label": line.label, "value": line.value, "decided": line.decided}
            for line in describe_rules(rules, kind=kind, lang=lang)
        ],
        "decided": dict(rules.decisions),
    }


def _first_round_kind(spec: dict[str, Any]) -> str:
    """A women_first rule set needs a women/mixed round to parse; any other takes general."""
    try:
        from ballots.rules import apply_overrides, load_preset

        rules = apply_overrides(load_preset(str(spec["preset"])), spec.get("overrides") or {})
    except (KeyError, BallotError):
        return "general"
    return "mixed" if rules.quota == "women_first" else "general"


def _invariant(poll: Poll, result: dict[str, Any]) -> dict[str, Any]:
    """cast ≤ issued ≤ present: a violation makes the round void (docs/rules.md, Validity).
    With phones and paper it holds per channel too (the total ``issued`` counts the holder of
    a credential replaced by a paper ballot once: ``ballots.counting.tally_mixed``)."""
    ballots = result.get("ballots", {})
    present = poll.present_at_open
    issued, cast = int(ballots.get("issued", 0)), int(ballots.get("cast", 0))
    ok = (cast <= issued and (present is None or issued <= present)
          and all(ch["cast"] <= ch["issued"] for ch in result.get("channels") or []))
    return {"present": present, "issued": issued, "cast": cast, "ok": ok}


def round_item(poll: Poll, lang: str) -> dict[str, Any]:
    contest = poll.contest or {}
    result = poll.result or {}
    ballots = result.get("ballots", {})
    lots = db.session.scalars(
        sa.select(LotDraw).where(LotDraw.poll_id == poll.id).order_by(LotDraw.id)
    ).all()
    paper = db.session.get(PaperTotals, poll.id)
    replaced = issued_counts(poll.id).replacing
    return {
        "poll": poll.public_id,
        "title": poll.title,
        "round": dict(contest.get("round") or {"number": 1, "kind": "general"}),
        "state": poll.state,
        "paper": poll.paper,
        "paper_entered_by": paper.entered_by if paper else None,
        "opened_at": iso(poll.opened_at),
        "closed_at": iso(poll.closed_at),
        "seats": contest.get("seats"),
        "entitled": contest.get("entitled"),
        "present": poll.present_at_open,
        "rules_decided": dict((contest.get("rules") or {}).get("overrides") or {}),
        "candidates": list(contest.get("candidates") or []),
        "ballots": {
            "issued": ballots.get("issued"),
            "cast": ballots.get("cast"),
            "invalid": ballots.get("invalid"),
            "valid": ballots.get("valid"),
            "invalid_grounds": list(ballots.get("invalid_grounds") or []),
        },
        "channels": list(result.get("channels") or []),
        "paper_replacements": replaced,
        "invariant": _invariant(poll, result) if result else None,
        "threshold": result.get("threshold"),
        "counts": list(result.get("candidates") or []),
        "seats_result": list(result.get("seats") or []),
        "substitutes": dict(result.get("substitutes") or {}),
        "ties": list(result.get("ties") or []),
        "lots": [
            {"public_value": lot.public_value, "audit_hash": lot.audit_head,
             "drawn_at": iso(lot.drawn_at), "draws": list(lot.outcome.get("lots") or [])}
            for lot in lots
        ],
        "status": result.get("status"),
        "status_text": result.get("status_de" if lang == "de" else "status_en"),
        "decision": result.get("decision"),
        "void_reason": poll.void_reason or None,
        "key_fingerprint": poll.key_fingerprint,
        "close_head": close_head(poll.conference_id, poll.public_id),
    }


def election_item(election: Election, polls: list[Poll], lang: str) -> dict[str, Any]:
    spec = {"preset": election.preset, "overrides": dict(election.overrides or {})}
    candidates = db.session.scalars(
        sa.select(Candidate).where(Candidate.election_id == election.id).order_by(Candidate.name)
    ).all()
    acceptances = db.session.scalars(
        sa.select(Acceptance).where(Acceptance.election_id == election.id)
        .order_by(Acceptance.recorded_at, Acceptance.id)
    ).all()
    names = {c.id: c.name for c in candidates}
    with force_locale(lang):  # seat labels and reasons in the protocol's language
        standing = election_standing(election.id)
        places = standing_of(election.id)
    rounds = [round_item(p, lang) for p in polls]
    for rnd in rounds:  # each round's seats under the election's labels
        place = places.round(rnd["poll"])
        if place is not None:
            rnd["seat_labels"] = {str(n): (places.seat(k).slot.label_de if lang == "de"
                                           else places.seat(k).slot.label_en)
                                  for n, k in place.slots}
    return {
        "type": "election",
        "id": election.id,
        "title": election.title,
        "seats": election.seats,
        "decision_text": election.decision_text or None,
        "rules": _rules_section(spec, "election", lang),
        "nominated": [
            {"id": f"C{c.id}", "name": c.name, "group": c.quota_group, "withdrawn": c.withdrawn}
            for c in candidates
        ],
        "rounds": rounds,
        "acceptance": [
            {"candidate": f"C{a.candidate_id}", "name": names.get(a.candidate_id, ""),
             "accepted": a.accepted, "note": a.note or None, "recorded_at": iso(a.recorded_at)}
            for a in acceptances
        ],
        "result": standing,
    }


def motion_item(poll: Poll, lang: str) -> dict[str, Any]:
    spec = dict((poll.contest or {}).get("rules") or {"preset": "motion-simple"})
    item = round_item(poll, lang)
    item.update({"type": "motion", "rules": _rules_section(spec, "motion", lang)})
    return item
