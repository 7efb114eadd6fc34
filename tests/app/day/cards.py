"""The printed cards, read as a person reads them: each card's name and typed code."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

COLS, ROWS = 2, 4  # app/services/roster/cards.py: A4 with 2 x 4 cards
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*?)</word>')
_CODE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{1,4}){6}\b")


def card_texts(pdf: Path) -> list[str]:
    """The words of every card cell, in reading order (poppler's pdftotext -bbox)."""
    if shutil.which("pdftotext") is None:  # pragma: no cover - poppler missing
        pytest.skip("pdftotext is not installed")
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    texts = []
    for width, height, body in _PAGE.findall(out):
        cells: dict[tuple[int, int], list[str]] = defaultdict(list)
        for x, y, word in _WORD.findall(body):
            cell = (int(float(y) // (float(height) / ROWS)), int(float(x) // (float(width) / COLS)))
            cells[cell].append(html.unescape(word))
        texts += [" ".join(cells[key]) for key in sorted(cells)]
    return texts


def tokens_by_name(pdf: Path, names: list[str]) -> dict[str, str]:
    """Name -> token (the typed code without dashes) for every card in the PDF."""
    tokens: dict[str, str] = {}
    for text in card_texts(pdf):
        (name,) = [n for n in names if n in text]
        (code,) = _CODE.findall(text)
        tokens[name] = code.replace("-", "")
    return tokens
