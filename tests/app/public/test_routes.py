import hashlib
from pathlib import Path

from app.services.polls.lifecycle import close_poll, open_poll
from tests.app.vote.factories import (
    Phone,
    election_contest,
    make_conference,
    make_delegate,
    make_poll,
)

JS = Path(__file__).resolve().parents[3] / "app" / "static" / "js"


def test_conference_page_lists_open_and_closed_polls_but_not_drafts(app, client):
    conference = make_conference("Parteitag Nord")
    make_delegate(conference)
    make_poll(conference, {"kind": "motion", "title": "Entwurf geheim",
                           "rules": {"preset": "motion-simple", "overrides": {}}})
    open_poll(make_poll(conference).id)

    index = client.get("/public/").get_data(as_text=True)
    page = client.get(f"/public/c/{conference.id}").get_data(as_text=True)

    assert "Parteitag Nord" in index
    assert "Antrag A1: Satzungsänderung" in page
    assert "Entwurf geheim" not in page


def test_open_poll_page_shows_counts_and_no_ballots(app, client):
    conference = make_conference()
    phone = Phone(client, make_delegate(conference)[1])
    make_delegate(conference, "Bert")
    poll = open_poll(make_poll(conference).id)
    phone.fetch_credential(poll)
    phone.cast(poll, {"marks": {"motion": "Y"}})

    status = client.get(f"/api/v1/polls/{poll.public_id}").get_json()
    html = client.get(f"/public/p/{poll.public_id}").get_data(as_text=True)

    assert status == {"public_id": poll.public_id, "title": poll.title, "kind": "motion",
                      "state": "open", "present_at_open": 2, "issued": 1, "cast": 1,
                      "paper_issued": 0, "key_fingerprint": poll.key_fingerprint}
    assert 'data-count="cast">1<' in html
    assert "Alle Stimmzettel" not in html
    assert poll.key_fingerprint in html
    assert "js/bulletin.js" in html


def test_closed_poll_lists_every_ballot_sorted_and_finds_a_tracker(app, client):
    conference = make_conference()
    phones = [Phone(client, make_delegate(conference, f"P{i}")[1]) for i in range(3)]
    poll = open_poll(make_poll(conference, election_contest(("Anna", "Berta"), seats=2)).id)
    trackers = []
    for phone, ballot in zip(phones, ({"marks": {"C1": "Y", "C2": "N"}},
                                      {"marks": {}, "global": "abstain_all"},
                                      {"marks": {"C2": "Y"}}), strict=True):
        phone.fetch_credential(poll)
        trackers.append(phone.cast(poll, ballot).get_json()["tracker"])
    close_poll(poll.id)

    html = client.get(f"/public/p/{poll.public_id}").get_data(as_text=True)
    found = client.get(f"/public/p/{poll.public_id}?tracker={trackers[0].lower()}")
    missing = client.get(f"/public/p/{poll.public_id}?tracker=0000-0000-00")
    bad = client.get(f"/public/p/{poll.public_id}?tracker=xyz")

    positions = [html.index(t) for t in sorted(trackers)]
    assert positions == sorted(positions)
    assert "Anna: Ja · Berta: Nein" in html
    assert "Enthaltung zu allen" in html
    assert "Anna: Enthaltung · Berta: Ja" in html
    text = found.get_data(as_text=True)
    assert f"Ihr Stimmzettel {trackers[0]} ist in der Liste" in text
    assert trackers[1] not in text
    assert "Kein Stimmzettel mit dem Code 0000-0000-00" in missing.get_data(as_text=True)
    assert "Ein Quittungscode hat 10 Zeichen" in bad.get_data(as_text=True)
    assert "Ergebnis" in html


def test_poll_page_publishes_the_hash_of_the_served_phone_js(app, client):
    conference = make_conference()
    poll = open_poll(make_poll(conference).id)
    html = client.get(f"/public/p/{poll.public_id}").get_data(as_text=True)
    for name in ("rsabssa.js", "phone.js", "ballot_form.js", "api.js", "store.js"):
        response = client.get(f"/static/js/{name}")
        served = response.get_data()
        response.close()
        assert hashlib.sha256(served).hexdigest() in html
        assert served == (JS / name).read_bytes()


def test_draft_and_unknown_polls_are_not_public(app, client):
    conference = make_conference()
    draft = make_poll(conference)
    assert client.get(f"/public/p/{draft.public_id}").status_code == 404
    answer = client.get(f"/api/v1/polls/{draft.public_id}")
    assert (answer.status_code, answer.get_json()["code"]) == (404, "unknown_poll")
    assert client.get("/public/p/nope").status_code == 404
