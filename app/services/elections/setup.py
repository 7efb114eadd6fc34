"""Setting up an election before its first round opens: preset, seats, settings changed by
assembly decision, the list of candidates (nominate, withdraw), and the first round.

The settings form itself (every rule as a field, a submission back to overrides) is
``app.services.elections.rule_settings``. Changes go through ``rounds.set_election_rules`` (checked,
recorded with the decision's wording in the audit file and protocol). A draft first round
follows every change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from app.enums import PollState
from app.extensions import db
from app.models import AssemblyDecision, Candidate, Election, Poll
from app.services.elections import rounds
from app.services.elections.rule_settings import form_overrides, setting_fields
from app.services.elections.standing import standing_of_election
from app.services.errors import NotFound
from app.services.polls import manage as polls
from app.services.roster.csv_import import QUOTA_ALIASES, name_key
from app.services.scope import conference_election
from ballots.contest import Contest, contest_to_dict
from ballots.describe import SettingLine, describe_rules, describe_value
from ballots.errors import BallotError
from ballots.rules import Rules, apply_overrides, list_presets, load_preset

__all__ = [
    "FirstRoundOption",
    "PresetInfo",
    "SetupError",
    "change_basics",
    "change_rules",
    "create_setup",
    "elections_of",
    "nominate",
    "preset_infos",
    "set_withdrawn",
    "setup_view",
    "start_first_round",
]



class SetupError(ValueError):
    """The set-up step cannot be done as asked; the message says why (German)."""


@dataclass(frozen=True, slots=True)
class PresetInfo:
    name: str
    title: str
    source: str


@dataclass(frozen=True, slots=True)
class FirstRoundOption:
    """One way to hold the first round, as the set-up page offers it: ``value`` is what the
    form sends ("" = as the rules say), ``text`` what the round would be, ``problem`` why it
    cannot be held with this list (then it is not offered)."""

    value: str
    label: str
    text: str
    problem: str
    chosen: bool


def preset_infos() -> list[PresetInfo]:
    """The election presets with their titles and the statutes they cite."""
    out = []
    for name in list_presets():
        if name.startswith("motion-"):
            continue
        rules = load_preset(name)
        out.append(PresetInfo(name, _(rules.title) if rules.title else name, rules.source))
    return out


def _election(conference_id: int, election_id: int) -> Election:
    return conference_election(election_id, conference_id)


def _rules(election: Election) -> Rules:
    return apply_overrides(load_preset(election.preset), election.overrides or {})


def _started(election: Election) -> bool:
    return any(p.state != PollState.DRAFT.value for p in election.polls)


def _refresh_draft(election: Election) -> str | None:
    """Bring a draft first round in line with the list and the rules. Returns a note when the
    draft had to go (e.g. nobody left to run in it)."""
    if _rules(election).quota != "women_first":
        election.first_round_kind = None  # the choice exists only under women_first
    drafts = [p for p in election.polls if p.state == PollState.DRAFT.value]
    if len(drafts) != 1 or len(election.polls) != 1:
        return None
    poll = drafts[0]
    try:
        contest = contest_to_dict(rounds.first_round_contest(
            election, kind=election.first_round_kind))
    except rounds.RoundError as exc:
        db.session.delete(poll)
        return _("Der Entwurf des ersten Wahlgangs ist entfernt: %(e)s", e=str(exc))
    poll.contest = contest
    poll.title = contest["title"]
    return None


def create_setup(conference_id: int, *, title: str, preset: str, seats: int) -> Election:
    """A new election to set up: no round yet."""
    election = polls.new_election(conference_id, title=title, preset=preset, seats=seats)
    db.session.add(election)
    db.session.commit()
    return election


def change_basics(conference_id: int, election_id: int, *, title: str, preset: str,
                  seats: int) -> Election:
    """Title, preset and seats, until the first round opens. After an assembly decision the
    preset stays (the decision changed *that* rule set)."""
    election = _election(conference_id, election_id)
    if _started(election):
        raise SetupError(_("Die Wahl hat schon begonnen; Vorlage und Plätze stehen fest."))
    checked = polls.new_election(conference_id, title=title, preset=preset, seats=seats)
    if checked.preset != election.preset and election.overrides:
        raise SetupError(_("Die Versammlung hat schon Einstellungen dieser Vorlage geändert; "
                           "die Vorlage kann nicht mehr gewechselt werden."))
    election.title, election.preset, election.seats = checked.title, checked.preset, \
        checked.seats
    _refresh_draft(election)
    db.session.commit()
    return election


def change_rules(conference_id: int, election_id: int, form: Mapping[str, tuple[str, ...]],
                 decision_text: str, *, lang: str = "de") -> tuple[list[str], str | None]:
    """Settings changed by assembly decision: the form's changed fields become overrides,
    recorded with the decision's wording. Returns the changed settings' labels and a note
    about the draft round, if it had to go."""
    election = _election(conference_id, election_id)
    rules = _rules(election)
    overrides = form_overrides(rules, form)
    if not overrides:
        raise SetupError(_("Keine Einstellung wurde geändert."))
    try:
        rounds.set_election_rules(election.id, overrides, decision_text)
    except rounds.RoundError as exc:
        db.session.rollback()
        raise SetupError(str(exc)) from exc
    note = _refresh_draft(election)
    db.session.commit()
    labels = {line.key: line.label for line in describe_rules(rules, lang=lang, complete=True)}
    return [labels.get(key, key) for key in overrides], note


def _group(group: str) -> str:
    group = " ".join(group.split())
    return QUOTA_ALIASES.get(group.casefold(), group)


def nominate(conference_id: int, election_id: int, *, name: str,
             group: str) -> tuple[Candidate, str | None]:
    """Add a candidate (name, self-declared quota group) before the first round opens. Returns
    a note about the draft round if it had to go (a man on a women-only list)."""
    election = _election(conference_id, election_id)
    if _started(election):
        raise SetupError(_("Die Kandidatenliste steht fest, seit der erste Wahlgang geöffnet "
                           "wurde."))
    name, group = " ".join(name.split()), _group(group)
    if not name:
        raise SetupError(_("Der Name fehlt."))
    if len(name) > 200 or len(group) > 40:
        raise SetupError(_("Name oder Gruppe zu lang."))
    if any(name_key(c.name) == name_key(name) for c in election.candidates):
        raise SetupError(_("„%(name)s“ steht schon auf der Liste.", name=name))
    if len(election.candidates) >= polls.MAX_CANDIDATES:
        raise SetupError(_("Höchstens %(n)d Kandidaturen.", n=polls.MAX_CANDIDATES))
    candidate = Candidate(election=election, name=name, quota_group=group)
    db.session.add(candidate)
    db.session.flush()
    note = _refresh_draft(election)
    db.session.commit()
    return candidate, note


def set_withdrawn(conference_id: int, election_id: int, candidate_id: int, *,
                  withdrawn: bool) -> tuple[Candidate, str | None]:
    """Withdraw a candidacy (or take the withdrawal back) before the first round opens."""
    election = _election(conference_id, election_id)
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None or candidate.election_id != election.id:
        raise NotFound(_("Diese Kandidatur gehört nicht zu dieser Wahl."))
    if _started(election):
        raise SetupError(_("Die Kandidatenliste steht fest, seit der erste Wahlgang geöffnet "
                           "wurde."))
    candidate.withdrawn = withdrawn
    note = _refresh_draft(election)
    db.session.commit()
    return candidate, note


def start_first_round(conference_id: int, election_id: int, *, paper: bool = False,
                      kind: str | None = None) -> Poll:
    """The first round as a DRAFT (opened from the dashboard or here): as the rules say, or
    under women_first as the chair chose (``kind``: "women" or "mixed" for all seats)."""
    election = _election(conference_id, election_id)
    if election.polls:
        raise SetupError(_("Der erste Wahlgang ist schon angelegt."))
    try:
        return rounds.create_first_round(election.id, paper=paper, kind=kind)
    except (rounds.RoundError, BallotError) as exc:
        db.session.rollback()
        raise SetupError(str(exc)) from exc


def elections_of(conference_id: int) -> list[dict[str, Any]]:
    """The conference's elections for the list page: title, preset, counts, state."""
    out = []
    for election in db.session.scalars(sa.select(Election).where(
            Election.conference_id == conference_id).order_by(Election.id)):
        states = [p.state for p in election.polls]
        started = any(s != "draft" for s in states)
        out.append({"election": election,
                    "candidates": sum(1 for c in election.candidates if not c.withdrawn),
                    "rounds": len(states), "started": started,
                    "complete": started and standing_of_election(election).complete})
    return out


