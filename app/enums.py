"""Enumerations shared by models, services and views (own module so it imports without cycles)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CHAIR = "chair"
    CHECKIN = "checkin"
    PROTOCOL = "protocol"


class PollKind(StrEnum):
    MOTION = "motion"
    ELECTION = "election"


class PollState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    VOID = "void"
