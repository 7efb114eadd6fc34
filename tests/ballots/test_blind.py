"""RFC 9474 blind signatures: the Appendix A vectors, refusals, and fresh-key round trips."""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import given, settings
from hypothesis import strategies as st

from ballots import blind
from ballots.credential import credential_message, verify_credential
from ballots.errors import CryptoError

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "rfc9474.json"


def load_vectors() -> list[dict[str, Any]]:
    return list(json.loads(VECTORS.read_text())["vectors"])


def make_vector_key(v: dict[str, Any]) -> rsa.RSAPrivateKey:
    p, q, d, e = (int(v[k], 16) for k in ("p", "q", "d", "e"))
    n = int(v["n"], 16)
    assert p * q == n
    priv = rsa.RSAPrivateNumbers(
        p=p, q=q, d=d, dmp1=d % (p - 1), dmq1=d % (q - 1), iqmp=pow(q, -1, p),
        public_numbers=rsa.RSAPublicNumbers(e=e, n=n),
    )
    return priv.private_key()


@cache
def make_key() -> rsa.RSAPrivateKey:
    """One fresh 2048-bit key shared by the property tests (generation is the slow part)."""
    return blind.generate_key()


def make_credential(key: rsa.RSAPrivateKey, poll_id: str = "P7Q2") -> tuple[bytes, bytes]:
    pub = key.public_key()
    msg = credential_message(poll_id)
    blinded, inv = blind.blind(pub, msg)
    return msg, blind.finalize(pub, msg, blind.blind_sign(key, blinded), inv)


VECTOR_IDS = [v["name"] for v in load_vectors()]


@pytest.mark.parametrize("v", load_vectors(), ids=VECTOR_IDS)
def test_vector_reproduces_every_step(v: dict[str, Any]) -> None:
    key = make_vector_key(v)
    pub = key.public_key()
    n = int(v["n"], 16)
    prepared = bytes.fromhex(v["prepared_msg"])
    salt = bytes.fromhex(v["salt"])
    inv = int(v["inv"], 16)
    if v["is_randomized"]:
        assert blind.prepare(bytes.fromhex(v["msg"]), prefix=bytes.fromhex(v["msg_prefix"])) \
            == prepared
    assert blind.emsa_pss_encode(prepared, n.bit_length() - 1, salt).hex() == v["encoded_msg"]

    blinded, got_inv = blind.blind(pub, prepared, salt=salt, r=pow(inv, -1, n))
    assert (blinded.hex(), got_inv) == (v["blinded_msg"], inv)

    blind_sig = blind.blind_sign(key, blinded)
    assert blind_sig.hex() == v["blind_sig"]

    sig = blind.finalize(pub, prepared, blind_sig, inv, salt_length=v["salt_length"])
    assert sig.hex() == v["sig"]
    assert blind.verify(pub, prepared, sig, salt_length=v["salt_length"]) is True
    assert blind.verify_blind_sig(pub, blinded, blind_sig) is True


def test_vector_of_our_variant_verifies_with_default_parameters() -> None:
    v = load_vectors()[0]
    assert v["name"] == "RSABSSA-SHA384-PSS-Randomized"
    pub = make_vector_key(v).public_key()
    prepared, sig = bytes.fromhex(v["prepared_msg"]), bytes.fromhex(v["sig"])
    assert blind.verify(pub, prepared, sig) is True
    assert blind.verify(pub, bytes.fromhex(v["msg"]), sig) is False  # the prefix is signed too


def test_tampered_vector_inputs_fail() -> None:
    v = load_vectors()[0]
    key = make_vector_key(v)
    pub = key.public_key()
    prepared = bytes.fromhex(v["prepared_msg"])
    inv = int(v["inv"], 16)
    blind_sig = bytearray.fromhex(v["blind_sig"])
    sig = bytearray.fromhex(v["sig"])

    flipped_msg = bytes([prepared[0] ^ 1]) + prepared[1:]
    assert blind.verify(pub, flipped_msg, bytes(sig)) is False
    sig[-1] ^= 1
    assert blind.verify(pub, prepared, bytes(sig)) is False
    blind_sig[5] ^= 0x10
    with pytest.raises(CryptoError, match="invalid signature"):
        blind.finalize(pub, prepared, bytes(blind_sig), inv)
    with pytest.raises(CryptoError, match="invalid signature"):
        blind.finalize(pub, prepared, bytes.fromhex(v["blind_sig"]), inv + 1)
    with pytest.raises(CryptoError, match="bytes"):
        blind.finalize(pub, prepared, bytes.fromhex(v["blind_sig"])[1:], inv)
    assert blind.verify_blind_sig(pub, bytes.fromhex(v["blinded_msg"]), bytes(blind_sig)) \
        is False


