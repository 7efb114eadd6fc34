"""One error family for the whole core, so callers can catch ``BallotError`` and show its text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["BallotError", "RulesError", "InvalidBallot", "FormatError", "CryptoError"]


class BallotError(ValueError):
    """Base of every error raised by :mod:`ballots`; its message is meant for people.

    The message is English (command line, logs). Errors an application's users can cause also
    carry a stable ``code`` with its ``params`` (e.g. ``"rules.not_whole"`` with ``key`` and
    ``value``), so the application can say the same in its users' language; docs/formats.md
    lists the codes."""

    def __init__(self, message: str = "", *, code: str = "",
                 params: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.params: dict[str, Any] = dict(params or {})


class RulesError(BallotError):
    """A rule set or override is unknown, malformed or contradictory; names the bad key."""


class InvalidBallot(BallotError):
    """A ballot does not satisfy the rules; ``path`` points into the ballot JSON."""

    def __init__(self, reason: str, *, path: str = "", reason_en: str | None = None) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason
        self.reason_en = reason_en or reason


class FormatError(BallotError):
    """An input file (tally file, audit file, protocol) is malformed; ``path`` locates it."""

    def __init__(self, message: str, *, path: str = "") -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


class CryptoError(BallotError):
    """A signature, key or blinded value is invalid."""