def _first_round_labels() -> dict[str, str]:
    """How the set-up page names each first-round choice under women_first."""
    return {
        "": _("Wie die Satzung es vorsieht: erst Frauenwahlgang, dann gemischter Wahlgang"),
        "women": _("Nur Frauenwahlgang für alle Plätze (eine eigene Wahl der Frauenplätze)"),
        "mixed": _("Nur gemischter Wahlgang für alle Plätze (die Frauenplätze wurden vorher "
                   "gesondert gewählt)"),
    }


def _round_text(election: Election, contest: Contest) -> str:
    """One sentence: what this first round is and what follows it."""
    names = ", ".join(c.name for c in contest.candidates)
    n, k = contest.seats, len(contest.candidates)
    if contest.round.kind == "general":
        return ngettext("Ein Wahlgang für %(num)d Platz mit %(k)d Kandidaturen.",
                        "Ein Wahlgang für %(num)d Plätze mit %(k)d Kandidaturen.", n, k=k)
    if contest.round.kind == "mixed":
        return ngettext("Gemischter Wahlgang für %(num)d Platz mit %(k)d Kandidaturen, ohne "
                        "Frauenwahlgang davor.",
                        "Gemischter Wahlgang für %(num)d Plätze mit %(k)d Kandidaturen, ohne "
                        "Frauenwahlgang davor.", n, k=k)
    women = ngettext("Frauenwahlgang für %(num)d Platz mit %(k)d Kandidatinnen (%(names)s).",
                     "Frauenwahlgang für %(num)d Plätze mit %(k)d Kandidatinnen (%(names)s).",
                     n, k=k, names=names)
    later = election.seats - contest.seats
    if later > 0:
        return women + " " + ngettext(
            "Danach gemischter Wahlgang für %(num)d Platz: alle anderen und die Frauen, die "
            "nicht gewählt sind.",
            "Danach gemischter Wahlgang für %(num)d Plätze: alle anderen und die Frauen, die "
            "nicht gewählt sind.", later)
    return women + " " + _("Alle Plätze sind Frauenplätze: kein gemischter Wahlgang danach.")


