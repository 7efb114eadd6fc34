"""Wahlgang's credential format on top of the blind-signature protocol of :mod:`ballots.blind`.

Why its own module: RFC 9474 signs any prepared message; what *this* message is — which poll it
belongs to, which ballot it keys, which tracker code the voter sees — is Wahlgang's format
(docs/security.md, "Blind signatures"). ``app/static/js/rsabssa.js`` mirrors it on the phone.

Credential layout (what the phone signs and later submits as ``msg``)::

    msg = prefix(32 random bytes, RFC 9474 §4.1 Prepare)
          || poll_public_id as UTF-8
          || nonce(32 random bytes)

The ballot's unique key is :func:`credential_hash` = SHA-256 over ``msg`` alone; the tracker code
shown to the voter is derived from it (:func:`tracker_code`).
"""

from __future__ import annotations

import hashlib
import secrets

from cryptography.hazmat.primitives.asymmetric import rsa

from ballots.blind import PREFIX_LEN, prepare, verify
from ballots.errors import CryptoError

__all__ = [
    "NONCE_LEN", "credential_message", "credential_poll_id", "verify_credential",
    "credential_hash", "tracker_code", "normalize_tracker", "TRACKER_CHARS",
]

NONCE_LEN = 32  # Wahlgang credential nonce


def credential_message(poll_id: str, *, nonce: bytes | None = None,
                       prefix: bytes | None = None) -> bytes:
    """The prepared credential ``prefix(32) || poll_id UTF-8 || nonce(32)`` (module docstring)."""
    if not poll_id:
        raise CryptoError("poll id must not be empty")
    nonce = secrets.token_bytes(NONCE_LEN) if nonce is None else nonce
    if len(nonce) != NONCE_LEN:
        raise CryptoError(f"credential nonce must be {NONCE_LEN} bytes")
    return prepare(poll_id.encode("utf-8") + nonce, prefix=prefix)


def credential_poll_id(msg: bytes) -> str:
    """The poll id inside a credential message; :class:`CryptoError` if malformed."""
    if len(msg) <= PREFIX_LEN + NONCE_LEN:
        raise CryptoError("credential message too short")
    try:
        return msg[PREFIX_LEN:-NONCE_LEN].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CryptoError("credential poll id is not UTF-8") from exc


def verify_credential(pub: rsa.RSAPublicKey, poll_id: str, msg: bytes, sig: bytes) -> bool:
    """A ballot's credential is valid for ``poll_id``: right layout, right poll, signature."""
    try:
        if credential_poll_id(msg) != poll_id:
            return False
    except CryptoError:
        return False
    return verify(pub, msg, sig)


def credential_hash(msg: bytes) -> str:
    """Hex SHA-256 of the credential message: the ballot's unique key.

    The signature is left out on purpose: the message alone is what a credential *is*, so even
    a second valid signature over the same message could never count twice."""
    return hashlib.sha256(msg).hexdigest()


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKER_CHARS = 10


def tracker_code(cred_hash: str) -> str:
    """The first 50 bits of the credential hash in Crockford base32, grouped ``XXXX-XXXX-XX``."""
    try:
        value = int(cred_hash[:16], 16) >> (64 - 5 * TRACKER_CHARS)
    except ValueError as exc:
        raise CryptoError("credential hash must be hex") from exc
    chars = "".join(
        _CROCKFORD[(value >> (5 * (TRACKER_CHARS - 1 - i))) & 31] for i in range(TRACKER_CHARS)
    )
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def normalize_tracker(text: str) -> str:
    """Read a typed tracker code the Crockford way (case, O→0, I/L→1, spaces and dashes)."""
    cleaned = text.upper().translate(str.maketrans("OIL", "011", " -"))
    if len(cleaned) != TRACKER_CHARS or any(c not in _CROCKFORD for c in cleaned):
        raise CryptoError("a tracker code has 10 characters like K7QM-2XVA-9T")
    return f"{cleaned[:4]}-{cleaned[4:8]}-{cleaned[8:]}"