def test_blind_sign_refuses_bad_input() -> None:
    key = make_key()
    n = key.public_key().public_numbers().n
    with pytest.raises(CryptoError, match="256 bytes"):
        blind.blind_sign(key, b"\x01" * 255)
    with pytest.raises(CryptoError, match="between 1 and n - 1"):
        blind.blind_sign(key, bytes(256))
    with pytest.raises(CryptoError, match="between 1 and n - 1"):
        blind.blind_sign(key, n.to_bytes(256, "big"))
    with pytest.raises(CryptoError, match="between 1 and n - 1"):
        blind.blind_sign(key, b"\xff" * 256)


def test_blind_sign_is_the_raw_rsa_private_operation() -> None:
    key = make_key()
    priv = key.private_numbers()
    n = priv.public_numbers.n
    m = int.from_bytes(hashlib.sha512(b"any value").digest() * 4, "big") % n
    s = int.from_bytes(blind.blind_sign(key, m.to_bytes(256, "big")), "big")
    assert s == pow(m, priv.d, n)
    # Base blinding uses fresh randomness but the answer is deterministic.
    assert blind.blind_sign(blind.signing_key(key), m.to_bytes(256, "big")) \
        == s.to_bytes(256, "big")


def test_blind_sign_detects_a_faulty_key() -> None:
    sk = blind.signing_key(make_key())
    faulty = blind.SigningKey(n=sk.n, e=sk.e, p=sk.p, q=sk.q, dmp1=sk.dmp1 ^ 2, dmq1=sk.dmq1,
                              iqmp=sk.iqmp, k_len=sk.k_len)
    with pytest.raises(CryptoError, match="self-check"):
        blind.blind_sign(faulty, (12345).to_bytes(256, "big"))


def test_round_trip_with_a_fresh_key_and_cryptography_verify() -> None:
    key = blind.generate_key()
    msg, sig = make_credential(key, "Wahlgang-1")
    assert len(msg) == 32 + len("Wahlgang-1") + 32
    assert blind.verify(key.public_key(), msg, sig) is True
    assert verify_credential(key.public_key(), "Wahlgang-1", msg, sig) is True
    assert verify_credential(key.public_key(), "Wahlgang-2", msg, sig) is False
    other = make_key()
    assert blind.verify(other.public_key(), msg, sig) is False


def test_fresh_keys_are_at_least_2048_bits() -> None:
    with pytest.raises(CryptoError, match="2048"):
        blind.generate_key(1024)
    assert blind.generate_key(3072).key_size == 3072


@settings(max_examples=25, deadline=None)
@given(st.binary(min_size=0, max_size=300))
def test_random_messages_round_trip(payload: bytes) -> None:
    key = make_key()
    pub = key.public_key()
    prepared = blind.prepare(payload)
    blinded, inv = blind.blind(pub, prepared)
    sig = blind.finalize(pub, prepared, blind.blind_sign(key, blinded), inv)
    assert blind.verify(pub, prepared, sig) is True
    assert blind.verify(pub, prepared + b"x", sig) is False


def test_keys_round_trip_through_pem() -> None:
    key = make_key()
    pub = key.public_key()
    again = blind.load_private_key_pem(blind.private_key_pem(key))
    assert again.private_numbers() == key.private_numbers()
    assert blind.load_public_key_pem(blind.public_key_pem(pub)).public_numbers() \
        == pub.public_numbers()
    with pytest.raises(CryptoError):
        blind.load_public_key_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
    with pytest.raises(CryptoError):
        blind.load_private_key_pem(b"not a key")


def test_fingerprint_is_sha256_of_the_spki_der() -> None:
    pub = make_key().public_key()
    data = blind.public_key_json(pub)
    der = base64.b64decode(data["spki"])
    assert data["fingerprint"] == hashlib.sha256(der).hexdigest() \
        == blind.public_key_fingerprint(pub)
    numbers = pub.public_numbers()
    n = int.from_bytes(base64.urlsafe_b64decode(data["n"] + "=" * (-len(data["n"]) % 4)), "big")
    assert (n, data["e"]) == (numbers.n, "AQAB")


def test_load_signing_key_signs_like_the_loaded_key() -> None:
    key = make_key()
    sk = blind.load_signing_key(blind.private_key_pem(key))
    assert sk == blind.signing_key(key)
    blinded, _ = blind.blind(key.public_key(), blind.prepare(b"x"))
    assert blind.blind_sign(sk, blinded) == blind.blind_sign(key, blinded)
    with pytest.raises(CryptoError):
        blind.load_signing_key("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")


def test_blind_sign_gives_the_same_signature_with_plain_python_pow(monkeypatch):
    """gmpy2 is only a speed-up: the pure-Python arithmetic must sign identically."""
    from ballots import blind

    key = blind.generate_key(bits=2048)
    prepared = blind.prepare(b"poll-x" + bytes(32))
    blinded, inv = blind.blind(key.public_key(), prepared)
    fast = blind.finalize(key.public_key(), prepared, blind.blind_sign(key, blinded), inv)
    monkeypatch.setattr(blind, "_arithmetic", blind._PythonArithmetic)
    slow = blind.finalize(key.public_key(), prepared, blind.blind_sign(key, blinded), inv)
    assert fast == slow
    assert blind.verify(key.public_key(), prepared, slow)
