"""Issue 12's scenario through the chair's pages: DIE LINKE delegates, 6 seats, 5 women and 5
further candidates, 12 ballots. The women's round (Ja 10 / 8 / 6 / 6 / 3) elects Anna and
Berta outright and ties Clara and Dana at the third women's seat; the runoff ties again
(6 : 6) and the lot ("47") decides; the mixed round elects three. Six people must be in the
final lists, on the round page, in the signed protocol and in the verifier's replay — the
lot winner on "Frauenplatz 3", with the lot in her reason line."""

from __future__ import annotations

import json

from app.extensions import db
from app.services.elections import acceptance, lots
from app.services.protocol import build as protocol
from app.services.protocol.audit import audit_file
from ballots.audit import parse_lines, verify_audit
from ballots.audit.elections import replay_elections
from ballots.protocol import verify_protocol
from tests.app.chair.election_factories import new_election, nominate
from tests.app.chair.test_round_declines import latest_round, text_of
from tests.app.vote.factories import make_delegate

WOMEN = [("Anna Albers", "Frau"), ("Berta Brandt", "Frau"), ("Clara Claus", "Frau"),
         ("Dana Dorn", "Frau"), ("Eva Ernst", "Frau")]
MEN = [("Fritz Fink", "offen"), ("Gustav Gans", "offen"), ("Hans Hahn", "offen"),
       ("Ingo Igel", "offen"), ("Jan Jung", "offen")]
BALLOTS = 12


def count(client, poll, yes: dict[str, int]) -> str:
    """Open the draft from its page, enter the commission's totals (no Nein)."""
    client.post(f"/chair/polls/{poll.id}/round/open", follow_redirects=True)
    ids = {c["name"]: c["id"] for c in poll.contest["candidates"]}
    form = {"issued": str(BALLOTS), "cast": str(BALLOTS), "invalid": "0", "entered_by": "WK"}
    for name, cid in ids.items():
        form.update({f"{cid}-Y": str(yes.get(name, 0)), f"{cid}-N": "0",
                     f"{cid}-A": str(BALLOTS - yes.get(name, 0))})
    return text_of(client.post(f"/chair/polls/{poll.id}/round/paper", data=form,
                               follow_redirects=True))


def play_scenario(client, chair):
    """The scenario up to the counted mixed round: (election, mixed round, winner, loser)."""
    for i in range(BALLOTS):
        make_delegate(chair, f"Delegierte {i}")
    election = new_election(client, seats=6, title="Delegierte zum Landesparteitag")
    nominate(client, election, WOMEN + MEN)
    client.post(f"/chair/elections/{election.id}/start", data={"paper": "1"})
    women = latest_round()
    assert women.contest["seats"] == 3
    count(client, women, {"Anna Albers": 10, "Berta Brandt": 8, "Clara Claus": 6,
                          "Dana Dorn": 6, "Eva Ernst": 3})

    # the round page offers the runoff in words, and Anna and Berta are already elected
    page = text_of(client.get(f"/chair/polls/{women.id}/round"))
    assert "Stichwahl um Frauenplatz 3 zwischen Clara Claus und Dana Dorn" in page
    assert "Anna Albers – Frauenplatz 1" in page and "Berta Brandt – Frauenplatz 2" in page
    client.post(f"/chair/polls/{women.id}/round/next", data={"paper": "1"})
    runoff = latest_round()
    assert runoff.contest["round"]["kind"] == "runoff"
    count(client, runoff, {"Clara Claus": 6, "Dana Dorn": 6})
    lots.draw_lot(runoff.id, "47")
    db.session.expire_all()
    runoff_result = db.session.get(type(runoff), runoff.id).result
    winner_id = runoff_result["elected"][0]
    winner = {c["id"]: c["name"] for c in runoff_result["candidates"]}[winner_id]
    loser = ({"Clara Claus", "Dana Dorn"} - {winner}).pop()

    page = text_of(client.get(f"/chair/polls/{runoff.id}/round"))
    assert "gemischter Wahlgang für 3 Plätze" in page
    client.post(f"/chair/polls/{runoff.id}/round/next", data={"paper": "1"})
    mixed = latest_round()
    running = {c["name"] for c in mixed.contest["candidates"]}
    assert running == {loser, "Eva Ernst", *(name for name, _g in MEN)}
    count(client, mixed, {"Fritz Fink": 9, "Gustav Gans": 8, "Hans Hahn": 7, loser: 2,
                          "Ingo Igel": 1})

    return election, mixed, winner, loser


