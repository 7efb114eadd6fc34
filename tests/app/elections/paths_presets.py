"""Election paths under the other presets — an association under BGB § 32, GRÜNE odd list
places, SPD 40 %, CDU — as plain data with the final lists derived by hand (see
:mod:`tests.app.elections.paths`)."""

from __future__ import annotations

from tests.app.elections.people import (
    ANNA,
    BERTA,
    CLARA,
    DANA,
    FRITZ,
    GUSTAV,
    HANS,
    INGO,
    OPEN,
    M,
    W,
)
from tests.app.elections.steps import (
    LOT_WINNER,
    Answer,
    Count,
    Lot,
    Next,
    Path,
    Refill,
)

# BGB § 32 association (2 seats, Ja/Nein/Enthaltung, Nein always allowed, absolute majority
# of Ja+Nein, ties by lot, no substitutes); the assembly decided a relative majority from
# round 2. Round 1: Anna 6 Ja / 2 Nein (6 > 8/2) elected Sitz 1; Berta 4/4, Fritz 3/5, Gustav
# 2/6 miss it → Sitz 2 open, a further round. Round 2 (Berta, Fritz, Gustav; relative):
# Berta 4, Fritz 4, Gustav 2 → Berta and Fritz tie for Sitz 2 → lot (the association's rule).
ABSOLUTE_THEN_RELATIVE = Path(
    name="association", preset="association", seats=2,
    people=((ANNA, OPEN), (BERTA, OPEN), (FRITZ, OPEN), (GUSTAV, OPEN)),
    rules={"threshold": ("absolute", "relative", "")},
    decision="Ab dem 2. Wahlgang genügt die relative Mehrheit (Beschluss der "
             "Mitgliederversammlung).",
    steps=(
        Count({ANNA: 6, BERTA: 4, FRITZ: 3, GUSTAV: 2},
              no={ANNA: 2, BERTA: 4, FRITZ: 5, GUSTAV: 6}, seats=2),
        Next("further", text="weiterer Wahlgang für 1 Platz (Sitz 2)"),
        Count({BERTA: 4, FRITZ: 4, GUSTAV: 2}, runs=(BERTA, FRITZ, GUSTAV), seats=1),
        Lot((BERTA, FRITZ)),
    ),
    elected=((ANNA, "Sitz 1"), (LOT_WINNER, "Sitz 2")),
)

# GRÜNE list (4 places; odd places only for women; Ja/Nein/Enthaltung; absolute majority of
# the valid ballots: more than 5 of 10). Round 1: Anna 9, Fritz 8, Gustav 7, Hans 7, Clara 4
# (no Nein). Passing: Anna, Fritz, Gustav, Hans. Place 1 (women): Anna; place 2: Fritz;
# place 3 (women): no woman passed → stays vacant under the rules; place 4: Gustav and Hans
# tie → runoff for place 4: Hans 6, Gustav 4 → Hans (6 > 5).
GRUENE_ODD_PLACES = Path(
    name="gruene", preset="gruene-list", seats=4,
    people=((ANNA, W), (CLARA, W), (FRITZ, OPEN), (GUSTAV, OPEN), (HANS, OPEN)),
    steps=(
        Count({ANNA: 9, FRITZ: 8, GUSTAV: 7, HANS: 7, CLARA: 4}, seats=4),
        Next("runoff", text=f"Stichwahl um Listenplatz 4 zwischen {GUSTAV} und {HANS}"),
        Count({HANS: 6, GUSTAV: 4}, runs=(GUSTAV, HANS), seats=1),
    ),
    elected=((ANNA, "Listenplatz 1"), (FRITZ, "Listenplatz 2"), (HANS, "Listenplatz 4")),
    vacant=(("Listenplatz 3", "rule"),),
)

# SPD (5 seats; approval, at most 5 crosses; absolute majority of 20 valid ballots: more
# than 10; each of Frau and Mann at least 2/5 of 5 = 2 seats, so at most 3). Round 1: Fritz
# 18, Gustav 17, Hans 16, Ingo 15, Anna 14, Berta 9, Clara 6 (95 ≤ 100 crosses). Passing:
# Fritz, Gustav, Hans, Ingo, Anna. Fritz, Gustav, Hans take seats 1–3; Ingo is skipped (a
# fourth man would leave the women 1 seat); Anna seat 4; seat 5 open. Round 2 (relative
# majority; Berta, Clara, Ingo): Ingo 9, Berta 8, Clara 3 (1 cross each) →
# Ingo skipped again, Berta seat 5. 2 women of 5 = 40 %.
SPD_QUOTA = Path(
    name="spd", preset="spd-quota", seats=5, voters=20,
    people=((ANNA, W), (BERTA, W), (CLARA, W), (FRITZ, M), (GUSTAV, M), (HANS, M), (INGO, M)),
    steps=(
        Count({FRITZ: 18, GUSTAV: 17, HANS: 16, INGO: 15, ANNA: 14, BERTA: 9, CLARA: 6},
              ballots=20, seats=5),
        Next("further", text="weiterer Wahlgang für 1 Platz (Sitz 5)"),
        Count({INGO: 9, BERTA: 8, CLARA: 3}, runs=(BERTA, CLARA, INGO), ballots=20,
              seats=1),
    ),
    elected=((FRITZ, "Sitz 1"), (GUSTAV, "Sitz 2"), (HANS, "Sitz 3"), (ANNA, "Sitz 4"),
             (BERTA, "Sitz 5")),
)

