"""Redirect targets taken from a request must stay on this site (no open redirects)."""

from __future__ import annotations


def local_path_or(target: str | None, fallback: str) -> str:
    """``target`` if it is a path on this site, else ``fallback``.

    A leading ``//`` or a backslash would let a browser leave the site, so both are refused.
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target
