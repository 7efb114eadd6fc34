"""What an operator holding the database can read without the app: SQLite WAL frames in commit
order, PostgreSQL system columns, pg_wal bytes and pg_waldump records.

The attack tests (test_operator_secrecy.py) use these to try what a hostile operator would:
find each delegate's issuance and each ballot in the storage's own order, and link a phone that
fetched its credential and cast in one go to the ballot that follows its issuance.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

WAL_MAGIC = (0x377F0682, 0x377F0683)
PG_BIN = Path("/usr/lib/postgresql/15/bin")


@dataclass(frozen=True)
class WalFrame:
    page_number: int
    commit_size: int  # database size in pages after a commit frame, 0 for other frames
    salts: tuple[int, int]
    page: bytes


def sqlite_wal_frames(wal: bytes) -> list[WalFrame]:
    """Every frame of an SQLite WAL file in file order (sqlite.org/fileformat2.html#walformat):
    a 32-byte header (magic, version, page size, checkpoint sequence, two salts, checksum), then
    frames of a 24-byte header (page number, commit size, salts, checksum) and one page image.
    Frames left from an earlier generation (other salts) are kept too: an attacker reads them."""
    if len(wal) < 32:
        return []
    magic, _version, page_size = struct.unpack(">III", wal[:12])
    assert magic in WAL_MAGIC, hex(magic)
    frames = []
    offset = 32
    while offset + 24 + page_size <= len(wal):
        number, commit, salt1, salt2 = struct.unpack(">IIII", wal[offset:offset + 16])
        page = wal[offset + 24:offset + 24 + page_size]
        frames.append(WalFrame(number, commit, (salt1, salt2), page))
        offset += 24 + page_size
    return frames


def sqlite_wal_transactions(wal: bytes) -> list[bytes]:
    """The page images of each committed transaction, in commit order, as one byte string."""
    transactions: list[bytes] = []
    pending: list[bytes] = []
    # Each restart of the WAL adds one to salt 1 and writes from the start of the file again:
    # older generations left behind later in the file come first.
    frames = sorted(sqlite_wal_frames(wal), key=lambda frame: frame.salts[0])
    for frame in frames:
        pending.append(frame.page)
        if frame.commit_size:
            transactions.append(b"".join(pending))
            pending = []
    if pending:
        transactions.append(b"".join(pending))
    return transactions


def first_seen(observations: Sequence[bytes], needles: Mapping[str, Iterable[bytes]]
               ) -> dict[str, int]:
    """For every name, the index of the first observation holding any of its byte strings."""
    found: dict[str, int] = {}
    for name, patterns in needles.items():
        patterns = [p for p in patterns if p]
        for index, data in enumerate(observations):
            if any(p in data for p in patterns):
                found[name] = index
                break
    return found


def link_by_order(issued_at: Mapping[str, float], cast_at: Mapping[str, float],
                  suspects: Iterable[str]) -> dict[str, str]:
    """The attack: each suspect (a phone that fetched and cast in one go) is linked to the
    ballot seen first after its issuance, if that ballot is the only one seen at that
    position (transaction). Where several share it, the order says nothing and the attacker
    is left to guess. Returns suspect -> ballot."""
    links = {}
    for suspect in suspects:
        if suspect not in issued_at:
            continue
        later = [(position, name) for name, position in cast_at.items()
                 if position >= issued_at[suspect]]
        if not later:
            continue
        first = min(position for position, _ in later)
        at_first = [name for position, name in later if position == first]
        if len(at_first) == 1:
            links[suspect] = at_first[0]
    return links


def find_all(data: bytes, needles: Mapping[str, Iterable[bytes]]) -> dict[str, int]:
    """name -> offset of the first occurrence of any of its byte strings in ``data``."""
    found = {}
    for name, patterns in needles.items():
        offsets = [data.find(p) for p in patterns if p]
        offsets = [o for o in offsets if o >= 0]
        if offsets:
            found[name] = min(offsets)
    return found


# --- PostgreSQL ------------------------------------------------------------------------------

def pg_waldump() -> Path | None:
    path = PG_BIN / "pg_waldump"
    if path.exists():
        return path
    found = shutil.which("pg_waldump")
    return Path(found) if found else None


@dataclass(frozen=True)
class WalRecord:
    lsn: int
    xid: int
    description: str
    blocks: tuple[tuple[int, int], ...]  # (relfilenode, block)


_RECORD = re.compile(r"tx:\s+(\d+), lsn: ([0-9A-F]+)/([0-9A-F]+),.*?desc: (.*)$")
_BLOCK = re.compile(r"blkref #\d+: rel \d+/\d+/(\d+)(?: fork \w+)? blk (\d+)")


def waldump_records(wal_dir: Path, start: str, end: str) -> list[WalRecord]:
    """pg_waldump's records between two LSNs, in LSN order."""
    tool = pg_waldump()
    assert tool is not None
    out = subprocess.run([str(tool), "--path", str(wal_dir), "--start", start, "--end", end],
                         capture_output=True, text=True, timeout=120, check=False)
    records = []
    for line in out.stdout.splitlines():
        match = _RECORD.search(line)
        if match is None:
            continue
        lsn = (int(match.group(2), 16) << 32) | int(match.group(3), 16)
        blocks = tuple((int(r), int(b)) for r, b in _BLOCK.findall(line))
        records.append(WalRecord(lsn, int(match.group(1)), match.group(4), blocks))
    assert records, out.stderr[-2000:]
    return records


def insert_offset(description: str) -> int | None:
    """The line pointer an INSERT record fills (``INSERT off 3 …`` / ``INSERT+INIT off 1``)."""
    match = re.match(r"INSERT(?:\+INIT)? off (\d+)", description)
    return int(match.group(1)) if match else None
