from app import ConfigurationError, create_app
from app.extensions import db
from app.models import User
from app.services.accounts import create_user


def test_create_app_refuses_production_without_secret(tmp_path, monkeypatch):
    monkeypatch.delenv("WAHLGANG_SECRET_KEY", raising=False)
    try:
        create_app({"ENV": "production", "INSTANCE_PATH": str(tmp_path)})
    except ConfigurationError as exc:
        assert "secret key" in str(exc)
    else:  # pragma: no cover - the assertion below explains the failure
        raise AssertionError("production started without a secret key")


def test_login_as_chair_reaches_the_chair_console(app, client):
    create_user("anna", "correct horse", "chair")
    response = client.post("/login", data={"username": "anna", "password": "correct horse"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/chair/")


def test_login_with_wrong_password_is_refused(app, client):
    create_user("anna", "correct horse", "chair")
    response = client.post("/login", data={"username": "anna", "password": "wrong"})
    assert response.status_code == 200
    assert "Benutzername oder Passwort ist falsch." in response.get_data(as_text=True)


def test_password_is_stored_hashed(app):
    create_user("anna", "correct horse", "chair")
    user = db.session.scalar(db.select(User))
    assert "correct horse" not in user.password_hash


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/login")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_language_switch_returns_to_the_page_it_was_clicked_on(client):
    response = client.get("/language/en?next=/public/")
    assert (response.status_code, response.headers["Location"]) == (302, "/public/")
    with client.session_transaction() as session:
        assert session["lang"] == "en"


def test_language_switch_refuses_to_redirect_off_site(client):
    for target in ("https://evil.example/", "//evil.example/", "evil"):
        response = client.get("/language/de", query_string={"next": target})
        assert response.headers["Location"] == "/"
