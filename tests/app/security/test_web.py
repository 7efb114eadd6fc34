"""Web hygiene: CSRF on every form, a strict CSP the pages really keep (no inline script or
style), HSTS and secure cookies in production or behind HTTPS, ProxyFix only when configured,
no secrets in URLs, and a production start that refuses missing secrets."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from app import ConfigurationError, create_app
from app.extensions import db
from app.models import AuditEvent, Ballot, Delegate, Issuance, Poll, SealedBallot, User
from app.secrets import ensure_instance_secrets
from app.security import CSP
from app.services.roster.cards import card_url
from tests.app.security.test_permissions import ROLES, make_world

HTML_BLUEPRINTS = ("auth", "chair", "checkin", "protocol", "public", "vote")


# --- CSRF --------------------------------------------------------------------------------------

def _snapshot() -> tuple[Any, ...]:
    db.session.expire_all()
    counts = tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                   for model in (Delegate, Poll, Issuance, Ballot, SealedBallot,
                                 AuditEvent, User))
    states = tuple(db.session.scalars(sa.select(Poll.state).order_by(Poll.id)))
    present = tuple(db.session.scalars(sa.select(Delegate.present).order_by(Delegate.id)))
    hashes = tuple(db.session.scalars(sa.select(Delegate.token_hash).order_by(Delegate.id)))
    return counts, states, present, hashes


def _csrf_login(client, username: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token is not None
    answer = client.post("/login", data={"username": username, "password": "a long password",
                                         "csrf_token": token.group(1)})
    assert answer.status_code == 302


def _strict_world(app, make_app):
    """The matrix world, seen through an app with CSRF on and officials logged in there."""
    world = make_world(app)  # users, delegates, an open election
    strict = make_app(WTF_CSRF_ENABLED=True)
    world.clients = {"anonymous": strict.test_client(), "delegate": strict.test_client(),
                     "display": strict.test_client()}
    for role in ("checkin", "protocol", "chair"):
        world.clients[role] = strict.test_client()
        with strict.app_context():
            _csrf_login(world.clients[role], f"{role}-matrix")
    return strict, world


def test_every_html_post_route_refuses_a_missing_csrf_token(app, make_app):
    strict, world = _strict_world(app, make_app)
    client = world.clients["chair"]
    adapter = strict.url_map.bind("wahlgang.test")
    posts = [rule for rule in strict.url_map.iter_rules()
             if "POST" in (rule.methods or ()) and rule.endpoint.split(".")[0] in HTML_BLUEPRINTS]
    before = _snapshot()

    refused = []
    for rule in sorted(posts, key=lambda r: r.endpoint):
        url = adapter.build(rule.endpoint, {a: world.values[a] for a in rule.arguments},
                            method="POST")
        with strict.app_context():
            answer = client.post(url, data={"present": "1", "delegate_id": "1", "scope": "all",
                                            "confirm_all": "y", "title": "X"})
        text = answer.get_data(as_text=True)
        assert answer.status_code == 400, (rule.endpoint, answer.status_code)
        assert "Das Formular ist abgelaufen oder unvollständig." in text, rule.endpoint
        refused.append(rule.endpoint)

    assert _snapshot() == before
    assert len(refused) == len(posts) >= 20
    assert "chair.poll_close" in refused and "checkin.presence" in refused


def test_api_is_csrf_exempt_because_it_takes_no_cookie(app, make_app):
    strict = make_app(WTF_CSRF_ENABLED=True)
    answer = strict.test_client().post("/api/v1/polls/nope/ballots", json={})

    assert answer.status_code == 400
    assert answer.get_json()["code"] == "bad_request"


def test_every_html_form_carries_a_csrf_field(app, make_app):
    strict, world = _strict_world(app, make_app)
    forms = 0
    for role in ROLES:
        for url, html in _html_pages(strict, world, role):
            for form in re.findall(r"<form\b.*?</form>", html, flags=re.S | re.I):
                if re.search(r'method="post"', form, flags=re.I):
                    assert 'name="csrf_token"' in form, (role, url, form[:200])
                    forms += 1
    assert forms >= 10


def test_no_page_repeats_an_id(app, make_app):
    """An id is unique on a page (labels, ARIA and scripts find the first one only) — the
    CSRF field of two forms on one page used to be id="csrf_token" twice."""
    strict, world = _strict_world(app, make_app)
    pages = 0
    for role in ROLES:
        for url, html in _html_pages(strict, world, role):
            ids = re.findall(r'\sid="([^"]+)"', html)
            assert sorted({i for i in ids if ids.count(i) > 1}) == [], (role, url)
            pages += 1
    assert pages >= 20


# --- CSP: no inline script or style on any page ------------------------------------------------

class _InlineFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower() for name, _ in attrs}
        kind = (dict(attrs).get("type") or "").lower()
        # A JSON data block (type="application/json") is never executed, so CSP allows it.
        if tag == "script" and "src" not in names and kind != "application/json":
            self.problems.append("<script> without src")
        if tag == "style":
            self.problems.append("<style> element")
        if "style" in names:
            self.problems.append(f"style= on <{tag}>")
        self.problems.extend(f"{n}= on <{tag}>" for n in names if n.startswith("on"))
        for name, value in attrs:
            if name in ("href", "src", "action") and (value or "").lower().startswith(
                    "javascript:"):
                self.problems.append(f"javascript: URL on <{tag}>")


def _html_pages(app, world, role: str) -> list[tuple[str, str]]:
    adapter = app.url_map.bind("wahlgang.test")
    pages = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if "GET" not in (rule.methods or ()) or rule.endpoint == "static":
            continue
        url = adapter.build(rule.endpoint, {a: world.values[a] for a in rule.arguments})
        secret = {"delegate": world.token, "display": world.display_secret}.get(role)
        headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        with app.app_context():
            answer = world.clients[role].get(url, headers=headers)
        if answer.mimetype == "text/html":
            pages.append((url, answer.get_data(as_text=True)))
        answer.close()
    for extra in ("/no/such/page", "/chair/polls/999999/result"):
        with app.app_context():
            answer = world.clients[role].get(extra)
        pages.append((extra, answer.get_data(as_text=True)))
    return pages


def test_no_page_for_any_role_has_inline_script_or_style(app):
    world = make_world(app)
    checked = 0
    for role in ROLES:
        for url, html in _html_pages(app, world, role):
            finder = _InlineFinder()
            finder.feed(html)
            assert finder.problems == [], (role, url)
            checked += 1
    assert checked >= 40
    print(f"\n[csp] {checked} HTML pages checked for inline script/style/handlers")


def test_every_response_carries_the_strict_csp(app, client):
    for url in ("/public/", "/login", "/api/v1/me", "/v/", "/no/such/page"):
        headers = client.get(url).headers
        assert headers["Content-Security-Policy"] == CSP
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
    assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP


# --- HSTS, cookies, ProxyFix -------------------------------------------------------------------

def test_hsts_only_over_https_in_development(app, client):
    assert "Strict-Transport-Security" not in client.get("/public/").headers
    secure = client.get("/public/", base_url="https://wahlgang.test")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize(("hops", "hsts"), [(0, False), (1, True)])
def test_forwarded_proto_is_trusted_only_with_proxy_fix(app, make_app, hops, hsts):
    proxied = make_app(PROXY_FIX_HOPS=hops)
    answer = proxied.test_client().get("/public/", headers={
        "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"})

    assert ("Strict-Transport-Security" in answer.headers) is hsts


def test_proxy_fix_gives_the_real_client_address(app, make_app):
    proxied = make_app(PROXY_FIX_HOPS=1)

    @proxied.get("/_addr")
    def _addr() -> str:
        from flask import request

        return f"{request.remote_addr} {request.scheme}"

    answer = proxied.test_client().get("/_addr", headers={
        "X-Forwarded-For": "198.51.100.1, 203.0.113.7", "X-Forwarded-Proto": "https"})

    assert answer.get_data(as_text=True) == "203.0.113.7 https"


def _production(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app_config,
                **extra: object):
    for name in ("WAHLGANG_SECRET_KEY", "WAHLGANG_PROTOCOL_KEY", "WAHLGANG_ENV"):
        monkeypatch.delenv(name, raising=False)
    config = {k: v for k, v in app_config.items() if k not in ("SECRET_KEY", "TESTING")}
    return create_app({**config, "ENV": "production", "INSTANCE_PATH": str(tmp_path), **extra})


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch, app_config):
    with pytest.raises(ConfigurationError, match="No secret key"):
        _production(tmp_path, monkeypatch, app_config)
    assert not (tmp_path / "secret_key").exists()  # production never invents a secret


def test_production_refuses_to_start_without_the_protocol_key(tmp_path, monkeypatch,
                                                              app_config):
    (tmp_path / "secret_key").write_text("x" * 48)
    with pytest.raises(ConfigurationError, match="No protocol signing key"):
        _production(tmp_path, monkeypatch, app_config)


def test_production_refuses_to_start_without_gmpy2(tmp_path, monkeypatch, app_config):
    from ballots import blind

    ensure_instance_secrets(str(tmp_path))
    monkeypatch.setattr(blind, "_arithmetic", blind._PythonArithmetic)  # as without gmpy2

    with pytest.raises(ConfigurationError, match="gmpy2 is not installed.*not constant-time"):
        _production(tmp_path, monkeypatch, app_config)
    assert blind.constant_time_signing() is False
    monkeypatch.undo()
    assert blind.constant_time_signing() is True  # the real environment has it


def test_development_runs_without_gmpy2(app, tmp_path, monkeypatch, app_config):
    from ballots import blind

    monkeypatch.setattr(blind, "_arithmetic", blind._PythonArithmetic)

    assert create_app({**app_config, "INSTANCE_PATH": str(tmp_path)}).config["ENV"] != (
        "production")


def test_production_cookies_are_secure_httponly_samesite_and_hsts_is_sent(
        app, tmp_path, monkeypatch, app_config):
    ensure_instance_secrets(str(tmp_path))
    prod = _production(tmp_path, monkeypatch, app_config, WTF_CSRF_ENABLED=False)
    from app.services.accounts import create_user

    create_user("chair-prod", "a long password", "chair")
    client = prod.test_client()
    with prod.app_context():
        answer = client.post("/login", base_url="https://wahlgang.test",
                             data={"username": "chair-prod", "password": "a long password"})

    with prod.app_context():
        db.engine.dispose()
    cookie = answer.headers["Set-Cookie"]
    assert answer.status_code == 302
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert prod.config["SESSION_COOKIE_SECURE"] is True
    assert prod.config["REMEMBER_COOKIE_SECURE"] is True
    assert "Strict-Transport-Security" in answer.headers


# --- no secrets in URLs ------------------------------------------------------------------------

def test_card_secret_travels_in_the_fragment_only():
    url = card_url("https://wahl.example.org", "ABCDEFGHJKMNPQRSTVWXYZ0123")

    before, _, fragment = url.partition("#")
    assert "ABCDEFGHJKMNPQRSTVWXYZ0123" not in before
    assert "ABCDEFGHJKMNPQRSTVWXYZ0123" in fragment


def test_no_route_takes_a_secret_in_its_path(app):
    for rule in app.url_map.iter_rules():
        for argument in rule.arguments:
            assert not re.search(r"token|secret|password|key", argument), rule.rule
