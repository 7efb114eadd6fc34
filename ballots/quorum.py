"""Beschlussfähigkeit (quorum): enough delegates with voting right present for the assembly
to decide.

Statutes word it as a share of the delegates entitled to vote (the regular delegates with
voting right on the roster): "more than half" (the default here, the usual wording for party
conferences; unconfirmed for any one statute, so it is a setting) or "at least half", "at least
a third", … A substitute holding an absent delegate's transferred vote counts as present with
voting right.

The rule is written ``more than 1/2`` or ``at least 1/3`` (``none``: no quorum) and parsed here
once, into a frozen :class:`Quorum` with an exact :class:`~fractions.Fraction`.

>>> q = parse_quorum("more than 1/2")
>>> required_present(q, entitled=29), is_quorate(q, present=15, entitled=29)
(15, True)
>>> required_present(parse_quorum("more than 1/2"), entitled=30)
16
>>> required_present(parse_quorum("at least 1/2"), entitled=30)
15
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from ballots.errors import RulesError

__all__ = ["DEFAULT_QUORUM", "Quorum", "is_quorate", "parse_quorum", "required_present"]

DEFAULT_QUORUM = "more than 1/2"


@dataclass(frozen=True, slots=True)
class Quorum:
    """``share`` of the entitled delegates must be present: strictly more when ``strict``."""

    share: Fraction
    strict: bool

    def __str__(self) -> str:
        if self.share == 0 and not self.strict:
            return "none"
        return f"{'more than' if self.strict else 'at least'} {self.share}"


def parse_quorum(text: str) -> Quorum:
    """``"more than 1/2"``, ``"at least 2/3"``, ``"none"``; anything else is a RulesError."""
    words = " ".join(str(text).split()).lower()
    if words == "none":
        return Quorum(Fraction(0), strict=False)
    for prefix, strict in (("more than ", True), ("at least ", False)):
        if words.startswith(prefix):
            try:
                share = Fraction(words[len(prefix):])
            except (ValueError, ZeroDivisionError):
                break
            if 0 <= share <= 1 and not (strict and share == 1):
                return Quorum(share, strict=strict)
            break
    raise RulesError(f"quorum: {text!r} is not 'more than p/q', 'at least p/q' or 'none' "
                     "(a share between 0 and 1)", code="quorum.malformed",
                     params={"key": "quorum", "value": str(text)})


def required_present(quorum: Quorum, *, entitled: int) -> int:
    """The fewest present delegates with voting right that satisfy ``quorum``."""
    needed = quorum.share * entitled
    if quorum.strict:
        return math.floor(needed) + 1
    return math.ceil(needed)


def is_quorate(quorum: Quorum, *, present: int, entitled: int) -> bool:
    """Whether ``present`` of ``entitled`` delegates with voting right are enough. An assembly
    with nobody entitled decides nothing."""
    return entitled > 0 and present >= required_present(quorum, entitled=entitled)
