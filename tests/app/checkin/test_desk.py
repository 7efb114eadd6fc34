"""The check-in desk's pages and its JSON counts."""

from __future__ import annotations

from app.extensions import db
from app.models import Delegate
from tests.app.chair.helpers import login, make_conference, make_delegate


def state(delegate_id: int) -> tuple[bool, int | None]:
    delegate = db.session.get(Delegate, delegate_id)
    db.session.refresh(delegate)
    return delegate.present, delegate.represents_id


def test_counts_json_needs_login(app, client):
    make_conference()
    response = client.get("/checkin/counts.json")
    assert response.status_code == 401


def test_counts_json_for_the_desk(app, client):
    conference = make_conference()
    make_delegate(conference, "A", present=True)
    make_delegate(conference, "B")
    make_delegate(conference, "C", is_substitute=True, present=True)
    login(client, "checkin")
    assert client.get("/checkin/counts.json").get_json() == {
        "present": 2, "entitled": 1, "with_vote": 2, "total": 3, "substitutes": 1,
        "booths": [{"number": 1, "state": "offline", "label": "nicht verbunden"}],
        "refused_cards": 0, "quorate": False, "required": 2,
        "quorum_text": "nicht beschlussfähig: 1 von 2 Stimmberechtigten anwesend (nötig: 2)"}


def test_protocol_keeper_may_not_use_the_desk(app, client):
    make_conference()
    login(client, "protocol")
    assert client.get("/checkin/").status_code == 403
    assert client.get("/checkin/counts.json").status_code == 403


def test_search_shows_matching_delegates_only(app, client):
    conference = make_conference()
    make_delegate(conference, "Anna Albrecht", delegation="OV Nord")
    make_delegate(conference, "Bernd Brandt", delegation="OV Süd")
    login(client, "checkin")
    page = client.get("/checkin/?q=albr").get_data(as_text=True)
    assert "Anna Albrecht" in page
    assert "Bernd Brandt" not in page
    assert 'src="/static/js/checkin.js' in page


def test_check_in_and_out_updates_counts(app, client):
    conference = make_conference()
    anna = make_delegate(conference, "Anna")
    login(client, "checkin")
    response = client.post(f"/checkin/{anna.id}/presence", data={"present": "1", "q": "An"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/checkin/?q=An")
    assert state(anna.id) == (True, None)
    assert client.get("/checkin/counts.json").get_json()["entitled"] == 1
    assert "Anna ist eingecheckt." in client.get("/checkin/?q=An").get_data(as_text=True)
    client.post(f"/checkin/{anna.id}/presence", data={"present": "0"})
    assert state(anna.id) == (False, None)
    assert client.get("/checkin/counts.json").get_json()["entitled"] == 0
    assert "Anna ist ausgecheckt." in client.get("/checkin/").get_data(as_text=True)


def test_desk_buttons_say_check_in_and_out_and_name_the_person(app, client):
    """Not the top bar's logout words; a screen reader hears whom each button is for."""
    conference = make_conference()
    make_delegate(conference, "Anna Albrecht")
    make_delegate(conference, "Bernd Brandt", present=True)
    login(client, "checkin")
    page = client.get("/checkin/").get_data(as_text=True)
    assert 'aria-label="Einchecken: Anna Albrecht">Einchecken</button>' in page
    assert 'aria-label="Auschecken: Bernd Brandt">Auschecken</button>' in page
    assert 'aria-label="Karte verloren: Anna Albrecht"' in page
    assert page.count(">Abmelden</button>") == 1  # the logout in the top bar
    assert ">Anmelden</button>" not in page


def test_desk_without_conference(app, client):
    login(client, "checkin")
    assert "Noch keine Versammlung angelegt." in client.get("/checkin/").get_data(as_text=True)
    assert client.get("/checkin/counts.json").get_json()["code"] == "no_conference"


def test_lost_card_asks_before_revoking(app, client):
    conference = make_conference()
    anna = make_delegate(conference, "Anna", token_hash="a" * 64, card_number=2)
    login(client, "checkin")
    page = client.get(f"/checkin/{anna.id}/reissue?q=An").get_data(as_text=True)
    assert "Karte 2 wird sofort gesperrt" in page
    assert "neuen Karte 3" in page
    db.session.refresh(anna)
    assert (anna.token_hash, anna.card_number) == ("a" * 64, 2)


def test_lost_card_page_for_another_conference_is_404(app, client):
    stranger = make_delegate(make_conference("Alt"), "Fremd")
    make_conference("Neu")
    login(client, "checkin")
    assert client.get(f"/checkin/{stranger.id}/reissue").status_code == 404


def test_search_says_when_results_are_cut(app, client):
    conference = make_conference()
    for i in range(51):
        make_delegate(conference, f"Person {i:02d}")
    login(client, "checkin")
    page = client.get("/checkin/").get_data(as_text=True)
    assert "Nur die ersten 50 Treffer" in page
    assert "Person 49" in page and "Person 50" not in page


def test_desk_shows_which_card_is_valid(app, client):
    conference = make_conference()
    make_delegate(conference, "Anna", token_hash="a" * 64, card_number=2)
    make_delegate(conference, "Bernd", card_number=1)  # revoked
    make_delegate(conference, "Carla")
    login(client, "checkin")
    page = client.get("/checkin/").get_data(as_text=True)
    assert "gültig: Karte 2" in page
    assert "Karte 1 gesperrt" in page
    assert "keine Karte" in page
