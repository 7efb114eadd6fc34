"""An election as a whole — its seats, rounds, lots, declines and the next step — computed
once, purely, from its definition and events. Pages, protocol, verifier and CLI all read this
standing; nobody assembles an election's result on their own.

>>> from ballots.election import make_definition, standing, RoundCounted, Answer
"""

from ballots.election.definition import (
    FIRST_ROUND_KINDS,
    ElectionDefinition,
    SeatSlot,
    election_seats,
    make_definition,
    round_share,
    women_seats,
)
from ballots.election.events import Answer, ElectionEvent, RoundCounted, RoundCreated, RoundVoided
from ballots.election.model import Holding, NextStep, RoundPlace, SeatState, Standing, Substitute
from ballots.election.standing import ElectionError, standing

__all__ = [
    "FIRST_ROUND_KINDS",
    "Answer",
    "ElectionDefinition",
    "ElectionError",
    "ElectionEvent",
    "Holding",
    "NextStep",
    "RoundCounted",
    "RoundCreated",
    "RoundPlace",
    "RoundVoided",
    "SeatSlot",
    "SeatState",
    "Standing",
    "Substitute",
    "election_seats",
    "make_definition",
    "round_share",
    "standing",
    "women_seats",
]
