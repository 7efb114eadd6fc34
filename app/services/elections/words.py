"""The election's next step in the words a chair reads ("Stichwahl um Frauenplatz 3 zwischen
Clara und Dana", "gemischter Wahlgang für 3 Plätze")."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import ngettext

from app.i18n import localized
from ballots.election import NextStep, Standing

__all__ = ["complete_text", "step_text"]


def _seats(st: Standing, step: NextStep) -> str:
    return ", ".join(localized({"l_de": st.seat(k).slot.label_de,
                                "l_en": st.seat(k).slot.label_en}, "l") for k in step.seats)


def _names(st: Standing, ids: tuple[str, ...]) -> str:
    names = [st.names.get(c, c) for c in ids]
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s und %(last)s", first=", ".join(names[:-1]), last=names[-1])


def step_text(st: Standing, step: NextStep, titles: Mapping[str, str]) -> str:
    """One sentence naming what the step creates or waits for."""
    seats = _seats(st, step)
    if step.kind == "wait":
        return _("„%(title)s“ ist angelegt oder läuft (für %(seats)s): erst abschließen.",
                 title=titles.get(step.after or "", ""), seats=seats)
    if step.kind == "lot":
        return _("Los ziehen in „%(title)s“ (Stimmengleichheit um %(seats)s).",
                 title=titles.get(step.after or "", ""), seats=seats)
    if step.kind == "first":
        return ngettext("erster Wahlgang für %(num)d Platz", "erster Wahlgang für %(num)d Plätze",
                        len(step.seats))
    if step.kind == "runoff":
        return _("Stichwahl um %(seats)s zwischen %(names)s", seats=seats,
                 names=_names(st, step.candidates))
    if step.kind == "repeat":
        return _("Wiederholung des ungültigen Wahlgangs für %(seats)s", seats=seats)
    if step.kind == "mixed":
        return ngettext("gemischter Wahlgang für %(num)d Platz",
                        "gemischter Wahlgang für %(num)d Plätze", len(step.seats))
    if step.kind == "further":
        return ngettext("weiterer Wahlgang für %(num)d Platz (%(seats)s)",
                        "weiterer Wahlgang für %(num)d Plätze (%(seats)s)", len(step.seats),
                        seats=seats)
    if step.kind == "refill":
        return ngettext("weiterer Wahlgang für %(num)d nach Ablehnung unbesetzten Platz "
                        "(%(seats)s)",
                        "weiterer Wahlgang für %(num)d nach Ablehnung unbesetzte Plätze "
                        "(%(seats)s)", len(step.seats), seats=seats)
    return complete_text()


def complete_text() -> str:
    return _("Die Wahl ist abgeschlossen: jeder Platz ist besetzt oder bleibt nach den Regeln "
             "frei.")
