"""Published STV elections the tests count again: their ballots, as the sources give them."""

from __future__ import annotations

# GPUS Steering Committee election 2005-07-24, 13 candidates, 4 seats, 94 ballots. Ballot data
# from jklundell/droop test/blt/SC.blt; the expected Scottish STV count (five-decimal fixed
# point) is Droop's published reference output test/ref/dump/SC-scotland-fixed-p5-d5.txt.
# Candidate k here is "Ck"; 3 = Tom Sevigny, 4 = Pat LaMarche, 7 = Rebecca Rotzler,
# 8 = Kristen Olsen, 13 = Steve Kramer.
GPUS_2005 = """
7 8 9 11 12
7 8 9 11 12
13 7 5 4 2 1
5 13 2 7 4 1
13 4 1 2
4 2 13 1 3
4 13 2 7
7 8 12 1 13 9 2 4 11 5
1 13 3 4 7 5 2
4 1 13 7 3 5 2
4 1 13 7 3 5 2
1 4 13 2 7 5 3 9 8 12 11
7 1 8 9 13 3 2 4 12 5 11
7 8 9 11 12
7 1 8 9 13 3 2 4 12 5 11
7 8 9 11 12
7 8 9 11 12
7 8 9 11 12
5 1 13 3 2 4 7
7 8 9 3 12 2 13 5 1 4
3 13 1 2
3 13 1 2
4 7 13 5
4 5 13 3 2 1
7 8 9 11 12
7 9 8 12 11 2 13
7 8 9 11 12
7 8 9 11 12
4 3 13 1
4 3 13 1
13 3 4 1 7 2 5
3 13 4 1 7 2 5
13 3 4 1 2 5 7
13 1 4 2 5 3 7
13 4 3 1 2 5
3 13 1 4 2 7 5
4 3 13 8
4 3 13 1
1 4 13 7
1 4 13 7
7 3 4 13 1 5
9 11 8 7
7 8 9 11 12
13 3 5 2
4 5 2 3 13
13 5 2 4 1 3 7
13 5 2 1 7 3 8
7 8 9 12 11
7 8 4 9 12
13 4 7 2 8
4 13 2 7 1 8
7 8 11 9 12
8 4 7 11 13 9
7 4 2 13
13 1 7 4
4 1 2 13 9 5
1 4 13 5 3 2
7 5 4 8 11 2 13 1 3 9 12
4 8 7 5 13 2 1 3 9
3 4 7 2 12 13 8 1 5
7 8 9 11 12
7 8 11 9
7 8 11 9
7 8 9 11 12
7 8 9 11 12
7 8 9 11 12
13 2 4 7 5 1
7 8 9 11 12
7 8 9 11
7 8 9 11 12
2 7 8 12 13 11 1 5 9
4 7 8 2
4 13 5 2 1 3
13 4 7 3 1 5 8 2 9
4 3 13 1 7
13 4 1 3
4 1 13 3 2 7 8
2 4 13 5
2 3 4 1 13 7
3 1 4 13
4 3 1 2 11
3 1 4 13 2 7
4 1 2 8 3
4 1 5 13 2 3
4 1 5 13 2 3
7 8 9 11 12
7 8 9 11 12
13 7 3 2 5 4 1
13 5 7 2 4 1
7 8 9 11 12
1 13 3 7 2 4 5
13 1 2 7 4 5 3
13 1 2 7 4 5 3
3 1 4 2 13 7 9 5 8"""


def make_gpus_ballots() -> list[tuple[str, ...]]:
    return [tuple(f"C{n}" for n in line.split()) for line in GPUS_2005.split("\n") if line]


def make_gpus_candidates() -> tuple[str, ...]:
    return tuple(f"C{n}" for n in range(1, 14))


def make_food_ballots() -> list[tuple[tuple[str, ...], int]]:
    # Wikipedia "Single transferable vote", food-election example (20 guests, 3 seats, Droop
    # quota 6), as mirrored at https://www.liquisearch.com/single_transferable_vote/example and
    # with the preference table spelled out at
    # http://magickallgateway.org/magickallgateway.org/STV/stvexample.html
    return [
        (("Orange", "Pear"), 4),
        (("Pear", "Orange"), 2),
        (("Chocolate", "Strawberry"), 8),
        (("Chocolate", "Sweets"), 4),
        (("Strawberry",), 1),
        (("Sweets",), 1),
    ]


FOOD = ("Orange", "Pear", "Chocolate", "Strawberry", "Sweets")
