"""The burst benchmark's baseline: the least a JSON write endpoint can do on our stack.

``POST /rows`` parses a JSON body of about the size of a ballot, inserts one row into its own
table ``bench_rows`` in the same database the app uses (``DATABASE_URL``), commits and answers
201 with JSON. Same Flask, Flask-SQLAlchemy, driver, engine options, SQLite pragmas (WAL,
``synchronous=FULL``: importing ``app`` registers them), the same queued write transaction
(app.sqlite_queue) and the same gunicorn settings as the
real app, so ``ratio`` in bench/burst.py compares our vote path against the floor of the stack,
not against a different server.

Run: ``gunicorn -c config/gunicorn.conf.py 'bench.baseline_app:create_app()'``.
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

import app as _wahlgang  # noqa: F401  (registers the SQLite pragmas on every engine)
from app.config import sqlalchemy_url
from app.sqlite_queue import begin_queued_write, engine_options

__all__ = ["BenchRow", "create_app", "create_table"]


class _Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=_Base)


class BenchRow(db.Model):
    __tablename__ = "bench_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    payload: Mapped[str] = mapped_column(sa.Text)


def create_app() -> Flask:
    flask_app = Flask(__name__)
    flask_app.config["SQLALCHEMY_DATABASE_URI"] = sqlalchemy_url(os.environ["DATABASE_URL"])
    flask_app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(os.environ["DATABASE_URL"])
    db.init_app(flask_app)

    @flask_app.post("/rows")
    def add_row():  # type: ignore[no-untyped-def]
        data = request.get_json(silent=True)
        if not isinstance(data, dict) or not isinstance(data.get("payload"), str):
            return jsonify({"error": "payload missing"}), 400
        # The same write-transaction start as the vote path
        # (app.services.polls.lifecycle.lock_poll).
        begin_queued_write(db.session.connection().connection.dbapi_connection)
        row = BenchRow(payload=data["payload"])
        db.session.add(row)
        db.session.flush()  # the INSERT; reading row.id after commit would cost a SELECT
        row_id = row.id
        db.session.commit()
        return jsonify({"id": row_id}), 201

    @flask_app.get("/ready")
    def ready():  # type: ignore[no-untyped-def]
        return jsonify({"ok": True})

    return flask_app


def create_table() -> None:
    """Called by the burst setup (inside the app context of :func:`create_app`)."""
    db.create_all()
