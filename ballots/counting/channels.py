"""Phones and paper in one poll: two channels, one count.

A delegate without a phone (or whose credential was lost with a browser) gets a paper ballot
at the desk instead of a credential. The phones' ballots are counted as always; the election
commission's validated totals of the paper ballots are added to them, field by field, and the
sum goes through the same deciding code. The result keeps each channel's own numbers, so the
result page, the protocol and a recount show where every vote came from and that neither
channel cast more ballots than it issued.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ballots.counting.batch import Counts, Ground
from ballots.errors import FormatError

__all__ = ["CHANNELS", "Channel", "add_counts", "channel_of"]

#: The two ways a ballot reaches the count, in the order they are shown.
CHANNELS = ("phone", "paper")


@dataclass(frozen=True, slots=True)
class Channel:
    """One channel's share of a mixed poll: ballots issued, cast, invalid, and per candidate
    (``ids``, contest order) Ja/votes, Nein, Enthaltung — what its own sheet or ballots give."""

    name: str
    ids: tuple[str, ...]
    issued: int
    cast: int
    invalid: int
    yes: tuple[int, ...]
    no: tuple[int, ...]
    abstain: tuple[int, ...]

    @property
    def valid(self) -> int:
        return self.cast - self.invalid


def channel_of(name: str, ids: tuple[str, ...], counts: Counts) -> Channel:
    """The :class:`Channel` a channel's :class:`Counts` (for candidates ``ids``) stand for."""
    return Channel(name, ids, counts.issued, counts.cast, counts.invalid, counts.yes, counts.no,
                   counts.abstain)


def add_counts(first: Counts, second: Counts) -> Counts:
    """Two channels' counts as one: every number summed, grounds merged by code."""
    if len(first.yes) != len(second.yes):
        raise FormatError("the channels were counted for different candidates")
    grounds: Counter[str] = Counter()
    for ground in (*first.grounds, *second.grounds):
        grounds[ground.code] += ground.count
    return Counts(
        issued=first.issued + second.issued,
        cast=first.cast + second.cast,
        invalid=first.invalid + second.invalid,
        grounds=tuple(Ground(code, n) for code, n in sorted(grounds.items()) if n),
        yes=tuple(a + b for a, b in zip(first.yes, second.yes, strict=True)),
        no=tuple(a + b for a, b in zip(first.no, second.no, strict=True)),
        abstain=tuple(a + b for a, b in zip(first.abstain, second.abstain, strict=True)),
        blank=first.blank + second.blank,
        rankings=first.rankings + second.rankings,
    )
