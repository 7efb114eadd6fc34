"""A counted round as the election's standing shows it now, for its result page and the
hall display: each of its seats under the election's label (a runoff for the third women's
seat shows "Frauenplatz 3"), who holds it now and what happened (declined, moved up, vacant,
filled in a later round), a note for each candidate concerned, and the round's substitutes
still waiting.

Everything comes from ``app.services.elections`` (``ballots.election.standing``) — the same
standing the round page, the final lists and the protocol read, so all of them say the same."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from app.models import Poll
from app.services.elections.lists import seat_label, seat_round
from app.services.elections.standing import standing_of
from ballots.election import SeatState, Standing

__all__ = ["RoundAfterDeclines", "round_after_declines"]


@dataclass(frozen=True, slots=True)
class RoundAfterDeclines:
    """Per seat number its election label; per seat number changed by declines its holder
    now and what happened; per candidate id a note for the result row; per substitute list
    the ids still waiting."""

    labels: dict[int, str]
    seats: dict[int, tuple[str, str]]
    notes: dict[str, str]
    substitutes: dict[str, tuple[str, ...]]


def round_after_declines(poll: Poll) -> RoundAfterDeclines | None:
    """None for a motion or a round not counted yet."""
    if poll.election_id is None:
        return None
    st = standing_of(poll.election_id)
    place = st.round(poll.public_id)
    if place is None or place.state != "counted":
        return None
    labels = {number: seat_label(st.seat(key)) for number, key in place.slots}
    ran = {c["id"] for c in (poll.contest or {}).get("candidates") or []}
    notes = {cid: _("lehnt ab") for cid in st.declined if cid in ran}
    for seat in st.seats:
        for holding in seat.holdings:
            cid = holding.candidate
            if cid not in ran or holding.answer == "declined":
                continue
            if holding.how == "elected" and holding.poll != poll.public_id:
                notes[cid] = _("gewählt im %(round)d. Wahlgang: %(seat)s",
                               round=holding.round_number, seat=seat_label(seat))
            elif holding.how == "moved_up":
                notes[cid] = _("nachgerückt: %(seat)s (%(round)d. Wahlgang)",
                               seat=seat_label(seat), round=seat_round(seat, holding))
    seats: dict[int, tuple[str, str]] = {}
    for number, key in place.slots:
        seat = st.seat(key)
        gone = [h.candidate for h in seat.holdings if h.answer == "declined"]
        if gone and any(h.poll == poll.public_id and h.how == "elected"
                        for h in seat.holdings):
            seats[number] = _seat_after(st, seat, gone)
    waiting = {s.candidate for _name, items in st.substitutes for s in items}
    subs = {name: tuple(cid for cid in ids if cid in waiting)
            for name, ids in ((poll.result or {}).get("substitutes") or {}).items()}
    return RoundAfterDeclines(labels, seats, notes, subs)


def _seat_after(st: Standing, seat: SeatState, gone: list[str]) -> tuple[str, str]:
    declined = ", ".join(st.names.get(cid, "") for cid in gone)
    if seat.holder is None:
        if seat.reason_de.startswith("im "):
            return "", _("abgelehnt: %(declined)s – auch im weiteren Wahlgang nicht besetzt",
                         declined=declined)
        return "", _("abgelehnt: %(declined)s – keine Ersatzperson, unbesetzt",
                     declined=declined)
    name = st.names.get(seat.holder, "")
    last = next(h for h in reversed(seat.holdings) if h.candidate == seat.holder)
    if last.how == "elected":
        return name, _("abgelehnt: %(declined)s – besetzt im %(round)d. Wahlgang: %(name)s",
                       declined=declined, round=last.round_number, name=name)
    return name, _("abgelehnt: %(declined)s – nachgerückt: %(name)s", declined=declined,
                   name=name)
