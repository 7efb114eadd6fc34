"""Plain factories for counting tests: contests from presets and ballots by the dozen."""

from __future__ import annotations

from typing import Any

from ballots.contest import Contest, contest_from_dict


def make_contest(
    preset: str = "linke-delegates",
    *,
    seats: int = 2,
    candidates: list[tuple[str, str]] | None = None,
    round_kind: str = "general",
    number: int = 1,
    overrides: dict[str, Any] | None = None,
    kind: str = "election",
    **extra: Any,
) -> Contest:
    """A contest; candidates are (id, group) pairs named after their id."""
    cands = candidates or [("C1", "Frau"), ("C2", "offen")]
    data: dict[str, Any] = {
        "kind": kind,
        "title": f"Test {preset}",
        "rules": {"preset": preset, "overrides": overrides or {}},
        "seats": seats,
        "candidates": [{"id": cid, "name": f"Name {cid}", "group": g} for cid, g in cands],
        "round": {"number": number, "kind": round_kind, **extra.pop("round_extra", {})},
    }
    data.update(extra)
    return contest_from_dict(data)


def make_motion(preset: str = "motion-simple", **extra: Any) -> Contest:
    data: dict[str, Any] = {
        "kind": "motion",
        "title": "Antrag A1",
        "rules": {"preset": preset, "overrides": extra.pop("overrides", {})},
        "candidates": [{"id": "motion", "name": "Antrag A1", "group": ""}],
    }
    data.update(extra)
    return contest_from_dict(data)


def make_ballots(*groups: tuple[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """``make_ballots((5, {"C1": "Y"}), (2, {}))`` → 7 ballots in JSON form."""
    out: list[dict[str, Any]] = []
    for count, marks in groups:
        for _ in range(count):
            if "global" in marks:
                out.append({"marks": {}, "global": marks["global"]})
            else:
                out.append({"marks": dict(marks)})
    return out


def yna(yes: int, no: int, abstain: int, cid: str = "motion") -> list[dict[str, Any]]:
    """Ballots for one candidate (or a motion): ``yes`` Y, ``no`` N, ``abstain`` A."""
    return make_ballots((yes, {cid: "Y"}), (no, {cid: "N"}), (abstain, {cid: "A"}))
