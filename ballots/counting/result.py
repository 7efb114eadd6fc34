"""Results that explain themselves: counts, thresholds, seats and a reason (de + en) each.

A chair reads a result aloud and a court checks it, so every outcome carries the rule that
decided it. ``result_to_dict`` is the JSON form used by the CLI, the protocol and the audit
file (Fractions as ``"p/q"`` via :mod:`ballots.canonical`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ballots.contest import Round
from ballots.counting.batch import Ground
from ballots.counting.channels import Channel
from ballots.counting.lot import LotRecord, lot_to_dict

__all__ = ["CandidateResult", "Result", "Seat", "Tie", "result_to_dict"]


@dataclass(frozen=True, slots=True)
class CandidateResult:
    """One candidate's numbers and outcome.

    ``outcome``: elected · substitute · not_elected · tied (a lot or runoff is pending) ·
    accepted / rejected (motions) · void (the round is void)."""

    id: str
    name: str
    group: str
    yes: int
    no: int
    abstain: int
    threshold: str
    needed: Fraction | None
    met: bool
    outcome: str
    seat: int | None
    seat_type: str | None
    substitute_rank: int | None
    substitute_list: str | None
    reason_de: str
    reason_en: str


@dataclass(frozen=True, slots=True)
class Seat:
    """A seat (or list place) of this round. ``status``: filled · vacant (stays empty: a women's
    seat, or the last allowed round) · open (for a further round) · tied (lot/runoff pending)."""

    number: int
    type: str
    label_de: str
    label_en: str
    candidate: str | None
    status: str
    reason_de: str
    reason_en: str
    required: str | None = None


@dataclass(frozen=True, slots=True)
class Tie:
    """Candidates with equal votes whose order decides a seat or a substitute rank."""

    candidates: tuple[str, ...]
    votes: int
    at_stake: str
    seats: int
    resolution: str
    lot: LotRecord | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """The result of one contest (one round). ``status``: final · lot_needed · runoff_needed ·
    void. ``decision`` is accepted/rejected for motions, None for elections."""

    kind: str
    title: str
    round: Round
    rules_name: str
    threshold: str
    seats_total: int
    issued: int
    cast: int
    invalid: int
    valid: int
    grounds: tuple[Ground, ...]
    candidates: tuple[CandidateResult, ...]
    seats: tuple[Seat, ...]
    substitutes: tuple[tuple[str, tuple[str, ...]], ...]
    ties: tuple[Tie, ...]
    lots: tuple[LotRecord, ...]
    status: str
    status_de: str
    status_en: str
    decision: str | None = None
    ranked_details: tuple[str, ...] = ()
    #: Phones and paper separately, for a poll that had both (empty otherwise).
    channels: tuple[Channel, ...] = ()

    @property
    def elected(self) -> tuple[str, ...]:
        """Elected candidate ids in seat order."""
        return tuple(s.candidate for s in self.seats if s.status == "filled" and s.candidate)

    @property
    def vacant(self) -> tuple[Seat, ...]:
        return tuple(s for s in self.seats if s.status in ("vacant", "open"))

    def candidate(self, cid: str) -> CandidateResult:
        for cand in self.candidates:
            if cand.id == cid:
                return cand
        raise KeyError(cid)


def _frac(value: Fraction | None) -> str | None:
    return None if value is None else f"{value.numerator}/{value.denominator}"


def channels_to_list(result: Result) -> list[dict[str, Any]]:
    """Each channel's numbers, candidates by id (contest order)."""
    return [{"channel": ch.name, "issued": ch.issued, "cast": ch.cast, "invalid": ch.invalid,
             "valid": ch.valid,
             "candidates": [{"id": cid, "yes": y, "no": n, "abstain": a}
                            for cid, y, n, a in zip(ch.ids, ch.yes, ch.no, ch.abstain,
                                                    strict=True)]}
            for ch in result.channels]


def result_to_dict(result: Result) -> dict[str, Any]:
    """JSON-safe form of ``result`` (every number exact); ``channels`` only for a poll with
    phones and paper, so every other result keeps its form."""
    out = _result_dict(result)
    if result.channels:
        out["channels"] = channels_to_list(result)
    return out


def _result_dict(result: Result) -> dict[str, Any]:
    rnd = result.round
    round_dict: dict[str, Any] = {"number": rnd.number, "kind": rnd.kind,
                                  "base_kind": rnd.base_kind,
                                  "places": None if rnd.places is None else list(rnd.places)}
    if rnd.fills:  # only then, so results of other rounds keep their form
        round_dict["fills"] = [{"round": r, "seat": s} for r, s in rnd.fills]
    return {
        "kind": result.kind,
        "title": result.title,
        "round": round_dict,
        "rules": result.rules_name,
        "threshold": result.threshold,
        "seats_total": result.seats_total,
        "ballots": {
            "issued": result.issued,
            "cast": result.cast,
            "invalid": result.invalid,
            "valid": result.valid,
            "invalid_grounds": [
                {"code": g.code, "de": g.de, "en": g.en, "count": g.count} for g in result.grounds
            ],
        },
        "status": result.status,
        "status_de": result.status_de,
        "status_en": result.status_en,
        "decision": result.decision,
        "elected": list(result.elected),
        "candidates": [
            {
                "id": c.id,
                "name": c.name,
                "group": c.group,
                "yes": c.yes,
                "no": c.no,
                "abstain": c.abstain,
                "threshold": c.threshold,
                "needed": _frac(c.needed),
                "met": c.met,
                "outcome": c.outcome,
                "seat": c.seat,
                "seat_type": c.seat_type,
                "substitute_rank": c.substitute_rank,
                "substitute_list": c.substitute_list,
                "reason_de": c.reason_de,
                "reason_en": c.reason_en,
            }
            for c in result.candidates
        ],
        "seats": [
            {
                "number": s.number,
                "type": s.type,
                "label_de": s.label_de,
                "label_en": s.label_en,
                "candidate": s.candidate,
                "status": s.status,
                "required_group": s.required,
                "reason_de": s.reason_de,
                "reason_en": s.reason_en,
            }
            for s in result.seats
        ],
        "substitutes": {name: list(ids) for name, ids in result.substitutes},
        "ties": [
            {
                "candidates": list(t.candidates),
                "votes": t.votes,
                "at_stake": t.at_stake,
                "seats": t.seats,
                "resolution": t.resolution,
                "lot": None if t.lot is None else lot_to_dict(t.lot),
            }
            for t in result.ties
        ],
        "lots": [lot_to_dict(lot) for lot in result.lots],
        "ranked_details": list(result.ranked_details),
    }
