"""Rule sets as data: one frozen :class:`Rules` built from TOML presets plus assembly decisions.

Statutes differ and an assembly may deviate for one vote (DIE LINKE Wahlordnung § 2 (3)), so
every counting rule is a named setting. All parsing and validation happens here, once; an
unknown key or an impossible combination raises :class:`~ballots.errors.RulesError` naming it.
Defaults are the DIE LINKE delegate rules (docs/formats.md lists every setting).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from ballots.errors import RulesError

__all__ = [
    "CHOICES",
    "CITE_TOPICS",
    "Rules",
    "apply_overrides",
    "list_presets",
    "load_preset",
    "presets_dir",
    "rules_from_dict",
    "rules_to_dict",
]

#: The allowed values of every setting that is a choice.
CHOICES: dict[str, tuple[str, ...]] = {
    "majority": ("simple", "absolute", "qualified"),
    "majority_base": ("yes_no", "valid", "entitled", "present"),
    "ballot_form": ("yes_no_abstain", "approval", "single", "cumulative", "ranked"),
    "no_allowed": ("always", "never", "if_candidates_le_seats"),
    "too_many": ("invalid", "abstain"),
    "too_few": ("invalid", "valid"),
    "empty_ballot": ("abstain", "invalid"),
    "forbidden_no": ("invalid", "abstain"),
    "threshold": ("ja_gt_nein", "absolute", "relative", "quorum"),
    "threshold_base": ("valid", "valid_without_abstentions"),
    "tie": ("lot", "runoff"),
    "runoff_threshold": ("relative", "same"),
    "quota": (
        "none",
        "women_first",
        "odd_places",
        "min_share_with_cap",
        "round_void_below_share",
        "quota_shrinks",
    ),
    "quota_rounding": ("up", "down", "nearest"),
    "odd_places_variant": ("odd", "one_of_first_two"),
    "substitutes": ("none", "threshold", "all"),
    "ranked_method": ("stv", "irv", "schulze"),
}

#: Topics a preset may cite a statute for; results quote them in their reasons.
CITE_TOPICS = ("threshold", "majority", "validity", "quota", "tie", "substitutes", "nein")

#: What a changed setting's reasons cite instead of the preset's statute.
ASSEMBLY_DECISION = "Beschluss der Versammlung"
_TOPIC_OF = {
    "majority": "majority", "majority_fraction": "majority", "majority_base": "majority",
    "threshold": "threshold", "threshold_base": "threshold", "quorum_fraction": "threshold",
    "quota": "quota", "quota_groups": "quota", "quota_min_share": "quota",
    "quota_rounding": "quota", "quota_void_rounds": "quota", "odd_places_variant": "quota",
    "tie": "tie", "substitutes": "substitutes", "substitutes_per_group": "substitutes",
    "no_allowed": "nein", "min_marks": "validity", "max_marks": "validity",
    "too_many": "validity", "too_few": "validity", "empty_ballot": "validity",
    "forbidden_no": "validity",
}

_SINGLE_GROUP_QUOTAS = ("women_first", "odd_places", "round_void_below_share", "quota_shrinks")


@dataclass(frozen=True, slots=True)
class Rules:
    """Every counting setting of one vote; build it with :func:`load_preset` or
    :func:`rules_from_dict`, never by hand, so validation always runs."""

    name: str = "custom"
    version: str = "1"
    title: str = ""
    source: str = ""
    # motions
    majority: str = "simple"
    majority_fraction: Fraction = Fraction(2, 3)
    majority_base: str = "yes_no"
    # ballot form and validity
    ballot_form: str = "yes_no_abstain"
    min_marks: int = 0
    min_marks_share: Fraction = Fraction(0)
    max_marks: int | None = None
    cumulative_votes: int = 1
    no_allowed: str = "if_candidates_le_seats"
    abstain_all_allowed: bool = True
    no_all_allowed: bool = True
    too_many: str = "invalid"
    too_few: str = "invalid"
    empty_ballot: str = "abstain"
    forbidden_no: str = "invalid"
    # who is elected
    threshold: tuple[str, ...] = ("ja_gt_nein",)
    threshold_base: str = "valid"
    quorum_fraction: Fraction = Fraction(0)
    tie: str = "lot"
    #: threshold of a runoff round: relative (most votes win) or the same as the round's
    runoff_threshold: str = "relative"
    max_rounds: int | None = None
    # quotas
    quota: str = "none"
    quota_groups: tuple[str, ...] = ("Frau",)
    quota_min_share: Fraction = Fraction(1, 2)
    quota_rounding: str = "up"
    quota_void_rounds: int = 1
    odd_places_variant: str = "odd"
    # substitutes
    substitutes: str = "threshold"
    substitutes_per_group: bool = False
    ranked_method: str = "stv"
    #: statute citations per topic (threshold, majority, validity, quota, tie, substitutes)
    cite: tuple[tuple[str, str], ...] = field(default=())
    #: assembly decisions applied on top of the preset, as (key, canonical value) pairs
    decisions: tuple[tuple[str, str], ...] = field(default=())

    def threshold_for(self, round_number: int, round_kind: str = "general") -> str:
        """Threshold kind of round ``round_number`` (the last entry holds for later rounds)."""
        if round_kind == "runoff" and self.runoff_threshold == "relative":
            return "relative"
        return self.threshold[min(round_number, len(self.threshold)) - 1]

    def cite_for(self, topic: str) -> str:
        """The statute citation for ``topic`` (e.g. "Wahlordnung § 10 (2)"), or ""."""
        return dict(self.cite).get(topic, "")


_FIELDS = {f.name: f for f in dataclasses.fields(Rules)}
_META_KEYS = ("source", "extends", "description")
_FRACTIONS = ("majority_fraction", "min_marks_share", "quorum_fraction", "quota_min_share")
_BOOLS = ("abstain_all_allowed", "no_all_allowed", "substitutes_per_group")
_INTS = ("min_marks", "cumulative_votes", "quota_void_rounds")
_OPT_INTS = ("max_marks", "max_rounds")
_STRS = ("name", "version", "title", "source")


def presets_dir() -> Path:
    """Where presets live: ``$WAHLGANG_PRESETS`` or ``config/presets`` next to the package."""
    env = os.environ.get("WAHLGANG_PRESETS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "config" / "presets"


def list_presets() -> list[str]:
    """Names of all shipped presets, sorted."""
    return sorted(p.stem for p in presets_dir().glob("*.toml"))


def _read_preset_table(name: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """The flattened table of preset ``name``, following ``extends`` chains."""
    if name in seen:
        raise RulesError(f"extends: preset cycle {' -> '.join((*seen, name))}")
    path = presets_dir() / f"{name}.toml"
    if not name or "/" in name or not path.is_file():
        raise RulesError(f"preset: unknown preset {name!r}; known: {', '.join(list_presets())}")
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"preset {name}: TOML error: {exc}") from exc
    base: dict[str, Any] = {}
    parent = table.pop("extends", None)
    if parent is not None:
        if not isinstance(parent, str):
            raise RulesError(f"extends: must be a preset name, in preset {name}")
        base = _read_preset_table(parent, (*seen, name))
        base.pop("title", None)
        base.pop("source", None)
    base.update(table)
    base["name"] = name
    return base


def load_preset(name: str) -> Rules:
    """The validated rule set of preset ``name`` (``config/presets/NAME.toml``)."""
    return rules_from_dict(_read_preset_table(name))


def _error(message: str, code: str, **params: Any) -> RulesError:
    """A RulesError with its code for applications (see :class:`~ballots.errors.BallotError`);
    ``key`` names the setting."""
    return RulesError(message, code=code, params=params)


def _fraction(key: str, value: Any) -> Fraction:
    if isinstance(value, bool) or isinstance(value, float):
        raise _error(f"{key}: write fractions as strings like \"2/3\", not {value!r}",
                     "rules.not_fraction", key=key, value=value)
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            pass
    raise _error(f"{key}: not a fraction: {value!r}", "rules.not_fraction", key=key,
                 value=value)


def _convert(key: str, value: Any) -> Any:
    """One setting's value from TOML/JSON into its typed form, or RulesError naming ``key``."""
    if key in _FRACTIONS:
        frac = _fraction(key, value)
        if not 0 <= frac <= 1:
            raise _error(f"{key}: must lie between 0 and 1, got {frac}", "rules.fraction_range",
                         key=key, value=f"{frac.numerator}/{frac.denominator}")
        return frac
    if key in _BOOLS:
        if not isinstance(value, bool):
            raise _error(f"{key}: must be true or false, got {value!r}", "rules.not_bool",
                         key=key, value=value)
        return value
    if key in _INTS or key in _OPT_INTS:
        if value is None and key in _OPT_INTS:
            return None
        if isinstance(value, str) and key in _OPT_INTS and value in ("seats", "none"):
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise _error(f"{key}: must be a whole number ≥ 0, got {value!r}", "rules.not_whole",
                         key=key, value=value)
        return value
    if key in _STRS:
        if not isinstance(value, str):
            raise _error(f"{key}: must be a string, got {value!r}", "rules.not_string", key=key,
                         value=value)
        return value
    if key == "threshold":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not items:
            raise _error("threshold: must be a kind or a non-empty list of kinds per round",
                         "rules.threshold_list", key="threshold")
        for item in items:
            if item not in CHOICES["threshold"]:
                raise _error(
                    f"threshold: unknown kind {item!r}; allowed: {', '.join(CHOICES['threshold'])}",
                    "rules.unknown_value", key="threshold", value=item)
        return tuple(items)
    if key == "cite":
        if not isinstance(value, Mapping):
            raise _error("cite: must be a table of topic = citation", "rules.cite", key="cite")
        for topic, text in value.items():
            if topic not in CITE_TOPICS or not isinstance(text, str):
                raise _error(f"cite.{topic}: unknown topic or citation not a string",
                             "rules.cite", key="cite")
        return tuple(sorted(value.items()))
    if key == "quota_groups":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not all(isinstance(i, str) and i for i in items):
            raise _error("quota_groups: must be a list of group names", "rules.groups_list",
                         key="quota_groups")
        if len(set(items)) != len(items):
            raise _error("quota_groups: names repeat", "rules.groups_repeat", key="quota_groups")
        return tuple(items)
    if key in CHOICES:
        if value not in CHOICES[key]:
            raise _error(f"{key}: unknown value {value!r}; allowed: {', '.join(CHOICES[key])}",
                         "rules.unknown_value", key=key, value=value)
        return value
    raise _error(f"{key}: unknown setting", "rules.unknown_setting",  # pragma: no cover
                 key=key)


