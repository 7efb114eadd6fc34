"""German that slipped into an English page: visible text and labels, minus the test's data."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Test data: nothing here may look German, or it would hide a leak (except "Frau", the quota
# group the women's round of the preset is defined by — removed before checking).
CONFERENCE = "KPT North 2026"
NAMES = ("Ada Smith", "Bea Jones", "Cleo Brown", "Dan Grey", "Eve Black")
DATA = (CONFERENCE, "Board", "Motion A1 budget", *NAMES, "Frau", "KV Test", "Halle 1",
        "LV Test", "Wahlgang")

GERMAN = re.compile(
    r"[äöüÄÖÜß]|\b(?:und|oder|der|die|das|nicht|kein|keine|ist|sind|wird|werden|noch|"
    r"Bitte|Abstimmung|Abstimmungen|Stimmzettel|Stimmen|Stimme|Stimmrecht|Delegierte|"
    r"Versammlung|Ergebnis|Enthaltung|Ja|Nein|anwesend|Karte|Karten|Anmelden|Abmelden|Einchecken|Auschecken|Wahl|"
    r"Wahlen|Antrag|Zur|offen|geschlossen|gültig|ungültig|Entwurf|gewählt|Ersatz|Sitz|"
    r"Frauenplatz|Plätze|Zeile|Spalte|Liste|Sprache|Weiter|Willkommen|Protokoll)\b"
)


class _Text(HTMLParser):
    """Visible text and the labels people read (aria-label, placeholder, title, alt, buttons)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        values = dict(attrs)
        for name in ("aria-label", "placeholder", "title", "alt"):
            if values.get(name):
                self.parts.append(values[name] or "")
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"] or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def _citations() -> list[str]:
    """The statutes each preset cites (proper names like „Frauenstatut“: not UI text)."""
    from ballots.rules import list_presets, load_preset

    cited = []
    for name in list_presets():
        rules = load_preset(name)
        cited += [rules.source, *dict(rules.cite).values()]
    return sorted({c for c in cited if c}, key=len, reverse=True)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    text = " | ".join(parser.parts)
    for value in (*_citations(), *DATA):
        text = text.replace(value, " ")
    return text


def german_in(html: str) -> list[str]:
    text = visible_text(html)
    return sorted({text[max(m.start() - 30, 0):m.end() + 30] for m in GERMAN.finditer(text)})
