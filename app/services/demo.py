"""The demo conference that ``make run`` seeds, so a first look needs no typing."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.enums import Role
from app.extensions import db
from app.models import Conference, Delegate, User
from app.services.roster.tokens import hash_token, new_token

DEMO_TITLE = "Kreisparteitag Musterstadt (Demo)"
DEMO_ROSTER = [
    # name, delegation, quota group, has_vote, is_substitute
    ("Aylin Demir", "OV Nord", "Frau", True, False),
    ("Bernd Schulz", "OV Nord", "offen", True, False),
    ("Clara Weber", "OV Nord", "Frau", True, False),
    ("Dmitri Ivanov", "OV Süd", "offen", True, False),
    ("Elif Yıldız", "OV Süd", "Frau", True, False),
    ("Frank Müller", "OV Süd", "offen", True, False),
    ("Greta Hoffmann", "OV Ost", "Frau", True, False),
    ("Hannes Becker", "OV Ost", "offen", True, False),
    ("Ines Schäfer", "OV Ost", "Frau", True, False),
    ("Jonas Koch", "OV West", "offen", True, False),
    ("Katrin Richter", "OV West", "Frau", True, False),
    ("Lukas Wolf", "OV West", "offen", True, False),
    ("Mara Neumann", "OV Mitte", "Frau", True, False),
    ("Nils Schwarz", "OV Mitte", "offen", True, False),
    ("Olga Zimmermann", "OV Mitte", "Frau", True, False),
    ("Paul Braun", "OV Mitte", "offen", True, False),
    ("Rosa Krüger", "OV Nord", "Frau", True, True),
    ("Stefan Hartmann", "OV Süd", "offen", True, True),
    ("Tanja Lange", "Gast", "Frau", False, False),
]


@dataclass(frozen=True, slots=True)
class DemoInfo:
    conference_title: str
    logins: dict[str, tuple[str, str]]
    links_file: str
    sample_links: list[tuple[str, str]]


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def seed_demo_conference(instance_path: str) -> DemoInfo:
    """Idempotent: a second run reprints what the first one created."""
    state_file = Path(instance_path) / "demo.json"
    links_file = Path(instance_path) / "demo-links.txt"
    existing = db.session.scalar(db.select(Conference).where(Conference.is_demo.is_(True)))
    if existing is not None and state_file.exists():
        seed_demo_votes(existing.id)
        state = json.loads(state_file.read_text(encoding="utf-8"))
        return DemoInfo(
            DEMO_TITLE,
            {k: tuple(v) for k, v in state["logins"].items()},  # type: ignore[misc]
            str(links_file),
            [tuple(x) for x in state["sample_links"]],  # type: ignore[misc]
        )

    logins: dict[str, tuple[str, str]] = {}
    officials = ((Role.CHAIR, "chair"), (Role.CHECKIN, "desk"), (Role.PROTOCOL, "protocol"))
    for role, username in officials:
        password = secrets.token_urlsafe(9)
        user = db.session.scalar(db.select(User).where(User.username == username))
        if user is None:
            user = User(username=username, role=role.value)
            db.session.add(user)
        user.set_password(password)
        logins[role.value] = (username, password)

    conference = Conference(
        title=DEMO_TITLE,
        is_demo=True,
        organisation="Kreisverband Musterstadt",
        place="Bürgerhaus Musterstadt",
        held_on=date.today(),
        convocation="Einladung vom 1. des Monats, fristgerecht versandt",
    )
    db.session.add(conference)
    lines = []
    sample: list[tuple[str, str]] = []
    for index, (name, delegation, group, has_vote, substitute) in enumerate(DEMO_ROSTER):
        token = new_token()
        present = has_vote and not substitute and index < 14
        delegate = Delegate(
            conference=conference,
            name=name,
            delegation=delegation,
            quota_group=group,
            has_vote=has_vote,
            is_substitute=substitute,
            present=present,
            token_hash=hash_token(token),
            card_number=1,
        )
        db.session.add(delegate)
        lines.append(f"{name}\t/v/#t={token}")
        if present and len(sample) < 3:
            sample.append((name, f"t={token}"))
    db.session.commit()
    seed_demo_votes(conference.id)
    _write_private(links_file, "\n".join(lines) + "\n")
    _write_private(
        state_file, json.dumps({"logins": logins, "sample_links": sample}, ensure_ascii=False)
    )
    return DemoInfo(DEMO_TITLE, logins, str(links_file), sample)


# --- drafts a first-time chair can open right away -------------------------------------------
DEMO_MOTION = ("Antrag A1: Resolution zur Verkehrswende", "motion-simple")
DEMO_ELECTION = ("Delegierte zum Landesparteitag", "linke-delegates", 4)
DEMO_CANDIDATES = [
    # from the demo roster: three women, three men (quota group as they declared it)
    ("Aylin Demir", "Frau"), ("Clara Weber", "Frau"), ("Elif Yıldız", "Frau"),
    ("Bernd Schulz", "offen"), ("Dmitri Ivanov", "offen"), ("Frank Müller", "offen"),
]


def seed_demo_votes(conference_id: int) -> None:
    """One motion and one election as drafts (idempotent: each only if its title is new).

    The election starts as its rules say: a women's round for 2 of the 4 seats with the
    three women; the men run in the mixed round that follows."""
    from app.models import Election, Poll
    from app.services.polls import manage as polls

    title, preset = DEMO_MOTION
    if db.session.scalar(db.select(Poll.id).where(Poll.conference_id == conference_id,
                                                  Poll.title == title)) is None:
        polls.create_motion(conference_id, title=title, preset=preset)
    title, preset, seats = DEMO_ELECTION
    if db.session.scalar(db.select(Election.id).where(Election.conference_id == conference_id,
                                                      Election.title == title)) is None:
        polls.create_election(conference_id, title=title, preset=preset, seats=seats,
                              candidates=DEMO_CANDIDATES)
