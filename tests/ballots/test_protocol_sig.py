"""Ed25519 protocol signatures: round trip, tampering, key pinning, tie to the audit file."""

from __future__ import annotations

import copy
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ballots.audit import parse_lines
from ballots.errors import CryptoError, FormatError
from ballots.protocol import (
    ensure_key_file,
    fingerprint_short,
    generate_protocol_key,
    load_private_key_pem,
    private_key_pem,
    protocol_hash,
    public_key_fingerprint,
    sign_protocol,
    verify_protocol,
)
from tests.ballots.audit_factory import make_audit, make_audit_text, make_protocol_key

HEAD = "c0ffee" + "0" * 58


def make_protocol() -> dict[str, Any]:
    return {"title": "Wahlprotokoll", "audit_head": HEAD, "rounds": [{"ja": 5, "nein": 3}],
            "quota": "1/2"}


def test_signed_protocol_verifies() -> None:
    key = make_protocol_key()
    signed = sign_protocol(make_protocol(), key)

    report = verify_protocol(signed, key_fingerprint=public_key_fingerprint(key))

    assert report.failed == ()
    assert report.ok
    assert report.head == HEAD


def test_signature_block_fields() -> None:
    key = make_protocol_key()
    fingerprint = public_key_fingerprint(key)

    block = sign_protocol(make_protocol(), key)["signature"]

    assert (block["alg"], block["key_fingerprint"]) == ("Ed25519", fingerprint)
    assert block["key_fingerprint_short"] == fingerprint_short(fingerprint)
    assert len(block["key_fingerprint_short"]) == 39


def test_protocol_hash_ignores_signature_block() -> None:
    signed = sign_protocol(make_protocol(), make_protocol_key())

    assert protocol_hash(signed) == protocol_hash(make_protocol())


def test_changed_count_fails_signature() -> None:
    signed = sign_protocol(make_protocol(), make_protocol_key())
    signed["rounds"][0]["ja"] = 6

    assert verify_protocol(signed).failed_names() == {"protocol.signature"}


def test_changed_audit_head_fails_signature() -> None:
    signed = sign_protocol(make_protocol(), make_protocol_key())
    signed["audit_head"] = "f" * 64

    assert verify_protocol(signed).failed_names() == {"protocol.signature"}


def test_resigned_with_other_key_fails_pinned_fingerprint() -> None:
    printed = public_key_fingerprint(make_protocol_key())
    forged = sign_protocol({**make_protocol(), "title": "Fälschung"}, generate_protocol_key())

    report = verify_protocol(forged, key_fingerprint=fingerprint_short(printed))

    assert report.failed_names() == {"protocol.key"}


def test_short_fingerprint_from_paper_is_accepted() -> None:
    key = make_protocol_key()
    signed = sign_protocol(make_protocol(), key)

    printed = fingerprint_short(public_key_fingerprint(key)).lower()

    assert verify_protocol(signed, key_fingerprint=printed).ok


def test_swapped_public_key_fails_fingerprint() -> None:
    signed = sign_protocol(make_protocol(), make_protocol_key())
    other = sign_protocol(make_protocol(), generate_protocol_key())
    signed["signature"]["public_key"] = other["signature"]["public_key"]

    assert "protocol.key" in verify_protocol(signed).failed_names()


def test_missing_signature_block_is_a_format_failure() -> None:
    assert verify_protocol(make_protocol()).failed_names() == {"protocol.format"}


def test_sign_refuses_protocol_without_audit_head() -> None:
    protocol = make_protocol()
    del protocol["audit_head"]

    with pytest.raises(FormatError) as info:
        sign_protocol(protocol, make_protocol_key())

    assert info.value.path == "audit_head"


def test_protocol_ties_to_audit_file() -> None:
    fixture = make_audit()
    assert fixture.protocol is not None
    events = parse_lines(make_audit_text(fixture.events))

    report = verify_protocol(fixture.protocol, audit=events)

    assert report.ok
    names = [c.name for c in report.checks]
    assert names[names.index("protocol.audit_file") + 1] == "protocol.audit_verified"


def test_protocol_not_recorded_in_audit_file_fails() -> None:
    fixture = make_audit()
    assert fixture.protocol is not None
    unsigned = {k: v for k, v in copy.deepcopy(fixture.protocol).items() if k != "signature"}
    other = sign_protocol({**unsigned, "title": "andere Fassung"}, make_protocol_key())
    events = parse_lines(make_audit_text(fixture.events))

    assert verify_protocol(other, audit=events).failed_names() == {"protocol.audit_file"}


def test_ensure_key_file_creates_0600_and_reloads(tmp_path: Path) -> None:
    path = tmp_path / "instance" / "protocol_ed25519.pem"

    created = ensure_key_file(path)
    loaded = ensure_key_file(path)

    assert public_key_fingerprint(created) == public_key_fingerprint(loaded)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_pem_round_trip_and_wrong_key_type() -> None:
    key = make_protocol_key()
    assert public_key_fingerprint(load_private_key_pem(private_key_pem(key))) == (
        public_key_fingerprint(key))
    with pytest.raises(CryptoError):
        load_private_key_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")


# --- the command line --------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ballots", "verify-protocol", *args],
                          capture_output=True, text=True, cwd=ROOT, check=False)


def write_signed(tmp_path: Path) -> tuple[Path, Path, str]:
    fixture = make_audit()
    assert fixture.protocol is not None
    protocol = tmp_path / "protokoll.json"
    protocol.write_text(json.dumps(fixture.protocol, ensure_ascii=False), encoding="utf-8")
    audit = tmp_path / "audit.jsonl"
    audit.write_text(make_audit_text(fixture.events), encoding="utf-8")
    return protocol, audit, fixture.protocol["signature"]["key_fingerprint_short"]


def test_cli_verify_protocol_with_printed_fingerprint_and_audit(tmp_path: Path) -> None:
    protocol, audit, short = write_signed(tmp_path)

    done = run_cli(str(protocol), "--key-fingerprint", short, "--audit", str(audit),
                   "--lang", "en")

    assert (done.returncode, done.stderr) == (0, "")
    assert "ok     protocol.audit_file" in done.stdout


def test_cli_verify_protocol_wrong_fingerprint_exit_1(tmp_path: Path) -> None:
    protocol, _audit, _short = write_signed(tmp_path)

    done = run_cli(str(protocol), "--key-fingerprint", "AB" * 16)

    assert done.returncode == 1
    assert "FEHLER protocol.key" in done.stdout


def test_cli_verify_protocol_bad_json_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "protokoll.json"
    path.write_text("{not json", encoding="utf-8")

    done = run_cli(str(path))

    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_float_in_protocol_is_a_format_failure_not_a_crash() -> None:
    signed = sign_protocol(make_protocol(), make_protocol_key())
    signed["rounds"][0]["ja"] = 5.0

    assert verify_protocol(signed).failed_names() == {"protocol.format"}
