"""The protocol as CSV: one row per candidate and round (counts, threshold, outcome), then the
final lists — for spreadsheets and archives. Semicolon-separated, UTF-8 with BOM. Headers and
words in the protocol's own language (``protocol["language"]``), like the PDF."""

from __future__ import annotations

import csv
import io
from typing import Any

__all__ = ["render_protocol_csv"]

HEADER = ["Abstimmung", "Wahlgang", "Art", "Papier", "Ausgegeben", "Abgegeben", "Ungültig",
          "Gültig", "Kandidatur", "Gruppe", "Ja", "Nein", "Enthaltung", "Nötig (mehr als)",
          "Erreicht", "Ergebnis", "Sitz", "Ersatzliste", "Ersatzrang", "Begründung"]
HEADER_EN = ["Vote", "Round", "Kind", "Paper", "Issued", "Cast", "Invalid", "Valid",
             "Candidate", "Group", "Yes", "No", "Abstention", "Needed (more than)", "Met",
             "Outcome", "Seat", "Substitute list", "Substitute rank", "Reason"]
_WORDS = {
    "de": {"yes": "ja", "no": "nein", "protocol": "Protokoll", "audit_head": "Audit-Kopf",
           "key": "Schlüssel", "unsigned": "nicht signiert",
           "lists": ["Wahl", "Liste", "Rang", "Name", "Gruppe", "Sitz", "Annahme"],
           "elected": "gewählt", "declined": "abgelehnt", "substitute": "Ersatz",
           "vacant": "unbesetzt"},
    "en": {"yes": "yes", "no": "no", "protocol": "Minutes", "audit_head": "Audit head",
           "key": "Key", "unsigned": "not signed",
           "lists": ["Election", "List", "Rank", "Name", "Group", "Seat", "Acceptance"],
           "elected": "elected", "declined": "declined", "substitute": "Substitutes",
           "vacant": "vacant"},
}


def _round_rows(title: str, rnd: dict[str, Any], lang: str) -> list[list[Any]]:
    r, b = rnd.get("round") or {}, rnd["ballots"]
    yes, no = _WORDS[lang]["yes"], _WORDS[lang]["no"]
    head = [title, r.get("number"), r.get("kind"), yes if rnd.get("paper") else no,
            b.get("issued"), b.get("cast"), b.get("invalid"), b.get("valid")]
    return [head + [c["name"], c.get("group", ""), c["yes"], c["no"], c["abstain"],
                    c.get("needed") or "", yes if c.get("met") else no, c["outcome"],
                    c.get("seat_type") or "", c.get("substitute_list") or "",
                    c.get("substitute_rank") or "",
                    c.get(f"reason_{lang}") or c.get("reason_de", "")]
            for c in rnd.get("counts") or []]


def render_protocol_csv(protocol: dict[str, Any]) -> str:
    lang = "en" if protocol.get("language") == "en" else "de"
    words = _WORDS[lang]
    out = io.StringIO()
    out.write("\ufeff")
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow([words["protocol"], protocol["header"].get("assembly"), words["audit_head"],
                protocol["audit_head"], words["key"],
                (protocol.get("signature") or {}).get("key_fingerprint", words["unsigned"])])
    w.writerow(HEADER if lang == "de" else HEADER_EN)
    for item in protocol["items"]:
        rounds = [item] if item["type"] == "motion" else item["rounds"]
        for rnd in rounds:
            w.writerows(_round_rows(item["title"], rnd, lang))
    w.writerow([])
    w.writerow(words["lists"])
    for item in protocol["items"]:
        if item["type"] != "election":
            continue
        res = item["result"]
        for e in res["elected"]:
            w.writerow([item["title"], words["elected"], e["position"], e["name"],
                        e.get("group", ""), e.get("seat_label") or "", e["acceptance"]])
        for e in res.get("declined", []):
            w.writerow([item["title"], words["declined"], "", e["name"], e.get("group", ""),
                        e.get("seat_label") or "", "declined"])
        for name, items in res["substitutes"].items():
            for s in items:
                w.writerow([item["title"], f"{words['substitute']} {name}", s["rank"], s["name"],
                            s.get("group", ""), "", ""])
        for v in res["vacant"]:
            w.writerow([item["title"], words["vacant"], "", "", "", v.get("seat_label") or "",
                        v.get("reason") or ""])
    return out.getvalue()
