"""Fixtures of the i18n tests: the compiled catalog the pages are rendered with."""

from __future__ import annotations

import pytest
from babel.messages.mofile import write_mo

from tests.app.i18n.catalog import MO, PO, read_catalog


@pytest.fixture(autouse=True, scope="module")
def _compiled_catalog() -> None:
    """What ``make translations`` does, when the .mo is missing or older than the .po."""
    if MO.exists() and MO.stat().st_mtime >= PO.stat().st_mtime:
        return
    with MO.open("wb") as fh:
        write_mo(fh, read_catalog())
