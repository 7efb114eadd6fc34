"""The 10,000-phone burst: the real server under a whole hall (or a member vote) at once.

What one run does, per database (``--db sqlite|postgresql|both``):
1. **Setup** (a subprocess, before any server starts): a fresh instance folder and database,
   the real migrations, a conference with N delegates imported through the roster service,
   each with a card token and checked in, one poll (an election with three candidates, or
   ``--poll motion``) opened through the chair's service (key generation, presence snapshot,
   audit event). The baseline table is created in the same database.
2. **Baseline**: gunicorn with exactly the settings of the real server (config/gunicorn.conf.py
   plus the same flags) serving bench/baseline_app.py — one JSON POST that inserts one row and
   commits — driven by the same client at the same concurrency with N requests.
3. **The wave** against ``app:create_app()`` on the same gunicorn setup:
   *credential phase* — every phone POSTs its blinded value (as phones do automatically when a
   poll opens); *cast phase* — every phone POSTs its ballot with the finished credential.
   Client crypto (prepare/blind before, finalize between the phases, ``ballots.blind``) runs
   outside the timed windows: real phones do it on their own CPUs. Its cost is printed.
4. **Close and check** (a subprocess): the chair's close (key destroyed, count, audit events),
   then the tally must equal exactly the simulated choices of the receipts the client got.

Definitions on the last line:
- ``seconds`` S = wall time of the whole wave = credential phase + cast phase.
- ``p50_ms``/``p99_ms`` = latency percentiles over all 2N wave requests (both phases).
- ``errors`` E = wave requests answered non-2xx or failed in transport (no retries).
- ``lost`` L = receipts the client received whose credential is not among the poll's stored
  ballots after close (a receipt for a ballot that is not counted).
- ``cast_per_s`` C = N / cast-phase seconds (one cast = one request storing one row, like a
  baseline request); ``baseline_per_s`` D = N / baseline seconds; ``ratio`` R = C / D.
- peak memory = sum of VmHWM (peak RSS) of the gunicorn master and its workers.

All traffic goes to 127.0.0.1 only; every loop is bounded (N requests, 30 s per request).

Usage: python bench/burst.py [--voters 10000] [--db sqlite|postgresql|both] [--poll election]
       [--workers N] [--worker-class sync|gthread] [--threads T] [--concurrency 256]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import (  # bench/harness.py: the gunicorn process and the load client
    check_logs,
    drive,
    percentile,
    start_profiler,
    start_server,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/wg_burst"


# --- setup and close: run in subprocesses with the server's environment ----------------------

def _setup(out: Path, voters: int, poll_kind: str) -> None:
    """Fresh schema, N checked-in delegates with tokens, one open poll; tokens to ``out``."""
    from datetime import timedelta

    import sqlalchemy as sa
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.models import Delegate
    from app.models.base import utcnow
    from app.services.conference import create_conference
    from app.services.polls import manage as polls
    from app.services.roster.delegates import import_roster
    from app.services.roster.tokens import hash_token, new_token
    from bench.baseline_app import BenchRow

    app = create_app()
    with app.app_context(), app.test_request_context():
        upgrade()
        BenchRow.__table__.create(db.engine, checkfirst=True)
        conference = create_conference({"title": "Burst-Parteitag", "organisation": "Bench",
                                        "place": "127.0.0.1"})
        lines = ["Name;Gliederung"] + [f"Delegierte {i:05d};OV {i % 40}" for i in range(voters)]
        import_roster(conference.id, "\n".join(lines).encode("utf-8"))
        ids = db.session.scalars(sa.select(Delegate.id).where(
            Delegate.conference_id == conference.id).order_by(Delegate.id)).all()
        tokens = [new_token() for _ in ids]
        # Checked in before the vote opens, as in a hall (the desk opens long before).
        now = utcnow() - timedelta(minutes=10)
        db.session.execute(sa.update(Delegate), [
            {"id": i, "token_hash": hash_token(t), "card_number": 1, "present": True,
             "checked_in_at": now} for i, t in zip(ids, tokens, strict=True)])
        db.session.commit()
        if poll_kind == "motion":
            poll = polls.create_motion(conference.id, title="Antrag B1: Haushalt",
                                       preset="motion-simple")
        else:
            poll = polls.create_election(
                conference.id, title="Delegierte zum Landesparteitag", preset="linke-delegates",
                seats=2, candidates=[("Anna Albers", "Frau"), ("Berta Bode", "Frau"),
                                     ("Carla Cordes", "Frau")], round_kind="women")
        poll = polls.open_poll(conference.id, poll.id)
        out.write_text(json.dumps({
            "poll": poll.public_id, "public_key_pem": poll.public_key_pem,
            "contest": poll.contest, "tokens": tokens,
        }))


def _close(out: Path, public_id: str) -> None:
    """The chair's close; the result and the stored credential hashes to ``out``."""
    import sqlalchemy as sa

    from app import create_app
    from app.extensions import db
    from app.models import Ballot, Poll
    from app.services.polls import manage as polls

    app = create_app()
    with app.app_context(), app.test_request_context():
        poll = db.session.scalar(sa.select(Poll).where(Poll.public_id == public_id))
        assert poll is not None
        t0 = time.perf_counter()
        poll = polls.close_poll(poll.conference_id, poll.id)
        seconds = time.perf_counter() - t0
        stored = db.session.scalars(
            sa.select(Ballot.credential_hash).where(Ballot.poll_id == poll.id)).all()
        out.write_text(json.dumps({"result": poll.result, "stored": list(stored),
                                   "close_seconds": seconds}))


