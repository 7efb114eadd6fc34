"""SQLAlchemy models, split by topic. Importing this package registers every table."""

from app.models.accounts import User
from app.models.audit import AuditEvent
from app.models.conference import Conference, Delegate
from app.models.outcomes import Acceptance, AssemblyDecision, LotDraw, PaperTotals, SignedProtocol  # noqa: F401,E501
from app.models.polls import Ballot, Candidate, Election, Issuance, Poll, SealedBallot

__all__ = [
    "AuditEvent",
    "Ballot",
    "Candidate",
    "Conference",
    "Delegate",
    "Election",
    "Issuance",
    "Poll",
    "SealedBallot",
    "User",
]
