"""base64url without padding: how bytes appear in audit files and protocols (JSON has none)."""

from __future__ import annotations

import base64
import binascii

from ballots.errors import FormatError

__all__ = ["b64url_decode", "b64url_encode"]


def b64url_encode(data: bytes) -> str:
    """RFC 4648 §5 base64url with the ``=`` padding stripped."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str, *, path: str = "") -> bytes:
    """Inverse of :func:`b64url_encode`; refuses padding and stray characters."""
    if "=" in text or len(text) % 4 == 1:
        raise FormatError("not unpadded base64url", path=path)
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise FormatError("not unpadded base64url", path=path) from None
