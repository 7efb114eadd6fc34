"""A real gunicorn server as a subprocess on a free loopback port, and phones that talk to it.

Used by the crash and race tests: the server runs the real app against the test database
(SQLite file or ``TEST_DATABASE_URL``), can be killed with SIGKILL and started again. Every
wait is bounded in time; every request goes to 127.0.0.1 only.
"""

from __future__ import annotations

import base64
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from ballots import blind
from ballots.credential import credential_message

ROOT = Path(__file__).resolve().parents[3]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class LiveServer:
    """``gunicorn 'app:create_app()'`` with the test app's database, secret and instance."""

    def __init__(self, app_config: dict[str, Any], log_path: Path, *, workers: int = 2,
                 threads: int = 4) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.workers = workers
        self.threads = threads
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("WAHLGANG_") and k != "DATABASE_URL"}
        self.env.update({
            "WAHLGANG_DATABASE_URL": str(app_config["DATABASE_URL"]),
            "WAHLGANG_INSTANCE_PATH": str(app_config["INSTANCE_PATH"]),
            "WAHLGANG_SECRET_KEY": str(app_config["SECRET_KEY"]),
            "WAHLGANG_POLL_KEY_BITS": str(app_config.get("POLL_KEY_BITS", 2048)),
            "PYTHONPATH": str(ROOT),
        })
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self, *, ready_within: float = 90.0) -> None:
        self.starts += 1
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [str(GUNICORN), "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
             "--worker-class", "gthread", "--threads", str(self.threads), "--timeout", "120",
             "--graceful-timeout", "2", "--access-logfile", "-", "app:create_app()"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill -9 reaches the workers too
        )
        log.close()
        deadline = time.monotonic() + ready_within
        with httpx.Client(trust_env=False, timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"gunicorn exited: {self.log_path.read_text()[-2000:]}")
                try:
                    if client.get(self.base + "/public/").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn not ready: {self.log_path.read_text()[-2000:]}")

    def kill9(self) -> None:
        """SIGKILL the master and its workers at once: no shutdown code runs anywhere."""
        assert self.proc is not None
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:  # pragma: no cover - already gone
            pass
        self.proc.wait(timeout=10)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.proc = None


@dataclass
class LivePhone:
    """One delegate's phone over real HTTP (the Python mirror of rsabssa.js)."""

    base: str
    token: str
    choice: str
    msg: bytes = b""
    blinded: bytes = b""
    inv: int = 0
    sig: bytes = b""
    receipt: str | None = None
    answers: list[int] = field(default_factory=list)

    def prepare(self, public_id: str, pub: Any) -> None:
        if not self.msg:
            self.msg = credential_message(public_id)
            self.blinded, self.inv = blind.blind(pub, self.msg)

    def fetch_credential(self, client: httpx.Client, public_id: str, pub: Any) -> bool:
        self.prepare(public_id, pub)
        answer = client.post(f"{self.base}/api/v1/polls/{public_id}/credential",
                             json={"blinded_msg": b64url(self.blinded)},
                             headers={"Authorization": f"Bearer {self.token}"})
        self.answers.append(answer.status_code)
        if answer.status_code != 200:
            return False
        self.sig = blind.finalize(pub, self.msg, unb64url(answer.json()["blind_sig"]), self.inv)
        return True

    def cast(self, client: httpx.Client, public_id: str) -> httpx.Response:
        answer = client.post(f"{self.base}/api/v1/polls/{public_id}/ballots",
                             json={"msg": b64url(self.msg), "sig": b64url(self.sig),
                                   "ballot": {"marks": {"motion": self.choice}}})
        self.answers.append(answer.status_code)
        return answer


class ReceiptLog:
    """What the phones were told, recorded the moment an answer arrives (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self.trackers: dict[str, str] = {}  # tracker -> choice
        self.sent = 0
        self.transport_errors = 0

    def count_sent(self) -> None:
        with self._lock:
            self.sent += 1

    def count_error(self) -> None:
        with self._lock:
            self.transport_errors += 1

    def record(self, tracker: str, choice: str) -> None:
        with self._lock:
            self.trackers[tracker] = choice
            self._lock.notify_all()

    def wait_for(self, count: int, *, within: float) -> bool:
        """Block until ``count`` receipts are in (True) or ``within`` seconds passed (False)."""
        with self._lock:
            return self._lock.wait_for(lambda: len(self.trackers) >= count, timeout=within)

    def __len__(self) -> int:
        with self._lock:
            return len(self.trackers)


def wait_until(condition: Callable[[], bool], *, within: float, what: str,
               step: float = 0.02) -> None:
    """Poll ``condition`` until it holds; fail with ``what`` after ``within`` seconds. The
    deadline is generous on purpose: it only ends a test that is stuck, never a slow one."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {within:.0f} s: {what}")
        time.sleep(step)


def flock_waiters(path: Path) -> int:
    """How many processes wait for an flock on ``path`` (Linux: blocked locks in /proc/locks
    are the lines with ``->``; they name the file by device and inode)."""
    inode = f":{os.stat(path).st_ino} "
    lines = Path("/proc/locks").read_text(encoding="ascii").splitlines()
    return sum(1 for line in lines if "->" in line and "FLOCK" in line and inode in line)


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a page (Flask-WTF's hidden field)."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match is not None, html[:500]
    return match.group(1)


def logged_in_client(base: str, username: str, password: str) -> httpx.Client:
    """An official's browser session against the live server (real login with CSRF)."""
    client = httpx.Client(trust_env=False, timeout=120.0, base_url=base)
    token = csrf_from(client.get("/login").text)
    answer = client.post("/login", data={"username": username, "password": password,
                                         "csrf_token": token})
    assert answer.status_code == 302, answer.text[:500]
    return client
