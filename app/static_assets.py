"""Versioned static URLs: ``url_for('static', filename=…)`` adds ``?v=<hash of the file>``.

Why: 10,000 phones opening the voting page at once should fetch the CSS and JavaScript once
and then keep them. A URL carrying the content hash can be cached for a year (``immutable``):
a changed file gets a new URL. Requests without the matching ``v`` — module imports inside the
JavaScript, old links — keep Flask's default (revalidate with ETag / Last-Modified).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from flask import Flask, Response, request

__all__ = ["ONE_DAY", "ONE_YEAR", "register_favicon", "register_static_versioning",
           "static_version"]

ONE_DAY = 24 * 3600
ONE_YEAR = 365 * 24 * 3600
_cache: dict[tuple[str, int, int], str] = {}


def static_version(folder: str, filename: str) -> str | None:
    """First 12 hex digits of the file's SHA-256 (cached per path, size and mtime)."""
    path = Path(folder) / filename
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        _cache[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return _cache[key]


def register_static_versioning(app: Flask) -> None:
    @app.url_defaults
    def _add_version(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = static_version(app.static_folder or "", values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def _cache_versioned(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code != 200:
            return response
        filename = (request.view_args or {}).get("filename", "")
        wanted = request.args.get("v")
        if wanted and wanted == static_version(app.static_folder or "", filename):
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
        return response


def register_favicon(app: Flask) -> None:
    """``/favicon.ico``: browsers ask for it on their own, whatever the page links, and a 404
    on every page load clutters logs and consoles. Served from static/ with its ETag, and
    kept for a day (its URL cannot carry a version)."""

    @app.get("/favicon.ico")
    def favicon() -> Response:
        response = app.send_static_file("favicon.ico")
        response.cache_control.public = True
        response.cache_control.max_age = ONE_DAY
        return response
