"""Ballot cards: new tokens for a set of delegates and a print-ready A4 PDF of their cards.

Tokens are stored only as hashes, so a card can never be printed twice: printing *is* issuing.
Every printed card carries a fresh token; the delegate's previous card stops working the moment
the new hashes are committed, and ``card_number`` counts the issues so the desk can tell an old
card from the current one. The PDF is built before the commit: if rendering fails, nothing
changes.

Layout: A4 portrait, 2 × 4 cards of 105 × 74.25 mm (A7) with dashed cut lines. The QR code is
drawn as vectors (crisp on any printer) and encodes ``{base}/v/#t=<token>``: the secret sits in
the fragment, which browsers never send to the server.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import qrcode
import qrcode.constants
from flask_babel import gettext as _
from fpdf import FPDF

from app.extensions import db
from app.models import Conference, Delegate
from app.services.errors import NotFound
from app.services.roster.csv_import import surname_key
from app.services.roster.tokens import group_for_print, hash_token, new_token
from app.services.scope import conference_by_id

__all__ = [
    "CardData",
    "CardsError",
    "IssuedCards",
    "card_url",
    "print_cards",
    "qr_matrix",
    "reissue_card",
    "render_cards_pdf",
    "revoke_card",
]

FONT_DIR = Path(__file__).resolve().parents[2] / "fonts"  # app/fonts
PAGE_W, PAGE_H = 210.0, 297.0
COLS, ROWS = 2, 4
CARD_W, CARD_H = PAGE_W / COLS, PAGE_H / ROWS
PAD = 6.0
QR_SIZE = 44.0
#: Cards per PDF: about 9 s of rendering (the QR mask search dominates), well inside a request
#: timeout. "Alle ohne Karte" prints the next batch; print again for the rest.
MAX_CARDS = 1_000


class CardsError(ValueError):
    """Cards cannot be printed as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class CardData:
    """Everything printed on one card (the token only lives here and in the PDF)."""

    name: str
    delegation: str
    token: str
    card_number: int
    url: str
    substitute: bool = False  # printed as "Ersatz": the desk and the holder see it at a glance


@dataclass(frozen=True, slots=True)
class IssuedCards:
    pdf: bytes
    count: int


def card_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/v/#t={token}"


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR modules (True = dark) without quiet zone; medium error correction."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def _draw_qr(pdf: FPDF, data: str, x: float, y: float, size: float) -> None:
    """One filled rectangle per horizontal run of dark modules (small PDF, no seams)."""
    matrix = qr_matrix(data)
    module = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            pdf.rect(x + start * module, y + r * module, (c - start) * module, module, style="F")


def _fit(pdf: FPDF, text: str, width: float, size: float, minimum: float) -> str:
    """Shrink the font until ``text`` fits; cut with an ellipsis as the last resort."""
    while size > minimum and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font_size(size)
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _name(pdf: FPDF, name: str, width: float) -> None:
    """The name in bold, on at most two lines: shrink first, cut only if still too long."""
    size = 14.0
    pdf.set_font("DejaVu", "B", size)
    while size > 9 and len(pdf.multi_cell(width, 6, name, dry_run=True, output="LINES")) > 2:
        size -= 0.5
        pdf.set_font_size(size)
    lines = pdf.multi_cell(width, 6, name, dry_run=True, output="LINES")
    if len(lines) > 2:
        lines = [lines[0], _fit(pdf, " ".join(lines[1:]), width, size, size)]
    for line in lines:
        pdf.cell(width, size * 0.45, line, new_x="LEFT", new_y="NEXT")


def _new_pdf(title: str) -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(title)
    pdf.set_creator("Wahlgang")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVuMono", "", str(FONT_DIR / "DejaVuSansMono.ttf"))
    return pdf


def _cut_lines(pdf: FPDF) -> None:
    pdf.set_draw_color(150, 150, 150)
    pdf.set_line_width(0.2)
    with pdf.local_context():
        pdf.set_dash_pattern(dash=2, gap=2)
        for col in range(1, COLS):
            pdf.line(col * CARD_W, 0, col * CARD_W, PAGE_H)
        for row in range(1, ROWS):
            pdf.line(0, row * CARD_H, PAGE_W, row * CARD_H)


TEXT_W = CARD_W - 2 * PAD - QR_SIZE - 6  # ≥ 4 modules of quiet zone left of the QR


def _instruction_lines(pdf: FPDF) -> list[str]:
    """The instruction is the same on every card: wrap it once per PDF, not per card."""
    pdf.set_font("DejaVu", "", 7.5)
    text = _("Mit der Handykamera scannen. Geheim halten: Wer diese Karte hat, kann "
             "abstimmen. Verloren? Sofort zur Mandatsprüfung.")
    return list(pdf.multi_cell(TEXT_W, 3.6, text, dry_run=True, output="LINES"))


