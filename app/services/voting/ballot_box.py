"""The ballot box of an open poll: casts sealed under a per-poll key that dies at the close.

Why: whoever holds the database can read the order in which rows were written — SQLite's WAL
frames, PostgreSQL's ``xmin``/``ctid`` and pg_wal records — and issuances (which name the
delegate) are written in the same order as casts. A phone that fetches its credential and casts
in one go would be linked to its ballot by that order alone. So while a poll is open a cast is
stored as

- ``credential_mac`` = HMAC-SHA256(mac key, credential message): unique per credential, so the
  primary key still refuses a second ballot, and a retry finds its row;
- ``sealed`` = nonce ‖ AES-256-GCM(seal key, credential ‖ signature ‖ ballot padded to one
  length for the whole poll), the poll's public id and the MAC as associated data.

The close (``app.services.polls.lifecycle.close_poll``) opens every sealed row, writes the plaintext
ballots once, sorted by credential hash, in one transaction, deletes the sealed rows and then
destroys the key. What kept the arrival order afterwards kept it of ciphertexts and MACs that
nobody can open or recompute any more; the ballots themselves were all written at one moment in
canonical order. Padding makes every ciphertext of a poll the same length, so not even a
ballot's size is left in the order.

Where the key lives: a 32-byte file ``<instance>/ballot_keys/<poll public id>.key`` (0600,
written and fsynced with its directory before the opening commits), from which HKDF derives
the seal and MAC keys. Not in the database: a deleted row lives on in pg_wal, in dead tuples
and in an un-checkpointed SQLite WAL, so "deleting" a key stored there would not destroy it.
The file survives a crash (every acknowledged ballot stays readable until the close), is read
by every worker on the machine, and is overwritten with zeros, fsynced and unlinked after the
close commits (:func:`destroy_key`). docs/security.md says what remains (file-system journals
and flash remapping, a backup of the instance folder taken while the poll was open, several
machines needing the folder shared).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

from app.enums import PollState
from app.extensions import db
from app.models import Ballot, Poll, SealedBallot
from ballots.canonical import dumps
from ballots.contest import Contest
from ballots.credential import credential_hash, tracker_code
from ballots.marks import GLOBALS, validity

__all__ = [
    "BallotBoxError", "BoxKey", "Unsealed", "box_key", "cast_count", "choices_length",
    "create_key", "destroy_key", "key_path", "sweep_keys", "truncate_sqlite_wal", "unseal_all",
]

log = logging.getLogger(__name__)

KEY_DIR = "ballot_keys"
_KEY_BYTES = 32
_SALT = b"wahlgang ballot box v1"
_PUBLIC_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_NONCE = 12


class BallotBoxError(RuntimeError):
    """The box cannot be used: its key is missing (instance folder not shared, or lost) or a
    sealed row does not open (altered). Nothing is stored or counted when this is raised."""


@dataclass(frozen=True, slots=True)
class Unsealed:
    """One cast, opened at the close."""

    credential_hash: str
    msg: bytes
    sig: bytes
    choices: str

    @property
    def tracker(self) -> str:
        return tracker_code(self.credential_hash)


@dataclass(frozen=True, slots=True)
class BoxKey:
    """The two keys of one poll's box (derived from the key file, never stored)."""

    public_id: str
    aead: AESGCM
    mac_key: bytes

    def credential_mac(self, msg: bytes) -> str:
        return hmac.new(self.mac_key, msg, hashlib.sha256).hexdigest()

    def seal(self, mac: str, msg: bytes, sig: bytes, choices: str, length: int) -> bytes:
        """``choices`` is padded with spaces to ``length`` bytes (see :func:`choices_length`)."""
        body = choices.encode("utf-8")
        if len(body) > length:  # not for a valid ballot; keeps the cast, leaks its size class
            length = -(-len(body) // 256) * 256
        plain = b"".join((struct.pack(">HH", len(msg), len(sig)), msg, sig,
                          body.ljust(length, b" ")))
        nonce = os.urandom(_NONCE)
        return nonce + self.aead.encrypt(nonce, plain, self._aad(mac))

    def open(self, mac: str, sealed: bytes) -> Unsealed:
        try:
            plain = self.aead.decrypt(sealed[:_NONCE], sealed[_NONCE:], self._aad(mac))
        except InvalidTag as exc:
            raise BallotBoxError(f"a sealed ballot of poll {self.public_id} does not open") from exc
        msg_len, sig_len = struct.unpack(">HH", plain[:4])
        msg, sig = plain[4:4 + msg_len], plain[4 + msg_len:4 + msg_len + sig_len]
        if not hmac.compare_digest(self.credential_mac(msg), mac):
            raise BallotBoxError(f"a sealed ballot of poll {self.public_id} is in another row")
        choices = plain[4 + msg_len + sig_len:].rstrip(b" ").decode("utf-8")
        return Unsealed(credential_hash(msg), msg, sig, choices)

    def _aad(self, mac: str) -> bytes:
        return f"{self.public_id}\n{mac}".encode("ascii")


def choices_length(contest: Contest) -> int:
    """A length no valid ballot of this contest exceeds: every candidate marked with the
    longest mark there is, plus the longest global choice. Every cast is padded to it."""
    v = validity(contest)
    widest = {"global": "x" * max(len(g or "") for g in GLOBALS),
              "marks": {cid: "x" * 8 for cid in v.ids}}
    return len(dumps(widest))


# --- the key file ----------------------------------------------------------------------------

def key_path(public_id: str, instance_path: str | None = None) -> Path:
    if not _PUBLIC_ID.match(public_id):
        raise BallotBoxError(f"not a poll id: {public_id!r}")
    return Path(instance_path or current_app.instance_path) / KEY_DIR / f"{public_id}.key"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_key(public_id: str) -> None:
    """Write a fresh key for the poll durably: temporary file, fsync, rename, fsync folder.
    Replaces a key left by an opening that never committed."""
    path = key_path(public_id)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, os.urandom(_KEY_BYTES))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    _fsync_dir(path.parent)
    _KEYS.pop(public_id, None)


