"""The commission's paper totals as the round page posts them: a field that is not a whole
number from 0 up is named by its label (German or English), every such field at once, and
nothing is stored."""

from __future__ import annotations

import pytest

from app.enums import PollState
from app.extensions import db
from app.models import AuditEvent, PaperTotals, Poll
from tests.app.chair.helpers import login
from tests.app.chair.round_factories import candidate_ids, make_women_paper_round
from tests.app.vote.factories import make_conference


def sheet(poll: Poll, **fields: str) -> dict[str, str]:
    """A complete, consistent sheet (10 ballots: Ada 7, Bea 5, Cleo 3 Ja), then ``fields``."""
    form = {"issued": "10", "cast": "10", "invalid": "0"}
    for name, yes in (("Ada", 7), ("Bea", 5), ("Cleo", 3)):
        cid = candidate_ids(poll)[name]
        form.update({f"{cid}-Y": str(yes), f"{cid}-N": "0", f"{cid}-A": str(10 - yes)})
    form.update(fields)
    return form


def nothing_stored(poll: Poll, events_before: int) -> bool:
    db.session.expire_all()
    return (db.session.get(Poll, poll.id).state == PollState.OPEN.value
            and db.session.get(PaperTotals, poll.id) is None
            and db.session.scalar(db.select(db.func.count()).select_from(AuditEvent))
            == events_before)


def events() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(AuditEvent))


@pytest.mark.parametrize(("field", "value", "label"), [
    ("cast", "-1", "abgegebene Stimmzettel"),
    ("issued", "zehn", "ausgegebene Stimmzettel"),
    ("invalid", "1.5", "ungültige Stimmzettel"),
    ("invalid", "²", "ungültige Stimmzettel"),
])
def test_a_bad_number_names_the_field_and_what_is_allowed(app, client, field, value, label):
    _election, poll = make_women_paper_round()
    login(client)
    before = events()

    page = client.post(f"/chair/polls/{poll.id}/round/paper", data=sheet(poll, **{field: value}),
                       follow_redirects=True)

    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"„{value}“ bei „{label}“: bitte eine ganze Zahl ab 0 eintragen." in text
    assert "Feld " + field not in text
    assert nothing_stored(poll, before)


def test_every_bad_field_is_named_at_once_with_candidate_and_column(app, client):
    _election, poll = make_women_paper_round()
    login(client)
    before = events()
    bea = candidate_ids(poll)["Bea"]

    page = client.post(f"/chair/polls/{poll.id}/round/paper",
                       data=sheet(poll, cast="-1", **{f"{bea}-N": "x", "ground0": "zerrissen",
                                                      "ground0-count": "-2"}),
                       follow_redirects=True)

    text = page.get_data(as_text=True)
    assert "„-1“ bei „abgegebene Stimmzettel“: bitte eine ganze Zahl ab 0 eintragen." in text
    assert "„x“ bei „Bea: Nein“: bitte eine ganze Zahl ab 0 eintragen." in text
    assert ("„-2“ bei „Anzahl zum Ungültigkeitsgrund 1“: bitte eine ganze Zahl ab 0 eintragen."
            in text)
    assert nothing_stored(poll, before)


def test_english_label_and_rule(app, client):
    _election, poll = make_women_paper_round()
    login(client)
    client.get("/language/en")

    page = client.post(f"/chair/polls/{poll.id}/round/paper", data=sheet(poll, cast="-1"),
                       follow_redirects=True)

    assert ("“-1” in “ballot papers cast”: please enter a whole number from 0 up."
            in page.get_data(as_text=True))


def test_a_good_sheet_is_still_counted(app, client):
    _election, poll = make_women_paper_round()
    login(client)

    page = client.post(f"/chair/polls/{poll.id}/round/paper", data=sheet(poll),
                       follow_redirects=True)

    assert "Papierergebnis erfasst und ausgezählt." in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Poll, poll.id).state == PollState.CLOSED.value
    assert db.session.get(PaperTotals, poll.id).cast == 10


def test_a_poll_of_another_conference_is_refused(app, client):
    _election, poll = make_women_paper_round("Parteitag 2025")
    make_conference("Parteitag 2026")
    login(client)
    before = events()

    page = client.post(f"/chair/polls/{poll.id}/round/paper", data=sheet(poll))

    # one conference-scoped getter for every chair action: another conference's poll is a 404
    assert page.status_code == 404
    assert "Diese Abstimmung gibt es nicht." in page.get_data(as_text=True)
    assert nothing_stored(poll, before)