def expected_lists(winner: str) -> list[tuple[str, str]]:
    return [("Anna Albers", "Frauenplatz 1"), ("Berta Brandt", "Frauenplatz 2"),
            (winner, "Frauenplatz 3"), ("Fritz Fink", "gemischter Platz 1"),
            ("Gustav Gans", "gemischter Platz 2"), ("Hans Hahn", "gemischter Platz 3")]


def test_runoff_lot_and_mixed_round_end_with_six_elected(chair, client):
    election, mixed, winner, _loser = play_scenario(client, chair)
    expected = expected_lists(winner)
    standing = acceptance.election_standing(election.id)
    assert [(e["name"], e["seat_label"]) for e in standing["elected"]] == expected
    assert standing["vacant"] == []
    lot_line = next(e for e in standing["elected"] if e["name"] == winner)["reason"]
    assert "durch Los entschieden" in lot_line and "im 2. Wahlgang" in lot_line

    # every answer can be recorded: the buttons are there for all six
    page = client.get(f"/chair/polls/{mixed.id}/round").get_data(as_text=True)
    assert page.count('name="accepted" value="1"') == 6
    text = text_of(client.get(f"/chair/elections/{election.id}"))
    assert "Die Wahl ist abgeschlossen" in text
    for name, label in expected:
        assert f"{label} {name}" in text

    csv_text = acceptance.final_lists_csv(election.id)
    assert sum(1 for line in csv_text.splitlines() if line.startswith("Delegierte;")) == 6

    # the signed protocol names the same six, and the audit replay agrees item by item
    row = protocol.sign_and_record(election.conference_id)
    signed = json.loads(row.signed_json)
    item = next(i for i in signed["items"] if i["type"] == "election")
    assert [(e["name"], e["seat_label"]) for e in item["result"]["elected"]] == expected
    lines = audit_file(election.conference_id).splitlines()
    report = verify_protocol(signed, audit=tuple(parse_lines(lines)))
    assert [c.detail("en") for c in report.failed] == []
    assert [c.name for c in verify_audit(lines).checks if not c.ok] == []
    (replay,) = replay_elections(parse_lines(lines))
    assert replay.standing is not None
    assert [(replay.standing.names[s.holder or ""], s.slot.label_de)
            for s in replay.standing.seats] == expected

    # a protocol whose lists differ from the audit file fails, naming the item
    item["result"]["elected"][0]["name"] = "Jemand Anders"
    tampered = verify_protocol(signed, audit=tuple(parse_lines(lines)))
    assert "protocol.election" in tampered.failed_names()


def test_no_chair_action_reaches_a_poll_of_another_conference(chair, client):
    """Lot, void, next round, parallel round and the round page refuse another conference's
    poll with a 404 and change nothing (one conference-scoped getter serves them all)."""
    from app.models import Poll
    from tests.app.chair.round_factories import make_counted_women_round
    from tests.app.vote.factories import make_conference

    _election, other = make_counted_women_round("Andere Versammlung")
    make_conference("Die Versammlung dieses Tages")  # the chair's current one is the latest
    before = (other.state, dict(other.result or {}), other.lot_input)
    polls_before = db.session.scalar(db.select(db.func.count()).select_from(Poll))
    for path, data in ((f"/chair/polls/{other.id}/round", None),
                       (f"/chair/polls/{other.id}/round/lot", {"public_value": "7"}),
                       (f"/chair/polls/{other.id}/round/void", {"reason": "x"}),
                       (f"/chair/polls/{other.id}/round/next", {}),
                       (f"/chair/polls/{other.id}/round/parallel", {})):
        response = client.get(path) if data is None else client.post(path, data=data)
        assert response.status_code == 404, path
    db.session.expire_all()
    again = db.session.get(Poll, other.id)
    assert (again.state, dict(again.result or {}), again.lot_input) == before
    assert db.session.scalar(db.select(db.func.count()).select_from(Poll)) == polls_before
