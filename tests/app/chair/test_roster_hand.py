"""Adding and editing delegates by hand on the chair's roster pages."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Delegate
from app.services.roster.delegates import DelegateFields, RosterError, add_delegate, update_delegate
from tests.app.chair.helpers import login, make_conference, make_delegate, roster_rows

ADD_FORM_OPEN = '<details class="card" id="roster-add" open>'


def test_add_delegate_by_hand(app, client):
    conference = make_conference()
    login(client)
    response = client.post("/chair/roster/add", data={
        "name": "  Elif   Yıldız ", "delegation": "OV Süd", "quota_group": "Frau",
        "has_vote": "y"})
    assert response.status_code == 302
    assert roster_rows(conference) == [("Elif Yıldız", "OV Süd", "Frau", True, False)]


def test_add_delegate_duplicate_name_is_refused(app, client):
    conference = make_conference()
    make_delegate(conference, "Elif Yıldız")
    login(client)
    response = client.post("/chair/roster/add", data={"name": "elif yıldız"})
    assert response.status_code == 400
    assert "„Elif Yıldız“ steht schon auf der Delegiertenliste." in response.get_data(as_text=True)
    assert roster_rows(conference) == [("Elif Yıldız", "", "", True, False)]


def test_edit_delegate(app, client):
    conference = make_conference()
    delegate = make_delegate(conference, "Anna")
    login(client)
    assert "Anna" in client.get(f"/chair/roster/{delegate.id}").get_data(as_text=True)
    response = client.post(f"/chair/roster/{delegate.id}", data={
        "name": "Anna Beispiel", "delegation": "OV West", "quota_group": "Frau",
        "is_substitute": "y"})
    assert response.status_code == 302
    assert roster_rows(conference) == [("Anna Beispiel", "OV West", "Frau", False, True)]


def test_edit_delegate_of_another_conference_is_404(app, client):
    other = make_conference("Alt")
    stranger = make_delegate(other, "Fremd")
    make_conference("Neu")
    login(client)
    assert client.get(f"/chair/roster/{stranger.id}").status_code == 404
    assert db.session.get(Delegate, stranger.id).name == "Fremd"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "Anna Albrecht", "quota_group": "q" * 60},
         "Die Quotengruppe darf höchstens 40 Zeichen lang sein (eingegeben: 60)."),
        ({"name": "Anna Albrecht", "delegation": "d" * 201},
         "Die Gliederung darf höchstens 200 Zeichen lang sein (eingegeben: 201)."),
        ({"name": "A" * 201}, "Der Name darf höchstens 200 Zeichen lang sein (eingegeben: 201)."),
        ({"name": "   ", "delegation": "OV Nord"}, "Bitte den Namen angeben."),
    ],
)
def test_add_delegate_names_the_wrong_field_and_keeps_the_form_open(app, client, fields,
                                                                    message):
    """QA: a valid name with a 60-character quota group said "Bitte den Namen angeben
    (höchstens 200 Zeichen)" and collapsed the form."""
    conference = make_conference()
    login(client)

    response = client.post("/chair/roster/add", data=fields)

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<p class="field-error" role="alert">{message}</p>' in page
    assert page.count('class="field-error"') == 1
    assert "Nicht gespeichert: bitte die markierten Angaben korrigieren." in page
    assert "Bitte den Namen angeben (höchstens" not in page
    assert ADD_FORM_OPEN in page
    for value in fields.values():
        if value.strip():
            assert f'value="{value}"' in page
    assert roster_rows(conference) == []


def test_add_delegate_refused_by_the_service_keeps_the_form_open(app, client):
    conference = make_conference()
    elif_ = make_delegate(conference, "Elif Yıldız")
    elif_.delegation = "OV Süd"  # the same person: same name, same Ortsverband
    db.session.commit()
    login(client)
    response = client.post("/chair/roster/add", data={"name": "elif yıldız",
                                                      "delegation": "OV Süd"})
    page = response.get_data(as_text=True)
    assert ADD_FORM_OPEN in page
    assert 'value="elif yıldız"' in page and 'value="OV Süd"' in page


def test_roster_page_keeps_the_add_form_closed_until_needed(app, client):
    make_delegate(make_conference(), "Anna")
    login(client)
    page = client.get("/chair/roster").get_data(as_text=True)
    assert '<details class="card" id="roster-add">' in page


def test_edit_delegate_names_the_wrong_field(app, client):
    conference = make_conference()
    delegate = make_delegate(conference, "Anna", quota_group="Frau")
    login(client)
    response = client.post(f"/chair/roster/{delegate.id}", data={
        "name": "Anna", "quota_group": "q" * 41})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Die Quotengruppe darf höchstens 40 Zeichen lang sein (eingegeben: 41)." in page
    assert "Nicht gespeichert: bitte die markierten Angaben korrigieren." in page
    assert roster_rows(conference) == [("Anna", "", "Frau", True, False)]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (DelegateFields(name="Anna", quota_group="q" * 41),
         "Die Quotengruppe darf höchstens 40 Zeichen lang sein (eingegeben: 41)."),
        (DelegateFields(name="Anna", delegation="d" * 201),
         "Die Gliederung darf höchstens 200 Zeichen lang sein (eingegeben: 201)."),
        (DelegateFields(name=" "), "Bitte den Namen angeben."),
    ],
)
def test_service_messages_name_the_field_as_the_form_does(app, fields, message):
    """Not the column name ("quota_group ist zu lang"): the service's own check, behind the
    form's, says the same sentence."""
    conference = make_conference()
    anna = make_delegate(conference, "Anna", quota_group="Frau")
    with app.test_request_context():
        with pytest.raises(RosterError) as added:
            add_delegate(conference.id, fields)
        with pytest.raises(RosterError) as updated:
            update_delegate(conference.id, anna.id, fields)
    assert str(added.value) == str(updated.value) == message
    assert roster_rows(conference) == [("Anna", "", "Frau", True, False)]
    assert db.session.get(Delegate, anna.id).quota_group == "Frau"
