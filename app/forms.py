"""The base of every HTML form: Flask-WTF's, with the CSRF field rendered without an id.

``form.hidden_tag()`` writes ``<input id="csrf_token" name="csrf_token">``: two forms on one
page (the roster's import and add forms) then share an id, which a page must not. The field
needs no id — no label points at it and the server reads it by name."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm

__all__ = ["Form"]


class Form(FlaskForm):
    class Meta:
        def render_field(self, field: Any, render_kw: dict[str, Any]) -> Any:
            if field.type == "CSRFTokenField":
                render_kw = {**render_kw, "id": False}  # WTForms leaves out a False attribute
            return super().render_field(field, render_kw)  # type: ignore[misc]