# --- servers -----------------------------------------------------------------------------------

def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


JSON = {"Content-Type": "application/json"}


def choices_for(contest: dict[str, Any], voters: int, seed: int) -> list[dict[str, Any]]:
    """Reproducible valid ballots: motions Y/N/A, elections up to ``seats`` Ja marks."""
    rng = random.Random(seed)
    ids = [c["id"] for c in contest["candidates"]]
    if contest["kind"] == "motion":
        return [{"marks": {"motion": rng.choice("YYYNNA")}} for _ in range(voters)]
    out = []
    for _ in range(voters):
        marked = rng.sample(ids, rng.randint(0, int(contest["seats"])))
        out.append({"marks": {cid: ("Y" if cid in marked else "A") for cid in ids}})
    return out


def expected_counts(contest: dict[str, Any], ballots: list[dict[str, Any]]) -> dict[str, Counter]:
    counts: dict[str, Counter] = {c["id"]: Counter() for c in contest["candidates"]}
    for ballot in ballots:
        for cid, mark in ballot["marks"].items():
            counts[cid][mark] += 1
    return counts


# --- one run -----------------------------------------------------------------------------------

@dataclass
class RunResult:
    db: str
    voters: int
    seconds: float
    p50: float
    p99: float
    errors: int
    lost: int
    cast_per_s: float
    baseline_per_s: float
    notes: list[str] = field(default_factory=list)
    tally_ok: bool = True

    def line(self) -> str:
        return (f"burst: db={self.db} voters={self.voters} seconds={self.seconds:.2f} "
                f"p50_ms={self.p50:.1f} p99_ms={self.p99:.1f} errors={self.errors} "
                f"lost={self.lost} cast_per_s={self.cast_per_s:.0f} "
                f"baseline_per_s={self.baseline_per_s:.0f} "
                f"ratio={self.cast_per_s / self.baseline_per_s:.2f}")


