"""Byte counts as people read them, in the reader's language (app.i18n.format_size)."""

from __future__ import annotations

import pytest

from app.i18n import format_size


@pytest.mark.parametrize(
    ("n_bytes", "lang", "said"),
    [
        (2_000_000, "de", "2 MB"),
        (2_000_000, "en", "2 MB"),
        (2_500_000, "de", "2,5 MB"),
        (2_500_000, "en", "2.5 MB"),
        (1_234_999_999, "de", "1.234,9 MB"),  # rounded down: never more than allowed
        (1_234_999_999, "en", "1,234.9 MB"),
        (10_000, "de", "10 kB"),
        (1_999, "en", "1.9 kB"),
        (800, "de", "800 Bytes"),
        (1, "de", "1 Byte"),
        (1, "en", "1 byte"),
        (0, "en", "0 bytes"),
    ],
)
def test_format_size(app, n_bytes, lang, said):
    with app.test_request_context(f"/?lang={lang}"):
        assert format_size(n_bytes) == said
