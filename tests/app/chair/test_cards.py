"""Printing, reprinting, revoking and reissuing ballot cards from the chair's console."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Delegate
from app.services.roster.tokens import hash_token
from tests.app.chair.helpers import (
    decode_qr_codes,
    login,
    make_conference,
    make_delegate,
    pdf_pages,
    render_png,
)


def tokens_from(pdf: bytes, tmp_path) -> list[str]:
    """Scan every QR on every page like a phone would; return the tokens."""
    urls = [url for page in render_png(pdf, tmp_path) for url in decode_qr_codes(page)]
    assert all(url.startswith("http://wahlgang.test/v/#t=") for url in urls), urls
    return [url.split("#t=", 1)[1] for url in urls]


def hashes(conference) -> dict[str, tuple[str | None, int]]:
    return {d.name: (d.token_hash, d.card_number) for d in db.session.scalars(
        db.select(Delegate).where(Delegate.conference_id == conference.id))}


def test_print_cards_for_everyone_without_a_card(app, client, tmp_path):
    conference = make_conference()
    for i in range(10):
        make_delegate(conference, f"Person {i:02d}")
    make_delegate(conference, "Hat Karte", token_hash="0" * 64, card_number=1)
    login(client)
    response = client.post("/chair/cards", data={"scope": "new"})
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert "stimmkarten-10.pdf" in response.headers["Content-Disposition"]
    pdf = response.get_data()
    assert pdf_pages(pdf) == 2
    tokens = tokens_from(pdf, tmp_path)
    assert len(tokens) == 10
    stored = hashes(conference)
    assert sorted(hash_token(t) for t in tokens) == sorted(
        h for name, (h, n) in stored.items() if name != "Hat Karte")
    assert {n for name, (h, n) in stored.items() if name != "Hat Karte"} == {1}
    assert stored["Hat Karte"] == ("0" * 64, 1)


def test_print_cards_uses_base_url_setting(app, client, tmp_path):
    app.config["BASE_URL"] = "https://wahl.example.org/"
    conference = make_conference()
    make_delegate(conference, "Anna")
    login(client)
    pdf = client.post("/chair/cards", data={"scope": "new"}).get_data()
    (page,) = render_png(pdf, tmp_path)
    (url,) = decode_qr_codes(page)
    assert url.startswith("https://wahl.example.org/v/#t=")
    assert hashes(conference)["Anna"][0] == hash_token(url.split("#t=")[1])


def test_print_cards_when_everyone_has_one_says_so(app, client):
    conference = make_conference()
    make_delegate(conference, "Anna", token_hash="a" * 64, card_number=1)
    login(client)
    response = client.post("/chair/cards", data={"scope": "new"})
    assert response.mimetype == "text/html"
    assert "Keine Karten zu drucken" in response.get_data(as_text=True)
    assert hashes(conference) == {"Anna": ("a" * 64, 1)}


def test_reprint_all_needs_confirmation(app, client):
    conference = make_conference()
    make_delegate(conference, "Anna", token_hash="a" * 64, card_number=1)
    login(client)
    response = client.post("/chair/cards", data={"scope": "all"})
    assert "Bitte bestätigen" in response.get_data(as_text=True)
    assert hashes(conference) == {"Anna": ("a" * 64, 1)}


def test_reprint_all_replaces_every_token(app, client, tmp_path):
    conference = make_conference()
    make_delegate(conference, "Anna", token_hash="a" * 64, card_number=1)
    make_delegate(conference, "Bernd")
    login(client)
    response = client.post("/chair/cards", data={"scope": "all", "confirm_all": "y"})
    tokens = tokens_from(response.get_data(), tmp_path)
    stored = hashes(conference)
    assert stored["Anna"][1] == 2 and stored["Bernd"][1] == 1
    assert sorted(hash_token(t) for t in tokens) == sorted(h for h, _n in stored.values())
    assert "a" * 64 not in {h for h, _n in stored.values()}


def test_cards_page_warns_that_printing_makes_new_codes(app, client):
    conference = make_conference()
    make_delegate(conference, "Anna")
    login(client)
    page = client.get("/chair/cards").get_data(as_text=True)
    assert "1 von 1 Delegierten haben noch keine Karte." in page
    assert "Jeder Druck erzeugt deshalb neue Codes" in page


@pytest.mark.parametrize("url", ["/chair/roster/{id}/reissue", "/checkin/{id}/reissue"])
def test_reissue_lost_card_revokes_old_token(app, client, tmp_path, url):
    conference = make_conference()
    delegate = make_delegate(conference, "Elif Yıldız", token_hash=hash_token("X" * 26),
                             card_number=1)
    login(client, "checkin" if url.startswith("/checkin") else "chair")
    response = client.post(url.format(id=delegate.id))
    assert response.mimetype == "application/pdf"
    assert pdf_pages(response.get_data()) == 1
    (token,) = tokens_from(response.get_data(), tmp_path)
    db.session.refresh(delegate)
    assert delegate.token_hash == hash_token(token)
    assert delegate.card_number == 2
    assert db.session.scalar(db.select(Delegate).where(
        Delegate.token_hash == hash_token("X" * 26))) is None


def test_revoke_card_without_new_one(app, client):
    conference = make_conference()
    delegate = make_delegate(conference, "Anna", token_hash="a" * 64, card_number=3)
    login(client)
    response = client.post(f"/chair/roster/{delegate.id}/revoke")
    assert response.status_code == 302
    assert hashes(conference) == {"Anna": (None, 3)}
    page = client.get(f"/chair/roster/{delegate.id}").get_data(as_text=True)
    assert "Karte 3 ist gesperrt; keine gültige Karte." in page


def test_reissue_for_another_conference_is_404(app, client):
    old = make_conference("Alt")
    stranger = make_delegate(old, "Fremd", token_hash="f" * 64, card_number=1)
    make_conference("Neu")
    login(client)
    assert client.post(f"/chair/roster/{stranger.id}/reissue").status_code == 404
    assert hashes(old) == {"Fremd": ("f" * 64, 1)}


def test_print_new_cards_in_batches(app, client, monkeypatch):
    from app.services.roster import cards

    monkeypatch.setattr(cards, "MAX_CARDS", 3)
    conference = make_conference()
    for i in range(5):
        make_delegate(conference, f"P{i}")
    login(client)
    first = client.post("/chair/cards", data={"scope": "new"}).get_data()
    assert pdf_pages(first) == 1
    assert sorted(name for name, (h, _n) in hashes(conference).items() if h) == ["P0", "P1", "P2"]
    client.post("/chair/cards", data={"scope": "new"})
    assert all(h is not None for h, _n in hashes(conference).values())
    page = client.post("/chair/cards", data={"scope": "all", "confirm_all": "y"})
    assert "Zu viele Karten auf einmal (höchstens 3)" in page.get_data(as_text=True)


def test_print_cards_for_a_chosen_set(app, client, tmp_path):
    conference = make_conference()
    anna = make_delegate(conference, "Anna", token_hash="a" * 64, card_number=1)
    make_delegate(conference, "Bernd")
    carla = make_delegate(conference, "Carla")
    login(client)
    page = client.get("/chair/roster").get_data(as_text=True)
    assert f'name="ids" value="{anna.id}"' in page
    response = client.post("/chair/roster/cards", data={"ids": [str(anna.id), str(carla.id)]})
    tokens = tokens_from(response.get_data(), tmp_path)
    stored = hashes(conference)
    assert sorted(hash_token(t) for t in tokens) == sorted(
        [stored["Anna"][0], stored["Carla"][0]])
    assert (stored["Anna"][1], stored["Bernd"], stored["Carla"][1]) == (2, (None, 0), 1)


def test_print_cards_for_nobody_chosen(app, client):
    conference = make_conference()
    make_delegate(conference, "Anna")
    login(client)
    response = client.post("/chair/roster/cards", data={})
    assert response.status_code == 302
    assert "Bitte in der Liste auswählen" in client.get("/chair/roster").get_data(as_text=True)
    assert hashes(conference) == {"Anna": (None, 0)}


def test_printed_cards_mark_substitutes_as_ersatz(app, client, tmp_path):
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:  # pragma: no cover
        pytest.skip("pdftotext is not installed")
    conference = make_conference()
    make_delegate(conference, "Anna Albrecht", delegation="OV Süd")
    make_delegate(conference, "Rosa Krüger", delegation="OV Nord", is_substitute=True)
    login(client)

    (tmp_path / "cards.pdf").write_bytes(client.post("/chair/cards", data={"scope": "new"}).data)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "cards.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout

    assert "Ersatz · OV Nord" in text and text.count("Ersatz") == 1


def test_cards_are_printed_in_surname_order(app, client, tmp_path):
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:  # pragma: no cover
        pytest.skip("pdftotext is not installed")
    conference = make_conference()
    for name in ("Anna Zimmermann", "Zoë Albrecht", "Bernd Brandt"):
        make_delegate(conference, name)
    login(client)

    (tmp_path / "cards.pdf").write_bytes(client.post("/chair/cards", data={"scope": "new"}).data)
    text = subprocess.run(["pdftotext", str(tmp_path / "cards.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout

    positions = [text.index(name) for name in ("Albrecht", "Brandt", "Zimmermann")]
    assert positions == sorted(positions)
