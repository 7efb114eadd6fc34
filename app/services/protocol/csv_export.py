"""The protocol as CSV: one row per candidate and round (counts, threshold, outcome), then the
final lists — for people with a spreadsheet. Semicolon-separated, UTF-8 with BOM.

Everything a person reads is in the protocol's own language (``protocol["language"]``), like
the PDF: headers, round kinds, outcomes, acceptance, yes/no; the bound a count must exceed or
reach is a plain number (whole, or decimal with the language's decimal sign) so a spreadsheet
never turns "2/1" into a date. Tools read the signed JSON instead, whose codes and exact
fractions stay stable (docs/protocol.md, "CSV files").
"""

from __future__ import annotations

import io
from typing import Any

from app.services.polls.results import needed_comparison
from app.services.protocol.spreadsheet import csv_writer
from app.services.protocol.words import (
    ACCEPTANCE,
    CHANNEL_WORDS,
    COMPARISON,
    OUTCOMES,
    ROUND_KINDS,
    YES_NO,
    language,
    spreadsheet_number,
    word,
)

__all__ = ["HEADER", "HEADER_EN", "LISTS_HEADER", "LISTS_HEADER_EN", "render_protocol_csv"]

HEADER = ["Abstimmung", "Wahlgang", "Art", "Papier", "Ausgegeben", "Abgegeben", "Ungültig",
          "Gültig", "Kandidatur", "Gruppe", "Ja", "Nein", "Enthaltung", "Nötig", "Grenze",
          "Erreicht", "Ergebnis", "Sitz", "Ersatzliste", "Ersatzrang", "Begründung"]
HEADER_EN = ["Vote", "Round", "Kind", "Paper", "Issued", "Cast", "Invalid", "Valid",
             "Candidate", "Group", "Yes", "No", "Abstention", "Needed", "Bound", "Met",
             "Outcome", "Seat", "Substitute list", "Substitute rank", "Reason"]
LISTS_HEADER = ["Wahl", "Liste", "Rang", "Name", "Gruppe", "Sitz", "Annahme", "Nachgerückt für",
                "Bemerkung"]
LISTS_HEADER_EN = ["Election", "List", "Rank", "Name", "Group", "Seat", "Acceptance",
                   "Moved up for", "Note"]
_WORDS = {
    "de": {"protocol": "Protokoll", "audit_head": "Audit-Kopf", "key": "Schlüssel",
           "unsigned": "nicht signiert", "elected": "gewählt", "declined": "abgelehnt",
           "substitutes": "Ersatz (%s)", "vacant": "unbesetzt", "all": "alle"},
    "en": {"protocol": "Minutes", "audit_head": "Audit head", "key": "Key",
           "unsigned": "not signed", "elected": "elected", "declined": "declined",
           "substitutes": "Substitutes (%s)", "vacant": "vacant", "all": "all"},
}


def _needed(count: dict[str, Any], lang: str) -> tuple[str, str]:
    """("mehr als" / "mindestens", the bound as a number); empty where nothing is needed."""
    if count.get("needed") is None:
        return "", ""
    comparison = needed_comparison(count["needed"], count.get("threshold"))
    return word(COMPARISON, comparison, lang), spreadsheet_number(count["needed"], lang)


def _round_rows(item: dict[str, Any], rnd: dict[str, Any], lang: str) -> list[list[Any]]:
    motion = item["type"] == "motion"
    r, b = rnd.get("round") or {}, rnd["ballots"]
    kind = "motion" if motion else r.get("kind")
    seat_labels = {s.get("candidate"): s.get(f"label_{lang}") or s.get("label_de")
                   for s in rnd.get("seats_result") or [] if s.get("candidate")}
    channels = rnd.get("channels") or []
    paper = (word(CHANNEL_WORDS, "both", lang) if channels
             else word(YES_NO, bool(rnd.get("paper")), lang))
    head = [item["title"], "" if motion else r.get("number"), word(ROUND_KINDS, kind, lang),
            paper, b.get("issued"), b.get("cast"), b.get("invalid"), b.get("valid")]
    out = []
    for c in rnd.get("counts") or []:
        listed = c.get("substitute_list") or ""
        out.append(head + [
            c["name"], c.get("group", ""), c["yes"], c["no"], c["abstain"], *_needed(c, lang),
            word(YES_NO, bool(c.get("met")), lang), word(OUTCOMES, c["outcome"], lang),
            seat_labels.get(c["id"], ""),
            _WORDS[lang]["all"] if listed == "all" else listed, c.get("substitute_rank") or "",
            c.get(f"reason_{lang}") or c.get("reason_de", "")])
    names = {c["id"]: (c["name"], c.get("group", "")) for c in rnd.get("counts") or []}
    for ch in channels:  # each channel's own numbers, after the totals
        channel_head = head[:3] + [word(CHANNEL_WORDS, ch["channel"], lang), ch["issued"],
                                   ch["cast"], ch["invalid"], ch["valid"]]
        for c in ch.get("candidates") or []:
            name, group = names.get(c["id"], (c["id"], ""))
            out.append(channel_head + [name, group, c["yes"], c["no"], c["abstain"]]
                       + [""] * 8)
    return out


def _list_rows(item: dict[str, Any], lang: str) -> list[list[Any]]:
    words, title, res = _WORDS[lang], item["title"], item["result"]
    names = {e["candidate"]: e["name"] for e in res["elected"] + res.get("declined", [])}
    out: list[list[Any]] = []
    for e in res["elected"]:
        out.append([title, words["elected"], e["position"], e["name"], e.get("group", ""),
                    e.get("seat_label") or "", word(ACCEPTANCE, e["acceptance"], lang),
                    names.get(e.get("moved_up_for") or "", ""), ""])
    for e in res.get("declined", []):
        out.append([title, words["declined"], "", e["name"], e.get("group", ""),
                    e.get("seat_label") or "", word(ACCEPTANCE, "declined", lang), "", ""])
    for name, items in res["substitutes"].items():
        for s in items:
            out.append([title, words["substitutes"] % name, s["rank"], s["name"],
                        s.get("group", ""), "", "", "", ""])
    for v in res["vacant"]:
        out.append([title, words["vacant"], "", "", "", v.get("seat_label") or "", "", "",
                    v.get("reason") or ""])
    return out


def render_protocol_csv(protocol: dict[str, Any]) -> str:
    lang = language(protocol.get("language"))
    words = _WORDS[lang]
    out = io.StringIO()
    out.write("\ufeff")
    w = csv_writer(out)
    w.writerow([words["protocol"], protocol["header"].get("assembly"), words["audit_head"],
                protocol["audit_head"], words["key"],
                (protocol.get("signature") or {}).get("key_fingerprint", words["unsigned"])])
    w.writerow(HEADER if lang == "de" else HEADER_EN)
    for item in protocol["items"]:
        for rnd in [item] if item["type"] == "motion" else item["rounds"]:
            w.writerows(_round_rows(item, rnd, lang))
    w.writerow([])
    w.writerow(LISTS_HEADER if lang == "de" else LISTS_HEADER_EN)
    for item in protocol["items"]:
        if item["type"] == "election":
            w.writerows(_list_rows(item, lang))
    return out.getvalue()
