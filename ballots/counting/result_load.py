"""``result_from_dict``: a recorded result (the JSON of ``result_to_dict``) back as a
:class:`~ballots.counting.result.Result`, so an election can be replayed from an audit file
or a protocol whose rounds were counted elsewhere (paper totals, a recount already checked).
Malformed input raises :class:`~ballots.errors.FormatError` naming the path."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ballots.contest import Round
from ballots.counting.batch import Ground
from ballots.counting.channels import Channel
from ballots.counting.lot import LotRecord
from ballots.counting.result import CandidateResult, Result, Seat, Tie
from ballots.errors import FormatError

__all__ = ["result_from_dict"]


def _get(data: Mapping[str, Any], key: str, path: str, kind: type | tuple[type, ...]) -> Any:
    value = data.get(key) if isinstance(data, Mapping) else None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise FormatError(f"missing or of the wrong type ({key})", path=f"{path}.{key}")
    return value


def _opt(data: Mapping[str, Any], key: str) -> Any:
    return data.get(key)


def _lot(data: Any, path: str) -> LotRecord:
    if not isinstance(data, Mapping):
        raise FormatError("must be an object", path=path)
    return LotRecord(str(_get(data, "purpose", path, str)),
                     tuple(_get(data, "candidates", path, list)),
                     str(_get(data, "public_value", path, str)),
                     str(_get(data, "audit_hash", path, str)),
                     tuple(sorted(dict(_get(data, "digests", path, dict)).items())),
                     tuple(_get(data, "order", path, list)))


def _round(data: Any) -> Round:
    if not isinstance(data, Mapping):
        raise FormatError("must be an object", path="result.round")
    places = data.get("places")
    fills = data.get("fills") or []
    try:
        return Round(number=int(data.get("number", 1)), kind=str(data.get("kind", "general")),
                     base_kind=data.get("base_kind"),
                     places=None if places is None else tuple(int(p) for p in places),
                     fills=tuple((int(f["round"]), int(f["seat"])) for f in fills))
    except (TypeError, ValueError, KeyError) as exc:
        raise FormatError(f"malformed round ({exc})", path="result.round") from None


def _candidate(c: Any, i: int) -> CandidateResult:
    path = f"result.candidates[{i}]"
    needed = c.get("needed") if isinstance(c, Mapping) else None
    return CandidateResult(
        id=_get(c, "id", path, str), name=_get(c, "name", path, str),
        group=str(c.get("group") or ""), yes=_get(c, "yes", path, int),
        no=_get(c, "no", path, int), abstain=_get(c, "abstain", path, int),
        threshold=str(c.get("threshold") or ""),
        needed=None if needed is None else Fraction(str(needed)), met=bool(c.get("met")),
        outcome=_get(c, "outcome", path, str), seat=_opt(c, "seat"),
        seat_type=_opt(c, "seat_type"), substitute_rank=_opt(c, "substitute_rank"),
        substitute_list=_opt(c, "substitute_list"), reason_de=str(c.get("reason_de") or ""),
        reason_en=str(c.get("reason_en") or ""))


def _seat(s: Any, i: int) -> Seat:
    path = f"result.seats[{i}]"
    return Seat(number=_get(s, "number", path, int), type=str(s.get("type") or ""),
                label_de=str(s.get("label_de") or ""), label_en=str(s.get("label_en") or ""),
                candidate=_opt(s, "candidate"), status=_get(s, "status", path, str),
                reason_de=str(s.get("reason_de") or ""), reason_en=str(s.get("reason_en") or ""),
                required=_opt(s, "required_group"))


def _tie(t: Any, i: int) -> Tie:
    path = f"result.ties[{i}]"
    lot = t.get("lot") if isinstance(t, Mapping) else None
    return Tie(tuple(_get(t, "candidates", path, list)), _get(t, "votes", path, int),
               _get(t, "at_stake", path, str), _get(t, "seats", path, int),
               _get(t, "resolution", path, str), None if lot is None else _lot(lot, path))


def _channel(ch: Any, i: int) -> Channel:
    path = f"result.channels[{i}]"
    rows = _get(ch, "candidates", path, list)
    counts = [(_get(r, "yes", f"{path}.candidates[{j}]", int),
               _get(r, "no", f"{path}.candidates[{j}]", int),
               _get(r, "abstain", f"{path}.candidates[{j}]", int)) for j, r in enumerate(rows)]
    ids = tuple(_get(r, "id", f"{path}.candidates[{j}]", str) for j, r in enumerate(rows))
    return Channel(_get(ch, "channel", path, str), ids, _get(ch, "issued", path, int),
                   _get(ch, "cast", path, int), _get(ch, "invalid", path, int),
                   tuple(c[0] for c in counts), tuple(c[1] for c in counts),
                   tuple(c[2] for c in counts))


def result_from_dict(data: Any) -> Result:
    """The :class:`Result` whose ``result_to_dict`` is ``data`` (up to the round's
    ``total_seats`` / ``elected_before``, which the JSON form does not carry)."""
    if not isinstance(data, Mapping):
        raise FormatError("must be an object", path="result")
    ballots = _get(data, "ballots", "result", dict)
    subs = _get(data, "substitutes", "result", dict)
    return Result(
        kind=_get(data, "kind", "result", str), title=str(data.get("title") or ""),
        round=_round(data.get("round")), rules_name=str(data.get("rules") or ""),
        threshold=str(data.get("threshold") or ""),
        seats_total=int(data.get("seats_total") or 0),
        issued=_get(ballots, "issued", "result.ballots", int),
        cast=_get(ballots, "cast", "result.ballots", int),
        invalid=_get(ballots, "invalid", "result.ballots", int),
        valid=_get(ballots, "valid", "result.ballots", int),
        grounds=tuple(Ground(str(g.get("code")), int(g.get("count", 0)))
                      for g in ballots.get("invalid_grounds") or []),
        candidates=tuple(_candidate(c, i) for i, c in enumerate(
            _get(data, "candidates", "result", list))),
        seats=tuple(_seat(s, i) for i, s in enumerate(_get(data, "seats", "result", list))),
        substitutes=tuple((str(k), tuple(v)) for k, v in subs.items()),
        ties=tuple(_tie(t, i) for i, t in enumerate(data.get("ties") or [])),
        lots=tuple(_lot(lot, f"result.lots[{i}]") for i, lot in enumerate(data.get("lots") or [])),
        status=_get(data, "status", "result", str), status_de=str(data.get("status_de") or ""),
        status_en=str(data.get("status_en") or ""), decision=data.get("decision"),
        ranked_details=tuple(data.get("ranked_details") or ()),
        channels=tuple(_channel(ch, i) for i, ch in enumerate(data.get("channels") or [])))