def _check(rules: Rules) -> Rules:
    """Reject impossible combinations, naming the key that conflicts."""
    form = rules.ballot_form
    if form != "yes_no_abstain" and rules.no_allowed != "never":
        raise _error(f"no_allowed: Nein marks exist only in yes_no_abstain, not in {form}",
                     "rules.no_needs_yes_no", key="no_allowed", form=form)
    if form == "single" and rules.max_marks not in (None, 1):
        raise _error("max_marks: a single-choice ballot allows at most one mark",
                     "rules.single_one_mark", key="max_marks")
    if form != "cumulative" and rules.cumulative_votes != 1:
        raise _error(f"cumulative_votes: only for ballot_form cumulative, not {form}",
                     "rules.cumulative_only", key="cumulative_votes", form=form)
    if rules.cumulative_votes < 1:
        raise _error("cumulative_votes: must be at least 1", "rules.at_least_one",
                     key="cumulative_votes")
    if rules.max_marks is not None and rules.min_marks > rules.max_marks:
        raise _error(f"min_marks: {rules.min_marks} exceeds max_marks {rules.max_marks}",
                     "rules.min_exceeds_max", key="min_marks", min=rules.min_marks,
                     max=rules.max_marks)
    if rules.max_marks == 0:
        raise _error("max_marks: must be at least 1 (or \"seats\")", "rules.at_least_one",
                     key="max_marks")
    if rules.majority == "qualified" and rules.majority_fraction in (0, 1):
        raise _error("majority_fraction: a qualified majority needs a fraction in (0, 1)",
                     "rules.qualified_fraction", key="majority_fraction")
    if form != "yes_no_abstain" and "ja_gt_nein" in rules.threshold:
        raise _error(f"threshold: ja_gt_nein needs Ja/Nein ballots, not {form}",
                     "rules.ja_gt_nein_form", key="threshold", form=form)
    if "quorum" in rules.threshold and rules.quorum_fraction == 0:
        raise _error("quorum_fraction: threshold quorum needs a fraction above 0",
                     "rules.above_zero", key="quorum_fraction")
    if rules.quota != "none":
        if form == "ranked":
            raise _error(f"quota: {rules.quota} cannot be combined with ranked ballots",
                         "rules.quota_ranked", key="quota", quota=rules.quota)
        if rules.quota in _SINGLE_GROUP_QUOTAS and len(rules.quota_groups) != 1:
            raise _error(f"quota_groups: quota {rules.quota} needs exactly one group",
                         "rules.quota_one_group", key="quota_groups", quota=rules.quota)
        if rules.quota_min_share * len(rules.quota_groups) > 1:
            raise _error("quota_min_share: the groups' minimum shares add up to more than 1",
                         "rules.quota_shares", key="quota_min_share")
        if rules.quota_min_share == 0 and rules.quota != "odd_places":
            raise _error("quota_min_share: must be above 0 for a quota", "rules.above_zero",
                         key="quota_min_share")
    elif rules.substitutes_per_group:
        raise _error("substitutes_per_group: needs a quota to name the groups",
                     "rules.per_group_needs_quota", key="substitutes_per_group")
    if rules.max_rounds == 0:
        raise _error("max_rounds: must be at least 1 (or omitted)", "rules.at_least_one",
                     key="max_rounds")
    return rules


