"""The operator as adversary: holding the database files (SQLite and its WAL; PostgreSQL's
tables, system columns and pg_wal), can they link a delegate to their ballot?

The hall votes as a real one does: most phones fetch their credential as the poll opens and
cast later, in any order; a few (woke late, scanned late) fetch and cast in one go, so their
ballot follows their issuance directly in arrival order. The attacks read the storage in its
own order (WAL frames by commit, ``xmin``/``ctid``, pg_wal records by LSN), find each issuance
(it names the delegate) and each ballot of the public list, and link a late phone to the ballot
seen first after its issuance. They fail the test if any late phone is linked, or if the order
of the ballots says anything at all (every ballot must first appear in one transaction, the
close, in canonical order). A copy taken mid-poll must hold no ballot content and no
credential.

Run with ``-s`` to see what each attack found (docs/security.md quotes it). PostgreSQL attacks
need TEST_DATABASE_URL and read the server's data directory (the tests run as root here).
"""

from __future__ import annotations

import os
import random
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Ballot, Issuance
from app.services.polls.lifecycle import close_poll, open_poll
from ballots.canonical import dumps
from tests.app.security.forensics import (
    find_all,
    first_seen,
    insert_offset,
    link_by_order,
    pg_waldump,
    sqlite_wal_transactions,
    waldump_records,
)
from tests.app.vote.factories import (
    Phone,
    election_contest,
    make_conference,
    make_delegate,
    make_poll,
)

EARLY, LATE = 12, 4
# Ballots of different lengths, so a ciphertext's size would betray its content. The candidate
# ids are made unique per poll (_contest), so a ballot's JSON is found only where it is stored.
BALLOTS = ({"marks": {"C1": "Y"}}, {"marks": {"C1": "Y", "C2": "A"}},
           {"marks": {"C1": "A", "C2": "A", "C3": "Y"}}, {"marks": {"C3": "A"}})


def _contest(suffix: str) -> dict[str, Any]:
    contest = election_contest()
    for candidate in contest["candidates"]:
        candidate["id"] += suffix
    return contest


def _ballot(template: dict[str, Any], suffix: str) -> dict[str, Any]:
    return {"marks": {cid + suffix: mark for cid, mark in template["marks"].items()}}


@dataclass
class Hall:
    poll_id: int
    public_id: str
    #: delegate reference -> byte strings that identify their issuance row
    issuances: dict[str, list[bytes]] = field(default_factory=dict)
    #: tracker -> byte strings that identify its ballot (credential, signature, hash, tracker)
    ballots: dict[str, list[bytes]] = field(default_factory=dict)
    #: tracker -> the ballot's JSON as cast (its content)
    contents: dict[str, bytes] = field(default_factory=dict)
    #: late phones: delegate reference -> their tracker (the truth the attack tries to find)
    late: dict[str, str] = field(default_factory=dict)
    #: what the database held mid-poll (the copy of test 2)
    mid_poll: dict[str, Any] = field(default_factory=dict)


def _is(dialect: str) -> bool:
    return db.engine.dialect.name == dialect


def _vote_in_the_hall(app, during=None) -> Hall:
    """Open a poll, let the hall vote (module docstring), call ``during(hall)`` before the
    close, close. Every request goes through the app's real HTTP handlers."""
    conference = make_conference()
    phones = {}
    for i in range(EARLY + LATE):
        delegate, token = make_delegate(conference, f"Person {i:02d}")
        phones[f"D{delegate.id:06d}"] = Phone(client=app.test_client(), token=token)
    suffix = secrets.token_hex(4)
    poll = open_poll(make_poll(conference, _contest(suffix)).id)
    hall = Hall(poll_id=poll.id, public_id=poll.public_id)
    rng = random.Random(13)
    refs = list(phones)
    early, late = refs[:EARLY], refs[EARLY:]
    creds = {}
    for ref in early:  # phones fetch as the poll opens, before their owners decide
        creds[ref] = phones[ref].fetch_credential(poll)
    order = early[:]
    rng.shuffle(order)
    steps = [("cast", ref) for ref in order]
    for i, ref in enumerate(late):  # the late ones fetch and cast in one go, in between
        steps.insert(2 + i * 3, ("fetch_and_cast", ref))
    for kind, ref in steps:
        phone = phones[ref]
        if kind == "fetch_and_cast":
            creds[ref] = phone.fetch_credential(poll)
        ballot = _ballot(rng.choice(BALLOTS), suffix)
        answer = phone.cast(poll, ballot)
        assert answer.status_code == 201, answer.get_json()
        tracker = answer.get_json()["tracker"]
        cred = creds[ref]
        hall.issuances[ref] = [cred.blinded]
        hall.contents[tracker] = dumps(ballot)
        if kind == "fetch_and_cast":
            hall.late[ref] = tracker
    if "sealed_ballots" in sa.inspect(db.engine).get_table_names():
        hall.mid_poll["sealed"] = [bytes(s) for s in db.session.scalars(sa.text(
            "SELECT sealed FROM sealed_ballots WHERE poll_id = :p"), {"p": hall.poll_id})]
    if during is not None:
        during(hall)
    db.session.remove()
    close_poll(hall.poll_id)
    for row in db.session.scalars(sa.select(Ballot).where(Ballot.poll_id == hall.poll_id)):
        hall.ballots[row.tracker] = [bytes(row.msg), bytes(row.sig),
                                     row.credential_hash.encode(), row.tracker.encode()]
    assert set(hall.ballots) == set(hall.contents)  # every acknowledged ballot counted
    for row in db.session.scalars(sa.select(Issuance).where(Issuance.poll_id == hall.poll_id)):
        assert hall.issuances[f"D{row.delegate_id:06d}"] == [bytes(row.blinded_msg)]
    return hall


