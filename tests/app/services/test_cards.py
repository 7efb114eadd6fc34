"""The card PDF itself: pages, Unicode names, QR content."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from app.services.roster.cards import CardData, card_url, qr_matrix, render_cards_pdf
from app.services.roster.tokens import group_for_print
from tests.app.chair.helpers import decode_qr_codes, pdf_pages, render_png

TOKEN = "ABCDEFGHJKMNPQRSTVWXYZ0123"


def make_card(name: str = "Elif Yıldız", token: str = TOKEN, number: int = 1) -> CardData:
    return CardData(name, "OV Süd", token, number, card_url("https://wahl.example.org/", token))


def test_card_url_puts_the_token_in_the_fragment():
    assert card_url("https://wahl.example.org/", TOKEN) == (
        "https://wahl.example.org/v/#t=ABCDEFGHJKMNPQRSTVWXYZ0123")


def test_render_eight_cards_a_page():
    pdf = render_cards_pdf([make_card(number=i) for i in range(17)], heading="KPT")
    assert pdf.startswith(b"%PDF-")
    assert pdf_pages(pdf) == 3


def test_render_prints_unicode_names_and_grouped_code(tmp_path):
    if shutil.which("pdftotext") is None:  # pragma: no cover
        pytest.skip("pdftotext is not installed")
    pdf = render_cards_pdf([make_card("Elif Yıldız"), make_card("Łukasz Żółć")],
                           heading="Kreisparteitag Süd")
    (tmp_path / "c.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "c.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Elif Yıldız" in text
    assert "Łukasz Żółć" in text
    assert text.count("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-23") == 2
    assert "Kreisparteitag Süd" in text
    assert "Oder Code eintippen auf wahl.example.org/v/" in text


def test_render_qr_decodes_to_the_card_url(tmp_path):
    cards = [make_card(token=f"{i:026d}") for i in range(3)]
    pdf = render_cards_pdf(cards, heading="KPT")
    (page,) = render_png(pdf, tmp_path)
    assert sorted(decode_qr_codes(page)) == sorted(card.url for card in cards)


def test_qr_matrix_is_the_standard_encoding_of_the_url():
    import qrcode

    reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    reference.add_data(make_card().url)
    reference.make(fit=True)
    assert qr_matrix(make_card().url) == [list(row) for row in reference.get_matrix()]
    assert len(qr_matrix(make_card().url)) == 33  # version 4: 1.3 mm modules at 44 mm


def test_group_for_print_is_what_the_card_shows():
    assert group_for_print(TOKEN) == "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-23"


def test_a_substitutes_card_says_ersatz(tmp_path):
    if shutil.which("pdftotext") is None:  # pragma: no cover
        pytest.skip("pdftotext is not installed")
    substitute = CardData("Rosa Krüger", "OV Nord", TOKEN, 1,
                          card_url("https://wahl.example.org/", TOKEN), substitute=True)
    pdf = render_cards_pdf([make_card("Elif Yıldız"), substitute], heading="KPT")
    (tmp_path / "c.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "c.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout

    assert "Ersatz · OV Nord" in text
    assert text.count("Ersatz") == 1 and "OV Süd" in text  # the delegate's card does not
