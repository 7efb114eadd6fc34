"""What a verification found: a list of named checks, each passed or failed, in German and English.

Check names are stable identifiers (``ballot.signature``); tests and other tools match on them,
people read the titles and details. Passing item checks are folded into one line per poll
("412 signatures valid") while every failure gets its own line naming the event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["CHECK_TITLES", "Check", "Lang", "Report", "ReportBuilder"]

Lang = Literal["de", "en"]

CHECK_TITLES: dict[str, tuple[str, str]] = {
    "chain.seq": ("Laufende Nummer", "Sequence number"),
    "chain.prev": ("Verkettung mit dem Vorgänger", "Link to the previous event"),
    "chain.hash": ("Hash des Ereignisses", "Event hash"),
    "chain.canonical": ("Kanonische Schreibweise", "Canonical encoding"),
    "chain.expected_head": ("Im Saal gezeigter Kettenkopf in der Datei",
                            "Head shown in the hall is in the file"),
    "structure.conference": ("Versammlungsdaten am Anfang", "Conference event first"),
    "structure.poll": ("Reihenfolge der Abstimmungsereignisse", "Order of poll events"),
    "poll.mode": ("Papier oder elektronisch wie bei der Eröffnung",
                  "Paper or electronic as announced at opening"),
    "poll.key": ("Öffentlicher Schlüssel und Fingerabdruck", "Public key and fingerprint"),
    "poll.contest": ("Abstimmungsgegenstand und Regeln", "Contest and rules"),
    "issuance.blind_sig": ("Blinde Signaturen der Ausgaben", "Blind signatures of issuances"),
    "issuance.order": ("Ausgaben eindeutig und sortiert", "Issuances unique and sorted"),
    "issuance.paper": ("Papierstimmzettel eindeutig und sortiert",
                       "Paper ballots issued unique and sorted"),
    "issuance.channel": ("Niemand mit Berechtigung und Papierstimmzettel",
                         "Nobody with both a credential and a paper ballot"),
    "paper.sheet": ("Zählliste der Papierstimmzettel lesbar", "Paper ballot sheet readable"),
    "ballot.poll_prefix": ("Berechtigung gehört zur Abstimmung", "Credential names its poll"),
    "ballot.signature": ("Signatur der Berechtigung", "Credential signature"),
    "ballot.credential_unique": ("Keine Berechtigung doppelt", "No credential used twice"),
    "ballot.order": ("Stimmzettel nach Berechtigungs-Hash sortiert",
                     "Ballots sorted by credential hash"),
    "ballot.valid": ("Stimmzettel gültig nach den Regeln", "Ballot valid under the rules"),
    "ballot.tracker": ("Quittungscode passt", "Tracker matches"),
    "counts.recorded": ("Gezählte Zahlen wie verbucht", "Counts as recorded"),
    "counts.ballots_le_issuances": ("Stimmzettel ≤ ausgegebene Berechtigungen",
                                    "Ballots ≤ credentials issued"),
    "counts.issuances_le_present": ("Ausgegebene Berechtigungen ≤ anwesende Stimmberechtigte",
                                    "Credentials issued ≤ voters present"),
    "counts.paper_issued": ("Zählliste nennt die ausgegebenen Papierstimmzettel",
                            "Sheet gives the paper ballots issued"),
    "counts.paper_le_issued": ("Papierstimmzettel abgegeben ≤ ausgegeben",
                               "Paper ballots cast ≤ issued"),
    "counts.paper_entered": ("Ausgegebene Papierstimmzettel ausgezählt",
                             "Paper ballots issued were counted"),
    "counts.paper_recorded": ("Papierzahlen wie verbucht", "Paper counts as recorded"),
    "counts.cast_le_people": ("Stimmzettel beider Wege ≤ Personen mit Stimmzettel",
                              "Ballots of both channels ≤ people who got one"),
    "counts.present_le_roster": ("Anwesende ≤ Stimmberechtigte laut Liste",
                                 "Present ≤ voting right on the roster"),
    "transfer.between_polls": ("Stimmübertragungen nur zwischen Abstimmungen",
                               "Vote transfers only between polls"),
    "transfer.pairs": ("Stimmübertragungen folgerichtig", "Vote transfers consistent"),
    "result.recount": ("Nachzählung ergibt das verbuchte Ergebnis",
                       "Recount gives the recorded result"),
    "result.lot": ("Los an die Stimmzettel gebunden", "Lot bound to the ballots"),
    "protocol.audit_head": ("Protokoll deckt die Kette bis hierher",
                            "Protocol covers the chain up to here"),
    "protocol.signature": ("Signatur des Protokolls", "Protocol signature"),
    "protocol.key": ("Schlüssel des Protokolls", "Protocol key"),
    "protocol.format": ("Form des Protokolls", "Protocol format"),
    "protocol.audit_file": ("Protokoll passt zur Audit-Datei", "Protocol matches the audit file"),
}


@dataclass(frozen=True, slots=True)
class Check:
    """One finding: ``name`` from :data:`CHECK_TITLES`, the event ``seq`` and poll it concerns."""

    name: str
    ok: bool
    detail_de: str
    detail_en: str
    seq: int | None = None
    poll: str | None = None

    def title(self, lang: Lang = "de") -> str:
        de, en = CHECK_TITLES.get(self.name, (self.name, self.name))
        return de if lang == "de" else en

    def detail(self, lang: Lang = "de") -> str:
        return self.detail_de if lang == "de" else self.detail_en

    def to_dict(self, lang: Lang = "de") -> dict[str, Any]:
        return {"check": self.name, "ok": self.ok, "seq": self.seq, "poll": self.poll,
                "title": self.title(lang), "detail": self.detail(lang)}

    def render(self, lang: Lang = "de") -> str:
        mark = ("OK    " if self.ok else "FEHLER") if lang == "de" else (
            "ok    " if self.ok else "FAILED")
        where = []
        if self.seq is not None:
            where.append(f"#{self.seq}")
        if self.poll is not None:
            where.append(("Abstimmung " if lang == "de" else "poll ") + self.poll)
        place = f" [{', '.join(where)}]" if where else ""
        return f"{mark} {self.name}{place}: {self.title(lang)} — {self.detail(lang)}"


@dataclass(frozen=True, slots=True)
class Report:
    """All checks in the order they ran; ``ok`` only if there is at least one and none failed."""

    checks: tuple[Check, ...]
    head: str | None = None

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.ok)

    def failed_names(self) -> frozenset[str]:
        return frozenset(check.name for check in self.failed)

    def to_dict(self, lang: Lang = "de") -> dict[str, Any]:
        return {"ok": self.ok, "head": self.head,
                "checks": [check.to_dict(lang) for check in self.checks]}

    def render(self, lang: Lang = "de") -> str:
        lines = [check.render(lang) for check in self.checks]
        if self.head is not None:
            lines.append(("Kopf-Hash der Kette: " if lang == "de" else "Chain head hash: ")
                         + self.head)
        if self.ok:
            lines.append("ALLES GEPRÜFT: in Ordnung." if lang == "de" else "ALL CHECKS PASSED.")
        else:
            count = len(self.failed)
            lines.append(f"{count} PRÜFUNG(EN) FEHLGESCHLAGEN:" if lang == "de"
                         else f"{count} CHECK(S) FAILED:")
            lines.extend("  " + check.render(lang) for check in self.failed)
        return "\n".join(lines)


@dataclass(slots=True)
class ReportBuilder:
    """Collects checks; item checks count passes per (name, poll) and fold them into one line."""

    checks: list[Check] = field(default_factory=list)
    _passes: dict[tuple[str, str | None], int] = field(default_factory=dict)

    def fail(self, name: str, de: str, en: str, *, seq: int | None = None,
             poll: str | None = None) -> None:
        self.checks.append(Check(name, False, de, en, seq, poll))

    def ok(self, name: str, de: str, en: str, *, seq: int | None = None,
           poll: str | None = None) -> None:
        self.checks.append(Check(name, True, de, en, seq, poll))

    def item(self, name: str, passed: bool, de: str, en: str, *, seq: int | None = None,
             poll: str | None = None) -> bool:
        """Record one item: failures are listed, passes only counted (see :meth:`summarise`)."""
        key = (name, poll)
        self._passes.setdefault(key, 0)
        if passed:
            self._passes[key] += 1
        else:
            self.fail(name, de, en, seq=seq, poll=poll)
        return passed

    def summarise(self, name: str, *, poll: str | None = None, seq: int | None = None,
                  noun_de: str, noun_en: str) -> None:
        """Emit one passing line for the items of ``name`` if none of them failed."""
        key = (name, poll)
        count = self._passes.pop(key, 0)
        if any(c.name == name and c.poll == poll and not c.ok for c in self.checks):
            return
        self.ok(name, f"{count} {noun_de} geprüft", f"{count} {noun_en} checked",
                seq=seq, poll=poll)

    def build(self, *, head: str | None = None) -> Report:
        return Report(tuple(self.checks), head=head)
