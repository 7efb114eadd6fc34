"""Create the instance secrets (session key, protocol signing key) as 0600 files."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def _write_private(path: Path, content: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)


def ensure_instance_secrets(instance_path: str) -> list[str]:
    """Create missing secrets; never overwrite an existing one. Returns the files created."""
    folder = Path(instance_path)
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    created = []
    secret_file = folder / "secret_key"
    if not secret_file.exists():
        _write_private(secret_file, secrets.token_urlsafe(48).encode())
        created.append(str(secret_file))
    key_file = folder / "protocol_key.pem"
    if not key_file.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        _write_private(key_file, pem)
        created.append(str(key_file))
    return created
