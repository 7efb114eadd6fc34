"""Ed25519 signatures over protocols (Wahlprotokoll as JSON) and their keys.

A signed protocol is the protocol dict plus a ``signature`` block; the signature covers the
canonical bytes (:mod:`ballots.canonical`) of the protocol *without* that block. The protocol
carries ``audit_head`` (hash of the last audit event it reports on), so the paper, the JSON and
the audit file tie together: the key fingerprint is printed on the PDF, the audit chain records
a ``protocol_signed`` event with :func:`protocol_hash`. Format: docs/audit-format.md.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ballots.audit.encoding import b64url_decode, b64url_encode
from ballots.audit.events import Event
from ballots.audit.report import Report, ReportBuilder
from ballots.canonical import dumps, sha256_hex
from ballots.errors import CryptoError, FormatError

__all__ = [
    "ALG",
    "ensure_key_file",
    "fingerprint_short",
    "generate_protocol_key",
    "load_private_key_pem",
    "private_key_pem",
    "protocol_hash",
    "public_key_fingerprint",
    "sign_protocol",
    "verify_protocol",
]

ALG = "Ed25519"
_HEX = frozenset("0123456789abcdef")
_SIG_KEYS = frozenset({"alg", "key_fingerprint", "key_fingerprint_short", "public_key",
                       "signature"})


# --- keys ------------------------------------------------------------------------------------

def generate_protocol_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    """Unencrypted PKCS#8 PEM, for ``instance/`` (mode 0600) — never for git."""
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def load_private_key_pem(data: bytes | str) -> Ed25519PrivateKey:
    raw = data.encode("ascii") if isinstance(data, str) else data
    try:
        key = serialization.load_pem_private_key(raw, password=None)
    except (ValueError, TypeError) as exc:
        raise CryptoError(f"not an unencrypted PEM private key: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise CryptoError("the protocol key must be an Ed25519 key")
    return key


def ensure_key_file(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    """Load the protocol key at ``path``, creating it (mode 0600, never overwritten) if absent."""
    target = Path(path)
    if target.exists():
        return load_private_key_pem(target.read_bytes())
    key = generate_protocol_key()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(private_key_pem(key))
    return key


def _raw_public(pub: Ed25519PublicKey) -> bytes:
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_fingerprint(pub: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """Lower-case hex SHA-256 of the 32 raw public key bytes."""
    if isinstance(pub, Ed25519PrivateKey):
        pub = pub.public_key()
    return hashlib.sha256(_raw_public(pub)).hexdigest()


def fingerprint_short(fingerprint: str) -> str:
    """First 128 bits of the fingerprint, upper case in groups of four — for paper."""
    head = fingerprint[:32].upper()
    return " ".join(head[i:i + 4] for i in range(0, 32, 4))


# --- signing ---------------------------------------------------------------------------------

def protocol_hash(protocol: Mapping[str, Any]) -> str:
    """SHA-256 hex of the canonical protocol without its ``signature`` block: what is signed."""
    return sha256_hex(_unsigned(protocol))


def sign_protocol(protocol: Mapping[str, Any], private_key: Ed25519PrivateKey) -> dict[str, Any]:
    """Return the protocol with a ``signature`` block; it must carry ``audit_head``."""
    if "signature" in protocol:
        raise FormatError("the protocol is already signed", path="signature")
    if not _is_hex64(protocol.get("audit_head")):
        raise FormatError("must be the 64-hex hash of the last audit event", path="audit_head")
    body = _unsigned(protocol)
    fingerprint = public_key_fingerprint(private_key)
    block = {
        "alg": ALG,
        "key_fingerprint": fingerprint,
        "key_fingerprint_short": fingerprint_short(fingerprint),
        "public_key": b64url_encode(_raw_public(private_key.public_key())),
        "signature": b64url_encode(private_key.sign(dumps(body))),
    }
    return {**body, "signature": block}


def verify_protocol(signed: Mapping[str, Any], *, key_fingerprint: str | None = None,
                    audit: tuple[Event, ...] | None = None) -> Report:
    """Check a signed protocol: form, key (against ``key_fingerprint`` if given — the one
    printed on paper, full hex or its short form), signature, and with ``audit`` that the
    audit chain verifies in full, contains ``audit_head``, records this protocol's hash, and
    says what the protocol says (``ballots.protocol_check``)."""
    rb = ReportBuilder()
    block = signed.get("signature")
    problem = _format_problem(signed, block)
    if problem is not None:
        rb.fail("protocol.format", problem, problem)
        return rb.build()
    assert isinstance(block, dict)
    try:
        body = dumps(_unsigned(signed))
    except FormatError as exc:
        rb.fail("protocol.format", f"nicht kanonisch darstellbar: {exc}",
                f"has no canonical form: {exc}")
        return rb.build()
    rb.ok("protocol.format", f"audit_head {signed['audit_head']}",
          f"audit_head {signed['audit_head']}")
    raw_key = _unb64(block["public_key"])
    signature = _unb64(block["signature"])
    fingerprint = hashlib.sha256(raw_key).hexdigest()
    _check_key(rb, block, fingerprint, key_fingerprint)
    try:
        Ed25519PublicKey.from_public_bytes(raw_key).verify(signature, body)
    except (InvalidSignature, ValueError):
        rb.fail("protocol.signature", "Signatur ungültig: Protokoll verändert oder falscher "
                "Schlüssel", "signature invalid: protocol altered or wrong key")
    else:
        rb.ok("protocol.signature", "Ed25519-Signatur gültig", "Ed25519 signature valid")
    if audit is not None:
        from ballots.protocol_check import check_protocol_against_audit

        _check_audit(rb, signed, audit, fingerprint)
        check_protocol_against_audit(rb, signed, audit)
    return rb.build(head=str(signed["audit_head"]))


def _check_key(rb: ReportBuilder, block: Mapping[str, Any], fingerprint: str,
               expected: str | None) -> None:
    if block["key_fingerprint"] != fingerprint:
        rb.fail("protocol.key", "Fingerabdruck im Protokoll passt nicht zum Schlüssel",
                "the fingerprint in the protocol does not match its key")
        return
    if expected is None:
        rb.ok("protocol.key", f"Fingerabdruck {fingerprint_short(fingerprint)} — mit dem auf "
              "Papier gedruckten vergleichen (--key-fingerprint)",
              f"fingerprint {fingerprint_short(fingerprint)} — compare with the one printed on "
              "paper (--key-fingerprint)")
        return
    wanted = "".join(expected.split()).lower()
    if len(wanted) >= 32 and fingerprint.startswith(wanted):
        rb.ok("protocol.key", "Fingerabdruck wie erwartet", "fingerprint as expected")
    else:
        rb.fail("protocol.key", f"Fingerabdruck {fingerprint_short(fingerprint)} ist nicht der "
                f"erwartete {expected}",
                f"fingerprint {fingerprint_short(fingerprint)} is not the expected {expected}")


def _check_audit(rb: ReportBuilder, signed: Mapping[str, Any], audit: tuple[Event, ...],
                 fingerprint: str) -> None:
    head, digest = signed["audit_head"], protocol_hash(signed)
    if not any(event.hash == head for event in audit):
        rb.fail("protocol.audit_file", "audit_head kommt in der Audit-Datei nicht vor",
                "audit_head does not occur in the audit file")
        return
    recorded = [e for e in audit if e.type == "protocol_signed"
                and e.data["protocol_hash"] == digest and e.data["audit_head"] == head
                and e.data["key_fingerprint"] == fingerprint]
    if recorded:
        rb.ok("protocol.audit_file", "in der Audit-Datei verbucht",
              "recorded in the audit file", seq=recorded[0].seq)
    else:
        rb.fail("protocol.audit_file", "kein passendes Ereignis »protocol_signed«",
                "no matching 'protocol_signed' event")


def _format_problem(signed: Mapping[str, Any], block: Any) -> str | None:
    if not isinstance(block, dict):
        return "signature: missing or not an object"
    if set(block) != _SIG_KEYS:
        return "signature: fields must be " + ", ".join(sorted(_SIG_KEYS))
    if block["alg"] != ALG:
        return f"signature.alg: must be {ALG}"
    if not _is_hex64(signed.get("audit_head")):
        return "audit_head: must be 64 lower-case hex digits"
    try:
        if len(_unb64(block["public_key"])) != 32 or len(_unb64(block["signature"])) != 64:
            return "signature: public_key must be 32 bytes and signature 64 bytes"
    except FormatError as exc:
        return str(exc)
    return None


def _unsigned(protocol: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in protocol.items() if key != "signature"}


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise FormatError("not unpadded base64url text")
    return b64url_decode(text)


def _is_hex64(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX
