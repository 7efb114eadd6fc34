"""What is being decided: a motion or one round of an election (Contract 2 of architecture.md).

A :class:`Contest` is the pure input of counting besides the ballots: kind, rule set, seats,
candidates and the round. ``contest_from_dict``/``contest_to_dict`` round-trip the JSON form;
input errors are :class:`~ballots.errors.FormatError` with a path into the dict.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ballots.errors import FormatError, RulesError
from ballots.rules import Rules, apply_overrides, load_preset, rules_from_dict, rules_to_dict

__all__ = [
    "ROUND_KINDS",
    "Candidate",
    "Contest",
    "Round",
    "check_contest",
    "contest_from_dict",
    "contest_to_dict",
    "nein_allowed",
    "rules_from_spec",
]

#: general = ordinary round; women / mixed = the two rounds of a women_first quota;
#: further = open seats after an earlier round, or (with ``round.fills``) seats left vacant
#: after declines; runoff = Stichwahl among tied candidates;
#: repeat = a void round held again.
ROUND_KINDS = ("general", "women", "mixed", "further", "runoff", "repeat")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One candidate; ``group`` is the self-declared quota group (e.g. "Frau", "offen")."""

    id: str
    name: str
    group: str = ""


@dataclass(frozen=True, slots=True)
class Round:
    """Which round this is. ``base_kind`` is the kind a further/runoff/repeat round continues
    (its seat type); ``places`` are list places filled (odd_places quota); ``total_seats`` and
    ``elected_before`` let a further round keep a minimum-share quota over all rounds.
    ``fills``: for a round held for seats left vacant after declines, (round number, seat
    number) of each such seat, one per seat of this round in seat order — the seat it fills."""

    number: int = 1
    kind: str = "general"
    base_kind: str | None = None
    places: tuple[int, ...] | None = None
    total_seats: int | None = None
    elected_before: tuple[tuple[str, int], ...] = ()
    fills: tuple[tuple[int, int], ...] = ()

    @property
    def seat_kind(self) -> str:
        """The kind whose seats this round fills ("women", "mixed", "general")."""
        if self.kind in ("women", "mixed", "general"):
            return self.kind
        return self.base_kind or "general"


@dataclass(frozen=True, slots=True)
class Contest:
    """One motion or election round; build it with :func:`contest_from_dict` or directly."""

    kind: str
    title: str
    rules: Rules
    seats: int
    candidates: tuple[Candidate, ...]
    round: Round = Round()
    entitled: int | None = None
    present: int | None = None
    #: the rules as given (preset + overrides, or an inline table) so the dict round-trips
    rules_spec: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.candidates)

    def candidate(self, cid: str) -> Candidate:
        for cand in self.candidates:
            if cand.id == cid:
                return cand
        raise KeyError(cid)


def nein_allowed(contest: Contest) -> bool:
    """Whether Nein marks are allowed in this contest (Wahlordnung § 8 (5) as a setting)."""
    if contest.kind == "motion":
        return True
    setting = contest.rules.no_allowed
    if setting == "if_candidates_le_seats":
        return len(contest.candidates) <= contest.seats
    return setting == "always"


def _int(data: Mapping[str, Any], key: str, path: str, *, minimum: int = 0) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise FormatError(f"must be a whole number ≥ {minimum}", path=f"{path}{key}")
    return value


def rules_from_spec(spec: Any) -> Rules:
    """``{"preset": NAME, "overrides": {...}}`` or a complete rule table → :class:`Rules`
    (FormatError at path ``rules``)."""
    return _rules(spec)


def _rules(spec: Any) -> Rules:
    if not isinstance(spec, Mapping):
        raise FormatError("must be {\"preset\": NAME, \"overrides\": {...}} or a rule table",
                          path="rules")
    try:
        if "preset" in spec:
            extra = set(spec) - {"preset", "overrides"}
            if extra:
                raise FormatError(f"unknown key {sorted(extra)[0]!r}", path="rules")
            rules = load_preset(str(spec["preset"]))
            overrides = spec.get("overrides") or {}
            if not isinstance(overrides, Mapping):
                raise FormatError("must be a table", path="rules.overrides")
            return apply_overrides(rules, overrides)
        return rules_from_dict(spec)
    except RulesError as exc:
        raise FormatError(str(exc), path="rules") from exc


def _round(data: Any) -> Round:
    if data is None:
        return Round()
    if not isinstance(data, Mapping):
        raise FormatError("must be an object", path="round")
    extra = set(data) - {"number", "kind", "base_kind", "places", "total_seats", "elected_before",
                         "fills"}
    if extra:
        raise FormatError("unknown key", path=f"round.{sorted(extra)[0]}")
    kind = data.get("kind", "general")
    if kind not in ROUND_KINDS:
        raise FormatError(f"unknown round kind {kind!r}", path="round.kind")
    base = data.get("base_kind")
    if base is not None and base not in ("general", "women", "mixed"):
        raise FormatError(f"unknown base kind {base!r}", path="round.base_kind")
    places = data.get("places")
    if places is not None:
        if not isinstance(places, list) or not all(
            isinstance(p, int) and not isinstance(p, bool) and p >= 1 for p in places
        ):
            raise FormatError("must be a list of list places ≥ 1", path="round.places")
        places = tuple(places)
    before = data.get("elected_before") or {}
    if not isinstance(before, Mapping) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in before.values()
    ):
        raise FormatError("must map group names to counts", path="round.elected_before")
    return Round(
        number=_int(data, "number", "round.", minimum=1) or 1,
        kind=kind,
        base_kind=base,
        places=places,
        total_seats=_int(data, "total_seats", "round.", minimum=1),
        elected_before=tuple(sorted(before.items())),
        fills=_fills(data.get("fills")),
    )


def _fills(data: Any) -> tuple[tuple[int, int], ...]:
    """``[{"round": 1, "seat": 2}, …]``: the earlier seats a round fills (see :class:`Round`)."""
    if data is None:
        return ()
    if not isinstance(data, list):
        raise FormatError("must be a list of {\"round\": N, \"seat\": N}", path="round.fills")
    out: list[tuple[int, int]] = []
    for i, item in enumerate(data):
        path = f"round.fills[{i}]."
        if not isinstance(item, Mapping) or set(item) != {"round", "seat"}:
            raise FormatError("must be {\"round\": N, \"seat\": N}", path=path[:-1])
        out.append((_int(item, "round", path, minimum=1) or 1,
                    _int(item, "seat", path, minimum=1) or 1))
    if len(set(out)) != len(out):
        raise FormatError("a seat repeats", path="round.fills")
    return tuple(out)


def contest_from_dict(data: Mapping[str, Any]) -> Contest:
    """Parse and check the contest dict; errors name their path (e.g. ``candidates[2].id``)."""
    if not isinstance(data, Mapping):
        raise FormatError("the contest must be a JSON object")
    known = {"kind", "title", "rules", "seats", "candidates", "round", "entitled", "present"}
    kind = data.get("kind")
    if kind not in ("election", "motion"):
        raise FormatError("must be \"election\" or \"motion\"", path="kind")
    title = data.get("title", "")
    if not isinstance(title, str):
        raise FormatError("must be a string", path="title")
    rules = _rules(data.get("rules"))
    seats = _int(data, "seats", "", minimum=1)
    raw = data.get("candidates")
    if kind == "motion":
        seats = seats or 1
        if raw is None:
            raw = [{"id": "motion", "name": title}]
    if seats is None:
        raise FormatError("missing: the number of seats", path="seats")
    if not isinstance(raw, list) or not raw:
        raise FormatError("must be a non-empty list", path="candidates")
    cands: list[Candidate] = []
    for i, item in enumerate(raw):
        path = f"candidates[{i}]"
        if not isinstance(item, Mapping):
            raise FormatError("must be an object", path=path)
        if set(item) - {"id", "name", "group"}:
            raise FormatError("unknown key", path=f"{path}.{sorted(set(item) - {'id'})[0]}")
        cid, name, group = item.get("id"), item.get("name", ""), item.get("group", "")
        if not isinstance(cid, str) or not cid:
            raise FormatError("must be a non-empty string", path=f"{path}.id")
        if not isinstance(name, str) or not isinstance(group, str):
            raise FormatError("name and group must be strings", path=path)
        if any(c.id == cid for c in cands):
            raise FormatError(f"candidate id {cid!r} repeats", path=f"{path}.id")
        cands.append(Candidate(cid, name, group))
    contest = Contest(
        kind=kind,
        title=title,
        rules=rules,
        seats=seats,
        candidates=tuple(cands),
        round=_round(data.get("round")),
        entitled=_int(data, "entitled", ""),
        present=_int(data, "present", ""),
        rules_spec=copy.deepcopy(dict(data["rules"])),
    )
    extra = set(data) - known - {"ballots", "lot", "paper_totals", "issued", "declines"}
    if extra:
        raise FormatError("unknown key", path=sorted(extra)[0])
    check_contest(contest)
    return contest


