"""Credential issuance for a wave of phones: how long the server spends signing and verifying.

One poll key (default size); for each phone: client prepare + blind (Python mirror of
rsabssa.js, untimed), server ``load_signing_key`` from the stored PEM + ``blind_sign``
(timed), client finalize (untimed), server ``verify_credential`` of the finished credential
(timed). ``S`` = the server-side seconds: all signing plus all verification, summed over
phones. The baseline in the same run is ``cryptography``'s own RSA-PSS signing (OpenSSL, C)
of as many messages with the same key. ``--workers N`` additionally signs the same blinded
values in N processes and reports the wall time, as gunicorn workers would on N cores.

Usage: python bench/issuance.py [--credentials 1000] [--workers 1]
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import padding  # noqa: E402

from ballots import blind  # noqa: E402
from ballots.credential import credential_message, verify_credential  # noqa: E402

POLL_ID = "bench-poll-1"


def _sign_chunk(args: tuple[str, list[bytes]]) -> list[bytes]:
    pem, blinded = args
    return [blind.blind_sign(blind.load_signing_key(pem), z) for z in blinded]


def parallel_sign_seconds(pem: str, blinded: list[bytes], workers: int) -> float:
    chunks = [blinded[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_sign_chunk, [(pem, [])] * workers))  # warm the processes up
        start = time.perf_counter()
        results = list(pool.map(_sign_chunk, [(pem, c) for c in chunks]))
        elapsed = time.perf_counter() - start
    assert sum(len(r) for r in results) == len(blinded)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--credentials", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    count = args.credentials

    key = blind.generate_key()
    pub = key.public_key()
    pem = blind.private_key_pem(key)

    sign_s = verify_s = 0.0
    blinded_all: list[bytes] = []
    for _ in range(count):
        msg = credential_message(POLL_ID)
        blinded, inv = blind.blind(pub, msg)
        blinded_all.append(blinded)

        t0 = time.perf_counter()
        blind_sig = blind.blind_sign(blind.load_signing_key(pem), blinded)
        t1 = time.perf_counter()
        sign_s += t1 - t0

        sig = blind.finalize(pub, msg, blind_sig, inv)

        t2 = time.perf_counter()
        ok = verify_credential(pub, POLL_ID, msg, sig)
        verify_s += time.perf_counter() - t2
        if not ok:
            raise SystemExit("a finished credential did not verify")

    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=blind.SALT_LEN)
    t0 = time.perf_counter()
    for i in range(count):
        key.sign(POLL_ID.encode() + i.to_bytes(4, "big"), pss, hashes.SHA384())
    baseline_s = time.perf_counter() - t0

    total = sign_s + verify_s
    print(f"key: {pub.key_size} bit RSA, fingerprint {blind.public_key_fingerprint(pub)[:16]}…")
    if args.workers > 1:
        wall = parallel_sign_seconds(pem, blinded_all, args.workers)
        print(f"parallel: workers={args.workers} sign_wall_seconds={wall:.3f} "
              f"speedup={sign_s / wall:.2f}")
    print(f"baseline: openssl_pss_sign credentials={count} seconds={baseline_s:.3f} "
          f"ratio={sign_s / baseline_s:.1f} (pure-Python blind_sign / OpenSSL sign)")
    print(f"issuance: credentials={count} seconds={total:.3f} "
          f"sign_ms={sign_s / count * 1000:.3f} verify_us={verify_s / count * 1e6:.1f}")


if __name__ == "__main__":
    main()
