"""Forms of the protocol-keeper's page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.validators import Optional

try:  # WTForms ≥ 3.3 deprecates (value, label) tuples
    from wtforms import SelectChoice as _choice
except ImportError:  # pragma: no cover - older WTForms

    def _choice(value, label):  # type: ignore[no-redef]
        return (value, label)


class SignForm(FlaskForm):
    """Sign the protocol of the whole conference, one election or one motion."""

    election_id = IntegerField(validators=[Optional()])
    poll_id = IntegerField(validators=[Optional()])
    lang = SelectField(_l("Sprache"), choices=[_choice("de", "Deutsch"), _choice("en", "English")],
                       default="de")
