"""Every path of an election day (issue 12, point 4) as plain data: candidates, what the
chair does, the counts of each round, and the final lists derived by hand. The app's tests
(tests/app/elections/test_*.py) drive them through the chair's pages; the same data serve
the pure computation's tests. This module: DIE LINKE delegates; the other presets
(association, GRÜNE, SPD, CDU) are in :mod:`tests.app.elections.paths_presets` and
re-exported here, so ``paths.X`` names every path.

DIE LINKE delegates (linke-delegates): women's round first for half the seats (rounded up),
Ja > Nein elects, Nein only when no more candidates than seats, a tie for a seat goes to a
runoff (a tie in the runoff to the lot), substitutes are everyone above the threshold not
elected, per quota group ("Frau", "offen")."""

from __future__ import annotations

from tests.app.elections.paths_presets import (
    ABSOLUTE_THEN_RELATIVE,
    CDU_GROUP,
    GRUENE_DECLINE_AND_REFILL,
    GRUENE_FURTHER_ROUNDS,
    GRUENE_ODD_PLACES,
    GRUENE_PLACE_ORDER_RUNOFF,
    SPD_QUOTA,
)
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
    Lot,
    Next,
    Parallel,
    Path,
    Refill,
    Void,
)

__all__ = [
    "ABSOLUTE_THEN_RELATIVE", "ALL", "CDU_GROUP", "GRUENE_DECLINE_AND_REFILL",
    "GRUENE_FURTHER_ROUNDS", "GRUENE_ODD_PLACES", "GRUENE_PLACE_ORDER_RUNOFF", "SPD_QUOTA",
]

# 4 seats → 2 women's seats, 2 mixed. Women's round (3 women > 2 seats: no Nein): Anna 8,
# Berta 7, Clara 4 → Anna FP1, Berta FP2; Clara (4 > 0 Nein) moves to the mixed round.
# Mixed round (2 seats; Clara, Fritz, Gustav, Hans): Fritz 7, Gustav 5, Hans 5, Clara 2 →
# Fritz GP1, Gustav and Hans tie for GP2 → runoff. Runoff 5 : 5 → lot. Final: Anna FP1,
# Berta FP2, Fritz GP1, lot winner GP2; substitutes Frau: Clara (2 Ja in the mixed round),
# offen: the lot's loser.
TIE_IN_MIXED = Path(
    name="tie-mixed", preset="linke-delegates", seats=4,
    people=((ANNA, W), (BERTA, W), (CLARA, W), (FRITZ, OPEN), (GUSTAV, OPEN), (HANS, OPEN)),
    steps=(
        Count({ANNA: 8, BERTA: 7, CLARA: 4}, runs=(ANNA, BERTA, CLARA), seats=2),
        Next("mixed", text="gemischter Wahlgang für 2 Plätze"),
        Count({FRITZ: 7, GUSTAV: 5, HANS: 5, CLARA: 2}, runs=(CLARA, FRITZ, GUSTAV, HANS),
              seats=2),
        Next("runoff", text=f"Stichwahl um {GP2} zwischen {GUSTAV} und {HANS}"),
        Count({GUSTAV: 5, HANS: 5}, runs=(GUSTAV, HANS), seats=1),
        Lot((GUSTAV, HANS)),
    ),
    elected=((ANNA, FP1), (BERTA, FP2), (FRITZ, GP1), (LOT_WINNER, GP2)),
    substitutes={W: (CLARA,), OPEN: (LOT_LOSER,)},
)

# 4 seats → 2 women's seats. Only Anna and Berta run for them (2 ≤ 2: Nein allowed): Anna
# 7 Ja / 2 Nein elected, Berta 4 / 6 (Ja ≤ Nein) not → Frauenplatz 2 stays vacant under the
# rules, never given to a man. The mixed round is for 2 seats, not 3 (it does not take the
# women's seat): Berta, Fritz, Gustav, Hans (4 > 2: no Nein); Fritz 6, Berta 5, Gustav 4,
# Hans 3 → Fritz GP1, Berta GP2. Substitutes offen: Gustav, Hans (Ja > 0 Nein).
TOO_FEW_WOMEN = Path(
    name="too-few-women", preset="linke-delegates", seats=4,
    people=((ANNA, W), (BERTA, W), (FRITZ, OPEN), (GUSTAV, OPEN), (HANS, OPEN)),
    steps=(
        Count({ANNA: 7, BERTA: 4}, no={ANNA: 2, BERTA: 6}, runs=(ANNA, BERTA), seats=2),
        Next("mixed", text="gemischter Wahlgang für 2 Plätze"),
        Count({FRITZ: 6, BERTA: 5, GUSTAV: 4, HANS: 3}, runs=(BERTA, FRITZ, GUSTAV, HANS),
              seats=2),
    ),
    elected=((ANNA, FP1), (FRITZ, GP1), (BERTA, GP2)),
    substitutes={OPEN: (GUSTAV, HANS)},
    vacant=((FP2, "rule"),),
)

