"""The desk's transfer form: a choice must be made, and the desk confirms it before the vote
moves (a wrong transfer cannot be taken back while a poll is open)."""

from __future__ import annotations

from app.extensions import db
from app.models import Delegate
from tests.app.chair.helpers import login, make_conference, make_delegate


def represents(delegate_id: int) -> int | None:
    delegate = db.session.get(Delegate, delegate_id)
    db.session.refresh(delegate)
    return delegate.represents_id


def test_transfer_choice_starts_empty_and_is_required(app, client):
    conference = make_conference()
    absent = make_delegate(conference, "Abwesend")
    sub = make_delegate(conference, "Ersatz", is_substitute=True, present=True)
    login(client, "checkin")
    page = client.get("/checkin/").get_data(as_text=True)
    assert (f'<select id="transfer-{sub.id}" name="delegate_id" required>'
            '<option value="" selected>– bitte wählen –</option>'
            f'<option value="{absent.id}">Abwesend</option></select>') in page
    assert 'aria-label="Übertragen an Ersatz">Übertragen …</button>' in page


def test_transfer_without_choice_is_refused_and_changes_nothing(app, client):
    conference = make_conference()
    make_delegate(conference, "Abwesend")
    sub = make_delegate(conference, "Ersatz", is_substitute=True, present=True)
    login(client, "checkin")
    attempts = [
        lambda: client.get(f"/checkin/{sub.id}/transfer?delegate_id=&q=Er"),
        lambda: client.post(f"/checkin/{sub.id}/transfer", data={"delegate_id": ""}),
        lambda: client.post(f"/checkin/{sub.id}/transfer", data={"delegate_id": "x"}),
        lambda: client.post(f"/checkin/{sub.id}/transfer", data={"delegate_id": "9" * 30}),
    ]
    for attempt in attempts:
        answer = attempt()
        assert answer.status_code == 302
        assert represents(sub.id) is None
        page = client.get("/checkin/").get_data(as_text=True)
        assert "Bitte auswählen, wessen Stimme übertragen wird." in page
    assert attempts[0]().headers["Location"].endswith("/checkin/?q=Er")


def test_transfer_is_confirmed_before_the_vote_moves(app, client):
    conference = make_conference()
    absent = make_delegate(conference, "Anna Albrecht", delegation="OV Nord")
    sub = make_delegate(conference, "Rosa Krüger", delegation="OV Süd", is_substitute=True,
                        present=True)
    login(client, "checkin")

    confirm = client.get(f"/checkin/{sub.id}/transfer?delegate_id={absent.id}&q=Ro")

    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert "Rosa Krüger (OV Süd) übernimmt die Stimme von Anna Albrecht (OV Nord)." in page
    assert f'<input type="hidden" name="delegate_id" value="{absent.id}">' in page
    assert 'href="/checkin/?q=Ro">Abbrechen</a>' in page
    assert represents(sub.id) is None

    done = client.post(f"/checkin/{sub.id}/transfer",
                       data={"delegate_id": str(absent.id), "q": "Ro"})
    assert done.headers["Location"].endswith("/checkin/?q=Ro")
    assert represents(sub.id) == absent.id


def test_confirmation_of_an_impossible_transfer_goes_back_with_the_reason(app, client):
    conference = make_conference()
    present = make_delegate(conference, "Anwesend", present=True)
    sub = make_delegate(conference, "Ersatz", is_substitute=True, present=True)
    login(client, "checkin")
    answer = client.get(f"/checkin/{sub.id}/transfer?delegate_id={present.id}")
    assert answer.status_code == 302
    assert "Anwesend ist anwesend; nur die Stimme Abwesender kann übertragen werden." in \
        client.get("/checkin/").get_data(as_text=True)
    assert represents(sub.id) is None


def test_transfer_and_end_through_the_desk(app, client):
    conference = make_conference()
    absent = make_delegate(conference, "Abwesend")
    sub = make_delegate(conference, "Ersatz", is_substitute=True, present=True)
    login(client, "checkin")
    client.post(f"/checkin/{sub.id}/transfer", data={"delegate_id": str(absent.id)})
    assert represents(sub.id) == absent.id
    page = client.get("/checkin/").get_data(as_text=True)
    assert "Ersatz hält jetzt die Stimme von Abwesend." in page
    assert "vertreten durch Ersatz" in page
    assert 'aria-label="Vertretung beenden: Ersatz">Vertretung beenden</button>' in page
    assert client.get("/checkin/counts.json").get_json()["entitled"] == 1
    # the represented delegate arrives: refused until the transfer ends
    client.post(f"/checkin/{absent.id}/presence", data={"present": "1"})
    assert db.session.get(Delegate, absent.id).present is False
    assert "Erst die Stimmübertragung beenden, dann einchecken." in \
        client.get("/checkin/").get_data(as_text=True)
    client.post(f"/checkin/{sub.id}/transfer/end")
    assert represents(sub.id) is None
    client.post(f"/checkin/{absent.id}/presence", data={"present": "1"})
    db.session.refresh(db.session.get(Delegate, absent.id))
    assert db.session.get(Delegate, absent.id).present is True
