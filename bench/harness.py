"""Benchmark machinery shared by nothing domain-specific: a gunicorn server on a free loopback
port (with peak-memory readout), a bounded load client (a minimal HTTP/1.1 client on asyncio and
uvloop, cheap in CPU because it shares the server's cores), py-spy, and the access-log check.

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
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

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
    status: int  # -1: transport error, unparsable response or timeout
    body: bytes
    ms: float


class _Exchange(asyncio.Protocol):
    """One POST on one fresh connection: write the request, collect the response.

    A benchmark client, not a general one: the server is our own gunicorn, which answers every
    request with a Content-Length and then closes (``Connection: close`` asks for that anyway).
    ``done`` gets (status, body) once the status line, the headers and Content-Length bytes of
    body are in; an OSError if the connection ends earlier; a ValueError for a response this
    client does not parse (no HTTP/1.x status line, no Content-Length).
    """

    def __init__(self, request: bytes, done: asyncio.Future[tuple[int, bytes]]) -> None:
        self.request = request
        self.done = done
        self.buf = bytearray()
        self.status = -1
        self.body_at = -1  # offset of the body once the head is complete
        self.body_len = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        cast(asyncio.WriteTransport, transport).write(self.request)

    def data_received(self, data: bytes) -> None:
        if self.done.done():
            return
        self.buf += data
        if self.body_at < 0:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            try:
                self.status, self.body_len = _parse_head(bytes(self.buf[:end]))
            except ValueError as exc:
                self.done.set_exception(exc)
                return
            self.body_at = end + 4
        if len(self.buf) >= self.body_at + self.body_len:
            self.done.set_result(
                (self.status, bytes(self.buf[self.body_at:self.body_at + self.body_len])))

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            self.done.set_exception(exc or ConnectionError("closed before the full response"))


def _parse_head(head: bytes) -> tuple[int, int]:
    """(status, Content-Length) of a response head; ValueError if it has no such pair."""
    lines = head.split(b"\r\n")
    version, _sp, rest = lines[0].partition(b" ")
    if not version.startswith(b"HTTP/1."):
        raise ValueError(f"not an HTTP/1.x status line: {lines[0]!r}")
    status = int(rest[:3])
    for line in lines[1:]:
        name, _colon, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return status, int(value)
    if status in (204, 304):
        return status, 0  # no body by definition
    raise ValueError("response without Content-Length")


async def _post(host: str, port: int, request: bytes) -> tuple[int, bytes]:
    loop = asyncio.get_running_loop()
    done: asyncio.Future[tuple[int, bytes]] = loop.create_future()
    transport, _protocol = await loop.create_connection(lambda: _Exchange(request, done),
                                                        host, port)
    try:
        return await done
    finally:
        transport.close()


async def _drive(base: str, requests: list[tuple[str, bytes, dict[str, str]]],
                 concurrency: int, stop: threading.Event) -> tuple[list[Outcome], float]:
    url = urlsplit(base)
    if url.scheme != "http" or url.hostname is None or url.port is None:
        raise ValueError(f"need http://host:port, got {base!r}")
    host, port, netloc = url.hostname, url.port, url.netloc
    outcomes: list[Outcome | None] = [None] * len(requests)
    next_index = iter(range(len(requests)))

    async def worker() -> None:
        for i in next_index:
            if stop.is_set():
                return
            path, body, headers = requests[i]
            fields = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
            request = (f"POST {path} HTTP/1.1\r\nHost: {netloc}\r\n"
                       f"Content-Length: {len(body)}\r\n{fields}Connection: close\r\n\r\n"
                       ).encode("latin-1") + body
            t0 = time.perf_counter()
            try:
                async with asyncio.timeout(REQUEST_TIMEOUT_S):
                    status, data = await _post(host, port, request)
            except (TimeoutError, OSError, ValueError):
                data, status = b"", -1
            outcomes[i] = Outcome(status, data, (time.perf_counter() - t0) * 1000)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(min(concurrency, len(requests)))))
    elapsed = time.perf_counter() - start
    return [o for o in outcomes if o is not None], elapsed


async def drive(base: str, requests: list[tuple[str, bytes, dict[str, str]]],
                concurrency: int) -> tuple[list[Outcome], float]:
    """POST every request, at most ``concurrency`` in flight; outcomes in request order.

    Each request is one HTTP/1.1 POST on a new TCP connection (``Connection: close``; gunicorn's
    sync workers close after every response anyway), with Host, Content-Length and the given
    headers (the caller sets Content-Type). ``ms`` runs from just before the connect to the last
    body byte; status -1 means a transport error, an unparsable response or
    ``REQUEST_TIMEOUT_S`` passed.

    The client shares the server's cores, so it is kept cheap: a minimal asyncio.Protocol
    instead of aiohttp, on a uvloop event loop. Client CPU per request in the 2,000-voter burst
    wave: aiohttp ~1.1 ms, aiohttp tuned on uvloop ~1.1 ms, this protocol on asyncio's loop
    ~0.6 ms, on uvloop ~0.36 ms. burst.py calls ``asyncio.run(drive(...))``, which
    gives the default loop (Python 3.11's ``asyncio.run`` has no ``loop_factory``, and
    ``uvloop.install()`` is deprecated from 3.12), so the requests run on their own uvloop loop
    in a helper thread; cancelling ``drive`` (Ctrl-C) lets that thread start no new request.
    """
    import uvloop

    stop = threading.Event()
    try:
        return await asyncio.to_thread(
            lambda: uvloop.run(_drive(base, requests, concurrency, stop)))
    finally:
        stop.set()


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