# 4 seats, 2 women run for the 2 women's seats (2 ≤ 2, so nobody can move over): the mixed
# round is created alongside ("Gemischten Wahlgang parallel anlegen") and counted first.
# Mixed (Fritz, Gustav, Hans; 2 seats; no Nein): Fritz 6, Gustav 5, Hans 2 → GP1 Fritz, GP2
# Gustav. Women's (Nein allowed): Anna 7 / 2 → FP1; Berta 3 / 6 → FP2 stays vacant (rule).
# Substitutes offen: Hans.
PARALLEL = Path(
    name="parallel", preset="linke-delegates", seats=4,
    people=((ANNA, W), (BERTA, W), (FRITZ, OPEN), (GUSTAV, OPEN), (HANS, OPEN)),
    steps=(
        Parallel(after=1),
        Count({FRITZ: 6, GUSTAV: 5, HANS: 2}, runs=(FRITZ, GUSTAV, HANS), seats=2, which=2),
        Count({ANNA: 7, BERTA: 3}, no={ANNA: 2, BERTA: 6}, runs=(ANNA, BERTA), seats=2,
              which=1),
    ),
    elected=((ANNA, FP1), (FRITZ, GP1), (GUSTAV, GP2)),
    substitutes={OPEN: (HANS,)},
    vacant=((FP2, "rule"),),
)

