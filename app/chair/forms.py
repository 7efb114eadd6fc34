"""Chair forms: parse and lightly validate input; the services apply the real rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from app.forms import Form
from app.services.polls.manage import DEFAULT_MOTION_PRESET
from app.services.roster.csv_import import MAX_FIELD
from app.services.roster.delegates import NAME_MISSING, TOO_LONG

try:  # WTForms ≥ 3.3 deprecates (value, label) tuples
    from wtforms import SelectChoice as choice
except ImportError:  # pragma: no cover - older WTForms

    def choice(value, label):  # type: ignore[no-redef]
        return (value, label)


def choices(pairs):
    """SelectField choices from (value, label) pairs, for either WTForms version."""
    return [choice(value, label) for value, label in pairs]


class ConferenceForm(Form):
    title = StringField(_l("Titel der Versammlung"), validators=[DataRequired(), Length(max=200)])
    organisation = StringField(_l("Gliederung / Organisation"), validators=[Length(max=200)])
    place = StringField(_l("Ort"), validators=[Length(max=200)])
    held_on = DateField(_l("Datum"), validators=[Optional()])
    convocation = TextAreaField(_l("Einladung (wann, wie, fristgerecht?)"),
                                validators=[Length(max=4000)])
    chair_names = StringField(_l("Versammlungsleitung"), validators=[Length(max=400)])
    commission_names = StringField(_l("Wahlkommission"), validators=[Length(max=400)])
    minute_taker = StringField(_l("Protokoll"), validators=[Length(max=200)])
    quorum = SelectField(_l("Beschlussfähig, wenn"), validate_choice=False)
    submit = SubmitField(_l("Speichern"))


class ImportForm(Form):
    file = FileField(_l("CSV-Datei"), validators=[FileRequired()])
    submit = SubmitField(_l("Vorschau anzeigen"))


class ImportConfirmForm(Form):
    """The preview's "import exactly this" (the file waits under ``upload``)."""

    upload = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Importieren"))


def _at_most(field: str) -> Length:
    """The roster column's limit, with the message naming the field
    (app.services.roster.delegates)."""
    return Length(max=MAX_FIELD[field], message=_l(TOO_LONG[field]))


class DelegateForm(Form):
    name = StringField(_l("Name"),
                       validators=[DataRequired(message=_l(NAME_MISSING)), _at_most("name")])
    delegation = StringField(_l("Gliederung"), validators=[_at_most("delegation")])
    quota_group = StringField(_l("Quotengruppe (z. B. Frau, offen)"),
                              validators=[_at_most("quota_group")])
    has_vote = BooleanField(_l("Stimmrecht"), default=True)
    is_substitute = BooleanField(_l("Ersatzdelegierte/r"))
    submit = SubmitField(_l("Speichern"))


class PrintCardsForm(Form):
    scope = RadioField(
        _l("Welche Karten?"),
        choices=choices([("new", _l("Alle ohne Karte")), ("all", _l("Alle Delegierten neu"))]),
        default="new",
    )
    confirm_all = BooleanField(_l("Ja, alle bisher gedruckten Karten werden ungültig."))
    submit = SubmitField(_l("Karten erzeugen (PDF)"))


class MotionForm(Form):
    title = StringField(_l("Antrag"), validators=[DataRequired(), Length(max=200)])
    preset = SelectField(_l("Erforderliche Mehrheit"), default=DEFAULT_MOTION_PRESET)
    submit = SubmitField(_l("Als Entwurf anlegen"))
