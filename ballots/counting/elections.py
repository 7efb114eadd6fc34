"""Deciding an election round from its counts: threshold, seats, substitutes, ties.

Candidates are ranked by Ja (or votes). Equal votes are never broken by sort order: a tie
*matters* when some order of the tied candidates gives any of them another outcome (a seat, a
seat type, a list place or a substitute rank); such a tie is settled by a recorded lot
(:mod:`ballots.counting.lot`) or — for seats under ``tie = "runoff"`` outside a runoff round —
by a runoff, and until then the result says so (status ``lot_needed`` / ``runoff_needed``).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import groupby

from ballots.contest import Contest
from ballots.counting.batch import Counts
from ballots.counting.lot import LotInput, LotRecord, draw
from ballots.counting.result import CandidateResult, Result, Seat, Tie
from ballots.counting.seats import Assignment, assign
from ballots.counting.thresholds import Verdict, evaluate

__all__ = ["decide_election"]

Key = tuple[str, str | int, int]


def _sub_lists(contest: Contest, order: Sequence[str], elected: set[str],
               met: dict[str, bool], votes: dict[str, int]) -> list[tuple[str, list[str]]]:
    """Substitute lists in vote order; ``all`` means everybody not elected with any vote."""
    rules = contest.rules
    if rules.substitutes == "none":
        return []
    pool = [cid for cid in order if cid not in elected
            and (met[cid] or (rules.substitutes == "all" and votes[cid] > 0))]
    if not rules.substitutes_per_group:
        return [("all", pool)]
    groups = {c.id: c.group for c in contest.candidates}
    names = list(rules.quota_groups) + sorted(
        {groups[c] for c in pool if groups[c] not in rules.quota_groups})
    return [(name, [c for c in pool if groups[c] == name]) for name in names]


def _outcomes(contest: Contest, order: Sequence[str], met: dict[str, bool],
              votes: dict[str, int]) -> dict[str, Key]:
    """Outcome key per candidate for one full order (what a tie could change)."""
    eligible = [cid for cid in order if met[cid]]
    result = assign(contest, eligible)
    listed = contest.rules.quota == "odd_places"
    keys: dict[str, Key] = {}
    for spec, cid in result.seats:
        if cid is not None:
            keys[cid] = ("elected", spec.number if listed else spec.type, 0)
    for name, ids in _sub_lists(contest, order, set(keys), met, votes):
        for rank, cid in enumerate(ids, start=1):
            keys[cid] = ("substitute", name, rank)
    for cid in order:
        keys.setdefault(cid, ("none", "", 0))
    return keys


def _tie_matters(contest: Contest, order: list[str], members: list[str],
                 met: dict[str, bool], votes: dict[str, int]) -> tuple[bool, bool]:
    """(matters, a seat is at stake) — tried with every rotation and the reversal."""
    start = order.index(members[0])
    variants = [members[k:] + members[:k] for k in range(len(members))] + [members[::-1]]
    seen: list[dict[str, Key]] = []
    for variant in variants:
        trial = order[:start] + variant + order[start + len(members):]
        seen.append(_outcomes(contest, trial, met, votes))
    matters = any(s[cid] != seen[0][cid] for s in seen for cid in members)
    seat = matters and any(s[cid][0] == "elected" for s in seen for cid in members)
    return matters, seat


def decide_election(contest: Contest, counts: Counts, *, lot: LotInput | None) -> Result:
    """The result of an election round (not ranked) from its counts."""
    cands = contest.candidates
    verdicts = {c.id: evaluate(contest, counts, i) for i, c in enumerate(cands)}
    votes = {c.id: counts.yes[i] for i, c in enumerate(cands)}
    met = {cid: v.met for cid, v in verdicts.items()}
    position = {c.id: i for i, c in enumerate(cands)}
    # provisional order: votes, then contest order — only used where order does not matter
    order = sorted(votes, key=lambda cid: (-votes[cid], position[cid]))
    ties: list[Tie] = []
    lots: list[LotRecord] = []
    pending: set[str] = set()
    runoff = False
    in_runoff = contest.round.kind == "runoff"
    for v, grp in groupby(list(order), key=lambda cid: votes[cid]):
        members = list(grp)
        if len(members) < 2:
            continue
        matters, seat = _tie_matters(contest, order, members, met, votes)
        if not matters:
            continue
        before = _outcomes(contest, order, met, votes)
        at_stake = "seat" if seat else "substitute"
        n_seats = sum(1 for cid in members if before[cid][0] == "elected")
        if seat and contest.rules.tie == "runoff" and not in_runoff:
            ties.append(Tie(tuple(members), v, at_stake, n_seats, "runoff"))
            pending.update(members)
            runoff = True
        elif lot is not None:
            record = draw(lot, f"round {contest.round.number}: {v} votes", members)
            lots.append(record)
            start = order.index(members[0])
            order[start:start + len(members)] = list(record.order)
            ties.append(Tie(tuple(members), v, at_stake, n_seats, "lot", record))
        else:
            ties.append(Tie(tuple(members), v, at_stake, n_seats, "pending"))
            pending.update(members)
    eligible = [cid for cid in order if met[cid]]
    assignment = assign(contest, eligible)
    return _build(contest, counts, verdicts, order, met, votes, assignment, ties, lots, pending,
                  runoff)


def _void_below_share(contest: Contest, elected: Sequence[str]) -> bool:
    rules = contest.rules
    if rules.quota != "round_void_below_share" or contest.round.number > rules.quota_void_rounds:
        return False
    if not elected:
        return False
    group = rules.quota_groups[0]
    groups = {c.id: c.group for c in contest.candidates}
    share = Fraction(sum(1 for cid in elected if groups[cid] == group), len(elected))
    return share < rules.quota_min_share


def _build(contest: Contest, counts: Counts, verdicts: dict[str, Verdict], order: list[str],
           met: dict[str, bool], votes: dict[str, int], assignment: Assignment, ties: list[Tie],
           lots: list[LotRecord], pending: set[str], runoff: bool) -> Result:
    rules = contest.rules
    quota_cite = rules.cite_for("quota")
    qtail = f" ({quota_cite})" if quota_cite else ""
    seat_of: dict[str, tuple[int, str, str, str]] = {}
    seats: list[Seat] = []
    last_round = rules.max_rounds is not None and contest.round.number >= rules.max_rounds
    for spec, cid in assignment.seats:
        if cid is not None and cid in pending:
            seats.append(Seat(spec.number, spec.type, spec.label_de, spec.label_en, None, "tied",
                              "Stimmengleichheit – Los oder Stichwahl entscheidet",
                              "tie – a lot or a runoff decides", spec.required))
        elif cid is not None:
            seat_of[cid] = (spec.number, spec.type, spec.label_de, spec.label_en)
            seats.append(Seat(spec.number, spec.type, spec.label_de, spec.label_en, cid, "filled",
                              "besetzt", "filled", spec.required))
        elif spec.final_if_empty:
            seats.append(Seat(spec.number, spec.type, spec.label_de, spec.label_en, None, "vacant",
                              f"bleibt frei: Platz nur für Gruppe {spec.required!r}, keine "
                              f"weitere Kandidatin erreichte die Schwelle{qtail}",
                              f"stays vacant: reserved for group {spec.required!r}, no further "
                              f"candidate of it passed the threshold{qtail}", spec.required))
        else:
            status = "vacant" if last_round else "open"
            why_de = ("bleibt frei (letzter zulässiger Wahlgang)" if last_round
                      else "offen für einen weiteren Wahlgang")
            why_en = ("stays vacant (last allowed round)" if last_round
                      else "open for a further round")
            if assignment.reserved:
                group = sorted(assignment.reserved)[0]
                why_de += f": Mindestanteil der Gruppe {group!r} nicht erreichbar{qtail}"
                why_en += f": minimum share of group {group!r} not reachable{qtail}"
            else:
                why_de += ": zu wenige Kandidierende erreichten die Schwelle"
                why_en += ": too few candidates passed the threshold"
            seats.append(Seat(spec.number, spec.type, spec.label_de, spec.label_en, None, status,
                              why_de, why_en, spec.required))
    elected = [s.candidate for s in seats if s.candidate]
    void = _void_below_share(contest, elected)
    sub_rank: dict[str, tuple[str, int | None]] = {}
    subs = []
    for name, ids in (_sub_lists(contest, order, set(elected), met, votes) if not void else []):
        # a pending tie cuts the list: ranks after it wait for the lot
        cut = next((k for k, cid in enumerate(ids) if cid in pending), len(ids))
        subs.append((name, ids[:cut]))
        for rank, cid in enumerate(ids, start=1):
            sub_rank[cid] = (name, rank if rank <= cut else None)
    results = [
        _candidate(contest, counts, cid, verdicts[cid], seat_of.get(cid), sub_rank.get(cid),
                   cid in pending, cid in assignment.skipped, void, ties)
        for cid in order
    ]
    if void:
        seats = [Seat(s.number, s.type, s.label_de, s.label_en, None, "open",
                      "Wahlgang ungültig (Quote verfehlt), wird wiederholt",
                      "round void (quota missed), to be repeated", s.required) for s in seats]
    status, sde, sen = _status(contest, counts, void, runoff, pending)
    if status == "void" and not void:
        seats = [Seat(s.number, s.type, s.label_de, s.label_en, None, "open", sde, sen,
                      s.required) for s in seats]
        results = [_void_candidate(r, sde, sen) for r in results]
        subs = []
    return Result(
        kind=contest.kind, title=contest.title, round=contest.round, rules_name=rules.name,
        threshold=rules.threshold_for(contest.round.number, contest.round.kind),
        seats_total=contest.seats,
        issued=counts.issued, cast=counts.cast, invalid=counts.invalid, valid=counts.valid,
        grounds=counts.grounds, candidates=tuple(results), seats=tuple(seats),
        substitutes=tuple((name, tuple(ids)) for name, ids in subs),
        ties=tuple(ties), lots=tuple(lots), status=status, status_de=sde, status_en=sen,
    )


def _void_candidate(r: CandidateResult, de: str, en: str) -> CandidateResult:
    return CandidateResult(r.id, r.name, r.group, r.yes, r.no, r.abstain, r.threshold, r.needed,
                           r.met, "void", None, None, None, None, de, en)


def _status(contest: Contest, counts: Counts, void_quota: bool, runoff: bool,
            pending: set[str]) -> tuple[str, str, str]:
    present = contest.present
    if counts.cast > counts.issued or (present is not None and counts.issued > present):
        return ("void",
                f"Wahlgang ungültig: {counts.cast} Stimmzettel abgegeben, {counts.issued} "
                f"ausgegeben, {present if present is not None else '–'} anwesend – wiederholen",
                f"round void: {counts.cast} ballots cast, {counts.issued} issued, "
                f"{present if present is not None else '–'} present – repeat the round")
    if void_quota:
        rules = contest.rules
        cite = rules.cite_for("quota")
        return ("void",
                f"Wahlgang ungültig: weniger als {rules.quota_min_share} der Gewählten aus Gruppe "
                f"{rules.quota_groups[0]!r}{', ' + cite if cite else ''}",
                f"round void: less than {rules.quota_min_share} of those elected from group "
                f"{rules.quota_groups[0]!r}{', ' + cite if cite else ''}")
    if runoff:
        return ("runoff_needed", "Stimmengleichheit: Stichwahl erforderlich",
                "tie: a runoff is needed")
    if pending:
        return ("lot_needed", "Stimmengleichheit: Losentscheid erforderlich",
                "tie: a lot is needed")
    return ("final", "Ergebnis festgestellt", "result final")


def _candidate(contest: Contest, counts: Counts, cid: str, verdict: Verdict,
               seat: tuple[int, str, str, str] | None, sub: tuple[str, int | None] | None,
               tied: bool, skipped: bool, void: bool, ties: list[Tie]) -> CandidateResult:
    cand = contest.candidate(cid)
    i = contest.ids.index(cid)
    rules = contest.rules
    outcome, number, stype, rank, lst = "not_elected", None, None, None, None
    if void:
        outcome, de, en = "void", "Wahlgang ungültig", "round void"
    elif tied:
        others = next((t.candidates for t in ties if cid in t.candidates), ())
        outcome = "tied"
        names = ", ".join(contest.candidate(o).name for o in others if o != cid)
        de = f"Stimmengleichheit mit {names}: noch nicht entschieden"
        en = f"tie with {names}: undecided"
    elif seat is not None:
        outcome, number, stype = "elected", seat[0], seat[1]
        de, en = f"gewählt ({seat[2]})", f"elected ({seat[3]})"
    elif sub is not None:
        outcome, lst, rank = "substitute", sub[0], sub[1]
        place_de = f"Rang {rank}" if rank else "Rang erst nach dem Losentscheid"
        place_en = f"rank {rank}" if rank else "rank open until the lot"
        de = f"Ersatz {place_de}" + ("" if lst == "all" else f" (Liste {lst})")
        en = f"substitute {place_en}" + ("" if lst == "all" else f" (list {lst})")
    elif verdict.met and skipped:
        cite = rules.cite_for("quota")
        de = "nicht gewählt: Quote lässt keinen weiteren Sitz für diese Gruppe zu"
        en = "not elected: the quota leaves no further seat for this group"
        if cite:
            de, en = f"{de}, {cite}", f"{en}, {cite}"
    elif verdict.met:
        de, en = "nicht gewählt: kein Sitz mehr frei", "not elected: no seat left"
    else:
        de, en = "nicht gewählt", "not elected"
    if outcome in ("elected", "substitute", "not_elected"):
        de, en = f"{de}: {verdict.de}", f"{en}: {verdict.en}"
    return CandidateResult(
        id=cid, name=cand.name, group=cand.group, yes=counts.yes[i],
        no=counts.no[i], abstain=counts.abstain[i], threshold=verdict.kind,
        needed=verdict.needed, met=verdict.met, outcome=outcome, seat=number, seat_type=stype,
        substitute_rank=rank, substitute_list=lst, reason_de=de, reason_en=en,
    )

