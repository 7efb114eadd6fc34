"""A whole Kreisparteitag: 118 delegates elect 12 delegates under the DIE LINKE preset.

Women's round electronically (118 phones, real blind signatures through the JSON API), mixed
round on paper (totals entered by the election commission), a tie for the last seat settled
by lot, one decline, a substitute moving up, and the signed protocol.

Every expected number below is derived by hand from the ballots in the comments; nothing is
copied from the engine's output.
"""

from __future__ import annotations

import hashlib
import json
import os

import pytest
import sqlalchemy as sa

from app.enums import PollState
from app.extensions import db
from app.models import AuditEvent, Candidate, Election
from app.services.elections import acceptance, lots, rounds
from app.services.polls import paper
from app.services.polls.lifecycle import close_poll, open_poll
from app.services.protocol import build as protocol
from app.services.protocol.audit import audit_file
from app.services.protocol.pdf import render_protocol_pdf
from ballots.audit import parse_lines, verify_audit
from ballots.canonical import dumps
from ballots.protocol import verify_protocol
from tests.app.vote.factories import Phone, make_conference, make_delegate

WOMEN = ["Anna Albrecht", "Berta Brandt", "Clara Cramer", "Dora Dietz", "Emma Engel",
         "Frieda Fuchs", "Greta Graf", "Hanna Horn", "Ida Iske"]
MEN = ["Karl Kühn", "Ludwig Lang", "Max Mohr", "Nils Noack", "Otto Ott", "Paul Pohl",
       "Quirin Quast", "Rolf Roth", "Sven Sauer", "Till Thiel", "Uwe Ulrich", "Veit Vogt",
       "Willi Wolf", "Xaver Xylander"]
W1, W2, W3, W4, W5, W6, W7, W8, W9 = WOMEN
M1, M2, M3, M4, M5, M6, M7, M8, M9, M10, M11, M12, M13, M14 = MEN


def make_election(conference_id: int) -> Election:
    election = Election(conference_id=conference_id, title="Delegierte zum Landesparteitag",
                        preset="linke-delegates", seats=12)
    db.session.add(election)
    db.session.flush()
    for name in WOMEN:
        db.session.add(Candidate(election_id=election.id, name=name, quota_group="Frau"))
    for name in MEN:
        db.session.add(Candidate(election_id=election.id, name=name, quota_group="offen"))
    db.session.commit()
    return election


def cid(election: Election, name: str) -> str:
    row = db.session.scalar(sa.select(Candidate).where(Candidate.election_id == election.id,
                                                       Candidate.name == name))
    assert row is not None
    return f"C{row.id}"


def ja(election: Election, *names: str) -> dict[str, object]:
    return {"marks": {cid(election, n): "Y" for n in names}}


# Women's round, 6 seats, 9 women, Nein not allowed (9 > 6), at most 6 Ja per ballot:
#   40 ballots Ja W1 W2 W3 W4 W5 W6 ·  5 ballots Ja W1 W2 W3 W4 W5 W8
#   30 ballots Ja W1 W2 W3 W4 W7 W8 · 16 ballots Ja W1 W2 W3 W7
#    5 ballots Ja W1 W2             ·  9 ballots Ja W1
#    5 empty ballots (valid abstentions) · 3 ballots "Enthaltung zu allen"
#    5 delegates take a credential but do not vote.
# Issued 118, cast 113, invalid 0, valid 113. Ja: W1 105, W2 96, W3 91, W4 75, W7 46, W5 45,
# W6 40, W8 35, W9 0. Ja > Nein (0): everyone but W9. Elected in order W1 W2 W3 W4 W7 W5;
# W6, W8 and W9 move to the mixed round.
def women_ballots(election: Election) -> list[dict[str, object] | None]:
    groups: list[tuple[int, dict[str, object] | None]] = [
        (40, ja(election, W1, W2, W3, W4, W5, W6)),
        (5, ja(election, W1, W2, W3, W4, W5, W8)),
        (30, ja(election, W1, W2, W3, W4, W7, W8)),
        (16, ja(election, W1, W2, W3, W7)),
        (5, ja(election, W1, W2)),
        (9, ja(election, W1)),
        (5, {"marks": {}}),
        (3, {"marks": {}, "global": "abstain_all"}),
        (5, None),
    ]
    out: list[dict[str, object] | None] = []
    for count, ballot in groups:
        out.extend([ballot] * count)
    assert len(out) == 118
    return out