# CDU (3 seats; approval, 2 or 3 crosses; absolute majority of 10 valid ballots in round 1,
# relative from round 2; a first round that elects fewer than 1/3 women is void). Round 1:
# Fritz 8, Gustav 7, Hans 6, Anna 5, Berta 4 (30 crosses) → Fritz, Gustav, Hans pass: no
# woman among 3 → round void, repeated. Repeat (round 2, relative): Fritz 8, Anna 7, Gustav
# 6, Hans 5, Berta 4 → Fritz seat 1, Anna seat 2, Gustav seat 3.
CDU_GROUP = Path(
    name="cdu", preset="cdu-group", seats=3,
    people=((ANNA, W), (BERTA, W), (FRITZ, M), (GUSTAV, M), (HANS, M)),
    steps=(
        Count({FRITZ: 8, GUSTAV: 7, HANS: 6, ANNA: 5, BERTA: 4}, seats=3),
        Next("repeat", text="Wiederholung des ungültigen Wahlgangs für Sitz 1, Sitz 2, Sitz 3"),
        Count({FRITZ: 8, ANNA: 7, GUSTAV: 6, HANS: 5, BERTA: 4}, seats=3),
    ),
    elected=((FRITZ, "Sitz 1"), (ANNA, "Sitz 2"), (GUSTAV, "Sitz 3")),
)

# GRÜNE list, 4 places, 10 ballots. Round 1: Anna 9, Fritz 7, Gustav 7, Clara 6, Hans 2 (no
# Nein). Passing (more than 5): Anna, Fritz, Gustav, Clara. Place 1 (women) Anna; places 2
# and 4 go to Fritz and Gustav in an order their tie decides → runoff for places 2 and 4;
# place 3 (women) Clara. Runoff (2 places, 2 candidates: Nein allowed): Gustav 8, Fritz 6 →
# both more than 5: Gustav place 2, Fritz place 4.
GRUENE_PLACE_ORDER_RUNOFF = Path(
    name="gruene-order", preset="gruene-list", seats=4,
    people=((ANNA, W), (CLARA, W), (FRITZ, OPEN), (GUSTAV, OPEN), (HANS, OPEN)),
    steps=(
        Count({ANNA: 9, FRITZ: 7, GUSTAV: 7, CLARA: 6, HANS: 2}, seats=4),
        Next("runoff", text=f"Stichwahl um Listenplatz 2, Listenplatz 4 zwischen {FRITZ} und "
                            f"{GUSTAV}"),
        Count({GUSTAV: 8, FRITZ: 6}, runs=(FRITZ, GUSTAV), seats=2),
    ),
    elected=((ANNA, "Listenplatz 1"), (GUSTAV, "Listenplatz 2"), (CLARA, "Listenplatz 3"),
             (FRITZ, "Listenplatz 4")),
)

# GRÜNE list, 4 places, 10 ballots; absolute majority in rounds 1 and 2, relative from round
# 3. Round 1: Anna 8, Berta 7, Fritz 5, Gustav 4, Hans 3. Passing: Anna, Berta. Place 1
# (women) Anna; place 2 (open to all) Berta; place 3 (women): no other woman passed → stays
# vacant; place 4 open → further round. Round 2 (Fritz, Gustav, Hans; place 4): Fritz 5,
# Gustav 4, Hans 1 → nobody more than 5 → another further round. Round 3 (relative): Gustav
# 6, Fritz 3, Hans 1 → Gustav place 4.
GRUENE_FURTHER_ROUNDS = Path(
    name="gruene-further", preset="gruene-list", seats=4,
    people=((ANNA, W), (BERTA, W), (FRITZ, OPEN), (GUSTAV, OPEN), (HANS, OPEN)),
    steps=(
        Count({ANNA: 8, BERTA: 7, FRITZ: 5, GUSTAV: 4, HANS: 3}, seats=4),
        Next("further", text="weiterer Wahlgang für 1 Platz (Listenplatz 4)"),
        Count({FRITZ: 5, GUSTAV: 4, HANS: 1}, runs=(FRITZ, GUSTAV, HANS), seats=1),
        Next("further", text="weiterer Wahlgang für 1 Platz (Listenplatz 4)"),
        Count({GUSTAV: 6, FRITZ: 3, HANS: 1}, runs=(FRITZ, GUSTAV, HANS), seats=1),
    ),
    elected=((ANNA, "Listenplatz 1"), (BERTA, "Listenplatz 2"), (GUSTAV, "Listenplatz 4")),
    vacant=(("Listenplatz 3", "rule"),),
)

# GRÜNE list, 2 places, 10 ballots (no substitutes). Round 1: Anna 8, Fritz 7, Clara 4 (no
# Nein) → place 1 Anna, place 2 Fritz. Anna declines: nobody moves up → place 1 vacant after
# a decline; the refill round for place 1 is for women only: Clara (already on the list) and
# Dana (nominated now); Dana 7, Clara 2 → place 1 Dana.
GRUENE_DECLINE_AND_REFILL = Path(
    name="gruene-refill", preset="gruene-list", seats=2,
    people=((ANNA, W), (CLARA, W), (FRITZ, OPEN)),
    steps=(
        Count({ANNA: 8, FRITZ: 7, CLARA: 4}, seats=2),
        Answer(ANNA, accepted=False, moves_up=None),
        Refill("general", nominations=DANA),
        Count({DANA: 7, CLARA: 2}, runs=(CLARA, DANA), seats=1),
    ),
    elected=((DANA, "Listenplatz 1"), (FRITZ, "Listenplatz 2")),
    declined=(ANNA,),
)
