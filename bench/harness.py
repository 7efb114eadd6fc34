"""Benchmark machinery shared by nothing domain-specific: a gunicorn server on a free loopback
port (with peak-memory readout), a bounded asyncio load client, py-spy, and the access-log check.

``bench/burst.py`` holds the scenario (a conference, a poll, a hall of phones); this module only
starts, drives and measures servers. Traffic goes to 127.0.0.1 only; every request is bounded
by ``REQUEST_TIMEOUT_S`` and every run by its number of requests.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "config" / "gunicorn.conf.py"
REQUEST_TIMEOUT_S = 30.0
READY_TIMEOUT_S = 60.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    base: str
    log_dir: Path

    def peak_rss_mb(self) -> float:
        """Sum of VmHWM over the master and its workers (each process's own peak)."""
        pids = [self.proc.pid] + _children(self.proc.pid)
        total_kb = 0
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        total_kb += int(line.split()[1])
            except OSError:
                continue
        return total_kb / 1024

    def worker_count(self) -> int:
        return len(_children(self.proc.pid))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(p) for p in task.read_text().split()]
    return found


def start_server(target: str, env: dict[str, str], args: argparse.Namespace, log_dir: Path,
                 ready_path: str) -> Server:
    port = _free_port()
    cmd = [str(Path(sys.executable).parent / "gunicorn"), "-c", str(GUNICORN_CONF),
           "--bind", f"127.0.0.1:{port}", "--worker-class", args.worker_class,
           "--access-logfile", str(log_dir / "access.log"),
           "--error-logfile", str(log_dir / "error.log")]
    if args.workers:
        cmd += ["--workers", str(args.workers)]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    proc = subprocess.Popen(cmd + [target], cwd=ROOT, env=env)
    server = Server(proc=proc, base=f"http://127.0.0.1:{port}", log_dir=log_dir)
    import httpx

    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited early; see {log_dir / 'error.log'}")
        try:
            if httpx.get(server.base + ready_path, timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    raise SystemExit(f"gunicorn not ready after {READY_TIMEOUT_S:.0f} s")


# --- the client --------------------------------------------------------------------------------

@dataclass
class Outcome:
    status: int  # -1: transport error
    body: bytes
    ms: float


async def drive(base: str, requests: list[tuple[str, bytes, dict[str, str]]],
                concurrency: int) -> tuple[list[Outcome], float]:
    """POST every request, at most ``concurrency`` in flight; outcomes in request order."""
    import aiohttp

    outcomes: list[Outcome | None] = [None] * len(requests)
    next_index = iter(range(len(requests)))
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(base, timeout=timeout, connector=connector) as session:
        async def worker() -> None:
            for i in next_index:
                path, body, headers = requests[i]
                t0 = time.perf_counter()
                try:
                    async with session.post(path, data=body, headers=headers) as resp:
                        data = await resp.read()
                        status = resp.status
                except (TimeoutError, aiohttp.ClientError, OSError):
                    data, status = b"", -1
                outcomes[i] = Outcome(status, data, (time.perf_counter() - t0) * 1000)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(min(concurrency, len(requests)))))
        elapsed = time.perf_counter() - start
    return [o for o in outcomes if o is not None], elapsed


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def start_profiler(folder: str | None, pid: int, db_kind: str) -> subprocess.Popen[bytes] | None:
    """py-spy on the master and its workers for the wave (``--profile DIR``; needs py-spy)."""
    if not folder:
        return None
    Path(folder).mkdir(parents=True, exist_ok=True)
    out = Path(folder) / f"burst-{db_kind}.txt"
    spy = subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "--pid",
                            str(pid), "--subprocesses", "--format", "raw", "--rate", "200",
                            "--output", str(out)], stdout=subprocess.DEVNULL)
    time.sleep(1.0)  # let it attach
    return spy


def check_logs(access_log: Path, tokens: list[str]) -> None:
    """No token, no Authorization header, no cast line may reach the access log."""
    text = access_log.read_text(errors="replace") if access_log.exists() else ""
    leaks = [t for t in tokens[:200] if t in text]
    bad = ("Bearer" in text) or ("/ballots" in text) or bool(leaks)
    print(f"access log: {len(text.splitlines())} lines, "
          f"{'SECRET OR CAST LINE FOUND' if bad else 'no token, header or cast line'}")
    if bad:
        raise SystemExit("the access log leaks a secret or a cast")
