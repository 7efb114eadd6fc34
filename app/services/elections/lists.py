"""The final lists as pages, CSV and protocol show them, read from the standing: elected in
seat order with seat label, how they got the seat and their answer; who declined; the
substitutes per list; every seat without a holder once, with its reason."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from app.i18n import localized
from ballots.election import Holding, SeatState, Standing

__all__ = ["final_lists", "holding_reason", "seat_label", "seat_reason", "seat_round"]


def seat_label(seat: SeatState) -> str:
    return localized({"label_de": seat.slot.label_de, "label_en": seat.slot.label_en}, "label")


def holding_reason(holding: Holding, names: dict[str, str] | Any) -> str:
    """How the person got the seat, in the chair's words ("durch Los" when a lot decided)."""
    if holding.how == "moved_up":
        return _("nachgerückt für %(name)s (Ersatzliste des %(round)d. Wahlgangs)",
                 name=names.get(holding.moved_up_for or "", ""), round=holding.round_number)
    if holding.votes is None:
        text = _("gewählt im %(round)d. Wahlgang", round=holding.round_number)
    else:
        text = _("gewählt im %(round)d. Wahlgang mit %(votes)d Stimmen",
                 round=holding.round_number, votes=holding.votes)
    return text + (" – " + _("durch Los entschieden") if holding.by_lot else "")


def seat_reason(seat: SeatState, names: dict[str, str] | Any) -> str:
    """Why a seat has no holder (vacant, not yet decided, round under way)."""
    if seat.status == "vacant" and seat.vacancy == "declined":
        gone = [names.get(h.candidate, "") for h in seat.holdings if h.answer == "declined"]
        if seat.reason_de.startswith("im "):  # a further round did not fill it either
            return localized({"r_de": seat.reason_de, "r_en": seat.reason_en}, "r")
        return _("%(names)s hat die Wahl nicht angenommen; keine Ersatzperson für diesen "
                 "Sitztyp.", names=", ".join(gone))
    if seat.status == "running":
        return _("Ein Wahlgang für diesen Sitz ist angelegt oder läuft.")
    if seat.status == "pending":
        return _("Stimmengleichheit: Stichwahl oder Los steht aus.")
    if seat.status == "open" and seat.poll is None:
        return _("Noch kein Wahlgang für diesen Sitz.")
    return localized({"r_de": seat.reason_de, "r_en": seat.reason_en}, "r")


def seat_round(seat: SeatState, holding: Holding) -> int:
    """The round that decided the seat ``holding`` is on: its own round when elected, else
    the round of the last person elected into the seat before it (moving up keeps it)."""
    index = seat.holdings.index(holding)
    return next(h.round_number for h in reversed(seat.holdings[:index + 1])
                if h.how == "elected")


def _entry(st: Standing, seat: SeatState, holding: Holding) -> dict[str, Any]:
    return {
        "candidate": holding.candidate, "name": st.names.get(holding.candidate, ""),
        "group": st.groups.get(holding.candidate, ""), "yes": holding.votes,
        "poll": holding.poll, "round": seat_round(seat, holding),
        "ranked_in_round": holding.round_number, "seat_key": seat.slot.key,
        "seat_type": seat.slot.kind, "seat_label": seat_label(seat),
        "moved_up_for": holding.moved_up_for, "acceptance": holding.answer,
        "by_lot": holding.by_lot, "reason": holding_reason(holding, st.names),
    }


def final_lists(st: Standing) -> dict[str, Any]:
    """The lists of ``st`` as plain data (see module doc); ``pending_rounds`` names rounds
    whose lot or runoff is still outstanding."""
    elected: list[dict[str, Any]] = []
    declined: list[dict[str, Any]] = []
    vacant: list[dict[str, Any]] = []
    for seat in st.seats:
        for holding in seat.holdings:
            if holding.answer == "declined":
                declined.append(_entry(st, seat, holding))
        if seat.holder is not None:
            holding = next(h for h in reversed(seat.holdings) if h.candidate == seat.holder)
            elected.append(_entry(st, seat, holding))
        else:
            vacant.append({"seat_key": seat.slot.key, "seat_type": seat.slot.kind,
                           "seat_label": seat_label(seat), "status": seat.status,
                           "vacancy": seat.vacancy, "reason": seat_reason(seat, st.names),
                           "poll": seat.poll})
    for position, entry in enumerate(elected, start=1):
        entry["position"] = position
    return {
        "elected": elected,
        "declined": declined,
        "substitutes": {
            name: [{"candidate": s.candidate, "name": st.names.get(s.candidate, ""),
                    "group": st.groups.get(s.candidate, ""), "yes": s.votes, "poll": s.poll,
                    "rank": s.rank} for s in items]
            for name, items in st.substitutes
        },
        "vacant": vacant,
        "pending_rounds": [r.poll for r in st.rounds
                           if r.state == "counted" and r.status in ("lot_needed",
                                                                    "runoff_needed")
                           and any(step.after == r.poll for step in st.steps)],
        "complete": st.complete,
    }
