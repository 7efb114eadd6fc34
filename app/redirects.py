"""Redirect targets taken from a request must stay on this site (no open redirects).

The check reads the target as a browser's URL parser would (WHATWG URL standard): leading and
trailing C0 controls and spaces are stripped, tab, LF and CR are removed wherever they are, and
a backslash is a slash. So ``/\\t/evil.example`` is ``//evil.example`` — another host — and
falls back. What is sent is the target as read, so the ``Location`` header never carries a
control character (a CR or LF there was a 500).
"""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["browser_reading", "local_path_or"]

_C0_AND_SPACE = "".join(chr(i) for i in range(0x21))
_REMOVED = {ord("\t"): None, ord("\n"): None, ord("\r"): None}


def browser_reading(target: str) -> str:
    """``target`` as a browser reads a URL it is sent to (before resolving it)."""
    return target.strip(_C0_AND_SPACE).translate(_REMOVED).replace("\\", "/")


def local_path_or(target: str | None, fallback: str) -> str:
    """``target`` as a browser reads it if that is a path on this site, else ``fallback``."""
    if not target:
        return fallback
    path = browser_reading(target)
    if not path.startswith("/") or path.startswith("//"):
        return fallback  # "//host" and "/\\host" leave the site; "x:" is a scheme
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in path):
        return fallback  # other control characters: never part of a link of ours
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return fallback
    return path
