"""Election paths with declines under DIE LINKE delegates: before and after a later round,
by someone who moved up, with nobody left, refill rounds (after a refill, tied, for a mixed
seat) — plain data with the final lists derived by hand (see
:mod:`tests.app.elections.paths`)."""

from __future__ import annotations

from tests.app.elections.paths_linke import PARALLEL_WOMEN_FIRST, TIE_IN_MIXED
from tests.app.elections.people import (
    ANNA,
    BERTA,
    CLARA,
    DANA,
    EVA,
    FP1,
    FP2,
    FRITZ,
    GP1,
    GP2,
    GUSTAV,
    HANS,
    OPEN,
    W,
)
from tests.app.elections.steps import (
    LOT_LOSER,
    LOT_WINNER,
    Answer,
    Count,
    Next,
    Path,
    Refill,
)

# 4 seats, 15 ballots. Women's round (5 women > 2 seats: no Nein): Anna 8, Berta 7, Clara 5, Dana
# 3, Eva 2 → FP1 Anna, FP2 Berta; substitutes Frau: Clara, Dana, Eva. Anna declines before the
# mixed round → Clara moves up to FP1. The mixed round (2 seats) is for Dana, Eva and the men (not
# Clara, who holds a seat): Fritz 7, Dana 6, Gustav 4, Eva 3, Hans 2 → GP1 Fritz, GP2 Dana;
# substitutes Frau: Eva; offen: Gustav, Hans. Berta declines after it → FP2 only to a woman: Eva
# moves up. Final: Clara FP1, Eva FP2, Fritz GP1, Dana GP2; declined Anna, Berta.
DECLINES_BEFORE_AND_AFTER = Path(
    name="declines", preset="linke-delegates", seats=4,
    people=((ANNA, W), (BERTA, W), (CLARA, W), (DANA, W), (EVA, W), (FRITZ, OPEN), (GUSTAV, OPEN),
            (HANS, OPEN)),
    steps=(
        Count({ANNA: 8, BERTA: 7, CLARA: 5, DANA: 3, EVA: 2}, ballots=15, seats=2),
        Answer(ANNA, accepted=False, moves_up=CLARA),
        Next("mixed", text="gemischter Wahlgang für 2 Plätze"),
        Count({FRITZ: 7, DANA: 6, GUSTAV: 4, EVA: 3, HANS: 2}, ballots=15,
              runs=(DANA, EVA, FRITZ, GUSTAV, HANS), seats=2),
        Answer(BERTA, accepted=False, moves_up=EVA),
        Answer(FRITZ, accepted=True),
    ),
    elected=((CLARA, FP1), (EVA, FP2), (FRITZ, GP1), (DANA, GP2)),
    substitutes={OPEN: (GUSTAV, HANS)},
    declined=(ANNA, BERTA),
    voters=15,
)

# 2 seats → 1 women's seat, 1 mixed; 20 ballots. Women's round (3 > 1: no Nein): Anna 8, Berta 6,
# Clara 4 → FP1 Anna; substitutes Frau: Berta, Clara. Anna declines → Berta moves up; Berta (who
# moved up) declines → Clara moves up. Mixed round (1 seat; Fritz, Gustav): Fritz 6, Gustav 4 →
# GP1 Fritz; substitutes offen: Gustav. Final: Clara FP1, Fritz GP1; declined Anna, Berta.
DECLINE_AFTER_MOVING_UP = Path(
    name="moved-up-declines", preset="linke-delegates", seats=2,
    people=((ANNA, W), (BERTA, W), (CLARA, W), (FRITZ, OPEN), (GUSTAV, OPEN)),
    steps=(
        Count({ANNA: 8, BERTA: 6, CLARA: 4}, ballots=20, seats=1),
        Answer(ANNA, accepted=False, moves_up=BERTA),
        Answer(BERTA, accepted=False, moves_up=CLARA),
        Next("mixed", text="gemischter Wahlgang für 1 Platz"),
        Count({FRITZ: 6, GUSTAV: 4}, runs=(FRITZ, GUSTAV), ballots=20, seats=1),
    ),
    elected=((CLARA, FP1), (FRITZ, GP1)),
    substitutes={OPEN: (GUSTAV,)},
    declined=(ANNA, BERTA),
    voters=20,
)