def _fresh_postgres(url: str) -> None:
    import psycopg

    base, _sep, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def run_once(db_kind: str, args: argparse.Namespace) -> RunResult:
    from ballots import blind
    from ballots.credential import credential_hash, credential_message

    work = Path(tempfile.mkdtemp(prefix=f"wg-burst-{db_kind}-"))
    from app.secrets import ensure_instance_secrets

    ensure_instance_secrets(str(work))
    if db_kind == "postgresql":
        url = args.pg_url
        _fresh_postgres(url)
    else:
        url = f"sqlite:///{work}/wahlgang.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("WAHLGANG_")}
    env.update(DATABASE_URL=url, WAHLGANG_INSTANCE_PATH=str(work), WAHLGANG_ENV="production",
               PYTHONPATH=str(ROOT))
    note = print

    t0 = time.perf_counter()
    subprocess.run([sys.executable, __file__, "_setup", str(work / "setup.json"),
                    str(args.voters), args.poll], cwd=ROOT, env=env, check=True,
                   timeout=600)
    setup = json.loads((work / "setup.json").read_text())
    note(f"[{db_kind}] setup: {args.voters} delegates checked in, poll open "
         f"({time.perf_counter() - t0:.1f} s)")
    public_id, contest, tokens = setup["poll"], setup["contest"], setup["tokens"]
    pub = blind.load_public_key_pem(setup["public_key_pem"])

    # Phones prepare and blind on their own CPUs: outside the timed window.
    c0 = time.process_time()
    prepared = []
    cred_requests = []
    for token in tokens:
        msg = credential_message(public_id)
        blinded, inv = blind.blind(pub, msg)
        prepared.append((msg, inv))
        cred_requests.append((f"/api/v1/polls/{public_id}/credential",
                              json.dumps({"blinded_msg": _b64(blinded)}).encode(),
                              {**JSON, "Authorization": f"Bearer {token}"}))
    blind_ms = (time.process_time() - c0) * 1000 / args.voters

    base_log = work / "baseline"
    base_log.mkdir()
    server = start_server("bench.baseline_app:create_app()", env, args, base_log, "/ready")
    try:
        payload = "x" * 480  # about the size of a cast body
        rows = [("/rows", json.dumps({"payload": f"{i:08d}{payload}"}).encode(), JSON)
                for i in range(args.voters)]
        base_out, base_s = asyncio.run(drive(server.base, rows, args.concurrency))
    finally:
        server.stop()
    base_errors = sum(1 for o in base_out if not 200 <= o.status < 300)
    note(f"[{db_kind}] baseline: {args.voters} inserts in {base_s:.2f} s "
         f"({args.voters / base_s:.0f}/s), errors {base_errors}")

    app_log = work / "app"
    app_log.mkdir()
    server = start_server("app:create_app()", env, args, app_log, f"/api/v1/polls/{public_id}")
    spy = start_profiler(args.profile, server.proc.pid, db_kind)
    try:
        cpu0 = time.process_time()
        cred_out, cred_s = asyncio.run(drive(server.base, cred_requests, args.concurrency))
        client_cpu = time.process_time() - cpu0
        c0 = time.process_time()
        ballots = choices_for(contest, args.voters, args.seed)
        cast_requests, cast_ballots, cast_hashes = [], [], []
        for (msg, inv), out, ballot in zip(prepared, cred_out, ballots, strict=True):
            if out.status != 200:
                continue
            sig = blind.finalize(pub, msg, _unb64(json.loads(out.body)["blind_sig"]), inv)
            cast_requests.append((f"/api/v1/polls/{public_id}/ballots", json.dumps(
                {"msg": _b64(msg), "sig": _b64(sig), "ballot": ballot}).encode(), JSON))
            cast_ballots.append(ballot)
            cast_hashes.append(credential_hash(msg))
        finalize_ms = (time.process_time() - c0) * 1000 / max(1, len(cast_requests))
        cpu0 = time.process_time()
        cast_out, cast_s = asyncio.run(drive(server.base, cast_requests, args.concurrency))
        client_cpu += time.process_time() - cpu0
        peak_mb = server.peak_rss_mb()
        workers = server.worker_count()
    finally:
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=60)
        server.stop()

    subprocess.run([sys.executable, __file__, "_close", str(work / "close.json"), public_id],
                   cwd=ROOT, env=env, check=True, timeout=600)
    closed = json.loads((work / "close.json").read_text())
    stored = set(closed["stored"])
    receipts = [(h, b) for h, b, o in zip(cast_hashes, cast_ballots, cast_out, strict=True)
                if 200 <= o.status < 300 and json.loads(o.body).get("tracker")]
    lost = sum(1 for h, _b in receipts if h not in stored)
    extra = len(stored - {h for h, _b in receipts})
    errors = sum(1 for o in cred_out + cast_out if not 200 <= o.status < 300)
    latencies = [o.ms for o in cred_out + cast_out]
    seconds = cred_s + cast_s

    expected = expected_counts(contest, [b for _h, b in receipts])
    got = {c["id"]: (c.get("yes"), c.get("no"), c.get("abstain"))
           for c in closed["result"]["candidates"]}
    want = {cid: (n["Y"], n["N"], n["A"]) for cid, n in expected.items()}
    tally_ok = got == want and closed["result"]["ballots"]["cast"] == len(receipts)
    note(f"[{db_kind}] credentials: {len(cred_out)} in {cred_s:.2f} s "
         f"({len(cred_out) / cred_s:.0f}/s); casts: {len(cast_out)} in {cast_s:.2f} s; "
         f"close+count {closed['close_seconds']:.2f} s")
    note(f"[{db_kind}] client: {client_cpu:.1f} s CPU during the wave "
         f"({100 * client_cpu / seconds:.0f} % of one core); outside it blind "
         f"{blind_ms:.2f} ms, finalize {finalize_ms:.2f} ms per phone")
    note(f"[{db_kind}] server: {workers} x {args.worker_class} workers, peak memory "
         f"(sum of VmHWM, master + workers) {peak_mb:.0f} MB")
    note(f"[{db_kind}] tally {'matches' if tally_ok else 'DOES NOT MATCH'} the simulated "
         f"choices: {want} ; stored but no receipt: {extra}")
    check_logs(app_log / "access.log", tokens)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return RunResult(db=db_kind, voters=args.voters, seconds=seconds, p50=percentile(
        latencies, 0.50), p99=percentile(latencies, 0.99), errors=errors, lost=lost,
        cast_per_s=len(cast_out) / cast_s, baseline_per_s=args.voters / base_s,
        tally_ok=tally_ok)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_setup":
        _setup(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "_close":
        _close(Path(sys.argv[2]), sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=10_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--poll", choices=["election", "motion"], default="election")
    parser.add_argument("--workers", type=int, default=0, help="default: gunicorn.conf.py")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--concurrency", type=int, default=256)
    parser.add_argument("--pg-url", default=os.environ.get("BURST_DATABASE_URL", PG_DEFAULT))
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", action="store_true", help="keep the work folder and logs")
    parser.add_argument("--profile", metavar="DIR", help="py-spy the server during the wave")
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results = [run_once(kind, args) for kind in kinds]
    for result in results:
        print(result.line())
    if not all(r.tally_ok for r in results):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
