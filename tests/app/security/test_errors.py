"""Every API error is ``{"error": ..., "code": ...}``; HTML errors are a page in the layout."""

from __future__ import annotations

import pytest

API_ERRORS = [
    ("get", "/api/v1/nowhere", 404, "not_found"),
    ("delete", "/api/v1/me", 405, "method_not_allowed"),
    ("get", "/api/v1/me", 401, "unknown_token"),
    ("post", "/api/v1/polls/nope/ballots", 400, "bad_request"),
]


@pytest.mark.parametrize(("method", "path", "status", "code"), API_ERRORS)
def test_api_errors_are_json_with_error_and_code(app, client, method, path, status, code):
    response = getattr(client, method)(path)

    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["code"] == code
    assert isinstance(body["error"], str) and len(body["error"]) > 10


def test_api_405_keeps_allow_header(app, client):
    response = client.put("/api/v1/polls/x/ballots")

    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


def test_api_oversized_body_is_413_json(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/api/v1/polls/abc/ballots", data=b"{" + b" " * 5000 + b"}",
                           content_type="application/json")

    assert response.status_code == 413
    assert response.get_json() == {
        "error": "Die Datei oder Anfrage ist zu groß (höchstens 1 kB).", "code": "too_large"}


def test_html_oversized_form_is_413_page(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/login", data={"username": "x" * 5000, "password": "y"})

    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "Die Datei oder Anfrage ist zu groß (höchstens 1 kB)." in response.get_data(as_text=True)


@pytest.mark.parametrize(("lang", "said"), [("de", "(höchstens 2 MB)"), ("en", "(at most 2 MB)")])
def test_413_states_the_default_limit_readably(app, client, lang, said):
    """Was "(höchstens 2000000 Bytes)"; the sizes themselves: tests/app/i18n/test_sizes.py."""
    app.config["MAX_CONTENT_LENGTH"] = 2_000_000
    response = client.post(f"/login?lang={lang}", data={"username": "x" * 2_000_010})

    assert response.status_code == 413
    assert said in response.get_data(as_text=True)


def test_html_404_is_a_german_page_without_werkzeug_text(app, client):
    response = client.get("/chair/does-not-exist")

    text = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Diese Adresse gibt es nicht." in text
    assert "The requested URL was not found" not in text


def test_view_description_survives_in_the_page(app, client):
    response = client.get("/public/p/unknown-poll")

    assert response.status_code == 404
    assert "Diese Abstimmung" in response.get_data(as_text=True)


def test_api_500_is_json_when_exceptions_do_not_propagate(make_app):
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @app.get("/api/v1/_boom")
    def _boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/api/v1/_boom")

    assert response.status_code == 500
    body = response.get_json()
    assert body["code"] == "server_error"
    assert "boom" not in body["error"]


def test_nul_bytes_are_refused_before_they_reach_the_database(app, client):
    api = client.get("/api/v1/polls/%00")
    page = client.get("/public/p/x?tracker=%00")
    form = client.post("/login", data={"username": "a\x00b", "password": "x"})

    assert (api.status_code, api.get_json()["code"]) == (400, "bad_request")
    assert "unzulässiges Zeichen" in api.get_json()["error"]
    assert page.status_code == 400 and "unzulässiges Zeichen" in page.get_data(as_text=True)
    assert form.status_code == 400
