"""The protocol as CSV: one row per candidate and round (counts, threshold, outcome), then the
final lists — for spreadsheets and archives. Semicolon-separated, UTF-8 with BOM."""

from __future__ import annotations

import csv
import io
from typing import Any

__all__ = ["render_protocol_csv"]

HEADER = ["Abstimmung", "Wahlgang", "Art", "Papier", "Ausgegeben", "Abgegeben", "Ungültig",
          "Gültig", "Kandidatur", "Gruppe", "Ja", "Nein", "Enthaltung", "Nötig (mehr als)",
          "Erreicht", "Ergebnis", "Sitz", "Ersatzliste", "Ersatzrang", "Begründung"]


def _round_rows(title: str, rnd: dict[str, Any]) -> list[list[Any]]:
    r, b = rnd.get("round") or {}, rnd["ballots"]
    head = [title, r.get("number"), r.get("kind"), "ja" if rnd.get("paper") else "nein",
            b.get("issued"), b.get("cast"), b.get("invalid"), b.get("valid")]
    return [head + [c["name"], c.get("group", ""), c["yes"], c["no"], c["abstain"],
                    c.get("needed") or "", "ja" if c.get("met") else "nein", c["outcome"],
                    c.get("seat_type") or "", c.get("substitute_list") or "",
                    c.get("substitute_rank") or "", c.get("reason_de", "")]
            for c in rnd.get("counts") or []]


def render_protocol_csv(protocol: dict[str, Any]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(["Protokoll", protocol["header"].get("assembly"), "Audit-Kopf",
                protocol["audit_head"], "Schlüssel",
                (protocol.get("signature") or {}).get("key_fingerprint", "nicht signiert")])
    w.writerow(HEADER)
    for item in protocol["items"]:
        rounds = [item] if item["type"] == "motion" else item["rounds"]
        for rnd in rounds:
            w.writerows(_round_rows(item["title"], rnd))
    w.writerow([])
    w.writerow(["Wahl", "Liste", "Rang", "Name", "Gruppe", "Sitz", "Annahme"])
    for item in protocol["items"]:
        if item["type"] != "election":
            continue
        res = item["result"]
        for e in res["elected"]:
            w.writerow([item["title"], "gewählt", e["position"], e["name"], e.get("group", ""),
                        e.get("seat_label") or "", e["acceptance"]])
        for e in res.get("declined", []):
            w.writerow([item["title"], "abgelehnt", "", e["name"], e.get("group", ""),
                        e.get("seat_label") or "", "declined"])
        for name, items in res["substitutes"].items():
            for s in items:
                w.writerow([item["title"], f"Ersatz {name}", s["rank"], s["name"],
                            s.get("group", ""), "", ""])
        for v in res["vacant"]:
            w.writerow([item["title"], "unbesetzt", "", "", "", v.get("seat_label") or "",
                        v.get("reason") or ""])
    return out.getvalue()
