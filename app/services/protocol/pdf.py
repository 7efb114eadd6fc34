"""The Wahlprotokoll as a print-ready A4 PDF (fpdf2, DejaVu Sans from app/fonts/).

Rendered from the (signed) protocol dict only, so paper and JSON say the same; the footer of
every page carries the audit head hash and the signing key's fingerprint, which tie the signed
paper to the JSON file and the audit file. Labels in German or English (``protocol["language"]``);
codes, dates and counted nouns as :mod:`app.services.protocol.words` renders them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from app.services.polls.results import format_needed
from app.services.protocol.pdf_words import PDF_WORDS, RESOLUTION_WORDS
from app.services.protocol.words import (
    ACCEPTANCE,
    OUTCOMES,
    display_timezone,
    format_day,
    format_moment,
    in_language,
    seats_text,
    word,
)

__all__ = ["render_protocol_pdf"]

FONT_DIR = Path(__file__).resolve().parents[2] / "fonts"  # app/fonts

class _Doc(FPDF):
    def __init__(self, protocol: dict[str, Any]) -> None:
        super().__init__(format="A4")
        self.protocol = protocol
        self.i = 0 if protocol.get("language", "de") == "de" else 1
        self.lang = "de" if self.i == 0 else "en"
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=22)
        self.set_title(self.t("title"))

    def multi_cell(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs.setdefault("align", "L")  # ragged right: justified names and hashes look broken
        return super().multi_cell(*args, **kwargs)

    def t(self, key: str) -> str:
        return in_language(PDF_WORDS[key], self.lang)

    def footer(self) -> None:
        self.set_y(-17)
        self.set_font("DejaVu", "", 7)
        self.set_text_color(80)
        sig = self.protocol.get("signature")
        head = self.protocol.get("audit_head", "")
        line1 = f"{self.t('audit_head')}: {head}"
        line2 = (f"{self.t('fingerprint')}: {sig['key_fingerprint_short']}" if sig
                 else self.t("unsigned"))
        self.cell(0, 3.5, line1, new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 3.5, line2)
        self.set_x(-40)
        self.cell(22, 3.5, f"{self.t('page')} {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(0)


def _h(pdf: _Doc, text: str, size: int = 12) -> None:
    pdf.set_font("DejaVu", "B", size)
    pdf.ln(2)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9.5)
    pdf.ln(1)


def _kv(pdf: _Doc, rows: list[tuple[str, str]], label_w: float = 62) -> None:
    """Label/value rows; both columns wrap, the row is as tall as the taller one."""
    for label, value in rows:
        if pdf.get_y() > pdf.h - 32:
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_font("DejaVu", "B", 9.5)
        pdf.multi_cell(label_w - 2, 5, label, align="L", new_x="LMARGIN", new_y="NEXT")
        bottom = pdf.get_y()
        pdf.set_xy(pdf.l_margin + label_w, y)
        pdf.set_font("DejaVu", "", 9.5)
        pdf.multi_cell(0, 5, value or "–", align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), bottom))


def _header(pdf: _Doc, p: dict[str, Any]) -> None:
    h = p["header"]
    pdf.set_font("DejaVu", "B", 18)
    pdf.cell(0, 10, pdf.t("title"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, h.get("assembly") or "", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    started, ended = (format_moment(h.get(k), pdf.lang) for k in ("started_at", "ended_at"))
    _kv(pdf, [
        (pdf.t("organisation"), h.get("organisation") or ""),
        (pdf.t("date"), format_day(h.get("date"), pdf.lang)),
        (pdf.t("place"), h.get("place") or ""),
        (f"{pdf.t('time')} ({display_timezone()})", f"{started} – {ended}"),
        (pdf.t("convocation"), h.get("convocation") or ""),
    ])
    _h(pdf, pdf.t("officials"))
    o = p["officials"]
    _kv(pdf, [(pdf.t(k), ", ".join(o.get(k) or [])) for k in ("chair", "commission",
                                                              "minute_taker")])
    _h(pdf, pdf.t("legal"))
    for line in p.get("legal_basis", []):
        pdf.multi_cell(0, 5, "• " + line, new_x="LMARGIN", new_y="NEXT")
    _h(pdf, pdf.t("voters"))
    v = p["voters"]
    _kv(pdf, [(pdf.t("entitled"), str(v["entitled"])), (pdf.t("present"), str(v["present"]))])
    if p.get("decisions"):
        _h(pdf, pdf.t("decisions"))
        for n, d in enumerate(p["decisions"], start=1):
            extra = ", ".join(f"{k} = {val}" for k, val in (d.get("overrides") or {}).items())
            text = f"{n}. {d['text']}" + (f"  [{extra}]" if extra else "")
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")


def _mandate(pdf: _Doc, m: dict[str, Any]) -> None:
    """Quorum rule, whether each vote opened quorate, the vote transfers with names and times."""
    _h(pdf, pdf.t("mandate"))

    def verdict(ok: bool) -> str:
        return pdf.t("quorate") if ok else pdf.t("not_quorate")

    rows = [(pdf.t("quorum"), f"{m['quorum_label']} ({m['required']} / {m['entitled']})")]
    rows += [(f"{q['title']} ({pdf.t('quorum_at_open')})",
              f"{q['present']} / {m['entitled']}: {verdict(q['quorate'])}") for q in m["polls"]]
    transfers = [f"{format_moment(t['at'], pdf.lang)}: {t['delegate']} → {t['substitute']} "
                 f"({pdf.t('returned') if t['ended'] else pdf.t('transferred')})"
                 for t in m["transfers"]]
    rows.append((pdf.t("transfers"), "\n".join(transfers) or pdf.t("none")))
    _kv(pdf, rows)


def _rules(pdf: _Doc, rules: dict[str, Any]) -> None:
    _h(pdf, f"{pdf.t('rules')}: {rules.get('title') or rules.get('name')} "
            f"({rules.get('name')}, v{rules.get('version')})", 10.5)
    if rules.get("source"):
        pdf.multi_cell(0, 5, rules["source"], new_x="LMARGIN", new_y="NEXT")
    lines = [(d["label"], d["value"] + (f"  ({pdf.t('decided')})" if d["decided"] else ""))
             for d in rules.get("described", [])]
    _kv(pdf, lines, label_w=70)


def _ballots_line(pdf: _Doc, rnd: dict[str, Any]) -> None:
    b = rnd["ballots"]
    grounds = "; ".join(f"{g['de'] if pdf.i == 0 else g['en']}: {g['count']}"
                        for g in b.get("invalid_grounds") or [])
    rows = [
        (pdf.t("present_open"), str(rnd.get("present") if rnd.get("present") is not None
                                    else "–")),
        (pdf.t("issued"), str(b.get("issued"))),
        (pdf.t("cast"), str(b.get("cast"))),
        (pdf.t("invalid"), f"{b.get('invalid')}" + (f"  ({pdf.t('grounds')}: {grounds})"
                                                   if grounds else "")),
        (pdf.t("valid"), str(b.get("valid"))),
    ]
    rows.extend(_channel_rows(pdf, rnd))
    inv = rnd.get("invariant")
    if inv is not None:
        rows.append((pdf.t("invariant"), pdf.t("ok") if inv["ok"] else pdf.t("broken")))
    _kv(pdf, rows, label_w=80)


def _channel_rows(pdf: _Doc, rnd: dict[str, Any]) -> list[tuple[str, str]]:
    """A poll with phones and paper: each channel's ballots, its Ja/Nein/Enthaltung per
    candidate and the paper ballots that replaced lost credentials."""
    rows: list[tuple[str, str]] = []
    names = {c["id"]: c["name"] for c in rnd.get("counts") or []}
    for ch in rnd.get("channels") or []:
        label = pdf.t("channel_paper" if ch["channel"] == "paper" else "channel_phone")
        numbers = pdf.t("channel_numbers") % {"issued": ch["issued"], "cast": ch["cast"],
                                              "invalid": ch["invalid"]}
        motion = rnd.get("type") == "motion"
        votes = "; ".join(
            ("" if motion else f"{names.get(c['id'], c['id'])}: ")
            + f"{pdf.t('yes')} {c['yes']} · {pdf.t('no')} {c['no']} · "
              f"{pdf.t('abstain')} {c['abstain']}" for c in ch.get("candidates") or [])
        rows.append((label, f"{numbers}. {votes}"))
    if rnd.get("paper_replacements"):
        rows.append((pdf.t("replacements"), str(rnd["paper_replacements"])))
    return rows


def _counts_table(pdf: _Doc, rnd: dict[str, Any]) -> None:
    pdf.set_font("DejaVu", "", 8.5)
    head = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    widths = (44, 17, 11, 11, 12, 14, 16, 49)
    with pdf.table(col_widths=widths, text_align=("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT",
                                                   "RIGHT", "CENTER", "LEFT"),
                   headings_style=head, line_height=4.6, padding=0.8) as table:
        first = "motion" if rnd.get("type") == "motion" else "candidate"
        table.row([pdf.t(k) for k in (first, "group", "yes", "no", "abstain", "needed",
                                      "met", "outcome")])
        key = "label_de" if pdf.i == 0 else "label_en"
        election_labels = rnd.get("seat_labels") or {}  # a runoff's seat 1 is "Frauenplatz 3"
        labels = {s.get("candidate"): election_labels.get(str(s.get("number"))) or s.get(key)
                  for s in rnd.get("seats_result") or []}
        for c in rnd["counts"]:
            outcome = word(OUTCOMES, c["outcome"], pdf.lang)
            if c["outcome"] == "elected" and labels.get(c["id"]):
                outcome += f" ({labels[c['id']]})"
            if c.get("substitute_rank"):
                listed = c.get("substitute_list")
                outcome += f" {listed} {c['substitute_rank']}" if listed and listed != "all" \
                    else f" {c['substitute_rank']}"
            needed = format_needed(c.get("needed"), c.get("threshold"), lang=pdf.lang)
            table.row([c["name"], c.get("group") or "", str(c["yes"]), str(c["no"]),
                       str(c["abstain"]), needed or "–", "✓" if c.get("met") else "–", outcome])
    pdf.set_font("DejaVu", "", 9.5)


def _round(pdf: _Doc, rnd: dict[str, Any]) -> None:
    """One round of an election, or a motion's vote (its heading is the item's; no seats)."""
    motion = rnd.get("type") == "motion"
    if motion:
        pdf.ln(2)
    else:
        r = rnd.get("round") or {}
        _h(pdf, rnd["title"] if r.get("kind") else f"{pdf.t('round')} {r.get('number', 1)}",
           10.5)
    pdf.set_font("DejaVu", "", 9)
    mode = pdf.t("paper") if rnd.get("paper") else pdf.t("electronic")
    if rnd.get("channels"):
        mode += f"; {pdf.t('mixed')}"
    if rnd.get("paper_entered_by"):
        mode += f" ({rnd['paper_entered_by']})"
    times = (f"{format_moment(rnd.get('opened_at'), pdf.lang)} – "
             f"{format_moment(rnd.get('closed_at'), pdf.lang)}")
    line = f"{mode}. {times}."
    if not motion and rnd.get("seats"):
        line += f" {seats_text(int(rnd['seats']), pdf.lang)}"
    pdf.multi_cell(0, 4.6, line, new_x="LMARGIN", new_y="NEXT")
    if rnd.get("rules_decided"):
        pdf.multi_cell(0, 4.6, f"{pdf.t('decided')}: " + ", ".join(
            f"{k} = {v}" for k, v in rnd["rules_decided"].items()), new_x="LMARGIN",
            new_y="NEXT")
    if rnd.get("state") == "void":
        pdf.set_font("DejaVu", "B", 9.5)
        pdf.multi_cell(0, 5, f"{pdf.t('void')}: {rnd.get('void_reason') or ''}",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9.5)
    _ballots_line(pdf, rnd)
    if rnd.get("key_fingerprint") or rnd.get("close_head"):
        pdf.set_font("DejaVu", "", 8)
        parts = [f"{pdf.t('key')}: {rnd['key_fingerprint']}"] if rnd.get("key_fingerprint") else []
        if rnd.get("close_head"):
            parts.append(f"{pdf.t('close_head')}: {rnd['close_head']}")
        pdf.multi_cell(0, 4, " · ".join(parts), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9.5)
    pdf.ln(1)
    if rnd.get("counts"):
        _counts_table(pdf, rnd)
    for tie in rnd.get("ties") or []:
        names = {c["id"]: c["name"] for c in rnd["counts"]}
        who = ", ".join(names.get(cid, cid) for cid in tie["candidates"])
        pdf.ln(1)
        how = word(RESOLUTION_WORDS, tie["resolution"], pdf.lang)
        pdf.multi_cell(0, 5, f"{pdf.t('ties')}: {who} ({tie['votes']} {pdf.t('yes')}) – {how}",
                       align="L", new_x="LMARGIN", new_y="NEXT")
    for lot in rnd.get("lots") or []:
        names = {c["id"]: c["name"] for c in rnd["counts"]}
        for draw in lot.get("draws") or []:
            order = " > ".join(names.get(cid, cid) for cid in draw["order"])
            pdf.multi_cell(0, 4.6, f"{pdf.t('lot')}: {order}. {pdf.t('lot_inputs')}: "
                           f"»{lot['public_value']}« + audit_hash {lot['audit_hash']} "
                           f"({_purpose(draw['purpose'], pdf.i)})", align="L",
                           new_x="LMARGIN", new_y="NEXT")
    if rnd.get("status_text"):
        pdf.set_font("DejaVu", "B", 9.5)
        pdf.multi_cell(0, 5, rnd["status_text"], new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9.5)
    if motion:  # which rule decided, as a chair reads it out (docs/rules.md)
        for c in rnd.get("counts") or []:
            reason = c.get(f"reason_{pdf.lang}") or c.get("reason_de")
            if reason:
                pdf.multi_cell(0, 5, reason, new_x="LMARGIN", new_y="NEXT")


def _purpose(purpose: str, lang_index: int) -> str:
    """A lot's purpose ("round 2: 6 votes", hashed as it is) in the protocol's language."""
    match = re.fullmatch(r"round (\d+): (\d+) votes", purpose)
    if match is None or lang_index == 1:
        return purpose
    return f"{match.group(1)}. Wahlgang, {match.group(2)} Stimmen"


def _result(pdf: _Doc, item: dict[str, Any]) -> None:
    res = item["result"]
    _h(pdf, pdf.t("result"), 11)
    pdf.set_font("DejaVu", "B", 9.5)
    pdf.cell(0, 5, pdf.t("elected"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9.5)
    names = {e["candidate"]: e["name"] for e in res["elected"] + res.get("declined", [])}
    for e in res["elected"]:
        moved = (f", {pdf.t('moved_up')} {names.get(e['moved_up_for'], '')}"
                 if e.get("moved_up_for") else "")
        answer = word(ACCEPTANCE, e["acceptance"], pdf.lang)
        how = f": {e['reason']}" if e.get("reason") and not moved else ""
        pdf.multi_cell(0, 5, f"{e['position']}. {e['name']} – {e.get('seat_label') or ''}{how}"
                       f" ({pdf.t('acceptance')}: {answer}{moved})",
                       new_x="LMARGIN", new_y="NEXT")
    for e in res.get("declined", []):
        pdf.multi_cell(0, 5, f"– {e['name']}: {pdf.t('declined')}", new_x="LMARGIN",
                       new_y="NEXT")
    pdf.ln(1)
    pdf.set_font("DejaVu", "B", 9.5)
    pdf.cell(0, 5, pdf.t("substitutes"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9.5)
    if not res["substitutes"]:
        pdf.cell(0, 5, pdf.t("none"), new_x="LMARGIN", new_y="NEXT")
    for name, items in res["substitutes"].items():
        listed = ", ".join(f"{s['rank']}. {s['name']}" for s in items) or pdf.t("none")
        pdf.multi_cell(0, 5, f"{name}: {listed}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font("DejaVu", "B", 9.5)
    pdf.cell(0, 5, pdf.t("vacant"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9.5)
    if not res["vacant"]:
        pdf.cell(0, 5, pdf.t("none"), new_x="LMARGIN", new_y="NEXT")
    for v in res["vacant"]:
        pdf.multi_cell(0, 5, f"{v.get('seat_label') or v['seat_type']}: {v.get('reason') or ''}",
                       new_x="LMARGIN", new_y="NEXT")


def _signatures(pdf: _Doc, p: dict[str, Any]) -> None:
    if pdf.get_y() > pdf.h - 80:
        pdf.add_page()
    _h(pdf, pdf.t("signatures"))
    for line in p["signature_lines"]:
        pdf.ln(12)
        y = pdf.get_y()
        pdf.line(pdf.l_margin, y, pdf.l_margin + 110, y)
        pdf.set_font("DejaVu", "", 8.5)
        pdf.cell(0, 5, f"{line['label']} – {pdf.t('sign_place')}", new_x="LMARGIN",
                 new_y="NEXT")
    sig = p.get("signature")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 8)
    if sig:
        pdf.multi_cell(0, 4, f"Ed25519 {pdf.t('fingerprint')}: {sig['key_fingerprint']}",
                       new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 4, f"{pdf.t('audit_head')}: {p['audit_head']}", new_x="LMARGIN",
                   new_y="NEXT")
    if p.get("close_heads"):
        pdf.ln(2)
        pdf.multi_cell(0, 4, f"{pdf.t('close_heads')}:", new_x="LMARGIN", new_y="NEXT")
        for head in p["close_heads"]:
            pdf.multi_cell(0, 4, f"{head['code']}  {head['title']}", new_x="LMARGIN",
                           new_y="NEXT")


def _item_heading(pdf: _Doc, item: dict[str, Any]) -> str:
    """An election by its title; a motion as "Antrag: <title>", unless the title already
    starts with the word ("Antrag A1: …" stays as it is, never "Antrag Antrag A1")."""
    title = str(item["title"])
    if item["type"] != "motion":
        return title
    first = title.split(maxsplit=1)[0].rstrip(":").casefold() if title.strip() else ""
    if first in {in_language(PDF_WORDS["motion"], lang).casefold() for lang in ("de", "en")}:
        return title
    return f"{pdf.t('motion')}: {title}"


def render_protocol_pdf(protocol: dict[str, Any]) -> bytes:
    """The PDF bytes of ``protocol`` (signed or not; unsigned pages say DRAFT)."""
    pdf = _Doc(protocol)
    pdf.alias_nb_pages()
    pdf.add_page()
    _header(pdf, protocol)
    for item in protocol["items"]:
        pdf.add_page()
        _h(pdf, _item_heading(pdf, item), 14)
        _rules(pdf, item["rules"])
        if item["type"] == "motion":
            _round(pdf, item)
            continue
        for rnd in item["rounds"]:
            _round(pdf, rnd)
        _result(pdf, item)
    if protocol.get("mandate"):  # after the votes it speaks about, before the signatures
        _mandate(pdf, protocol["mandate"])
    _signatures(pdf, protocol)
    return bytes(pdf.output())
