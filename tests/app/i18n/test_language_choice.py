"""German by default, English on request: how the language is chosen and remembered.

A page, a flash message or an API error in the language the visitor chose, with no German left
in the English ones (tests/app/i18n/german.py says what counts as German).
"""

from __future__ import annotations

from tests.app.i18n.german import german_in


def test_german_is_the_default_without_accept_language(app, client):
    html = client.get("/login").get_data(as_text=True)

    assert '<html lang="de">' in html
    assert "Für Tagungspräsidium, Mandatsprüfung und Protokoll." in html
    assert "Sign in" not in html


def test_lang_query_parameter_switches_one_page_to_english(app, client):
    html = client.get("/login?lang=en").get_data(as_text=True)
    after = client.get("/login").get_data(as_text=True)

    assert '<html lang="en">' in html
    assert "Sign in" in html
    assert german_in(html) == []
    assert '<html lang="de">' in after


def test_language_switch_is_remembered_and_can_switch_back(app, client):
    response = client.get("/language/en?next=/login")
    english_page = client.get("/login").get_data(as_text=True)
    client.get("/language/de?next=/login")
    german_page = client.get("/login").get_data(as_text=True)

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    assert "Username" in english_page and "Password" in english_page
    assert german_in(english_page) == []
    assert "Benutzername" in german_page


def test_pages_stay_german_for_an_english_browser_until_english_is_chosen(app, client):
    """German by default: a hall's projector or a desk laptop set to English still shows the
    conference's language; English is one click (or ?lang=en) away."""
    headers = {"Accept-Language": "en-GB,en;q=0.9"}
    before = client.get("/login", headers=headers).get_data(as_text=True)
    client.get("/language/en")
    after = client.get("/login", headers=headers).get_data(as_text=True)

    assert '<html lang="de">' in before and "Sign in" not in before
    assert '<html lang="en">' in after and "Sign in" in after


def test_flash_message_after_failed_login_is_english(app, client):
    client.get("/language/en")
    html = client.post("/login", data={"username": "nobody", "password": "wrong password"},
                       follow_redirects=True).get_data(as_text=True)

    assert "Wrong username or password." in html
    assert german_in(html) == []


def test_phone_api_errors_follow_accept_language(app, client):
    english_error = client.get("/api/v1/me", headers={
        "Authorization": "Bearer ABCDEFGHJKMNPQRSTVWXYZ0123", "Accept-Language": "en"})
    german_error = client.get("/api/v1/me", headers={
        "Authorization": "Bearer ABCDEFGHJKMNPQRSTVWXYZ0123"})

    assert english_error.status_code == 401
    assert english_error.get_json()["error"] == (
        "This code is unknown or blocked. Please go to the check-in desk.")
    assert german_error.get_json()["error"] == (
        "Dieser Code ist unbekannt oder gesperrt. Bitte melden Sie sich am Check-in-Schalter.")
