"""Mandatsprüfung and quorum: "beschlussfähig" follows check-ins live (desk counts, desk page,
chair overview) under the conference's rule (default: more than half of the delegates with
voting right), the rule is a setting in the conference form, and the desk's report lists the
vote transfers with names and times and the substitutes seated. The protocol states it."""

from __future__ import annotations

from app.extensions import db
from app.models import Conference
from app.services.polls.lifecycle import close_poll, open_poll
from app.services.protocol import build as protocol
from tests.app.chair.helpers import login
from tests.app.protocol.test_pdf_wording import pdf_text
from tests.app.vote.factories import make_conference, make_delegate, make_poll, motion_contest


def assembly(n_with_vote: int, n_present: int):
    """``n_with_vote`` regular delegates, the first ``n_present`` of them checked in."""
    conference = make_conference("Parteitag Quorum")
    delegates = [make_delegate(conference, f"Delegierte {i:02d}", present=i < n_present)[0]
                 for i in range(n_with_vote)]
    return conference, delegates


def counts(client) -> dict:
    return client.get("/checkin/counts.json").get_json()


def test_quorum_is_more_than_half_by_default_and_follows_check_ins(app, client):
    conference, delegates = assembly(10, 5)
    login(client, "checkin")
    assert counts(client)["quorate"] is False  # 5 of 10 is not more than half
    assert counts(client)["required"] == 6
    assert "nicht beschlussfähig: 5 von 10" in client.get("/checkin/").get_data(as_text=True)

    client.post(f"/checkin/{delegates[5].id}/presence", data={"present": "1"})
    data = counts(client)
    assert data["quorate"] is True
    assert data["quorum_text"] == ("beschlussfähig: 6 von 10 Stimmberechtigten anwesend "
                                   "(nötig: 6)")


def test_a_substitute_holding_a_vote_counts_towards_the_quorum(app, client):
    conference, delegates = assembly(4, 2)
    sub, _ = make_delegate(conference, "Ersa Ersatz", is_substitute=True, present=True)
    login(client, "checkin")
    assert counts(client)["quorate"] is False
    client.post(f"/checkin/{sub.id}/transfer", data={"delegate_id": str(delegates[3].id)})
    assert counts(client)["quorate"] is True  # 3 of 4


def test_the_rule_is_a_setting_of_the_conference(app, client):
    conference, _ = assembly(10, 5)
    login(client)
    form = client.get("/chair/conference").get_data(as_text=True)
    assert "mehr als die Hälfte der Delegierten mit Stimmrecht anwesend" in form
    answer = client.post("/chair/conference", data={"title": conference.title,
                                                    "quorum": "at least 1/2"})
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(Conference, conference.id).quorum == "at least 1/2"
    overview = client.get("/chair/").get_data(as_text=True)
    assert "beschlussfähig: 5 von 10 Stimmberechtigten anwesend (nötig: 5)" in overview
    assert 'id="quorum"' in overview and "js/quorum.js" in overview


def test_a_bad_rule_is_refused_and_changes_nothing(app, client):
    conference, _ = assembly(2, 2)
    login(client)
    page = client.post("/chair/conference", data={"title": "Neu", "quorum": "über 1/2"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Die Regel zur Beschlussfähigkeit ist ungültig: über 1/2" in page
    db.session.expire_all()
    stored = db.session.get(Conference, conference.id)
    assert (stored.title, stored.quorum) == ("Parteitag Quorum", None)


def test_the_configured_default_applies(app, client):
    conference, _ = assembly(9, 3)
    app.config["QUORUM"] = "at least 1/3"
    login(client, "checkin")
    assert counts(client)["quorate"] is True and counts(client)["required"] == 3


def test_report_lists_transfers_with_names_and_times_and_seated_substitutes(app, client):
    conference, delegates = assembly(4, 1)
    subs = [make_delegate(conference, name, is_substitute=True, present=True)[0]
            for name in ("Sami Ersatz", "Tara Ersatz")]
    login(client, "checkin")
    client.post(f"/checkin/{subs[0].id}/transfer", data={"delegate_id": str(delegates[1].id)})
    client.post(f"/checkin/{subs[0].id}/transfer/end")
    client.post(f"/checkin/{subs[1].id}/transfer", data={"delegate_id": str(delegates[2].id)})

    page = client.get("/checkin/report").get_data(as_text=True)
    assert "Bericht der Mandatsprüfung" in page
    transfers = page.split('id="report-transfers"')[1].split("</table>")[0]
    assert transfers.count("<tr><td>") == 3
    assert "übertragen</td><td>Sami Ersatz</td><td>Delegierte 01" in transfers
    assert "zurückgegeben</td><td>Sami Ersatz</td><td>Delegierte 01" in transfers
    assert "übertragen</td><td>Tara Ersatz</td><td>Delegierte 02" in transfers
    seated = page.split('id="report-seated"')[1].split("</table>")[0]
    assert "Tara Ersatz" in seated and "Sami Ersatz" not in seated
    assert 'id="report-present-voting">2<' in page  # Delegierte 00 and Tara for 02
    assert "Die Versammlung ist nicht beschlussfähig." in page  # 2 of 4 is not more than half


def test_protocol_states_quorum_at_each_opening_and_the_transfers(app, client, tmp_path):
    conference, delegates = assembly(4, 2)
    sub, _ = make_delegate(conference, "Sami Ersatz", is_substitute=True, present=True)
    first = make_poll(conference, motion_contest("A1: zu wenige"))
    open_poll(first.id)
    close_poll(first.id)
    login(client, "checkin")
    client.post(f"/checkin/{sub.id}/transfer", data={"delegate_id": str(delegates[3].id)})
    second = open_poll(make_poll(conference, motion_contest("A2: genug")).id)
    close_poll(second.id)

    mandate = protocol.build_protocol(conference.id)["mandate"]
    assert (mandate["quorum_rule"], mandate["entitled"], mandate["required"]) == (
        "more than 1/2", 4, 3)
    assert [(p["title"], p["present"], p["quorate"]) for p in mandate["polls"]] == [
        ("A1: zu wenige", 2, False), ("A2: genug", 3, True)]
    assert [(t["substitute"], t["delegate"], t["ended"]) for t in mandate["transfers"]] == [
        ("Sami Ersatz", "Delegierte 03", False)]
    assert mandate["transfers"][0]["at"].endswith("+00:00")
    assert mandate["substitutes_seated"][0]["represents"] == "Delegierte 03"

    text = " ".join(pdf_text(protocol.build_protocol(conference.id), tmp_path).split())
    assert "Mandatsprüfung und Beschlussfähigkeit" in text
    assert "A1: zu wenige (bei Öffnung) 2 / 4: nicht beschlussfähig" in text
    assert "A2: genug (bei Öffnung) 3 / 4: beschlussfähig" in text
    assert "Delegierte 03 → Sami Ersatz (übertragen)" in text
