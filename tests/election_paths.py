"""Every path of an election day (issue 12, point 4) as data with hand-derived final lists —
shared by the pure tests (tests/ballots/test_election_paths.py, through
``ballots.election.file.election_from_dict``) and the app's tests, which drive the same days
through the pages and must end with the same lists.

``PATHS[name].data`` is an election file (docs/formats.md, §7): the definition, then the
events in order (rounds with ballots in Contract 1 form or paper totals, lots, declines,
voided rounds). ``PATHS[name].seats`` maps every seat label to its holder's id (None: the
seat stays vacant); ``substitutes`` maps each substitute list to its ids in order;
``declined`` lists who declined; ``next`` is the step the rules call for at the end
(``complete`` when none). Names: ``NAMES[id]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["LOT_HASH", "NAMES", "PATHS", "ElectionPath", "ballots"]

#: The round's audit hash the lots in these files are drawn with (any 64 hex digits).
LOT_HASH = "ab" * 32

NAMES = {
    "W1": "Anna Albers", "W2": "Berta Brandt", "W3": "Clara Conrad", "W4": "Dana Dietz",
    "W5": "Eva Engel", "M1": "Fritz Faber", "M2": "Gustav Graf", "M3": "Hans Horn",
    "M4": "Ingo Iske", "M5": "Jonas Jahn",
}


def ballots(*groups: tuple[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """``ballots((6, {"W1": "Y"}), (2, {}))`` → 8 ballots in Contract 1 form."""
    return [{"marks": dict(marks)} for count, marks in groups for _ in range(count)]


def _people(ids: str, group: str) -> list[dict[str, str]]:
    return [{"id": cid, "name": NAMES[cid], "group": group} for cid in ids.split()]


def _election(preset: str, seats: int, women: str, men: str, events: list[dict[str, Any]],
              *, men_group: str = "offen", title: str = "Delegierte",
              **extra: Any) -> dict[str, Any]:
    rules = extra.pop("rules", {"preset": preset})
    return {"id": "E1", "title": title, "rules": rules, "seats": seats, **extra,
            "candidates": _people(women, "Frau") + _people(men, men_group), "events": events}


@dataclass(frozen=True)
class ElectionPath:
    """One path: the election file and the final lists it must give."""

    title: str
    data: dict[str, Any]
    seats: dict[str, str | None]
    substitutes: dict[str, list[str]] = field(default_factory=dict)
    declined: list[str] = field(default_factory=list)
    next: str = "complete"
    by_lot: tuple[str, ...] = ()


_WOMEN_ROUND = ballots((6, {"W1": "Y", "W2": "Y", "W3": "Y"}),
                       (2, {"W1": "Y", "W2": "Y", "W4": "Y"}),
                       (2, {"W1": "Y", "W4": "Y", "W5": "Y"}), (1, {"W4": "Y", "W5": "Y"}),
                       (1, {"W4": "Y"}))  # Ja: W1 10, W2 8, W3 6, W4 6, W5 3
_MIXED_ROUND = ballots((8, {"M1": "Y", "M2": "Y", "M3": "Y"}), (3, {"M4": "Y"}), (1, {"W3": "Y"}))
_ALL_SIX = {"Frauenplatz 1": "W1", "Frauenplatz 2": "W2", "Frauenplatz 3": "W4",
            "gemischter Platz 1": "M1", "gemischter Platz 2": "M2", "gemischter Platz 3": "M3"}
_TWO_WOMEN = ballots((10, {"W1": "Y", "W2": "Y"}))

PATHS: dict[str, ElectionPath] = {
    # The day: 2 women elected outright, the 3rd women's seat tied, the runoff tied
    # 6:6 and settled by lot "47" (Dana), the mixed round elects three → 6 elected.
    "scenario": ElectionPath(
        "Issue 12: women's round, tied runoff settled by lot, mixed round",
        _election("linke-delegates", 6, "W1 W2 W3 W4 W5", "M1 M2 M3 M4 M5", [
            {"round": "next", "ballots": _WOMEN_ROUND},
            {"round": "runoff", "ballots": ballots((6, {"W3": "Y"}), (6, {"W4": "Y"})),
             "lot": {"public_value": "47", "audit_hash": LOT_HASH}},
            {"round": "mixed", "ballots": _MIXED_ROUND}]),
        _ALL_SIX, {"Frau": ["W3"], "offen": ["M4"]}, by_lot=("W4",)),
    # Mixed round: M1 6, M2 5, M3 5 → seat 2 tied → runoff M3 5 : M2 3.
    "mixed_tie": ElectionPath(
        "A tie in the mixed round, decided by a runoff",
        _election("linke-delegates", 4, "W1 W2", "M1 M2 M3", [
            {"round": "next", "ballots": _TWO_WOMEN},
            {"round": "next", "ballots": ballots((3, {"M1": "Y", "M2": "Y"}),
                                                 (3, {"M1": "Y", "M3": "Y"}),
                                                 (2, {"M2": "Y", "M3": "Y"}))},
            {"round": "next", "ballots": ballots((5, {"M3": "Y"}), (3, {"M2": "Y"}))}]),
        {"Frauenplatz 1": "W1", "Frauenplatz 2": "W2", "gemischter Platz 1": "M1",
         "gemischter Platz 2": "M3"}, {"Frau": [], "offen": ["M2"]}),
    # One woman for two women's seats: Frauenplatz 2 stays vacant, never goes to a man.
    "too_few_women": ElectionPath(
        "Too few women: the second women's seat stays vacant",
        _election("linke-delegates", 4, "W1", "M1 M2 M3", [
            {"round": "next", "ballots": ballots((8, {"W1": "Y"}))},
            {"round": "next", "ballots": ballots((5, {"M1": "Y", "M2": "Y"}), (3, {"M3": "Y"}))}]),
        {"Frauenplatz 1": "W1", "Frauenplatz 2": None, "gemischter Platz 1": "M1",
         "gemischter Platz 2": "M2"}, {"Frau": [], "offen": ["M3"]}),
    # BGB § 32 with the assembly's decision "relative majority from round 2": round 1 nobody
    # has more Ja than Nein (A 4:6, B 3:7, C 3:7), round 2 A has the most votes.
    "absolute_then_relative": ElectionPath(
        "Absolute majority missed in round 1, relative majority in round 2",
        _election("association", 1, "", "M1 M2 M3", [
            {"round": "next", "ballots": ballots(
                (4, {"M1": "Y", "M2": "N", "M3": "N"}), (3, {"M1": "N", "M2": "Y", "M3": "N"}),
                (3, {"M1": "N", "M2": "N", "M3": "Y"}))},
            {"round": "further", "ballots": ballots((5, {"M1": "Y"}), (3, {"M2": "Y"}),
                                                    (2, {"M3": "Y"}))}],
            men_group="", title="Vorstand",
            rules={"preset": "association", "overrides": {"threshold": ["absolute", "relative"]}}),
        {"Sitz 1": "M1"}),
    # The mixed round set up alongside the women's round (no more women than women's seats)
    # and counted after it.
    "parallel": ElectionPath(
        "Parallel women's and mixed rounds",
        _election("linke-delegates", 4, "W1 W2", "M1 M2 M3", [
            {"round": "women"},
            {"round": "mixed", "parallel": True},
            {"count": "R1", "ballots": _TWO_WOMEN},
            {"count": "R2", "ballots": ballots((6, {"M1": "Y", "M2": "Y"}), (4, {"M3": "Y"}))}]),
        {"Frauenplatz 1": "W1", "Frauenplatz 2": "W2", "gemischter Platz 1": "M1",
         "gemischter Platz 2": "M2"}, {"Frau": [], "offen": ["M3"]}),
    # W2 declines before the mixed round (Clara moves up), M1 after it (Hans moves up).
    "declines_before_after": ElectionPath(
        "Declines before and after a later round",
        _election("linke-delegates", 4, "W1 W2 W3", "M1 M2 M3", [
            {"round": "next", "ballots": ballots((6, {"W1": "Y", "W2": "Y"}),
                                                 (3, {"W1": "Y", "W3": "Y"}), (1, {"W3": "Y"}))},
            {"decline": "W2"},
            {"round": "next", "ballots": ballots((6, {"M1": "Y", "M2": "Y"}), (4, {"M3": "Y"}))},
            {"decline": "M1"}]),
        {"Frauenplatz 1": "W1", "Frauenplatz 2": "W3", "gemischter Platz 1": "M3",
         "gemischter Platz 2": "M2"}, {"Frau": [], "offen": []}, ["W2", "M1"]),
    # W1 declines → Clara moves up; Clara declines too → Dana.
    "moved_up_declines": ElectionPath(
        "A decline by someone who moved up",
        _election("linke-delegates", 2, "W1 W2 W3 W4", "", [
            {"round": "next", "ballots": ballots((5, {"W1": "Y", "W2": "Y"}),
                                                 (4, {"W1": "Y", "W3": "Y"}),
                                                 (2, {"W4": "Y", "W2": "Y"}), (1, {"W4": "Y"}))},
            {"decline": "W1"}, {"decline": "W3"}],
            first_round_kind="women"),
        {"Frauenplatz 1": "W4", "Frauenplatz 2": "W2"}, {"Frau": []}, ["W1", "W3"]),
    # Both women elected, W1 declines, nobody left: Frauenplatz 1 vacant (listed once).
    "nobody_left": ElectionPath(
        "A decline with nobody left to move up",
        _election("linke-delegates", 2, "W1 W2 W3", "", [
            {"round": "next", "candidates": ["W1", "W2"], "ballots": _TWO_WOMEN},
            {"decline": "W1"}], first_round_kind="women"),
        {"Frauenplatz 1": None, "Frauenplatz 2": "W2"}, {"Frau": []}, ["W1"], next="refill"),
    # The same, then a further round for the vacant seat: Clara fills Frauenplatz 1.
    "refill": ElectionPath(
        "A further round for a seat vacant after a decline",
        _election("linke-delegates", 2, "W1 W2 W3", "", [
            {"round": "next", "candidates": ["W1", "W2"], "ballots": _TWO_WOMEN},
            {"decline": "W1"},
            {"round": "refill", "ballots": ballots((8, {"W3": "Y"}), (2, {"W3": "N"}))}],
            first_round_kind="women"),
        {"Frauenplatz 1": "W3", "Frauenplatz 2": "W2"}, {"Frau": []}, ["W1"]),
    # Round 1 (Fritz elected) is declared void; the repeat elects Gustav.
    "voided_repeat": ElectionPath(
        "A voided round and its repeat",
        _election("association", 1, "", "M1 M2", [
            {"round": "next", "ballots": ballots((6, {"M1": "Y", "M2": "N"}),
                                                 (4, {"M1": "N", "M2": "Y"}))},
            {"void": "R1", "reason": "Stimmzettel mit falschem Titel ausgegeben"},
            {"round": "repeat", "ballots": ballots((3, {"M1": "Y", "M2": "N"}),
                                                   (7, {"M1": "N", "M2": "Y"}))}],
            men_group="", title="Vorstand"),
        {"Sitz 1": "M2"}),
    # The scenario with its runoff counted on paper (Dana 7 : Clara 5, no lot).
    "paper_between": ElectionPath(
        "A paper round between electronic rounds",
        _election("linke-delegates", 6, "W1 W2 W3 W4 W5", "M1 M2 M3 M4 M5", [
            {"round": "next", "ballots": _WOMEN_ROUND},
            {"round": "runoff", "paper_totals": {"issued": 12, "cast": 12, "invalid": {},
                                                 "candidates": {"W3": {"Y": 5}, "W4": {"Y": 7}}}},
            {"round": "mixed", "ballots": _MIXED_ROUND}]),
        _ALL_SIX, {"Frau": ["W3"], "offen": ["M4"]}),
    # Odd list places for women: Fritz and Gustav have the most votes, yet place 1 and 3 go
    # to Anna and Berta; Clara (4 of 10) misses the absolute majority and is no substitute.
    "gruene_odd_places": ElectionPath(
        "GRÜNE: odd list places for women",
        _election("gruene-list", 4, "W1 W2 W3", "M1 M2", [
            {"round": "next", "ballots": ballots(
                (6, {"M1": "Y", "M2": "Y", "W1": "Y", "W2": "Y"}),
                (2, {"M1": "Y", "M2": "Y", "W1": "Y", "W3": "Y"}),
                (2, {"M1": "Y", "W3": "Y", "W2": "N"}))}], title="Landesliste"),
        {"Listenplatz 1": "W1", "Listenplatz 2": "M1", "Listenplatz 3": "W2",
         "Listenplatz 4": "M2"}),
    # 5 seats, at least 2 per group: Ingo (4th man) is skipped by the cap, seat 5 waits for a
    # woman; round 2 (relative) gives it to Berta although Ingo has more crosses.
    "spd_40_percent": ElectionPath(
        "SPD: at least 40 % per group over two rounds",
        _election("spd-quota", 5, "W1 W2 W3", "M1 M2 M3 M4", [
            {"round": "next", "ballots": ballots(
                (6, {"M1": "X", "M2": "X", "M3": "X", "M4": "X", "W1": "X"}),
                (2, {"M1": "X", "M2": "X", "M3": "X", "W2": "X", "W3": "X"}),
                (1, {"M1": "X", "W2": "X", "W3": "X"}),
                (1, {"W2": "X", "M4": "X"}))},
            {"round": "further", "ballots": ballots((5, {"M4": "X"}), (3, {"W2": "X"}),
                                                    (2, {"W3": "X"}))}],
            men_group="Mann", title="Vorstand"),
        {"Sitz 1": "M1", "Sitz 2": "M2", "Sitz 3": "M3", "Sitz 4": "W1", "Sitz 5": "W2"}),
    # Round 1 elects three men → below a third women → void; the repeat elects Anna.
    "cdu_void_below_share": ElectionPath(
        "CDU: round void below a third women, repeated",
        _election("cdu-group", 3, "W1", "M1 M2 M3", [
            {"round": "next", "ballots": ballots(
                (6, {"M1": "X", "M2": "X", "M3": "X"}), (2, {"M1": "X", "M2": "X", "W1": "X"}),
                (2, {"M3": "X", "W1": "X"}))},
            {"round": "repeat", "ballots": ballots(
                (5, {"M1": "X", "W1": "X", "M2": "X"}), (3, {"M1": "X", "W1": "X"}),
                (2, {"M3": "X", "M1": "X"}))}],
            men_group="", title="Kreisvorstand"),
        {"Sitz 1": "M1", "Sitz 2": "W1", "Sitz 3": "M2"}),
    # BGB § 32: abstentions are not votes cast. Berta: Ja 5, Nein 4, Enthaltung 1 → 5 > 4.5.
    "association_bgb32": ElectionPath(
        "Association under BGB § 32",
        _election("association", 2, "W1 W2 W3", "", [
            {"round": "next", "ballots": ballots(
                (4, {"W1": "Y", "W2": "Y", "W3": "N"}), (2, {"W1": "Y", "W2": "N", "W3": "Y"}),
                (1, {"W1": "N", "W2": "Y", "W3": "N"}), (1, {"W1": "A", "W2": "N", "W3": "N"}),
                (1, {"W1": "N", "W2": "A", "W3": "Y"}), (1, {"W1": "A", "W2": "N", "W3": "N"}))}],
            title="Vereinsvorstand"),
        {"Sitz 1": "W1", "Sitz 2": "W2"}),
    # DIE LINKE board: absolute majority of valid ballots; the mixed seat needs a further
    # round (Fritz 5, Gustav 4, Berta 3 of 12: nobody above 6), where Fritz has 8 of 12.
    "linke_board_further": ElectionPath(
        "DIE LINKE board: a further round for the mixed seat",
        _election("linke-board", 2, "W1 W2", "M1 M2", [
            {"round": "next", "ballots": ballots((7, {"W1": "Y"}), (5, {"W2": "Y"}))},
            {"round": "next", "ballots": ballots((5, {"M1": "Y"}), (4, {"M2": "Y"}),
                                                 (3, {"W2": "Y"}))},
            {"round": "further", "ballots": ballots((8, {"M1": "Y"}), (4, {"M2": "Y"}))}],
            title="Parteivorstand"),
        {"Frauenplatz 1": "W1", "gemischter Platz 1": "M1"}),
    # Ranked ballots, Scottish STV (stv-ranked): the food election of Wikipedia's STV article,
    # 20 ballots, 3 seats, Droop quota 6 — Chocolate, then Orange, then Strawberry.
    "stv_food": ElectionPath(
        "Ranked ballots counted by STV",
        {"id": "E1", "title": "Festausschuss", "rules": {"preset": "stv-ranked"}, "seats": 3,
         "candidates": [{"id": c, "name": c} for c in
                        ("Orange", "Pear", "Chocolate", "Strawberry", "Sweets")],
         "events": [{"round": "next", "ballots": [
             {"marks": {cid: place for place, cid in enumerate(ranking, start=1)}}
             for ranking, count in ((("Orange", "Pear"), 4), (("Pear", "Orange"), 2),
                                    (("Chocolate", "Strawberry"), 8),
                                    (("Chocolate", "Sweets"), 4), (("Strawberry",), 1),
                                    (("Sweets",), 1))
             for _ in range(count)]}]},
        {"Sitz 1": "Chocolate", "Sitz 2": "Orange", "Sitz 3": "Strawberry"}),
}
