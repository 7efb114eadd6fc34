"""Motions and elections as DRAFT polls, their contest dicts, and the chair's open/close calls.

The contest dict (docs/architecture.md, Contract 2) is built here and checked with
``ballots.contest.contest_from_dict`` before anything is stored, so a draft that cannot be
counted never exists. Candidate ids are ``C<candidates.id>``: stable across rounds, so later
rounds (app/chair/rounds.py) can refer to the same people. Candidates appear in alphabetical
order of surname, taken as the last word of the name (DIE LINKE Wahlordnung § 8 (1)).

Small reusable pieces for further rounds: :func:`candidate_id`, :func:`election_contest`,
:func:`add_election_poll`, :func:`parse_candidate_lines`.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _

from app.enums import PollKind, PollState
from app.extensions import db
from app.models import Candidate, Election, Poll
from app.services.polls import lifecycle
from app.services.roster.csv_import import QUOTA_ALIASES, name_key
from app.services.scope import conference_poll
from ballots.contest import ROUND_KINDS, contest_from_dict, contest_to_dict
from ballots.errors import BallotError
from ballots.rules import apply_overrides, list_presets, load_preset

__all__ = [
    "DEFAULT_MOTION_PRESET",
    "MAX_CANDIDATES",
    "PollError",
    "add_election_poll",
    "ballot_order",
    "candidate_id",
    "close_poll",
    "create_election",
    "create_motion",
    "delete_draft",
    "election_contest",
    "election_presets",
    "first_round",
    "get_poll",
    "motion_contest",
    "motion_presets",
    "new_election",
    "open_poll",
    "parse_candidate_lines",
]

MAX_CANDIDATES = 200
MAX_SEATS = 500
MAX_TITLE = 200


class PollError(ValueError):
    """A motion or election cannot be created as asked; the message says why."""


def _presets(motion: bool) -> list[tuple[str, str]]:
    return [
        (name, _(load_preset(name).title) if load_preset(name).title else name)
        for name in list_presets()
        if name.startswith("motion-") == motion
    ]


#: What a new motion starts with: a simple majority, the rule at a party conference unless its
#: statute asks for more (PartG § 15 (1); config/presets/motion-simple.toml).
DEFAULT_MOTION_PRESET = "motion-simple"


def motion_presets() -> list[tuple[str, str]]:
    """(name, title) of the motion presets, e.g. ``motion-simple``."""
    return _presets(True)


def election_presets() -> list[tuple[str, str]]:
    return _presets(False)


def _check_contest(contest: dict[str, Any]) -> None:
    """Validate as the lifecycle will at opening (it fills present/entitled then)."""
    try:
        contest_from_dict({**contest, "present": 0, "entitled": 0})
    except BallotError as exc:
        raise PollError(_("Diese Abstimmung kann so nicht gezählt werden: %(e)s", e=str(exc))) \
            from exc


def _title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise PollError(_("Der Titel fehlt."))
    if len(title) > MAX_TITLE:
        raise PollError(_("Der Titel ist zu lang (höchstens %(n)d Zeichen).", n=MAX_TITLE))
    return title


def _preset(name: str, presets: list[tuple[str, str]]) -> str:
    if name not in {n for n, _t in presets}:
        raise PollError(_("Unbekannte Regel-Vorlage „%(name)s“.", name=name))
    return name


def _new_poll(conference_id: int, kind: PollKind, title: str, contest: dict[str, Any],
              election: Election | None = None) -> Poll:
    poll = Poll(
        public_id=secrets.token_urlsafe(12),
        conference_id=conference_id,
        election=election,
        kind=kind.value,
        title=title,
        contest=contest,
        state=PollState.DRAFT.value,
    )
    db.session.add(poll)
    return poll


def motion_contest(title: str, preset: str) -> dict[str, Any]:
    return {
        "kind": "motion",
        "title": title,
        "rules": {"preset": preset, "overrides": {}},
        "seats": 1,
        "candidates": [{"id": "motion", "name": title, "group": ""}],
        "round": {"number": 1, "kind": "general"},
    }


def create_motion(conference_id: int, *, title: str, preset: str) -> Poll:
    """A DRAFT motion (Ja/Nein/Enthaltung) under a motion preset."""
    title = _title(title)
    contest = motion_contest(title, _preset(preset, motion_presets()))
    _check_contest(contest)
    poll = _new_poll(conference_id, PollKind.MOTION, title, contest)
    db.session.commit()
    return poll


def parse_candidate_lines(text: str) -> list[tuple[str, str]]:
    """``Name; Gruppe`` per line (group optional, ``w``/``m`` read as Frau/Mann)."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _sep, group = line.partition(";")
        name, group = " ".join(name.split()), " ".join(group.split())
        group = QUOTA_ALIASES.get(group.casefold(), group)
        if not name:
            raise PollError(_("Zeile %(n)d: der Name fehlt.", n=number))
        if len(name) > 200 or len(group) > 40:
            raise PollError(_("Zeile %(n)d: Name oder Gruppe zu lang.", n=number))
        if name_key(name) in seen:
            raise PollError(_("Zeile %(n)d: „%(name)s“ steht doppelt auf der Liste.",
                              n=number, name=name))
        seen.add(name_key(name))
        out.append((name, group))
    if not out:
        raise PollError(_("Mindestens eine Kandidatur ist nötig."))
    if len(out) > MAX_CANDIDATES:
        raise PollError(_("Höchstens %(n)d Kandidaturen.", n=MAX_CANDIDATES))
    return out


