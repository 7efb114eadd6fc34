"""instance/ and the SQLite database are private to the user the app runs as.

instance/ holds the session secret and the protocol signing key; the SQLite file holds who was
issued which credential and, while a poll is open, the sealed ballots. Created with the
process's umask they were readable by everyone (0755 / 0644). Here instance/ is made 0700 and
the database file 0600 before SQLite opens it — SQLite gives its -wal, -shm and -journal files
the database file's mode, so they are 0600 too. Files already there are tightened (group and
other bits removed), once at start-up.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from sqlalchemy.engine import make_url

__all__ = ["private_instance", "private_sqlite_file"]

log = logging.getLogger(__name__)
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def _tighten(path: Path, mode: int) -> None:
    """Remove group and other permissions from ``path`` if it has any."""
    try:
        current = stat.S_IMODE(path.stat().st_mode)
        if current & 0o077:
            os.chmod(path, current & mode)
    except FileNotFoundError:
        return
    except OSError as exc:  # not ours to change: say so, do not refuse to start
        log.warning("cannot make %s private (%s)", path, exc)


def private_instance(path: str) -> None:
    """Create instance/ as 0700, or tighten it."""
    os.makedirs(path, mode=0o700, exist_ok=True)
    _tighten(Path(path), 0o700)


def private_sqlite_file(database_url: str) -> None:
    """Create the SQLite database file as 0600 before SQLite does, or tighten it and its
    companions. Other databases (PostgreSQL) and in-memory SQLite are left alone."""
    url = make_url(database_url)
    name = url.database or ""
    if url.get_backend_name() != "sqlite" or name in ("", ":memory:") or name.startswith("file:"):
        return
    path = Path(name)
    if not path.parent.is_dir():
        return  # SQLite will say the folder is missing
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for suffix in SQLITE_COMPANIONS:
        _tighten(path.with_name(path.name + suffix), 0o600)
