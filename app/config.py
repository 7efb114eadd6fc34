"""Settings: config/default.toml, then instance/config.toml, then WAHLGANG_* environment variables.

Secrets never come from git: the secret key and the protocol signing key are files in
``instance/`` (created by ``flask init-instance``) or environment variables.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

DEFAULTS_FILE = Path(__file__).resolve().parent.parent / "config" / "default.toml"
PREFIX = "WAHLGANG_"


def _parse_env_value(raw: str, default: Any) -> Any:
    """Environment values arrive as strings; coerce them to the type of the default."""
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, list):
        return [item.strip() for item in raw.split(",") if item.strip()]
    return raw


def load_settings(instance_path: str) -> dict[str, Any]:
    """Merge the three sources, later ones winning."""
    with DEFAULTS_FILE.open("rb") as fh:
        settings: dict[str, Any] = tomllib.load(fh)
    instance_file = Path(instance_path) / "config.toml"
    if instance_file.exists():
        with instance_file.open("rb") as fh:
            settings.update(tomllib.load(fh))
    for name in ("DATABASE_URL", "RATELIMIT_STORAGE_URI"):  # honoured without the prefix too
        if os.environ.get(name):
            settings[name] = os.environ[name]
    for key, raw in os.environ.items():
        if key.startswith(PREFIX):
            name = key[len(PREFIX):]
            settings[name] = _parse_env_value(raw, settings.get(name, ""))
    settings["DATABASE_URL"] = settings["DATABASE_URL"].replace("{instance}", instance_path)
    return settings


def read_secret(instance_path: str, filename: str, env_name: str) -> str | None:
    """A secret from the environment or a 0600 file in instance/; None if neither exists."""
    if os.environ.get(env_name):
        return os.environ[env_name]
    path = Path(instance_path) / filename
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    return None


def sqlalchemy_url(url: str) -> str:
    """``postgresql://`` as operators write it, driven by psycopg 3 (the driver we install)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