# 2 seats, 12 ballots. Women's round (2 > 1: no Nein): Anna 8, Berta 4 → FP1 Anna; Berta
# moves to the mixed round (Berta, Fritz, Gustav; 1 seat): Berta 6, Fritz 3, Gustav 1 → GP1 Berta;
# substitutes offen: Fritz, Gustav. Anna declines: no woman is left (Berta holds GP1) → FP1
# vacant after a decline, listed once, and the refill step is offered.
_NOBODY_LEFT_STEPS = (
    Count({ANNA: 8, BERTA: 4}, ballots=12, seats=1),
    Next("mixed"),
    Count({BERTA: 6, FRITZ: 3, GUSTAV: 1}, runs=(BERTA, FRITZ, GUSTAV), ballots=12, seats=1),
    Answer(ANNA, accepted=False, moves_up=None),
)
DECLINE_NOBODY_LEFT = Path(
    name="nobody-left", preset="linke-delegates", seats=2,
    people=((ANNA, W), (BERTA, W), (FRITZ, OPEN), (GUSTAV, OPEN)),
    steps=_NOBODY_LEFT_STEPS,
    elected=((BERTA, GP1),),
    substitutes={OPEN: (FRITZ, GUSTAV)},
    vacant=((FP1, "declined"),),
    declined=(ANNA,),
    complete=False,
    voters=12,
    words=("weiterer Wahlgang für 1 nach Ablehnung unbesetzten Platz (Frauenplatz 1)",),
)

# ... then the refill round for FP1 with Clara newly nominated (alone: Nein allowed): Clara
# 7 / 3 → FP1 Clara. Clara declines too → FP1 vacant again; a refill after the refill with
# Dana: 6 / 4 → FP1 Dana. Final: Dana FP1, Berta GP1; declined Anna, Clara.
REFILL_TWICE = Path(
    name="refill", preset="linke-delegates", seats=2,
    people=((ANNA, W), (BERTA, W), (FRITZ, OPEN), (GUSTAV, OPEN)),
    steps=(
        *_NOBODY_LEFT_STEPS,
        Refill("women", nominations=CLARA),
        Count({CLARA: 7}, no={CLARA: 3}, runs=(CLARA,), ballots=12, seats=1),
        Answer(CLARA, accepted=False, moves_up=None),
        Refill("women", nominations=DANA),
        Count({DANA: 6}, no={DANA: 4}, runs=(DANA,), ballots=12, seats=1),
    ),
    elected=((DANA, FP1), (BERTA, GP1)),
    substitutes={OPEN: (FRITZ, GUSTAV)},
    declined=(ANNA, CLARA),
    voters=12,
)

# 4 seats, 10 ballots. Women's round (4 women > 2 seats: no Nein): Anna 8, Berta 5, Clara 5,
# Dana 2 → FP1 Anna; Berta and Clara tie for FP2 → runoff; Dana's substitute rank waits for
# it. Anna declines before the runoff: nobody can move up yet. Runoff: Clara 6, Berta 4 →
# FP2 Clara; Berta (4 Ja > 0 Nein), now the first women's substitute, moves up to FP1. Mixed
# round (Dana, Fritz, Gustav; 2 seats): Fritz 6, Gustav 5, Dana 3 → GP1 Fritz, GP2 Gustav;
# substitutes Frau: Dana. Final: Berta FP1 (moved up for Anna), Clara FP2, Fritz, Gustav.
DECLINE_WHILE_RUNOFF_PENDING = Path(
    name="decline-runoff", preset="linke-delegates", seats=4,
    people=((ANNA, W), (BERTA, W), (CLARA, W), (DANA, W), (FRITZ, OPEN), (GUSTAV, OPEN)),
    steps=(
        Count({ANNA: 8, BERTA: 5, CLARA: 5, DANA: 2}, seats=2),
        Answer(ANNA, accepted=False, waits=True),
        Next("runoff", text=f"Stichwahl um {FP2} zwischen {BERTA} und {CLARA}"),
        Count({CLARA: 6, BERTA: 4}, runs=(BERTA, CLARA), seats=1),
        Next("mixed", text="gemischter Wahlgang für 2 Plätze"),
        Count({FRITZ: 6, GUSTAV: 5, DANA: 3}, runs=(DANA, FRITZ, GUSTAV), seats=2),
    ),
    elected=((BERTA, FP1), (CLARA, FP2), (FRITZ, GP1), (GUSTAV, GP2)),
    substitutes={W: (DANA,)},
    declined=(ANNA,),
)

