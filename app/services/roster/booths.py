"""The voting booth at the desk: a tablet in booth mode and what the desk sees of it.

A booth is known by its link, ``/v/kabine#k=<key>``, which the desk opens on the tablet. The key
is derived from the app's secret key, the conference and the booth's number (HMAC), so nothing
is stored to set a booth up and a new conference gets new links. The key lets the booth do one
thing: report "free" or "in use". The server keeps only each booth's latest report and when it
came, in one small file in ``instance/`` (overwritten, no history, not in the database and not
in the audit file): no card, name, poll or ballot reaches it (docs/security.md, "The booth").
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app

from app.models import Conference

__all__ = ["STATES", "BoothError", "BoothStatus", "booth_keys", "report", "statuses"]

STATES = ("free", "in_use")
STALE_SECONDS = 35  # three missed heartbeats (booth.js reports every 10 s)
_FILE = "booths.json"


class BoothError(ValueError):
    """A report the server does not take: unknown link (``status`` 401) or bad state (400)."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class BoothStatus:
    """What the desk sees: ``state`` is "free", "in_use" or "offline" (no report lately)."""

    number: int
    key: str
    state: str
    seen_seconds_ago: int | None


def _derive(conference: Conference, number: int) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    created = conference.created_at.isoformat() if conference.created_at else ""
    message = f"wahlgang booth\n{conference.id}\n{created}\n{number}".encode()
    return f"{number}-{hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]}"


def booth_keys(conference: Conference) -> list[tuple[int, str]]:
    """(number, key) of each booth the installation offers (setting ``BOOTHS``)."""
    return [(n, _derive(conference, n)) for n in range(1, int(current_app.config["BOOTHS"]) + 1)]


def _slot(key: str) -> str:
    """The file names a booth by a hash of its key, never by the key itself."""
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _path() -> Path:
    return Path(current_app.instance_path) / _FILE


def _read() -> dict[str, Any]:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def report(conference: Conference | None, key: str, state: str) -> None:
    """Store the booth's state now; refuses a key that is no booth of ``conference``."""
    number_text = key.partition("-")[0]
    number = int(number_text) if number_text.isascii() and number_text.isdecimal() else 0
    known = conference is not None and 1 <= number <= int(current_app.config["BOOTHS"])
    expected = _derive(conference, number) if known and conference is not None else ""
    if not known or not hmac.compare_digest(expected.encode(), key.encode()):
        raise BoothError("unknown booth", status=401)
    if state not in STATES:
        raise BoothError("bad state", status=400)
    folder = _path().parent
    with open(folder / (_FILE + ".lock"), "a+") as lock:  # two workers: no lost report
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = _read()
        data[_slot(key)] = {"state": state, "seen": int(time.time())}
        temporary = folder / (_FILE + ".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(temporary, _path())


def statuses(conference: Conference) -> list[BoothStatus]:
    data, now = _read(), int(time.time())
    found = []
    for number, key in booth_keys(conference):
        entry = data.get(_slot(key))
        seen = entry.get("seen") if isinstance(entry, dict) else None
        if not isinstance(seen, int):
            found.append(BoothStatus(number, key, "offline", None))
            continue
        ago = max(0, now - seen)
        state = entry.get("state") if ago <= STALE_SECONDS else "offline"
        found.append(BoothStatus(number, key, state if state in STATES else "offline", ago))
    return found
