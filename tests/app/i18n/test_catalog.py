"""The English catalog is complete: nothing untranslated or fuzzy, placeholders kept.

These tests read app/translations/en/LC_MESSAGES/messages.po and extract the code's strings
afresh, so a string marked in the code but missing (or fuzzy) in the catalog fails here, not in
front of an English-speaking guest.
"""

from __future__ import annotations

import re
import subprocess
import sys

from babel.messages.pofile import read_po

from tests.app.i18n.catalog import ROOT, msgids, msgstrs, read_catalog

PLACEHOLDER = re.compile(r"%\(\w+\)[sdir]|\{\w+\}")


def test_catalog_has_no_untranslated_or_fuzzy_entries():
    catalog = read_catalog()
    untranslated = [m.id for m in catalog if m.id and not all(msgstrs(m))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]

    assert len(catalog) > 400
    assert untranslated == []
    assert fuzzy == []


def test_catalog_placeholders_match_between_german_and_english():
    mismatched = [
        (m.id, m.string) for m in read_catalog() if m.id
        for source, text in zip(msgids(m) * len(msgstrs(m)), msgstrs(m), strict=False)
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))
    ]

    assert mismatched == []


def test_every_string_marked_in_the_code_is_in_the_catalog(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-c", "from babel.messages.frontend import main; main()", "-q",
         "extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_", "-k", "lazy_pgettext:1c,2",
         "-k", "_lp:1c,2", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as fh:
        wanted = {(m.context, m.id if isinstance(m.id, str) else m.id[0])
                  for m in read_po(fh) if m.id}
    translated = {(m.context, msgids(m)[0]) for m in read_catalog() if m.id and all(msgstrs(m))}

    assert len(wanted) > 400
    missing = sorted(wanted - translated, key=str)
    assert missing == [], "run `make babel` and translate these in app/translations/en/"


def test_every_rule_preset_title_is_translated():
    from ballots.rules import list_presets, load_preset

    translated = {msgids(m)[0] for m in read_catalog() if m.id and all(msgstrs(m))}
    titles = {load_preset(name).title for name in list_presets()}

    assert len(titles) >= 9
    assert sorted(titles - translated) == []


def test_the_protocols_words_come_from_the_catalog(app):
    """PDF, CSV and final lists read their words from gettext (context "protocol" and
    "protocol code"), so `make babel` sees them: no (German, English) pairs beside it."""
    from app.services.protocol import build as protocol
    from app.services.protocol import pdf_words
    from app.services.protocol import words as protocol_words

    tables = [pdf_words.PDF_WORDS, pdf_words.RESOLUTION_WORDS, protocol_words.OUTCOMES,
              protocol_words.ACCEPTANCE, protocol_words.ROUND_KINDS, protocol_words.COMPARISON,
              protocol_words.YES_NO]
    words = [w for table in tables for w in table.values()]
    words += list(protocol.LEGAL_BASIS) + [label for _role, label in protocol.SIGNATURE_ROLES]
    translated = {(m.context, msgids(m)[0]): msgstrs(m)[0] for m in read_catalog()
                  if m.id and all(msgstrs(m))}

    assert len(words) > 60
    for text in words:
        german = protocol_words.in_language(text, "de")
        english = protocol_words.in_language(text, "en")
        assert (text._args[0], german) in translated, german
        assert english == translated[(text._args[0], german)]
    assert protocol_words.word(protocol_words.ACCEPTANCE, "pending", "en") == "answer pending"
