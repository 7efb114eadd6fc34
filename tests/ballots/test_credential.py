"""The credential format: layout and poll id, ballot key, tracker codes and how typed ones read."""

from __future__ import annotations

import hashlib

import pytest

from ballots.credential import (
    credential_hash,
    credential_message,
    credential_poll_id,
    normalize_tracker,
    tracker_code,
)
from ballots.errors import CryptoError


def test_credential_layout_and_poll_id() -> None:
    msg = credential_message("Ä-7", nonce=b"\x02" * 32, prefix=b"\x01" * 32)
    assert msg == b"\x01" * 32 + "Ä-7".encode() + b"\x02" * 32
    assert credential_poll_id(msg) == "Ä-7"
    with pytest.raises(CryptoError):
        credential_poll_id(b"\x00" * 64)
    with pytest.raises(CryptoError):
        credential_message("")


def test_credential_hash_and_tracker_code() -> None:
    msg = b"\x01" * 32 + b"P1" + b"\x02" * 32
    h = credential_hash(msg)
    assert h == hashlib.sha256(msg).hexdigest()
    code = tracker_code(h)
    bits = int(h[:13], 16) >> 2  # the first 50 bits
    expected = "".join("0123456789ABCDEFGHJKMNPQRSTVWXYZ"[(bits >> (5 * (9 - i))) & 31]
                       for i in range(10))
    assert code == f"{expected[:4]}-{expected[4:8]}-{expected[8:]}"
    assert tracker_code("0" * 64) == "0000-0000-00"
    assert tracker_code("f" * 64) == "ZZZZ-ZZZZ-ZZ"
    assert normalize_tracker(code.lower().replace("-", " ")) == code
    assert normalize_tracker("oooo-iiii-ll") == "0000-1111-11"
    with pytest.raises(CryptoError):
        normalize_tracker("K7QM-2XVA")
    with pytest.raises(CryptoError):
        normalize_tracker("K7QM-2XVA-9U")  # U is not Crockford
