"""Who comes to the day and how they vote: the roster file the office sends, the voters, the
candidates and every ballot of every electronic round (so the expected counts follow from
the plan, not from constants written twice)."""

from __future__ import annotations

# Name; Gliederung; Quote; Stimmrecht; Ersatz - as the office's spreadsheet exports it.
ROSTER = [
    ("Anna Albers", "OV Nord", "Frau", "ja", ""),
    ("Berta Brandt", "OV Nord", "Frau", "ja", ""),
    ("Clara Claus", "OV Süd", "Frau", "ja", ""),
    ("Dana Dorn", "OV Süd", "Frau", "ja", ""),
    ("Greta Gärtner", "OV West", "Frau", "ja", ""),
    ("Ida Ilić", "OV West", "Frau", "ja", ""),
    ("Lena Lorenz", "OV Ost", "Frau", "ja", ""),
    ("Fritz Fink", "OV Nord", "offen", "ja", ""),
    ("Gustav Gans", "OV Süd", "offen", "ja", ""),
    ("Hannes Hahn", "OV West", "offen", "ja", ""),
    ("Jan Jung", "OV Ost", "offen", "ja", ""),
    ("Karl Kühn", "OV Ost", "offen", "ja", ""),
    ("Mehmet Maier", "OV Süd", "offen", "ja", ""),
    ("Olaf Ott", "OV Nord", "offen", "ja", ""),
    ("Rosa Roth", "OV Ost", "Frau", "nein", "x"),
    ("Sven Stein", "OV Süd", "offen", "nein", "x"),
]
ABSENT = ("Ida Ilić", "Lena Lorenz", "Olaf Ott")  # not at the desk today
SUBSTITUTE, REPLACES = "Rosa Roth", "Lena Lorenz"  # Rosa takes over Lena's vote at the desk
NAMES = [row[0] for row in ROSTER]
# Who votes today: everyone checked in with a vote, and Rosa for Lena (Sven only watches).
VOTERS = [n for n in NAMES[:14] if n not in ABSENT] + [SUBSTITUTE]
TABLET = ("Greta Gärtner", "Hannes Hahn")  # they share one tablet for the motion

MOTION = "A1: Resolution zur Verkehrswende"
MOTION_CHOICE = {  # Ja 7, Nein 3, Enthaltung 2
    "Anna Albers": "Ja", "Berta Brandt": "Ja", "Clara Claus": "Nein", "Dana Dorn": "Ja",
    "Greta Gärtner": "Ja", "Fritz Fink": "Enthaltung", "Gustav Gans": "Ja",
    "Hannes Hahn": "Nein", "Jan Jung": "Ja", "Karl Kühn": "Nein", "Mehmet Maier": "Enthaltung",
    "Rosa Roth": "Ja",
}

# Paper beside the phones in the motion: Fritz's and Mehmet's phones are flat, so the desk
# hands them paper ballots; Karl's phone fetched his ballot, then lost it with the browser,
# so the desk hands him one as a replacement (he confirms the loss). They vote as planned.
PAPER = ("Fritz Fink", "Mehmet Maier")
LOST = "Karl Kühn"
ON_PAPER = (*PAPER, LOST)

ELECTION = "Delegierte zum Landesparteitag"
SEATS = 4  # DIE LINKE: 2 women's seats first, then 2 mixed seats
WOMEN = ["Anna Albers", "Clara Claus", "Dana Dorn"]
OTHERS = ["Fritz Fink", "Jan Jung", "Karl Kühn"]

# Women's round (2 seats, at most 2 Ja): Anna 12, Clara 6, Dana 6 - a tie for Frauenplatz 2.
WOMENS_ROUND = {voter: ("Anna Albers", "Clara Claus" if i < 6 else "Dana Dorn")
                for i, voter in enumerate(VOTERS)}
RUNOFF_PAPER = {"Clara Claus": 6, "Dana Dorn": 6}  # on paper: tied again, the lot decides
LOT_VALUE = "47"


def mixed_round(loser: str) -> dict[str, tuple[str, ...]]:
    """Mixed round (2 seats): Fritz 10, Jan 9, Karl 3, the runoff's loser 1."""
    plan: dict[str, tuple[str, ...]] = {}
    for i, voter in enumerate(VOTERS):
        if i < 9:
            plan[voter] = ("Fritz Fink", "Jan Jung")
        elif i == 9:
            plan[voter] = ("Fritz Fink", "Karl Kühn")
        elif i == 10:
            plan[voter] = ("Karl Kühn", loser)
        else:
            plan[voter] = ("Karl Kühn",)
    return plan


DECLINES = "Jan Jung"  # elected on gemischter Platz 2, declines; Karl Kühn moves up


def roster_csv() -> str:
    lines = ["Name;Gliederung;Quote;Stimmrecht;Ersatz"]
    lines += [";".join(row) for row in ROSTER]
    return "\n".join(lines) + "\n"


def tally(plan: dict[str, tuple[str, ...]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for names in plan.values():
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    return counts