def candidate_id(candidate: Candidate) -> str:
    return f"C{candidate.id}"


def ballot_order(name: str) -> tuple[str, str]:
    """Ballot order: by surname (taken as the last word), then the full name; accents folded
    so that "Özlem" sorts with O, as German lists do."""
    decomposed = unicodedata.normalize("NFKD", name_key(name))
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return (folded.rsplit(" ", 1)[-1], folded)


def election_contest(
    election: Election,
    *,
    seats: int,
    candidates: Sequence[Candidate],
    round_number: int = 1,
    round_kind: str = "general",
    title: str | None = None,
    extra_round: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The contest dict of one round of ``election`` among ``candidates`` (sorted A–Z)."""
    ordered = sorted(candidates, key=lambda c: (ballot_order(c.name), c.id))
    return {
        "kind": "election",
        "title": title or election.title,
        "rules": {"preset": election.preset, "overrides": dict(election.overrides or {})},
        "seats": seats,
        "candidates": [
            {"id": candidate_id(c), "name": c.name, "group": c.quota_group} for c in ordered
        ],
        "round": {"number": round_number, "kind": round_kind, **(extra_round or {})},
    }


def add_election_poll(conference_id: int, election: Election, contest: dict[str, Any]) -> Poll:
    """Check ``contest`` and add it as a DRAFT poll of ``election`` (the caller commits)."""
    _check_contest(contest)
    return _new_poll(conference_id, PollKind.ELECTION, contest["title"], contest, election)


def create_election(
    conference_id: int,
    *,
    title: str,
    preset: str,
    seats: int,
    candidates: Sequence[tuple[str, str]],
    round_kind: str | None = None,
) -> Poll:
    """An election with its candidates and its first round as a DRAFT poll.

    Without ``round_kind`` the first round is what the rules say: under women_first the
    women's round with only the women (``rounds.first_round_contest``; everyone else runs in
    the mixed round), otherwise a general round of everyone."""
    election = new_election(conference_id, title=title, preset=preset, seats=seats)
    if round_kind is not None and round_kind not in ROUND_KINDS[:3]:
        raise PollError(_("Unbekannte Art des Wahlgangs."))
    if not candidates:
        raise PollError(_("Mindestens eine Kandidatur ist nötig."))
    rows = [Candidate(election=election, name=name, quota_group=group)
            for name, group in candidates]
    db.session.add(election)
    db.session.add_all(rows)
    db.session.flush()
    try:
        contest = first_round(election, round_kind=round_kind)
        poll = add_election_poll(conference_id, election, contest)
    except PollError:
        db.session.rollback()
        raise
    db.session.commit()
    return poll


def new_election(conference_id: int, *, title: str, preset: str, seats: int) -> Election:
    """A checked, unsaved :class:`Election` (title, election preset, 1–500 seats)."""
    title = _title(title)
    preset = _preset(preset, election_presets())
    if isinstance(seats, bool) or not isinstance(seats, int) or not 1 <= seats <= MAX_SEATS:
        raise PollError(_("Die Zahl der Plätze muss zwischen 1 und %(n)d liegen.", n=MAX_SEATS))
    return Election(conference_id=conference_id, title=title, preset=preset, seats=seats)


def first_round(election: Election, *, round_kind: str | None = None) -> dict[str, Any]:
    """The contest dict of the election's first round: as the rules say (``round_kind``
    None), or a round of that kind among all candidates not withdrawn. Under women_first the
    kind is the chair's choice of ``rounds.first_round_contest`` (kept on the election)."""
    if _quota(election) == "women_first":
        from app.services.elections.rounds import (  # rounds imports us
            RoundError,
            first_round_contest,
        )

        try:
            contest = first_round_contest(election, kind=round_kind)
        except RoundError as exc:
            raise PollError(str(exc)) from exc
        election.first_round_kind = round_kind
        return contest_to_dict(contest)
    active = [c for c in election.candidates if not c.withdrawn]
    if not active:
        raise PollError(_("Mindestens eine Kandidatur ist nötig."))
    return election_contest(election, seats=election.seats, candidates=active,
                            round_kind=round_kind or "general")


def _quota(election: Election) -> str:
    try:
        return apply_overrides(load_preset(election.preset), election.overrides or {}).quota
    except BallotError as exc:
        raise PollError(str(exc)) from exc


def get_poll(conference_id: int, poll_id: int) -> Poll:
    """The poll of this conference (``scope.conference_poll``; NotFound otherwise)."""
    return conference_poll(poll_id, conference_id)


def delete_draft(conference_id: int, poll_id: int) -> None:
    """Remove a DRAFT poll (and its election, if that has no other round)."""
    poll = get_poll(conference_id, poll_id)
    if poll.state != PollState.DRAFT:
        raise PollError(_("Nur Entwürfe können gelöscht werden."))
    election = poll.election
    db.session.delete(poll)
    db.session.flush()
    if election is not None and not election.polls:
        for candidate in election.candidates:
            db.session.delete(candidate)
        db.session.delete(election)
    db.session.commit()


def open_poll(conference_id: int, poll_id: int) -> Poll:
    """The chair's Open button: lifecycle.open_poll for a poll of this conference."""
    return lifecycle.open_poll(get_poll(conference_id, poll_id).id)


def close_poll(conference_id: int, poll_id: int) -> Poll:
    return lifecycle.close_poll(get_poll(conference_id, poll_id).id)