def _first_round_options(election: Election, rules: Rules) -> list[FirstRoundOption]:
    """What "start the first round" can create: one option, or under women_first the
    rules' order and the two rounds for all seats (``rounds.FIRST_ROUND_KINDS``)."""
    kinds: tuple[str | None, ...] = (None,)
    if rules.quota == "women_first":
        kinds = (None, *rounds.FIRST_ROUND_KINDS)
    labels = _first_round_labels()
    out = []
    for kind in kinds:
        try:
            contest = rounds.first_round_contest(election, kind=kind)
        except rounds.RoundError as exc:
            text, problem = "", str(exc)
        else:
            text, problem = _round_text(election, contest), ""
        # only the rules' order is preselected: another round is always a deliberate choice
        out.append(FirstRoundOption(kind or "", labels[kind or ""] if len(kinds) > 1 else "",
                                    text, problem, chosen=kind is None and not problem))
    return out


def setup_view(conference_id: int, election_id: int, *, lang: str = "de") -> dict[str, Any]:
    """Everything the set-up page shows (one read, no writes)."""
    election = _election(conference_id, election_id)
    rules = _rules(election)
    lines: tuple[SettingLine, ...] = describe_rules(rules, lang=lang)
    decisions = db.session.scalars(sa.select(AssemblyDecision).where(
        AssemblyDecision.election_id == election.id).order_by(AssemblyDecision.id)).all()
    labels = {line.key: line.label for line in describe_rules(rules, lang=lang, complete=True)}
    started = _started(election)
    options = _first_round_options(election, rules) if not election.polls else []
    return {
        "election": election,
        "rules": rules,
        "lines": lines,
        "fields": setting_fields(rules, lang=lang),
        "decisions": [{
            "text": d.text, "decided_at": d.decided_at,
            "changes": [(labels.get(k, k), describe_value(
                k, tuple(v) if isinstance(v, list) else v, lang=lang))
                for k, v in (d.overrides or {}).items()],
        } for d in decisions],
        "candidates": sorted(election.candidates,
                             key=lambda c: (c.withdrawn, polls.ballot_order(c.name), c.id)),
        "polls": list(election.polls),
        "started": started,
        "can_edit": not started,
        "can_start": not election.polls,
        "options": options,
        "startable": any(not o.problem for o in options),
        "can_choose": rules.quota == "women_first",
        "first_round_label": (_first_round_labels()[election.first_round_kind or ""]
                              if rules.quota == "women_first" and election.polls else ""),
        "presets": preset_infos(),
    }
