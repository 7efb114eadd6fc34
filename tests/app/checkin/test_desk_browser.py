"""The desk in real Chromium: buttons found by their accessible names, the transfer form's
required choice and its confirmation page (screenshots in $WAHLGANG_SCREENSHOTS)."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Delegate
from tests.app.browser import SHOTS, logged_in_page
from tests.app.chair.helpers import make_conference, make_delegate

pytestmark = pytest.mark.browser


def test_desk_check_in_and_transfer_by_accessible_names(app, live_server, browser):
    from playwright.sync_api import expect

    conference = make_conference()
    anna = make_delegate(conference, "Anna Albrecht", delegation="OV Nord")
    make_delegate(conference, "Bernd Brandt", delegation="OV Süd")
    rosa = make_delegate(conference, "Rosa Krüger", delegation="OV Nord", is_substitute=True)
    page, errors = logged_in_page(browser, live_server, role="checkin", username="desk-b",
                                  width=360, height=740)
    page.goto(f"{live_server}/checkin/")
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.get_by_role("button", name="Einchecken: Rosa Krüger").click()
    expect(page.get_by_text("Rosa Krüger ist eingecheckt.")).to_be_visible()
    assert page.get_by_role("button", name="Auschecken: Rosa Krüger").count() == 1

    transfer = page.get_by_role("button", name="Übertragen an Rosa Krüger")
    transfer.click()  # nothing chosen yet: the browser asks for a choice, nothing is sent
    assert page.url == f"{live_server}/checkin/?q="
    choice = page.get_by_label("Stimme übernehmen von (für Rosa Krüger)")
    assert choice.input_value() == ""
    choice.select_option(label="Bernd Brandt (OV Süd)")
    page.screenshot(path=str(SHOTS / "desk-transfer-360.png"), full_page=True)
    transfer.click()
    expect(page.get_by_text("Rosa Krüger (OV Nord) übernimmt die Stimme von Bernd Brandt "
                            "(OV Süd).")).to_be_visible()
    page.screenshot(path=str(SHOTS / "desk-transfer-confirm-360.png"), full_page=True)
    page.get_by_role("button", name="Ja, Stimme übertragen").click()

    expect(page.get_by_text("Rosa Krüger hält jetzt die Stimme von Bernd Brandt.")).to_be_visible()
    assert page.get_by_role("button", name="Vertretung beenden: Rosa Krüger").count() == 1
    assert page.get_by_role("link", name="Karte verloren: Anna Albrecht").count() == 1
    rosa_now = db.session.get(Delegate, rosa.id)
    db.session.refresh(rosa_now)
    assert rosa_now.represents.name == "Bernd Brandt"
    assert db.session.get(Delegate, anna.id).present is False
    page.screenshot(path=str(SHOTS / "desk-after-transfer-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert errors == []