# Mixed round on paper, 6 seats, 17 candidates (W6 W8 W9 + 14 men), Nein not allowed.
# Issued 116, cast 115, invalid 2 (one with too many Ja, one unreadable), valid 113.
# Ja: M1 80, M2 78, W6 76, M3 74, M4 72, M5 64, M6 64, W8 50, M7 40, M8 30, M9 20, M10 10,
# M11 5, the rest 0 (sum 663 ≤ 113 × 6). Seats 1–5: M1 M2 W6 M3 M4; M5 and M6 tie for seat 6
# → lot (the assembly decided "lot" instead of the preset's runoff). The loser heads the
# substitute list "offen"; W8 is the only woman substitute.
MIXED_JA = {M1: 80, M2: 78, W6: 76, M3: 74, M4: 72, M5: 64, M6: 64, W8: 50, M7: 40, M8: 30,
            M9: 20, M10: 10, M11: 5, M12: 0, M13: 0, M14: 0, W9: 0}


def expected_lot_order(tied: list[str], public_value: str, audit_hash: str,
                       purpose: str) -> list[str]:
    """The lot procedure as documented (ballots/counting/lot.py, docs/formats.md), redone."""
    ids = sorted(tied)
    digests = {
        c: hashlib.sha256(dumps({"v": 1, "public_value": public_value, "audit_hash": audit_hash,
                                 "purpose": purpose, "candidates": ids, "candidate": c}))
        .hexdigest()
        for c in ids
    }
    return sorted(ids, key=lambda c: (digests[c], c))


@pytest.mark.slow
def test_kreisparteitag_women_mixed_lot_decline_and_protocol(app, client):
    conference = make_conference("Kreisparteitag Musterstadt")
    phones = [Phone(client, make_delegate(conference, f"Delegierte {i:03d}")[1])
              for i in range(118)]
    election = make_election(conference.id)
    rounds.set_election_rules(
        election.id, {"tie": "lot"},
        "Bei Stimmengleichheit um den letzten Platz entscheidet das Los (Beschluss 3/2025).")

    # --- women's round, electronic -----------------------------------------------------
    women = rounds.create_first_round(election.id)
    assert women.contest["seats"] == 6
    assert [c["name"] for c in women.contest["candidates"]] == WOMEN  # alphabetical
    women = open_poll(women.id)
    for phone, ballot in zip(phones, women_ballots(election), strict=True):
        phone.fetch_credential(women)
        if ballot is not None:
            assert phone.cast(women, ballot).status_code == 201
    women = close_poll(women.id)
    res = women.result
    assert res["ballots"]["issued"] == 118
    assert res["ballots"]["cast"] == 113
    assert res["ballots"]["valid"] == 113
    yes = {c["name"]: c["yes"] for c in res["candidates"]}
    assert yes == {W1: 105, W2: 96, W3: 91, W4: 75, W7: 46, W5: 45, W6: 40, W8: 35, W9: 0}
    names = {c["id"]: c["name"] for c in res["candidates"]}
    assert [names[c] for c in res["elected"]] == [W1, W2, W3, W4, W7, W5]
    assert rounds.invariant_problem(women) is None

    # --- mixed round, one click, counted on paper -----------------------------------------
    mixed = rounds.create_next_round(women.id, paper=True)
    assert mixed.contest["round"]["kind"] == "mixed"
    assert mixed.contest["seats"] == 6
    assert sorted(c["name"] for c in mixed.contest["candidates"]) == sorted([W6, W8, W9, *MEN])
    mixed = open_poll(mixed.id)
    valid = 113
    bad = paper.PaperEntry(issued=116, cast=117, invalid=2, grounds={"too_many": 2},
                           counts={})
    with pytest.raises(paper.PaperTotalsError) as err:
        paper.enter_paper_totals(mixed.id, bad)
    assert "Es wurden 117 Stimmzettel abgegeben, aber nur 116 ausgegeben." in err.value.problems
    entry = paper.PaperEntry(
        issued=116, cast=115, invalid=2, grounds={"too_many": 1, "malformed": 1},
        counts={cid(election, n): {"Y": y, "N": 0, "A": valid - y} for n, y in MIXED_JA.items()},
        entered_by="Wahlkommission: R. Richter")
    mixed = paper.enter_paper_totals(mixed.id, entry)
    assert mixed.state == PollState.CLOSED.value
    assert mixed.result["status"] == "lot_needed"
    tie = mixed.result["ties"][0]
    assert sorted(names_of(mixed, tie["candidates"])) == sorted([M5, M6])

    # --- lot -----------------------------------------------------------------------------
    head_before = db.session.scalar(sa.select(AuditEvent.hash).order_by(AuditEvent.seq.desc())
                                    .limit(1))
    mixed = lots.draw_lot(mixed.id, "4711")
    assert mixed.result["status"] == "final"
    record = mixed.result["lots"][0]
    assert record["public_value"] == "4711" and record["audit_hash"] == head_before
    order = expected_lot_order([cid(election, M5), cid(election, M6)], "4711", head_before,
                               record["purpose"])
    winner, loser = names_of(mixed, order)
    mnames = {c["id"]: c["name"] for c in mixed.result["candidates"]}
    assert [mnames[c] for c in mixed.result["elected"]] == [M1, M2, W6, M3, M4, winner]

    # --- acceptance: W2 declines, W8 (the only woman substitute) moves up ----------------
    for name in (W1, W3, W4, W7, W5, M1, M2, W6, M3, M4, winner):
        acceptance.record_acceptance(election.id, int(cid(election, name)[1:]), accepted=True)
    acceptance.record_acceptance(election.id, int(cid(election, W2)[1:]), accepted=False,
                                 note="aus beruflichen Gründen")
    acceptance.record_acceptance(election.id, int(cid(election, W8)[1:]), accepted=True)
    standing = acceptance.election_standing(election.id)
    assert [e["name"] for e in standing["elected"]] == [
        W1, W8, W3, W4, W7, W5, M1, M2, W6, M3, M4, winner]
    assert [e["seat_type"] for e in standing["elected"]] == ["women"] * 6 + ["mixed"] * 6
    assert standing["elected"][1]["moved_up_for"] == cid(election, W2)
    assert {k: [s["name"] for s in v] for k, v in standing["substitutes"].items()} == {
        "Frau": [], "offen": [loser, M7, M8, M9, M10, M11]}
    assert standing["vacant"] == []
    csv_text = acceptance.final_lists_csv(election.id)
    assert f"Delegierte;2;{W8};Frau;Frauenplatz 2;1;50;nimmt an;{W2}" in csv_text

    # --- protocol ------------------------------------------------------------------------
    row = protocol.sign_and_record(conference.id)
    signed = json.loads(row.signed_json)
    events = parse_lines(audit_file(conference.id).splitlines())
    report = verify_protocol(signed, audit=tuple(events))
    assert [c.detail("en") for c in report.failed] == []
    report = verify_audit(audit_file(conference.id).splitlines())
    assert [c for c in report.checks if not c.ok] == []
    assert_protocol_complete(signed, election, winner)
    pdf = render_protocol_pdf(signed)
    assert pdf.startswith(b"%PDF")
    out = os.environ.get("WAHLGANG_PROTOCOL_PDF_OUT")
    if out:  # for looking at it: pdftoppm -png -r 60 FILE.pdf page
        with open(out, "wb") as fh:
            fh.write(pdf)


