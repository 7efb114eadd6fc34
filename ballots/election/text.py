"""An election's standing as plain data (JSON) and as text a person reads — for the CLI,
the verifier's replay and anyone checking a protocol by hand (German or English)."""

from __future__ import annotations

from typing import Any

from ballots.election.model import Holding, SeatState, Standing

__all__ = ["standing_text", "standing_to_dict"]

_STATUS = {
    "held": ("besetzt", "held"),
    "open": ("noch nicht besetzt", "not yet decided"),
    "pending": ("Stichwahl oder Los steht aus", "runoff or lot outstanding"),
    "running": ("Wahlgang angelegt oder offen", "round set up or open"),
    "vacant": ("unbesetzt", "vacant"),
}
_ANSWER = {"pending": ("Annahme ausstehend", "answer pending"),
           "accepted": ("nimmt an", "accepts"), "declined": ("lehnt ab", "declines")}
_STEP = {
    "first": ("erster Wahlgang", "first round"),
    "wait": ("Wahlgang abschließen", "finish the round in progress"),
    "lot": ("Los ziehen", "draw the lot"),
    "runoff": ("Stichwahl", "runoff"),
    "repeat": ("ungültigen Wahlgang wiederholen", "repeat the void round"),
    "mixed": ("gemischter Wahlgang", "mixed round"),
    "further": ("weiterer Wahlgang für offene Plätze", "further round for open seats"),
    "refill": ("weiterer Wahlgang für nach Ablehnung unbesetzte Plätze",
               "further round for seats vacant after declines"),
}


def _holding(h: Holding) -> dict[str, Any]:
    return {"candidate": h.candidate, "how": h.how, "poll": h.poll, "round": h.round_number,
            "votes": h.votes, "by_lot": h.by_lot, "moved_up_for": h.moved_up_for,
            "answer": h.answer}


def _seat(s: SeatState) -> dict[str, Any]:
    return {"seat": s.slot.key, "kind": s.slot.kind, "label_de": s.slot.label_de,
            "label_en": s.slot.label_en, "required_group": s.required, "status": s.status,
            "holder": s.holder, "vacancy": s.vacancy, "reason_de": s.reason_de,
            "reason_en": s.reason_en, "poll": s.poll,
            "holdings": [_holding(h) for h in s.holdings]}


def standing_to_dict(st: Standing) -> dict[str, Any]:
    """The standing as JSON-safe data (every seat, substitutes, declines, steps)."""
    return {
        "election": st.election,
        "complete": st.complete,
        "seats": [_seat(s) for s in st.seats],
        "elected": [{"seat": s.slot.key, "candidate": s.holder,
                     "name": st.names.get(s.holder or "", "")}
                    for s in st.seats if s.holder is not None],
        "substitutes": {name: [{"candidate": s.candidate, "name": st.names.get(s.candidate, ""),
                                "rank": s.rank, "poll": s.poll, "votes": s.votes}
                               for s in items] for name, items in st.substitutes},
        "declined": list(st.declined),
        "may_run": list(st.may_run),
        "steps": [{"kind": s.kind, "after": s.after, "seat_kind": s.seat_kind,
                   "seats": list(s.seats), "candidates": list(s.candidates)}
                  for s in st.steps],
        "rounds": [{"poll": r.poll, "number": r.number, "kind": r.kind, "state": r.state,
                    "status": r.status, "seats": {str(n): k for n, k in r.slots}}
                   for r in st.rounds],
    }


def _how(st: Standing, h: Holding, lang: str) -> str:
    de = lang == "de"
    if h.how == "moved_up":
        who = st.names.get(h.moved_up_for or "", "")
        return f"nachgerückt für {who}" if de else f"moved up for {who}"
    if h.votes is None:
        votes = ""
    elif de:
        votes = f" mit {h.votes} Stimme" + ("" if h.votes == 1 else "n")
    else:
        votes = f" with {h.votes} vote" + ("" if h.votes == 1 else "s")
    text = (f"gewählt im {h.round_number}. Wahlgang{votes}" if de
            else f"elected in round {h.round_number}{votes}")
    if h.by_lot:
        text += " – durch Los entschieden" if de else " – decided by lot"
    return text


def standing_text(st: Standing, *, title: str = "", lang: str = "de") -> str:
    """The final lists as lines: each seat with its holder and how they got it (or why it
    has none), substitutes in order, declines, and the next step."""
    de = lang == "de"
    i = 0 if de else 1
    lines = [f"{'Wahl' if de else 'Election'} {st.election}" + (f" „{title}“" if title else "")]
    for seat in st.seats:
        label = seat.slot.label_de if de else seat.slot.label_en
        if seat.holder is not None:
            h = next(x for x in reversed(seat.holdings) if x.candidate == seat.holder)
            lines.append(f"  {label}: {st.names.get(seat.holder, seat.holder)} "
                         f"({_how(st, h, lang)}; {_ANSWER[h.answer][i]})")
        else:
            reason = seat.reason_de if de else seat.reason_en
            lines.append(f"  {label}: – {_STATUS[seat.status][i]}"
                         + (f" ({reason})" if reason else ""))
    for name, items in st.substitutes:
        people = ", ".join(f"{s.rank}. {st.names.get(s.candidate, s.candidate)}"
                           for s in items) or "–"
        lines.append(f"  {'Ersatz' if de else 'Substitutes'} ({name}): {people}")
    if st.declined:
        lines.append(f"  {'Abgelehnt' if de else 'Declined'}: "
                     + ", ".join(st.names.get(c, c) for c in st.declined))
    if st.complete:
        lines.append("  " + ("Die Wahl ist abgeschlossen." if de else "The election is complete."))
    else:
        step = st.next
        seats = ", ".join((st.seat(k).slot.label_de if de else st.seat(k).slot.label_en)
                          for k in step.seats)
        lines.append(f"  {'Als Nächstes' if de else 'Next'}: {_STEP[step.kind][i]}"
                     + (f" ({seats})" if seats else ""))
    return "\n".join(lines)
