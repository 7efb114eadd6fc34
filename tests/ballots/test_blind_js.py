"""The phone's rsabssa.js against the server's ballots.blind and ballots.credential: node's own
tests, then a full issuance where JavaScript blinds and finalizes and Python signs and verifies."""

from __future__ import annotations

import base64
import functools
import html
import json
import math
import re
import secrets
import shutil
import subprocess
import threading
from functools import cache
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from ballots import blind
from ballots.credential import credential_hash, credential_poll_id, tracker_code, verify_credential

ROOT = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def run_node(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    assert NODE is not None
    return subprocess.run([NODE, *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, timeout=120, check=False)


def bridge(request: dict[str, Any]) -> dict[str, Any]:
    done = run_node("tests/js/bridge.mjs", stdin=json.dumps(request))
    assert done.returncode == 0, done.stderr
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


@cache
def make_key() -> rsa.RSAPrivateKey:
    return blind.generate_key()


def test_node_suite_passes() -> None:
    """``node --test tests/js/`` by another name: the files are listed, since node versions
    differ in how they expand a directory argument."""
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "js").glob("*.test.mjs"))
    assert files
    done = run_node("--test", *files)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "# fail 0" in done.stdout


def test_js_blinds_python_signs_js_finalizes_cryptography_verifies() -> None:
    key = make_key()
    pub = key.public_key()
    published = blind.public_key_json(pub)

    first = bridge({"op": "blind", "key": published, "poll_id": "Q4-Vorstand"})
    msg = base64.b64decode(first["msg"])
    blinded = base64.b64decode(first["blinded"])
    assert credential_poll_id(msg) == "Q4-Vorstand"

    blind_sig = blind.blind_sign(key, blinded)
    assert blind.verify_blind_sig(pub, blinded, blind_sig) is True

    second = bridge({"op": "finalize", "key": published, "msg": first["msg"],
                     "blind_sig": base64.b64encode(blind_sig).decode(), "inv": first["inv"]})
    sig = base64.b64decode(second["sig"])
    assert blind.verify(pub, msg, sig) is True
    assert verify_credential(pub, "Q4-Vorstand", msg, sig) is True
    assert second["fingerprint"] == published["fingerprint"]
    assert second["hash"] == credential_hash(msg)
    assert second["tracker"] == tracker_code(credential_hash(msg))


def test_js_refuses_a_wrong_blind_signature() -> None:
    key = make_key()
    published = blind.public_key_json(key.public_key())
    first = bridge({"op": "blind", "key": published, "poll_id": "P1"})
    other = blind.generate_key()
    n = other.public_key().public_numbers().n
    blinded = int.from_bytes(base64.b64decode(first["blinded"]), "big") % n
    wrong = blind.blind_sign(other, blinded.to_bytes(256, "big"))
    done = run_node("tests/js/bridge.mjs", stdin=json.dumps(
        {"op": "finalize", "key": published, "msg": first["msg"],
         "blind_sig": base64.b64encode(wrong).decode(), "inv": first["inv"]}))
    assert done.returncode != 0
    assert "invalid signature" in done.stderr


def make_prime(bits: int) -> int:
    """A random prime with its top two bits set (Miller–Rabin, 40 rounds)."""
    small = [p for p in range(3, 2000, 2) if all(p % d for d in range(3, int(p**0.5) + 1, 2))]
    while True:
        c = secrets.randbits(bits) | (3 << (bits - 2)) | 1
        if any(c % p == 0 for p in small):
            continue
        d, s = c - 1, 0
        while d % 2 == 0:
            d, s = d // 2, s + 1
        for _ in range(40):
            x = pow(secrets.randbelow(c - 3) + 2, d, c)
            if x in (1, c - 1):
                continue
            for _ in range(s - 1):
                x = pow(x, 2, c)
                if x == c - 1:
                    break
            else:
                break
        else:
            return c


def test_modulus_of_8k_plus_1_bits_where_the_encoding_is_one_byte_shorter() -> None:
    """OpenSSL never makes such keys; RFC 8017 still defines them (emLen = kLen - 1)."""
    e = 65537
    while True:
        p, q = make_prime(1025), make_prime(1024)
        if math.gcd(e, (p - 1) * (q - 1)) == 1:
            break
    d = pow(e, -1, (p - 1) * (q - 1))
    key = rsa.RSAPrivateNumbers(
        p=p, q=q, d=d, dmp1=d % (p - 1), dmq1=d % (q - 1), iqmp=pow(q, -1, p),
        public_numbers=rsa.RSAPublicNumbers(e=e, n=p * q),
    ).private_key()
    pub = key.public_key()
    assert pub.key_size == 2049
    published = blind.public_key_json(pub)
    first = bridge({"op": "blind", "key": published, "poll_id": "P9"})
    blind_sig = blind.blind_sign(key, base64.b64decode(first["blinded"]))
    assert len(blind_sig) == 257
    second = bridge({"op": "finalize", "key": published, "msg": first["msg"],
                     "blind_sig": base64.b64encode(blind_sig).decode(), "inv": first["inv"]})
    assert blind.verify(pub, base64.b64decode(first["msg"]), base64.b64decode(second["sig"]))


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_works_in_a_browser_without_a_secure_context(tmp_path: Path) -> None:
    """Plain HTTP from a non-local name (mapped to 127.0.0.1): no crypto.subtle, still works."""
    vectors = json.loads((ROOT / "tests" / "vectors" / "rfc9474.json").read_text())
    v = vectors["vectors"][0]
    pub = rsa.RSAPublicNumbers(e=int(v["e"], 16), n=int(v["n"], 16)).public_key()
    for src in ("tests/js/browser/index.html", "tests/js/browser/run.js",
                "app/static/js/rsabssa.js", "tests/vectors/rfc9474.json"):
        shutil.copy(ROOT / src, tmp_path)
    (tmp_path / "key.json").write_text(json.dumps(blind.public_key_json(pub)))

    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        done = subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--host-resolver-rules=MAP hall.test 127.0.0.1", "--virtual-time-budget=20000",
             "--dump-dom", f"http://hall.test:{port}/index.html"],
            capture_output=True, text=True, timeout=120, check=False)
    finally:
        server.shutdown()
        server.server_close()
    found = re.search(r'<p id="out">([^<]*)</p>', done.stdout)
    assert found, done.stdout[-2000:] + done.stderr[-2000:]
    outcome = json.loads(html.unescape(found.group(1)))
    assert outcome == {"blinded": True, "sig": True, "fresh": 512,
                       "fingerprint": blind.public_key_fingerprint(pub),
                       "secure": False, "subtle": "undefined"}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass
