"""Delegate tokens: 130 random bits, shown once on the card, stored only as SHA-256.

A plain SHA-256 (not a slow password hash) is right here: the secret has full entropy, so there
is nothing to brute-force, and the lookup stays a single indexed query on the vote path.
"""

from __future__ import annotations

import hashlib
import secrets

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TOKEN_CHARS = 26  # 26 × 5 bits = 130 bits
_TYPING_FIXES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


class TokenError(ValueError):
    """A typed or scanned token is malformed."""


def new_token() -> str:
    """A fresh secret token in Crockford base32."""
    return "".join(secrets.choice(CROCKFORD) for _ in range(TOKEN_CHARS))


def normalise_token(raw: str) -> str:
    """Accept what people type: lower case, dashes, spaces, O for 0 and I/L for 1."""
    cleaned = raw.strip().upper().replace("-", "").replace(" ", "").translate(_TYPING_FIXES)
    if len(cleaned) != TOKEN_CHARS or any(ch not in CROCKFORD for ch in cleaned):
        raise TokenError("Der Code hat nicht das richtige Format (26 Zeichen, z. B. ABCD-EFGH-…).")
    return cleaned


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def group_for_print(token: str) -> str:
    """``ABCD-EFGH-…`` so the fallback code can be read aloud and typed."""
    return "-".join(token[i : i + 4] for i in range(0, len(token), 4))


def refusal_key(raw: str) -> str:
    """What a refused card code is counted under: its first four characters once normalised
    (20 bits: near-variants of one card share it, random guesses spread out), "?" when it is no
    card code at all. Never the whole code, so the limiter's storage holds no secret."""
    try:
        return normalise_token(raw)[:4]
    except TokenError:
        return "?"
