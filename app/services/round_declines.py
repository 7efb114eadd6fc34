"""A counted round as the declines left it, for its result page and the projector: who holds
each seat now and what happened (declined, moved up, vacant, filled in a later round), a note
for each candidate concerned, and the round's substitutes still waiting.

The seats come from ``vacancies.election_lists`` — the same ``apply_declines_across`` the
round page, the final lists and the protocol use, so all of them say the same."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from app.i18n import localized
from app.models import Poll
from app.services.vacancies import election_lists
from ballots.counting import Seat

__all__ = ["RoundAfterDeclines", "round_after_declines"]


@dataclass(frozen=True, slots=True)
class RoundAfterDeclines:
    """Per seat number its holder now and what happened; per candidate id a note for the
    result row; per substitute list the ids still waiting."""

    seats: dict[int, tuple[str, str]]
    notes: dict[str, str]
    substitutes: dict[str, tuple[str, ...]]


def _label(seat: Seat) -> str:
    return localized({"label_de": seat.label_de, "label_en": seat.label_en}, "label")


def round_after_declines(poll: Poll) -> RoundAfterDeclines | None:
    """None for a motion, a round not counted yet, or an election nobody declined in."""
    if poll.election_id is None:
        return None
    standing = election_lists(poll.election_id)
    index = next((i for i, p in enumerate(standing.polls) if p.id == poll.id), None)
    if index is None or not standing.declined:
        return None
    results = standing.results
    names = {c.id: c.name for r in results for c in r.candidates}
    ran = {c.id for c in results[index].candidates}
    labels = {(i, s.number): _label(s) for i, r in enumerate(results) for s in r.seats}
    seats: dict[int, tuple[str, str]] = {}
    notes = {cid: _("lehnt ab") for cid in standing.declined if cid in ran}
    for held in standing.lists.seats:
        first = held.holders[0] if held.holders else None
        if held.round != index and first in ran and first not in standing.declined:
            notes[first] = _("gewählt im %(round)d. Wahlgang: %(seat)s",
                             round=results[held.round].round.number,
                             seat=labels[(held.round, held.number)])
        for cid in held.holders[1:]:
            if cid in ran and cid not in standing.declined:
                notes[cid] = _("nachgerückt: %(seat)s (%(round)d. Wahlgang)",
                               seat=labels[(held.round, held.number)],
                               round=results[held.round].round.number)
        gone = [cid for cid in held.holders if cid in standing.declined]
        if held.round == index and gone:
            seats[held.number] = _seat_after(held.holder, held.filled_in, gone, names,
                                             [r.round.number for r in results])
    waiting = {cid for _name, ids in standing.lists.substitutes for cid in ids}
    subs = {name: tuple(cid for cid in ids if cid in waiting)
            for name, ids in results[index].substitutes}
    return RoundAfterDeclines(seats, notes, subs)


def _seat_after(holder: str | None, filled_in: tuple[int, int] | None, gone: list[str],
                names: dict[str, str], numbers: list[int]) -> tuple[str, str]:
    declined = ", ".join(names[cid] for cid in gone)
    name = names.get(holder or "", "")
    if filled_in is not None and name:
        note = _("abgelehnt: %(declined)s – besetzt im %(round)d. Wahlgang: %(name)s",
                 declined=declined, round=numbers[filled_in[0]], name=name)
    elif filled_in is not None:
        note = _("abgelehnt: %(declined)s – im %(round)d. Wahlgang nicht besetzt",
                 declined=declined, round=numbers[filled_in[0]])
    elif name:
        note = _("abgelehnt: %(declined)s – nachgerückt: %(name)s", declined=declined,
                 name=name)
    else:
        note = _("abgelehnt: %(declined)s – keine Ersatzperson, unbesetzt", declined=declined)
    return name, note