_KEYS: dict[str, BoxKey] = {}


def box_key(public_id: str) -> BoxKey:
    """The poll's box key, read from its file once per worker."""
    key = _KEYS.get(public_id)
    if key is None:
        try:
            raw = key_path(public_id).read_bytes()
        except FileNotFoundError:
            raise BallotBoxError(
                f"the ballot-box key of poll {public_id} is missing from "
                f"{key_path(public_id).parent} (every server needs the same instance folder)"
            ) from None
        if len(raw) != _KEY_BYTES:
            raise BallotBoxError(f"the ballot-box key of poll {public_id} is damaged")
        seal = HKDF(hashes.SHA256(), 32, _SALT, b"seal " + public_id.encode()).derive(raw)
        mac = HKDF(hashes.SHA256(), 32, _SALT, b"mac " + public_id.encode()).derive(raw)
        key = BoxKey(public_id, AESGCM(seal), mac)
        _KEYS[public_id] = key
    return key


def forget_key(public_id: str) -> None:
    """Drop this worker's copy of the key (other workers drop theirs when a cast finds the
    poll closed; their memory is what docs/security.md calls live observation)."""
    _KEYS.pop(public_id, None)


def destroy_key(public_id: str) -> bool:
    """Overwrite the key file with zeros, fsync, unlink, fsync the folder. True if one was
    there. Call only after the close (or the opening's rollback) is final."""
    forget_key(public_id)
    path = key_path(public_id)
    try:
        fd = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        return False
    try:
        os.write(fd, b"\0" * _KEY_BYTES)
        os.fsync(fd)
    finally:
        os.close(fd)
    path.unlink()
    _fsync_dir(path.parent)
    return True


def sweep_keys() -> list[str]:
    """Destroy the key files of polls that are not open (a crash between a close's commit and
    its :func:`destroy_key`, a deleted poll). Draft polls keep theirs: an opening may be about
    to commit. Returns the poll ids whose key was destroyed."""
    folder = Path(current_app.instance_path) / KEY_DIR
    if not folder.is_dir():
        return []
    ids = [p.stem for p in folder.glob("*.key") if _PUBLIC_ID.match(p.stem)]
    if not ids:
        return []
    keep = set(db.session.scalars(sa.select(Poll.public_id).where(
        Poll.public_id.in_(ids),
        Poll.state.in_((PollState.OPEN.value, PollState.DRAFT.value)))))
    return [public_id for public_id in ids if public_id not in keep and destroy_key(public_id)]


# --- reading the box -------------------------------------------------------------------------

def unseal_all(poll: Poll) -> list[Unsealed]:
    """Every cast of the poll, opened and sorted by credential hash (for the close)."""
    rows = db.session.execute(
        sa.select(SealedBallot.credential_mac, SealedBallot.sealed)
        .where(SealedBallot.poll_id == poll.id)
    ).all()
    if not rows:
        return []
    key = box_key(poll.public_id)
    return sorted((key.open(mac, bytes(sealed)) for mac, sealed in rows),
                  key=lambda u: u.credential_hash)


def cast_count(poll: Poll) -> int:
    """Ballots cast: sealed ones while the poll is open, counted ones afterwards."""
    table: Any = SealedBallot if poll.state == PollState.OPEN.value else Ballot
    return int(db.session.scalar(
        sa.select(sa.func.count()).select_from(table).where(table.poll_id == poll.id)) or 0)


def truncate_sqlite_wal() -> bool:
    """SQLite: copy the WAL into the database and truncate it to zero bytes, so its frames
    (the commits in arrival order) are gone from the file; with ``secure_delete`` the sealed
    rows the close deleted are zeros in the database. Waits at most 2 s for readers; False if
    one still held an old snapshot (the next close tries again; what it leaves is ciphertext).
    No-op on PostgreSQL."""
    if db.engine.dialect.name != "sqlite":
        return True
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA busy_timeout=2000")
        try:
            busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
        finally:
            conn.exec_driver_sql("PRAGMA busy_timeout=10000")
    if busy is not None and busy[0]:
        log.warning("WAL not truncated after a close: a reader held an old snapshot")
        return False
    return True
