"""The elections list and a set-up page's rounds in words people read: the preset's title
(not its file name), "1 Platz" and "1 Kandidatur" counted with ngettext; opening a round from
the set-up page asks first, like the overview."""

from __future__ import annotations

import re

from app.extensions import db
from app.models import Poll
from tests.app.chair.election_factories import new_election, nominate
from tests.app.vote.factories import make_delegate


def test_elections_list_names_the_preset_and_counts_in_words(chair, client):
    one = new_election(client, preset="association", seats=1, title="Kasse")
    nominate(client, one, [("Anna Albrecht", "Frau")])
    two = new_election(client, preset="linke-board", seats=2, title="Vorstand")
    nominate(client, two, [("Bea Maier", "Frau"), ("Carl Yilmaz", "offen")])

    page = client.get("/chair/elections").get_data(as_text=True)
    lines = re.findall(r'<span class="muted">([^<]+)</span>', page)

    assert lines == ["Verein – Wahlen und Beschlüsse nach BGB § 32 · 1 Platz · 1 Kandidatur",
                     "DIE LINKE – Vorstandswahl · 2 Plätze · 2 Kandidaturen"]
    client.get("/language/en")
    page = client.get("/chair/elections").get_data(as_text=True)
    assert "DIE LINKE – election of the board · 2 seats · 2 candidates" in page
    assert "1 seat · 1 candidate" in page


def test_setup_round_counts_its_seat_and_opening_asks_first(chair, client):
    for name in ("D1", "D2", "D3"):
        make_delegate(chair, name)
    election = new_election(client, preset="association", seats=1, title="Kasse")
    nominate(client, election, [("Anna Albrecht", "Frau"), ("Bernd Brandt", "offen")])
    client.post(f"/chair/elections/{election.id}/start")
    poll = db.session.scalar(db.select(Poll))

    page = client.get(f"/chair/elections/{election.id}").get_data(as_text=True)

    assert "1 Platz · " in page and "1 Plätze" not in page
    form = re.search(rf'<form[^>]*action="/chair/polls/{poll.id}/open"[^>]*>', page)
    assert form is not None
    assert (f'data-confirm="„{poll.title}“ jetzt öffnen? Anwesend sind 3 Stimmberechtigte."'
            in form.group(0))