def names_of(poll, ids):
    names = {c["id"]: c["name"] for c in poll.result["candidates"]}
    return [names[i] for i in ids]


def assert_protocol_complete(p: dict, election: Election, winner: str) -> None:
    """Every item of docs/rules.md "The protocol (Wahlprotokoll) must contain"."""
    assert set(p["header"]) == {"organisation", "assembly", "date", "place", "started_at",
                                "ended_at", "convocation"}
    assert p["header"]["assembly"] == "Kreisparteitag Musterstadt"
    assert set(p["officials"]) == {"chair", "commission", "minute_taker"}
    assert p["voters"]["entitled"] == 118 and p["voters"]["present"] == 118
    assert [d["text"] for d in p["decisions"]] == [
        "Bei Stimmengleichheit um den letzten Platz entscheidet das Los (Beschluss 3/2025)."]
    (item,) = p["items"]
    rules = item["rules"]
    assert rules["name"] == "linke-delegates" and rules["settings"]["tie"] == "lot"
    assert rules["decided"] == {"tie": "lot"}
    assert {"key": "tie", "label": "Stimmengleichheit", "value": "Los", "decided": True} in (
        rules["described"])
    women, mixed = item["rounds"]
    assert women["paper"] is False and mixed["paper"] is True
    assert women["ballots"] == {"issued": 118, "cast": 113, "invalid": 0, "valid": 113,
                                "invalid_grounds": []}
    assert mixed["ballots"]["invalid"] == 2
    assert sorted(g["code"] for g in mixed["ballots"]["invalid_grounds"]) == [
        "malformed", "too_many"]
    assert len(women["candidates"]) == 9 and len(mixed["candidates"]) == 17
    for rnd in (women, mixed):
        for cand in rnd["counts"]:
            assert {"yes", "no", "abstain", "needed", "met", "outcome"} <= set(cand)
    assert mixed["ties"][0]["resolution"] == "lot"
    assert mixed["lots"][0]["public_value"] == "4711"
    result = item["result"]
    assert len(result["elected"]) == 12 and result["elected"][-1]["name"] == winner
    assert [a["accepted"] for a in item["acceptance"]].count(False) == 1
    assert [s["role"] for s in p["signature_lines"]] == ["chair", "commission", "minute_taker"]
    assert len(p["audit_head"]) == 64
    assert p["signature"]["alg"] == "Ed25519"