# TIE_IN_MIXED, then the lot's winner declines: the mixed seat goes to the best substitute of
# any group — the lot's loser (5 votes in the mixed round, ranked at the tie's place) before
# Clara (2). Final: Anna, Berta, Fritz, the lot's loser on GP2; substitutes Frau: Clara.
LOT_WINNER_DECLINES = Path(
    name="lot-declines", preset="linke-delegates", seats=4, people=TIE_IN_MIXED.people,
    steps=(*TIE_IN_MIXED.steps, Answer(LOT_WINNER, accepted=False, moves_up=LOT_LOSER)),
    elected=((ANNA, FP1), (BERTA, FP2), (FRITZ, GP1), (LOT_LOSER, GP2)),
    substitutes={W: (CLARA,)},
    declined=(LOT_WINNER,),
)

# PARALLEL_WOMEN_FIRST, then Anna declines: no woman is left (both ran and hold seats), and
# Hans, a man, never takes a women's seat → FP1 vacant; the refill round with Clara newly
# nominated (alone: Nein allowed): 8 / 2 → FP1 Clara.
PARALLEL_DECLINE_AND_REFILL = Path(
    name="parallel-refill", preset="linke-delegates", seats=4,
    people=PARALLEL_WOMEN_FIRST.people,
    steps=(
        *PARALLEL_WOMEN_FIRST.steps,
        Answer(ANNA, accepted=False, moves_up=None),
        Refill("women", nominations=CLARA),
        Count({CLARA: 8}, no={CLARA: 2}, runs=(CLARA,), seats=1),
    ),
    elected=((CLARA, FP1), (BERTA, FP2), (FRITZ, GP1), (GUSTAV, GP2)),
    substitutes={OPEN: (HANS,)},
    declined=(ANNA,),
)

# DECLINE_NOBODY_LEFT, then the refill round for FP1 with Clara and Dana newly nominated
# (2 > 1: no Nein): 5 : 5 → runoff for FP1 (the same seat): Dana 6, Clara 4 → FP1 Dana;
# substitutes Frau: Clara (4 Ja in the runoff).
REFILL_WITH_RUNOFF = Path(
    name="refill-runoff", preset="linke-delegates", seats=2,
    people=DECLINE_NOBODY_LEFT.people,
    steps=(
        *_NOBODY_LEFT_STEPS,
        Refill("women", nominations=f"{CLARA}\n{DANA}"),
        Count({CLARA: 5, DANA: 5}, runs=(CLARA, DANA), ballots=12, seats=1),
        Next("runoff", text=f"Stichwahl um {FP1} zwischen {CLARA} und {DANA}"),
        Count({DANA: 6, CLARA: 4}, runs=(CLARA, DANA), ballots=12, seats=1),
    ),
    elected=((DANA, FP1), (BERTA, GP1)),
    substitutes={W: (CLARA,), OPEN: (FRITZ, GUSTAV)},
    declined=(ANNA,),
    voters=12,
)

# 2 seats → 1 women's seat, 1 mixed. Women's round (Anna, Berta; no Nein): Anna 6, Berta 4 →
# FP1 Anna; Berta moves over. Mixed round (Berta, Fritz; 1 seat): Fritz 7, Berta 3 → GP1
# Fritz; substitutes Frau: Berta (a woman may take a mixed seat). Fritz declines → Berta
# moves up to GP1. Then she declines too → nobody left: GP1 vacant after declines; the
# refill round for the mixed seat is open to everyone without a seat (Gustav, newly
# nominated, alone: Nein allowed): 6 / 4 → GP1 Gustav.
MIXED_SEAT_REFILL = Path(
    name="mixed-refill", preset="linke-delegates", seats=2,
    people=((ANNA, W), (BERTA, W), (FRITZ, OPEN)),
    steps=(
        Count({ANNA: 6, BERTA: 4}, seats=1),
        Next("mixed"),
        Count({FRITZ: 7, BERTA: 3}, runs=(BERTA, FRITZ), seats=1),
        Answer(FRITZ, accepted=False, moves_up=BERTA),
        Answer(BERTA, accepted=False, moves_up=None),
        Refill("mixed", nominations=f"{GUSTAV}; offen"),
        Count({GUSTAV: 6}, no={GUSTAV: 4}, runs=(GUSTAV,), seats=1),
    ),
    elected=((ANNA, FP1), (GUSTAV, GP1)),
    declined=(FRITZ, BERTA),
)