def check_contest(contest: Contest) -> None:
    """Combinations of contest and rules that cannot be counted (FormatError with a path)."""
    rules = contest.rules
    if contest.kind == "motion":
        if contest.ids != ("motion",) or contest.seats != 1:
            raise FormatError("a motion has one candidate with id \"motion\"", path="candidates")
        if rules.majority_base in ("entitled", "present"):
            if getattr(contest, rules.majority_base) is None:
                raise FormatError(f"majority_base {rules.majority_base} needs this count",
                                  path=rules.majority_base)
        return
    if rules.quota == "women_first" and contest.round.seat_kind not in ("women", "mixed"):
        raise FormatError("quota women_first needs a round of kind women or mixed "
                          "(or base_kind for further/runoff/repeat)", path="round.kind")
    if contest.round.seat_kind == "women":
        group = rules.quota_groups[0]
        for i, cand in enumerate(contest.candidates):
            if cand.group != group:
                raise FormatError(f"only group {group!r} may run in the women's round",
                                  path=f"candidates[{i}].group")
    places = contest.round.places
    if places is not None and len(places) != contest.seats:
        raise FormatError("needs one list place per seat", path="round.places")
    fills = contest.round.fills
    if fills and len(fills) != contest.seats:
        raise FormatError("needs one filled seat per seat", path="round.fills")
    if any(number >= contest.round.number for number, _seat in fills):
        raise FormatError("fills only seats of earlier rounds", path="round.fills")


def contest_to_dict(contest: Contest) -> dict[str, Any]:
    """The JSON form of ``contest`` (inverse of :func:`contest_from_dict`)."""
    spec = dict(contest.rules_spec) if contest.rules_spec else rules_to_dict(contest.rules)
    rnd: dict[str, Any] = {"number": contest.round.number, "kind": contest.round.kind}
    if contest.round.base_kind is not None:
        rnd["base_kind"] = contest.round.base_kind
    if contest.round.places is not None:
        rnd["places"] = list(contest.round.places)
    if contest.round.total_seats is not None:
        rnd["total_seats"] = contest.round.total_seats
    if contest.round.elected_before:
        rnd["elected_before"] = dict(contest.round.elected_before)
    if contest.round.fills:
        rnd["fills"] = [{"round": r, "seat": s} for r, s in contest.round.fills]
    out: dict[str, Any] = {
        "kind": contest.kind,
        "title": contest.title,
        "rules": copy.deepcopy(spec),
        "seats": contest.seats,
        "candidates": [
            {"id": c.id, "name": c.name, "group": c.group} for c in contest.candidates
        ],
        "round": rnd,
    }
    if contest.entitled is not None:
        out["entitled"] = contest.entitled
    if contest.present is not None:
        out["present"] = contest.present
    return out
