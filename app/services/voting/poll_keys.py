"""The per-poll RSA key at rest: sealed with a key derived from the app's SECRET_KEY.

Why: a database dump alone (a backup, a leaked replica) must not let anyone mint ballots for an
open poll. The private key PEM is encrypted with AES-256-GCM under
``HKDF-SHA256(SECRET_KEY, salt="wahlgang poll key v1", info=poll public id)`` and the poll's
public id as associated data, so a sealed key copied to another poll does not open. Stored as
``wg1:`` + base64url(nonce ‖ ciphertext). Consequence: changing SECRET_KEY while a poll is open
makes that poll's key unusable (close it, or open a new round) — docs/security.md says so.

Unsealing uses :func:`ballots.blind.load_signing_key`, which skips OpenSSL's key validation
(~40 ms): the key is ours, the GCM tag proves it was not altered, and every blind signature is
checked against the public key before it leaves.

Every poll gets a freshly generated key (:func:`new_poll_key`). The one seam is the setting
``POLL_KEY_SOURCE``: a callable ``bits -> RSAPrivateKey`` that only the test suite sets (it
hands out keys generated once per test session, since a 2048-bit key costs 0.1–1 s and the
suite opens well over a hundred polls). It cannot come from a settings file or the
environment (:func:`check_key_source`), so a deployment always generates a fresh key.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Mapping
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

from ballots import blind

__all__ = ["check_key_source", "new_poll_key", "open_private_key", "seal_private_key"]

_PREFIX = "wg1:"
_SALT = b"wahlgang poll key v1"


def check_key_source(config: Mapping[str, Any]) -> None:
    """Start-up check: ``POLL_KEY_SOURCE`` is unset or a callable (module docstring).

    Settings files and ``WAHLGANG_*`` variables can only give text or numbers, so a source
    reaches the app only from Python code calling ``create_app(config)`` with one — the test
    suite; no entry point does (``flask``, gunicorn's ``create_app()``). A text value (say
    ``WAHLGANG_POLL_KEY_SOURCE=…``) is refused rather than ignored."""
    source = config.get("POLL_KEY_SOURCE")
    if source is not None and not callable(source):
        raise ValueError("POLL_KEY_SOURCE is for the test suite only (a callable bits -> key); "
                         "remove it from the settings: every poll gets a freshly generated key.")


def new_poll_key() -> rsa.RSAPrivateKey:
    """The key of a poll being opened: freshly generated with ``POLL_KEY_BITS`` bits.

    Only when the test suite has set ``POLL_KEY_SOURCE`` is the key taken from it; its size
    is checked all the same."""
    bits = int(current_app.config["POLL_KEY_BITS"])
    source: Callable[[int], rsa.RSAPrivateKey] | None = current_app.config.get("POLL_KEY_SOURCE")
    if source is None:
        return blind.generate_key(bits=bits)
    key = source(bits)
    if key.key_size != bits:
        raise ValueError(f"POLL_KEY_SOURCE gave a {key.key_size}-bit key, not {bits} bits.")
    return key


def _aead(public_id: str) -> AESGCM:
    secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT,
               info=public_id.encode("utf-8")).derive(secret)
    return AESGCM(key)


def seal_private_key(key: rsa.RSAPrivateKey, public_id: str) -> str:
    """The text stored in ``polls.private_key_pem`` while the poll is open."""
    nonce = os.urandom(12)
    sealed = _aead(public_id).encrypt(
        nonce, blind.private_key_pem(key).encode("ascii"), public_id.encode("utf-8")
    )
    return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def open_private_key(stored: str, public_id: str) -> blind.SigningKey:
    """Inverse of :func:`seal_private_key`, ready for :func:`ballots.blind.blind_sign`."""
    if not stored.startswith(_PREFIX):
        raise ValueError("Der Schlüssel der Abstimmung ist nicht im erwarteten Format.")
    raw = base64.urlsafe_b64decode(stored[len(_PREFIX):])
    pem = _aead(public_id).decrypt(raw[:12], raw[12:], public_id.encode("utf-8"))
    return blind.load_signing_key(pem)