def _judge(label: str, hall: Hall, issued_at: dict[str, Any], cast_at: dict[str, Any]) -> None:
    """Print what the attack found, then fail if it linked a late phone or saw any order."""
    links = link_by_order(issued_at, cast_at, hall.late)
    right = sorted(ref for ref, tracker in links.items() if hall.late[ref] == tracker)
    positions = sorted(set(cast_at.values()))
    print(f"\n[{label}] issuances seen {len(issued_at)}/{len(hall.issuances)}, ballots seen "
          f"{len(cast_at)}/{len(hall.ballots)} at {len(positions)} distinct positions; "
          f"late phones linked {len(right)} of {len(hall.late)}"
          + (f" ({', '.join(right)})" if right else ""))
    assert right == [], f"{label}: linked {right}"
    assert len(positions) <= 1, f"{label}: ballots appear at {len(positions)} positions"
    if positions and issued_at:
        assert positions[0] > max(issued_at.values()), f"{label}: ballots seen before issuances"


# --- SQLite ----------------------------------------------------------------------------------

def _sqlite_path() -> Path:
    return Path(db.engine.url.database or "")


def _sqlite_bytes() -> tuple[bytes, bytes]:
    """The database file and its WAL as `cp` would copy them now."""
    path = _sqlite_path()
    wal = Path(f"{path}-wal")
    return path.read_bytes(), wal.read_bytes() if wal.exists() else b""


def _hold_a_reader() -> Any:
    """Another process's reader in the middle of a page view: its snapshot keeps every WAL
    frame written after it from being reset by a checkpoint (the close's included)."""
    import sqlite3

    reader = sqlite3.connect(_sqlite_path(), isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM polls").fetchone()
    return reader


@pytest.mark.parametrize("reader", [False, True], ids=["quiet", "reader-holds-wal"])
def test_sqlite_wal_after_close_links_no_phone(app, reader):
    """Read the WAL frames in commit order after the close, as the review did; with a reader
    holding an old snapshot the close cannot empty the WAL, so every cast's frame is there."""
    if not _is("sqlite"):
        pytest.skip("SQLite only")
    with db.engine.connect() as conn:  # start from an empty WAL: all the poll's frames stay
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    held = []
    hall = _vote_in_the_hall(
        app, during=(lambda _hall: held.append(_hold_a_reader())) if reader else None)
    main, wal = _sqlite_bytes()
    for conn in held:
        conn.close()
    transactions = sqlite_wal_transactions(wal)
    print(f"\n[sqlite WAL, {'reader held' if reader else 'quiet'}] {len(wal)} bytes, "
          f"{len(transactions)} transactions")
    _judge("sqlite WAL frames", hall, first_seen(transactions, hall.issuances),
           first_seen(transactions, hall.ballots))
    if not reader:  # the close emptied the WAL; secure_delete zeroed the sealed rows
        assert wal == b""
        sealed = hall.mid_poll.get("sealed", [])
        assert [s for s in sealed if s in main] == [], "ciphertexts left in the database file"


def test_sqlite_copy_mid_poll_holds_no_ballot_and_no_credential(app):
    if not _is("sqlite"):
        pytest.skip("SQLite only")

    def copy(hall: Hall) -> None:
        main, wal = _sqlite_bytes()
        hall.mid_poll["copy"] = main + wal

    hall = _vote_in_the_hall(app, during=copy)
    _assert_copy_is_blind("sqlite copy mid-poll", hall, hall.mid_poll["copy"])


def _assert_copy_is_blind(label: str, hall: Hall, data: bytes) -> None:
    credentials = find_all(data, hall.ballots)
    contents = find_all(data, {t: [c] for t, c in hall.contents.items()})
    print(f"\n[{label}] {len(data)} bytes: credentials found {len(credentials)} of "
          f"{len(hall.ballots)}, ballot contents found {len(contents)} of {len(hall.contents)}")
    assert credentials == {} and contents == {}


# --- PostgreSQL ------------------------------------------------------------------------------

def _pg_data_dir() -> Path:
    path = Path(str(db.session.scalar(sa.text("SHOW data_directory"))))
    db.session.rollback()
    if not os.access(path / "pg_wal", os.R_OK):
        pytest.skip(f"{path}/pg_wal is not readable")
    return path


def _pg_only() -> None:
    if not _is("postgresql"):
        pytest.skip("needs TEST_DATABASE_URL (PostgreSQL)")


def _user_tables() -> list[str]:
    return [str(name) for name in db.session.scalars(sa.text(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"))]


@pytest.mark.postgres
def test_pg_system_columns_after_close_link_no_phone(app):
    """xmin and ctid of every row of every table, after VACUUM (FREEZE), as the review did."""
    _pg_only()
    hall = _vote_in_the_hall(app)
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM (FREEZE)")
    issued_at: dict[str, int] = {}
    cast_at: dict[str, int] = {}
    issuance_hex = {ref: [b.hex() for b in needles] for ref, needles in hall.issuances.items()}
    ballot_text = {t: [n.decode() for n in needles[2:]] for t, needles in hall.ballots.items()}
    for table in _user_tables():
        rows = db.session.execute(sa.text(
            f'SELECT xmin::text::bigint, ctid::text, t::text FROM "{table}" t')).all()
        for xmin, _ctid, text in rows:
            for ref, hexes in issuance_hex.items():
                if any(h in text for h in hexes):
                    issued_at[ref] = min(issued_at.get(ref, xmin), xmin)
            for tracker, words in ballot_text.items():
                if any(w in text for w in words):
                    cast_at[tracker] = min(cast_at.get(tracker, xmin), xmin)
    _judge("postgresql xmin of every table", hall, issued_at, cast_at)
    ctids = db.session.execute(sa.text(
        "SELECT credential_hash FROM ballots WHERE poll_id = :p ORDER BY ctid"),
        {"p": hall.poll_id}).scalars().all()
    assert ctids == sorted(ctids)  # the heap order is the canonical order, nothing more


@pytest.mark.postgres
def test_pg_waldump_after_close_links_no_phone(app):
    """pg_waldump's record order: each heap INSERT names the block and line pointer its row
    took, which is the final row's ctid."""
    _pg_only()
    if pg_waldump() is None:
        pytest.skip("pg_waldump is not installed")
    data_dir = _pg_data_dir()
    start = str(db.session.scalar(sa.text("SELECT pg_current_wal_insert_lsn()")))
    db.session.rollback()
    hall = _vote_in_the_hall(app)
    end = str(db.session.scalar(sa.text("SELECT pg_current_wal_flush_lsn()")))
    nodes = dict(db.session.execute(sa.text(
        "SELECT relname, pg_relation_filenode(oid) FROM pg_class "
        "WHERE relname IN ('issuances', 'ballots')")).all())
    ctid_of = {}
    for table, key in (("issuances", "'D' || lpad(delegate_id::text, 6, '0')"),
                       ("ballots", "tracker")):
        for name, ctid in db.session.execute(sa.text(
                f"SELECT {key}, ctid::text FROM {table} WHERE poll_id = :p"),
                {"p": hall.poll_id}).all():
            block, offset = ctid.strip("()").split(",")
            ctid_of[(nodes[table], int(block), int(offset))] = name
    db.session.rollback()
    records = waldump_records(data_dir / "pg_wal", start, end)
    issued_at: dict[str, int] = {}
    cast_at: dict[str, int] = {}
    close_lsns = {}
    for record in records:
        offset = insert_offset(record.description)
        if offset is None or not record.blocks:
            continue
        name = ctid_of.get((record.blocks[0][0], record.blocks[0][1], offset))
        if name in hall.issuances:
            issued_at.setdefault(name, record.xid)
        elif name in hall.ballots:
            cast_at.setdefault(name, record.xid)
            close_lsns.setdefault(name, record.lsn)
    _judge("postgresql pg_waldump", hall, issued_at, cast_at)


@pytest.mark.postgres
def test_pg_copy_mid_poll_holds_no_ballot_and_no_credential(app):
    """Mid-poll: every table as SQL reads it, the database's relation files after a
    CHECKPOINT, and the pg_wal segments written since the poll opened."""
    _pg_only()
    data_dir = _pg_data_dir()
    opened = time.time() - 2

    def copy(hall: Hall) -> None:
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("CHECKPOINT")
            oid = conn.exec_driver_sql(
                "SELECT oid FROM pg_database WHERE datname = current_database()").scalar()
            dump = b"".join(
                str(row).encode() + b"\n" + b"".join(bytes(v) for v in row
                                                     if isinstance(v, (bytes, memoryview)))
                for table in _user_tables()
                for row in conn.exec_driver_sql(f'SELECT * FROM "{table}"').all())
        files = [p for p in (data_dir / "base" / str(oid)).iterdir() if p.is_file()]
        files += [p for p in (data_dir / "pg_wal").iterdir()
                  if p.is_file() and p.stat().st_mtime >= opened]
        hall.mid_poll["copy"] = dump + b"".join(p.read_bytes() for p in files)

    hall = _vote_in_the_hall(app, during=copy)
    _assert_copy_is_blind("postgresql copy mid-poll", hall, hall.mid_poll["copy"])