def rules_from_dict(table: Mapping[str, Any], *, base: Rules | None = None) -> Rules:
    """A validated :class:`Rules` from a flat mapping (a preset table or an inline rule table).

    Missing keys take their value from ``base`` (default: the DIE LINKE delegate defaults).
    """
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in ("extends", "description"):
            continue
        if key == "decisions":
            if not isinstance(value, Mapping):
                raise RulesError("decisions: must be a table of setting = value")
            continue
        if key not in _FIELDS:
            raise _error(f"{key}: unknown setting", "rules.unknown_setting", key=key)
        values[key] = _convert(key, value)
    decisions = table.get("decisions")
    if isinstance(decisions, Mapping):
        for key, value in decisions.items():
            if key not in _FIELDS or not isinstance(value, str):
                raise RulesError(f"decisions.{key}: unknown setting or value not a string")
        values["decisions"] = tuple(sorted(decisions.items()))
    return _check(dataclasses.replace(base or Rules(), **values))


def apply_overrides(rules: Rules, overrides: Mapping[str, Any]) -> Rules:
    """``rules`` with an assembly's decisions for this vote applied and recorded."""
    values: dict[str, Any] = {}
    for key, value in overrides.items():
        if key in ("name", "version", "source", "decisions") or key not in _FIELDS:
            raise _error(f"overrides.{key}: unknown or fixed setting", "rules.unknown_setting",
                         key=key)
        try:
            values[key] = _convert(key, value)
        except RulesError as exc:
            raise RulesError(f"overrides.{exc}", code=exc.code, params=exc.params) from exc
    if not values:
        return rules
    recorded = dict(rules.decisions)
    cite = dict(rules.cite)
    for key, value in values.items():
        recorded[key] = _show(value)
        topic = _TOPIC_OF.get(key)
        if topic and topic in cite and key != "cite":
            cite[topic] = ASSEMBLY_DECISION
    if "cite" in values:
        cite = dict(values.pop("cite"))
    try:
        changed = dataclasses.replace(rules, **values, decisions=tuple(sorted(recorded.items())),
                                      cite=tuple(sorted(cite.items())))
        return _check(changed)
    except RulesError as exc:
        raise RulesError(f"overrides.{exc}", code=exc.code, params=exc.params) from exc


def _show(value: Any) -> str:
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "seats" if value is None else str(value)


def rules_to_dict(rules: Rules) -> dict[str, Any]:
    """Every setting, JSON-safe (Fraction as ``"p/q"``, tuples as lists), for protocols."""
    out: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(rules, name)
        if isinstance(value, Fraction):
            value = f"{value.numerator}/{value.denominator}"
        elif name in ("decisions", "cite"):
            value = {k: v for k, v in value}
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out
