"""Issue 12's scenario as the chair and the hall see it: the election page, the hall display
(the projector page of the mixed round) and the signed protocol's "Ergebnis der Wahl" name
the same six people on the same seats. Screenshots go to WAHLGANG_SCREENSHOTS."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from app.extensions import db
from app.models import SignedProtocol
from tests.app.browser import SHOTS, logged_in_page
from tests.app.chair.test_election_issue_scenario import expected_lists, play_scenario


def test_the_six_elected_on_every_page_and_in_the_pdf(chair, client, live_server, browser,
                                                      tmp_path):
    election, mixed, winner, _loser = play_scenario(client, chair)
    expected = expected_lists(winner)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page, errors = logged_in_page(browser, live_server, username="chair-view",
                                  width=1280, height=900)

    page.goto(f"{live_server}/chair/elections/{election.id}")
    rows = page.locator("#seat-table tbody tr")
    assert rows.count() == 6
    for index, (name, label) in enumerate(expected):
        assert rows.nth(index).inner_text().split("\t")[:2] == [label, name]
    assert "Die Wahl ist abgeschlossen" in page.locator("#next-step").inner_text()
    page.locator("#standing").screenshot(path=str(SHOTS / "issue12-election-page.png"))

    page.goto(f"{live_server}/chair/polls/{mixed.id}/projector")
    standing = page.locator("#pj-standing li")
    assert [standing.nth(i).inner_text() for i in range(standing.count())] == [
        f"{label} {name}" for name, label in expected]
    page.screenshot(path=str(SHOTS / "issue12-hall-display.png"), full_page=True)
    assert errors == []

    client.post("/protocol/sign", data={"election_id": str(election.id), "lang": "de"})
    row = db.session.scalar(db.select(SignedProtocol).order_by(SignedProtocol.id.desc()))
    pdf = client.get(f"/protocol/{row.id}/pdf")
    assert pdf.status_code == 200
    if shutil.which("pdftotext") is None:  # pragma: no cover
        pytest.skip("pdftotext is not installed")
    (tmp_path / "p.pdf").write_bytes(pdf.data)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "p.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    result = text[text.index("Ergebnis der Wahl"):]
    for name, label in expected:
        assert name in result and label in result
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(tmp_path / "p.pdf"),
                        str(SHOTS / "issue12-protocol")], check=True)
