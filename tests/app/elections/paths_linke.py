"""Election paths under DIE LINKE delegates (linke-delegates) without declines: ties, too few
women, parallel rounds, void rounds and their repeats, paper and electronic rounds — plain
data with the final lists derived by hand (see :mod:`tests.app.elections.paths`).

The rules: women's round first for half the seats (rounded up), Ja > Nein elects, Nein only
when no more candidates than seats, a tie for a seat goes to a runoff (a tie in the runoff
to the lot), substitutes are everyone above the threshold not elected, per quota group
("Frau", "offen")."""

from __future__ import annotations

from tests.app.elections.people import (
    ANNA,
    BERTA,
    CLARA,
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
    Count,
    Lot,
    Next,
    Parallel,
    Path,
    Void,
)

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

# 4 seats. Women's round (Anna, Berta, Clara; no Nein): Anna 8, Berta 5, Clara 5 → FP1 Anna;
# Berta and Clara tie for FP2 → runoff, counted (Berta 6, Clara 4) and declared void; its
# repeat (the same two, FP2): Clara 7, Berta 3 → FP2 Clara; substitutes Frau: Berta. Mixed
# round (Berta, Fritz, Gustav): Fritz 6, Gustav 5, Berta 4 → GP1 Fritz, GP2 Gustav;
# substitutes Frau: Berta (ranked again by the mixed round).
VOID_RUNOFF_AND_REPEAT = Path(
    name="void-runoff", preset="linke-delegates", seats=4,
    people=((ANNA, W), (BERTA, W), (CLARA, W), (FRITZ, OPEN), (GUSTAV, OPEN)),
    steps=(
        Count({ANNA: 8, BERTA: 5, CLARA: 5}, seats=2),
        Next("runoff", text=f"Stichwahl um {FP2} zwischen {BERTA} und {CLARA}"),
        Count({BERTA: 6, CLARA: 4}, runs=(BERTA, CLARA), seats=1),
        Void("Stimmzettel ohne Stempel ausgegeben"),
        Next("repeat", text=f"Wiederholung des ungültigen Wahlgangs für {FP2}"),
        Count({CLARA: 7, BERTA: 3}, runs=(BERTA, CLARA), seats=1),
        Next("mixed", text="gemischter Wahlgang für 2 Plätze"),
        Count({FRITZ: 6, GUSTAV: 5, BERTA: 4}, runs=(BERTA, FRITZ, GUSTAV), seats=2),
    ),
    elected=((ANNA, FP1), (CLARA, FP2), (FRITZ, GP1), (GUSTAV, GP2)),
    substitutes={W: (BERTA,)},
)

# DIE LINKE delegates, the chair holds a mixed round for all 2 seats first (the women's
# places were elected before, separately): seats "gemischter Platz 1, 2", everyone runs
# (Anna, Fritz, Gustav; no Nein): Fritz 7, Anna 6, Gustav 2 → GP1 Fritz, GP2 Anna;
# substitutes offen: Gustav.
FIRST_ROUND_MIXED = Path(
    name="first-mixed", preset="linke-delegates", seats=2, first_round="mixed",
    people=((ANNA, W), (FRITZ, OPEN), (GUSTAV, OPEN)),
    steps=(Count({FRITZ: 7, ANNA: 6, GUSTAV: 2}, runs=(ANNA, FRITZ, GUSTAV), seats=2),),
    elected=((FRITZ, GP1), (ANNA, GP2)),
    substitutes={OPEN: (GUSTAV,)},
)
