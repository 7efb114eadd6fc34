"""Every path of an election day (issue 12, point 4) as plain data: candidates, what the
chair does, the counts of each round, and the final lists derived by hand in a comment
above each. The app's tests (tests/app/elections/test_*.py) drive them through the chair's
pages; the same data serve the pure computation's tests. ``paths.X`` names every path;
``ALL`` maps each path's name to it. The step and path types: :mod:`.steps`; the people:
:mod:`.people`; the paths by theme: :mod:`.paths_linke`, :mod:`.paths_declines`,
:mod:`.paths_presets`."""

from __future__ import annotations

from tests.app.elections.paths_declines import (
    DECLINE_AFTER_MOVING_UP,
    DECLINE_NOBODY_LEFT,
    DECLINE_WHILE_RUNOFF_PENDING,
    DECLINES_BEFORE_AND_AFTER,
    LOT_WINNER_DECLINES,
    MIXED_SEAT_REFILL,
    PARALLEL_DECLINE_AND_REFILL,
    REFILL_TWICE,
    REFILL_WITH_RUNOFF,
)
from tests.app.elections.paths_linke import (
    FIRST_ROUND_MIXED,
    PAPER_BETWEEN_ELECTRONIC,
    PARALLEL,
    PARALLEL_WOMEN_FIRST,
    TIE_IN_MIXED,
    TOO_FEW_WOMEN,
    VOID_AND_REPEAT,
    VOID_MIXED_AND_REPEAT,
    VOID_RUNOFF_AND_REPEAT,
)
from tests.app.elections.paths_presets import (
    ABSOLUTE_THEN_RELATIVE,
    CDU_GROUP,
    GRUENE_DECLINE_AND_REFILL,
    GRUENE_FURTHER_ROUNDS,
    GRUENE_ODD_PLACES,
    GRUENE_PLACE_ORDER_RUNOFF,
    SPD_QUOTA,
)
from tests.app.elections.steps import Path

__all__ = [
    "ALL",
    "ABSOLUTE_THEN_RELATIVE",
    "CDU_GROUP",
    "DECLINES_BEFORE_AND_AFTER",
    "DECLINE_AFTER_MOVING_UP",
    "DECLINE_NOBODY_LEFT",
    "DECLINE_WHILE_RUNOFF_PENDING",
    "FIRST_ROUND_MIXED",
    "GRUENE_DECLINE_AND_REFILL",
    "GRUENE_FURTHER_ROUNDS",
    "GRUENE_ODD_PLACES",
    "GRUENE_PLACE_ORDER_RUNOFF",
    "LOT_WINNER_DECLINES",
    "MIXED_SEAT_REFILL",
    "PAPER_BETWEEN_ELECTRONIC",
    "PARALLEL",
    "PARALLEL_DECLINE_AND_REFILL",
    "PARALLEL_WOMEN_FIRST",
    "REFILL_TWICE",
    "REFILL_WITH_RUNOFF",
    "SPD_QUOTA",
    "TIE_IN_MIXED",
    "TOO_FEW_WOMEN",
    "VOID_AND_REPEAT",
    "VOID_MIXED_AND_REPEAT",
    "VOID_RUNOFF_AND_REPEAT",
]

#: Every path by name.
ALL: dict[str, Path] = {p.name: p for p in (
    TIE_IN_MIXED,
    TOO_FEW_WOMEN,
    PARALLEL,
    PARALLEL_WOMEN_FIRST,
    VOID_AND_REPEAT,
    PAPER_BETWEEN_ELECTRONIC,
    VOID_MIXED_AND_REPEAT,
    VOID_RUNOFF_AND_REPEAT,
    FIRST_ROUND_MIXED,
    DECLINES_BEFORE_AND_AFTER,
    DECLINE_AFTER_MOVING_UP,
    DECLINE_NOBODY_LEFT,
    REFILL_TWICE,
    DECLINE_WHILE_RUNOFF_PENDING,
    LOT_WINNER_DECLINES,
    PARALLEL_DECLINE_AND_REFILL,
    REFILL_WITH_RUNOFF,
    MIXED_SEAT_REFILL,
    ABSOLUTE_THEN_RELATIVE,
    GRUENE_ODD_PLACES,
    SPD_QUOTA,
    CDU_GROUP,
    GRUENE_PLACE_ORDER_RUNOFF,
    GRUENE_FURTHER_ROUNDS,
    GRUENE_DECLINE_AND_REFILL,
)}
