"""Wahlgang web application: ``create_app()`` builds it; blueprints are split by audience."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from flask import Flask, g, has_request_context, request, session
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app import throttle
from app.config import load_settings, read_secret, sqlalchemy_url
from app.extensions import babel, csrf, db, login_manager, migrate
from app.files import private_instance, private_sqlite_file
from app.sqlite_queue import engine_options
from app.static_assets import register_favicon, register_static_versioning


class ConfigurationError(RuntimeError):
    """Raised at start-up when production is missing a secret; the message says which."""


def create_app(config: dict[str, Any] | None = None) -> Flask:
    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get("WAHLGANG_INSTANCE_PATH")
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    private_instance(app.instance_path)
    app.config.update(load_settings(app.instance_path))
    if config:
        app.config.update(config)
    private_sqlite_file(app.config["DATABASE_URL"])
    app.config["SQLALCHEMY_DATABASE_URI"] = sqlalchemy_url(app.config["DATABASE_URL"])
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["DATABASE_URL"]))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", app.config["LANGUAGES"][0])
    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES", str(Path(__file__).parent / "translations")
    )
    _load_secrets(app)
    _check_poll_key_source(app)
    _check_password_hasher(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    throttle.init_app(app)

    from app import models  # noqa: F401  (registers the tables)
    from app.auth import bp as auth_bp
    from app.chair import bp as chair_bp
    from app.checkin import bp as checkin_bp
    from app.cli import register_cli
    from app.display import bp as display_bp
    from app.errors import register_error_handlers
    from app.i18n import register_i18n
    from app.protocol import bp as protocol_bp
    from app.public import bp as public_bp
    from app.security import register_security
    from app.vote import bp as vote_bp
    from app.vote.api import bp as api_bp

    for blueprint in (auth_bp, chair_bp, checkin_bp, display_bp, vote_bp, api_bp, protocol_bp,
                      public_bp):
        app.register_blueprint(blueprint)
    register_cli(app)
    register_security(app)
    register_static_versioning(app)
    register_favicon(app)
    register_error_handlers(app)
    register_i18n(app)
    _trust_proxy(app)

    @app.before_request
    def _load_user_per_request() -> None:
        """Flask-Login caches the user on ``g``, which lives in the app context; a caller that
        keeps one app context across requests (tests, scripts) must not see the last
        request's user. Each request loads its own."""
        g.pop("_login_user", None)

    @app.context_processor
    def _template_globals() -> dict[str, Any]:
        from flask_babel import get_locale

        return {"current_locale": lambda: str(get_locale() or app.config["LANGUAGES"][0])}

    return app


def _load_secrets(app: Flask) -> None:
    """Secrets come from instance/ or the environment; production refuses to run without them."""
    from app.secrets import ensure_instance_secrets

    if not app.config.get("SECRET_KEY"):
        secret = read_secret(app.instance_path, "secret_key", "WAHLGANG_SECRET_KEY")
        if secret is None and app.config["ENV"] != "production" and not app.config.get("TESTING"):
            ensure_instance_secrets(app.instance_path)
            secret = read_secret(app.instance_path, "secret_key", "WAHLGANG_SECRET_KEY")
        if secret is None:
            raise ConfigurationError(
                "No secret key: run `flask --app app init-instance` or set WAHLGANG_SECRET_KEY."
            )
        app.config["SECRET_KEY"] = secret
    if app.config["ENV"] == "production":
        if read_secret(app.instance_path, "protocol_key.pem", "WAHLGANG_PROTOCOL_KEY") is None:
            raise ConfigurationError(
                "No protocol signing key: run `flask --app app init-instance` "
                "or set WAHLGANG_PROTOCOL_KEY."
            )
        _require_constant_time_signing()
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    # Flask's defaults already hold these keys (SAMESITE None), so setdefault would never apply.
    if not app.config.get("SESSION_COOKIE_SAMESITE"):
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    app.config["SESSION_COOKIE_HTTPONLY"] = True


def _require_constant_time_signing() -> None:
    """Blind signatures use the poll's secret exponent; without gmpy2 they fall back to Python's
    ``pow``, whose running time depends on the key. Fine on a laptop, refused in production."""
    from ballots.blind import constant_time_signing

    if not constant_time_signing():
        raise ConfigurationError(
            "gmpy2 is not installed: blind signatures would use Python's pow(), which is not "
            "constant-time. Install it (`pip install gmpy2`, a declared dependency) before "
            "running with WAHLGANG_ENV=production."
        )


def _check_poll_key_source(app: Flask) -> None:
    """``POLL_KEY_SOURCE`` (keys made once per test session) is refused outside the tests."""
    from app.services.voting.poll_keys import check_key_source

    try:
        check_key_source(app.config)
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from exc


def _check_password_hasher(app: Flask) -> None:
    """``PASSWORD_HASHER`` (a cheap hash for the test suite) is refused outside the tests."""
    from app.models.accounts import check_password_hasher

    try:
        check_password_hasher(app.config)
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from exc


def _trust_proxy(app: Flask) -> None:
    """Behind nginx, believe PROXY_FIX_HOPS levels of X-Forwarded-For/-Proto/-Host/-Port/-Prefix
    (so HSTS, secure cookies and rate-limit addresses see the real client); 0 trusts none."""
    hops = int(app.config.get("PROXY_FIX_HOPS", 0) or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops
        )


def _select_locale() -> str:
    languages = _languages()
    if not has_request_context():  # CLI commands, services run in tests: the source language
        return languages[0]
    chosen = request.args.get("lang") or session.get("lang")
    if chosen in languages:
        return str(chosen)
    if request.blueprint == "api":
        # The phone's script sends the language of the page it shows (cast carries no cookie).
        return request.accept_languages.best_match(languages) or languages[0]
    return languages[0]  # pages: German unless someone chose otherwise, whatever the browser


def _languages() -> list[str]:
    from flask import current_app

    return list(current_app.config["LANGUAGES"])


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL for concurrent readers, FULL sync so an acknowledged ballot survives a power cut."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are zeros, not left in pages
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()
