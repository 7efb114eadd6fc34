"""The people and seat labels of the election paths (names, never ids)."""

ANNA, BERTA, CLARA, DANA = "Anna Albers", "Berta Brandt", "Clara Claus", "Dana Dorn"
EVA = "Eva Ernst"
FRITZ, GUSTAV, HANS, INGO = "Fritz Fink", "Gustav Gans", "Hans Hahn", "Ingo Igel"
W, OPEN, M = "Frau", "offen", "Mann"
FP1, FP2, FP3 = "Frauenplatz 1", "Frauenplatz 2", "Frauenplatz 3"
GP1, GP2, GP3 = "gemischter Platz 1", "gemischter Platz 2", "gemischter Platz 3"