def _draw_card(pdf: FPDF, card: CardData, heading: str, instruction: list[str],
               x: float, y: float) -> None:
    text_w = TEXT_W
    qr_x, qr_y = x + CARD_W - PAD - QR_SIZE, y + PAD + 4
    pdf.set_text_color(90, 90, 90)
    pdf.set_font("DejaVu", "", 7)
    pdf.set_xy(x + PAD, y + PAD - 1)
    pdf.cell(CARD_W - 2 * PAD, 4, _fit(pdf, heading, CARD_W - 2 * PAD, 7, 5))
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(x + PAD, y + PAD + 5)
    _name(pdf, card.name, text_w)
    pdf.set_x(x + PAD)
    if card.substitute:
        pdf.set_font("DejaVu", "B", 10)
        label = _("Ersatz")
        pdf.cell(pdf.get_string_width(label + " · "), 5, label + " · ")
    pdf.set_font("DejaVu", "", 10)
    rest = text_w - (pdf.get_x() - x - PAD)
    pdf.cell(rest, 5, _fit(pdf, card.delegation, rest, 10, 7), new_x="LEFT", new_y="NEXT")
    pdf.set_font("DejaVu", "", 7.5)
    pdf.set_text_color(60, 60, 60)
    pdf.set_xy(x + PAD, y + PAD + 26)
    for line in instruction:
        pdf.cell(text_w, 3.6, line, new_x="LEFT", new_y="NEXT")
    _draw_qr(pdf, card.url, qr_x, qr_y, QR_SIZE)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "", 7)
    pdf.set_xy(x + PAD, y + CARD_H - PAD - 11)
    typed_at = card.url.split("#", 1)[0].split("://", 1)[-1]
    pdf.cell(CARD_W - 2 * PAD, 3.5, _fit(pdf, _("Oder Code eintippen auf %(url)s", url=typed_at),
                                         CARD_W - 2 * PAD, 7, 5))
    pdf.set_font("DejaVuMono", "", 10.5)
    pdf.set_xy(x + PAD, y + CARD_H - PAD - 7)
    pdf.cell(CARD_W - 2 * PAD - 20, 5, group_for_print(card.token))
    pdf.set_font("DejaVu", "B", 9)
    pdf.set_xy(x + CARD_W - PAD - 22, y + CARD_H - PAD - 7)
    pdf.cell(22, 5, _("Karte %(n)d", n=card.card_number), align="R")


def render_cards_pdf(cards: Sequence[CardData], *, heading: str) -> bytes:
    """The A4 sheets for ``cards`` in order, 8 a page."""
    pdf = _new_pdf(heading)
    instruction: list[str] = []
    per_page = COLS * ROWS
    for index, card in enumerate(cards):
        slot = index % per_page
        if slot == 0:
            pdf.add_page()
            _cut_lines(pdf)
            instruction = instruction or _instruction_lines(pdf)  # needs a page to measure
        col, row = slot % COLS, slot // COLS
        _draw_card(pdf, card, heading, instruction, col * CARD_W, row * CARD_H)
    return bytes(pdf.output())


def _heading(conference: Conference) -> str:
    parts = [conference.title]
    if conference.held_on is not None:
        parts.append(conference.held_on.strftime("%d.%m.%Y"))
    return " · ".join(parts)


def _issue(conference_id: int, delegates: list[Delegate], base_url: str) -> IssuedCards:
    if not delegates:
        raise CardsError(_("Keine Karten zu drucken: alle Delegierten haben schon eine Karte."))
    if len(delegates) > MAX_CARDS:
        raise CardsError(_("Zu viele Karten auf einmal (höchstens %(n)d). Karten einzeln sperren "
                           "und dann „Alle ohne Karte“ in mehreren Durchgängen drucken.",
                           n=MAX_CARDS))
    conference = conference_by_id(conference_id)
    cards = []
    for delegate in delegates:
        token = new_token()
        delegate.token_hash = hash_token(token)
        delegate.card_number += 1
        cards.append(CardData(delegate.name, delegate.delegation, token, delegate.card_number,
                              card_url(base_url, token), substitute=delegate.is_substitute))
    try:
        pdf = render_cards_pdf(cards, heading=_heading(conference))
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return IssuedCards(pdf, len(cards))


def print_cards(
    conference_id: int, *, base_url: str, delegate_ids: Sequence[int] | None = None
) -> IssuedCards:
    """New cards for ``delegate_ids`` (or the next :data:`MAX_CARDS` people without a card),
    sorted by surname (as the roster; the desk finds a card where it looks for the name)."""
    stmt = db.select(Delegate).where(Delegate.conference_id == conference_id)
    if delegate_ids is None:
        stmt = stmt.where(Delegate.card_number == 0).limit(MAX_CARDS)
    else:
        stmt = stmt.where(Delegate.id.in_(list(delegate_ids)))
    delegates = sorted(db.session.scalars(stmt.order_by(Delegate.name, Delegate.id)),
                       key=lambda d: (surname_key(d.name), d.id))
    if delegate_ids is not None and len(delegates) != len(set(delegate_ids)):
        raise CardsError(_("Einige der gewählten Personen stehen nicht auf dieser Liste."))
    return _issue(conference_id, delegates, base_url)


def _one(conference_id: int, delegate_id: int) -> Delegate:
    delegate = db.session.get(Delegate, delegate_id)
    if delegate is None or delegate.conference_id != conference_id:
        raise NotFound(_("Diese Person gibt es nicht."))
    return delegate


def revoke_card(conference_id: int, delegate_id: int) -> Delegate:
    """The delegate's current card stops working at once (no new card)."""
    delegate = _one(conference_id, delegate_id)
    delegate.token_hash = None
    db.session.commit()
    return delegate


def reissue_card(conference_id: int, delegate_id: int, *, base_url: str) -> IssuedCards:
    """Revoke the lost card and return a PDF with the single new one (same transaction)."""
    return _issue(conference_id, [_one(conference_id, delegate_id)], base_url)
