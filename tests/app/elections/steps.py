"""The steps of an election day as plain data, shared by the app's path tests and the pure
computation's (``ballots.election``): what the chair does, in order, and what each round's
ballots say. Names, never ids: each side maps them to its own ids."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Placeholders in expected lists for whoever won / lost a lot (the draw depends on the audit
#: head hash, which differs between runs); the driver resolves them after the draw.
LOT_WINNER = "<lot winner>"
LOT_LOSER = "<lot loser>"


@dataclass(frozen=True)
class Count:
    """The round just created is opened and counted. ``yes``: Ja per name (approval ballots:
    votes); ``no``: Nein per name; ``ballots`` valid ballots (all cast, none invalid); names
    not given get 0 Ja / 0 Nein. ``runs``: the names the round must offer (checked);
    ``seats``: its seats. ``electronic``: cast through the phones' API instead of paper —
    then ``marks`` lists (count, {name: "Y"|"N"|"X"}) ballot groups and ``yes``/``no`` are
    what they add up to (checked against the result). ``which``: the round (1-based) when
    not the earliest one still waiting (parallel rounds)."""

    yes: dict[str, int]
    no: dict[str, int] = field(default_factory=dict)
    ballots: int = 10
    runs: tuple[str, ...] | None = None
    seats: int | None = None
    electronic: bool = False
    marks: tuple[tuple[int, dict[str, str]], ...] = ()
    which: int | None = None


@dataclass(frozen=True)
class Next:
    """"Nächsten Wahlgang anlegen" on the round page of the latest round (or of round
    ``after``, 1-based); ``kind`` is what the standing must offer (runoff, mixed, further,
    repeat); ``paper``: "auf Papier" ticked."""

    kind: str
    after: int | None = None
    text: str | None = None
    paper: bool = True


@dataclass(frozen=True)
class Lot:
    """Draw the lot in the latest round between ``between`` with ``value`` drawn in the hall."""

    between: tuple[str, ...]
    value: str = "47"


@dataclass(frozen=True)
class Answer:
    """An elected person's (or one who moved up) answer; ``moves_up``: who the chair is told
    moves up (None: nobody, the seat stays vacant); ``waits``: nobody yet, a runoff or lot
    is outstanding whose loser may move up."""

    name: str
    accepted: bool
    moves_up: str | None = None
    waits: bool = False


@dataclass(frozen=True)
class Refill:
    """The further round for seats of ``kind`` vacant after declines, with new candidacies
    ("Name; Gruppe" lines)."""

    kind: str
    nominations: str = ""


@dataclass(frozen=True)
class Void:
    """"Ungültig erklären" on the latest round."""

    reason: str


@dataclass(frozen=True)
class Parallel:
    """"Gemischten Wahlgang parallel anlegen" on the women's round's page (round ``after``);
    ``paper``: "auf Papier" ticked."""

    after: int = 1
    paper: bool = True


Step = Count | Next | Lot | Answer | Refill | Void | Parallel


@dataclass(frozen=True)
class Path:
    """One path of an election day with its expected final lists.

    ``elected``: (name, seat label) in seat order; ``substitutes``: list name → names in
    order (only non-empty lists; the app and ``ballots.election`` name lists by quota group or
    ``all``); ``vacant``: (seat label, vacancy) for every seat without a holder — vacancy
    ``rule`` (the rules leave it empty) or ``declined``; ``declined``: names in seat order.
    ``rules``: settings changed by assembly decision before the first round (form field →
    values) with ``decision``; ``first_round``: the chair's choice (women / mixed) or None.
    ``words``: sentences the election page must show at the end."""

    name: str
    preset: str
    seats: int
    people: tuple[tuple[str, str], ...]
    steps: tuple[Step, ...]
    elected: tuple[tuple[str, str], ...]
    substitutes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    vacant: tuple[tuple[str, str], ...] = ()
    declined: tuple[str, ...] = ()
    complete: bool = True
    rules: dict[str, tuple[str, ...]] = field(default_factory=dict)
    decision: str = ""
    first_round: str | None = None
    voters: int = 10
    first_paper: bool = True
    words: tuple[str, ...] = ()
