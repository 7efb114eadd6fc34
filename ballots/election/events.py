"""What happens to an election, in order: rounds created, counted and voided, and answers.

An election's standing is a fold over these (:func:`ballots.election.standing.standing`); the
app builds them from its rows, the verifier from the audit file, the CLI from an election
file — the same events give the same standing everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from ballots.contest import Contest
from ballots.counting.result import Result

__all__ = ["Answer", "ElectionEvent", "RoundCounted", "RoundCreated", "RoundVoided"]


@dataclass(frozen=True, slots=True)
class RoundCreated:
    """A round set up or open, not counted yet (``poll`` is its public id)."""

    poll: str
    contest: Contest


@dataclass(frozen=True, slots=True)
class RoundCounted:
    """A round counted (lots drawn so far included in ``result``). A later ``RoundCounted``
    of the same poll replaces the earlier count (a lot drawn, a recount)."""

    poll: str
    contest: Contest
    result: Result


@dataclass(frozen=True, slots=True)
class RoundVoided:
    """A round declared void by the chair (its seats are decided by a repeat)."""

    poll: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Answer:
    """An elected person (or one who moved up) accepts or declines the election."""

    candidate: str
    accepted: bool
    note: str = ""


ElectionEvent = RoundCreated | RoundCounted | RoundVoided | Answer
