"""Domain errors every service may raise; ``app.errors`` maps them to HTTP answers (views
never see a 404 of a service's making: a service says what is missing, the handler answers)."""

from __future__ import annotations

__all__ = ["NotFound"]


class NotFound(LookupError):
    """What was asked for does not exist — or belongs to another conference, which for the
    asking chair is the same thing. The message names it for the user."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message