# Same, both women elected, the women's round counted first.
PARALLEL_WOMEN_FIRST = Path(
    name="parallel-women-first", preset="linke-delegates", seats=4,
    people=((ANNA, W), (BERTA, W), (FRITZ, OPEN), (GUSTAV, OPEN), (HANS, OPEN)),
    steps=(
        Parallel(after=1),
        Count({ANNA: 7, BERTA: 6}, no={ANNA: 2, BERTA: 3}, which=1),
        Count({FRITZ: 6, GUSTAV: 5, HANS: 2}, which=2),
    ),
    elected=((ANNA, FP1), (BERTA, FP2), (FRITZ, GP1), (GUSTAV, GP2)),
    substitutes={OPEN: (HANS,)},
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

# 4 seats. Women's round counted (Anna 8, Berta 7, Clara 4), then declared void ("Ungültig
# erklären": ballots of another round were handed out). Its repeat (same women, 2 seats):
# Clara 8, Anna 7, Berta 3 → FP1 Clara, FP2 Anna. Mixed (Berta, Fritz, Gustav; 2 seats):
# Fritz 6, Gustav 5, Berta 3 → GP1 Fritz, GP2 Gustav; substitutes Frau: Berta.
VOID_AND_REPEAT = Path(
    name="void", preset="linke-delegates", seats=4,
    people=((ANNA, W), (BERTA, W), (CLARA, W), (FRITZ, OPEN), (GUSTAV, OPEN)),
    steps=(
        Count({ANNA: 8, BERTA: 7, CLARA: 4}, seats=2),
        Void("Stimmzettel des falschen Wahlgangs ausgegeben"),
        Next("repeat", text="Wiederholung des ungültigen Wahlgangs für Frauenplatz 1, "
                            "Frauenplatz 2"),
        Count({CLARA: 8, ANNA: 7, BERTA: 3}, runs=(ANNA, BERTA, CLARA), seats=2),
        Next("mixed", text="gemischter Wahlgang für 2 Plätze"),
        Count({FRITZ: 6, GUSTAV: 5, BERTA: 3}, runs=(BERTA, FRITZ, GUSTAV), seats=2),
    ),
    elected=((CLARA, FP1), (ANNA, FP2), (FRITZ, GP1), (GUSTAV, GP2)),
    substitutes={W: (BERTA,)},
)

# 4 seats, 10 phones. Women's round electronic (3 women > 2 seats: Ja only): 4 × Anna+Berta,
# 3 × Anna+Clara, 2 × Berta+Clara, 1 × Anna → Anna 8, Berta 6, Clara 5 → FP1 Anna, FP2
# Berta. Mixed round on paper (Clara, Fritz, Gustav, Hans): Fritz 7, Gustav 5, Clara 5, Hans
# 1 → GP1 Fritz; Gustav and Clara tie for GP2 → runoff, electronic: 6 × Clara, 3 × Gustav, 1
# empty ballot → Clara 6, Gustav 3 → GP2 Clara. Substitutes offen: Gustav (3 in the runoff),
# Hans.
PAPER_BETWEEN_ELECTRONIC = Path(
    name="paper-between", preset="linke-delegates", seats=4, first_paper=False,
    people=((ANNA, W), (BERTA, W), (CLARA, W), (FRITZ, OPEN), (GUSTAV, OPEN), (HANS, OPEN)),
    steps=(
        Count({ANNA: 8, BERTA: 6, CLARA: 5}, seats=2, electronic=True, marks=(
            (4, {ANNA: "Y", BERTA: "Y"}), (3, {ANNA: "Y", CLARA: "Y"}),
            (2, {BERTA: "Y", CLARA: "Y"}), (1, {ANNA: "Y"}))),
        Next("mixed", paper=True),
        Count({FRITZ: 7, GUSTAV: 5, CLARA: 5, HANS: 1}, seats=2),
        Next("runoff", paper=False, text=f"Stichwahl um {GP2} zwischen {CLARA} und {GUSTAV}"),
        Count({CLARA: 6, GUSTAV: 3}, runs=(CLARA, GUSTAV), seats=1, electronic=True, marks=(
            (6, {CLARA: "Y"}), (3, {GUSTAV: "Y"}), (1, {}))),
    ),
    elected=((ANNA, FP1), (BERTA, FP2), (FRITZ, GP1), (CLARA, GP2)),
    substitutes={OPEN: (GUSTAV, HANS)},
)

# 4 seats. Women's round (Anna, Berta, Clara; no Nein): Anna 8, Berta 7, Clara 4 → FP1, FP2;
# Clara moves over. Mixed round (Clara, Fritz, Gustav, Hans): Fritz 6, Gustav 5, Clara 4, Hans
# 3 → counted, then declared void (more ballots than voters in the box). Its repeat (same
# candidates, 2 seats): Hans 7, Clara 6, Fritz 4, Gustav 2 → GP1 Hans, GP2 Clara;
# substitutes offen: Fritz, Gustav.
VOID_MIXED_AND_REPEAT = Path(
    name="void-mixed", preset="linke-delegates", seats=4,
    people=((ANNA, W), (BERTA, W), (CLARA, W), (FRITZ, OPEN), (GUSTAV, OPEN), (HANS, OPEN)),
    steps=(
        Count({ANNA: 8, BERTA: 7, CLARA: 4}, seats=2),
        Next("mixed"),
        Count({FRITZ: 6, GUSTAV: 5, CLARA: 4, HANS: 3}, seats=2),
        Void("Mehr Stimmzettel in der Urne als ausgegeben"),
        Next("repeat", text="Wiederholung des ungültigen Wahlgangs für gemischter Platz 1, "
                            "gemischter Platz 2"),
        Count({HANS: 7, CLARA: 6, FRITZ: 4, GUSTAV: 2}, runs=(CLARA, FRITZ, GUSTAV, HANS),
              seats=2),
    ),
    elected=((ANNA, FP1), (BERTA, FP2), (HANS, GP1), (CLARA, GP2)),
    substitutes={OPEN: (FRITZ, GUSTAV)},
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
        Answer(ANNA, accepted=False, moves_up=None),
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

#: Every path by name (the app's tests drive each; the pure computation can too).
ALL: dict[str, Path] = {p.name: p for p in (
    TIE_IN_MIXED,
    TOO_FEW_WOMEN,
    PARALLEL,
    PARALLEL_WOMEN_FIRST,
    DECLINES_BEFORE_AND_AFTER,
    DECLINE_AFTER_MOVING_UP,
    DECLINE_NOBODY_LEFT,
    REFILL_TWICE,
    VOID_AND_REPEAT,
    PAPER_BETWEEN_ELECTRONIC,
    VOID_MIXED_AND_REPEAT,
    DECLINE_WHILE_RUNOFF_PENDING,
    LOT_WINNER_DECLINES,
    PARALLEL_DECLINE_AND_REFILL,
    REFILL_WITH_RUNOFF,
    ABSOLUTE_THEN_RELATIVE,
    CDU_GROUP,
    GRUENE_DECLINE_AND_REFILL,
    GRUENE_FURTHER_ROUNDS,
    GRUENE_ODD_PLACES,
    GRUENE_PLACE_ORDER_RUNOFF,
    SPD_QUOTA,
)}
