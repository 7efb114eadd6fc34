"""The candidate list of an election: nominating, withdrawing and taking back, group aliases,
and the list fixed once the first round is open."""

from __future__ import annotations

import re

from app.extensions import db
from app.models import Candidate, Poll
from app.services.polls.lifecycle import open_poll
from tests.app.chair.election_factories import MEN, WOMEN, names, new_election, nominate
from tests.app.vote.factories import make_delegate


def test_nominate_withdraw_and_take_back(chair, client):
    election = new_election(client)
    nominate(client, election, [*WOMEN, *MEN])
    page = client.get(f"/chair/elections/{election.id}").get_data(as_text=True)
    listed = re.findall(r'<span class="candidate-name">(.*?)</span>', page)
    assert listed == ["Zora Adler", "Xaver Bauer", "Bea Maier", "Carl Yilmaz", "Anna Zimmer"]
    page = client.post(f"/chair/elections/{election.id}/candidates",
                       data={"name": "zora  adler", "group": "Frau"},
                       follow_redirects=True).get_data(as_text=True)
    assert "„zora adler“ steht schon auf der Liste." in page
    bea = db.session.scalar(db.select(Candidate).where(Candidate.name == "Bea Maier"))
    page = client.post(f"/chair/elections/{election.id}/candidates/{bea.id}/withdraw",
                       data={"withdrawn": "1"}, follow_redirects=True).get_data(as_text=True)
    assert "Bea Maier hat die Kandidatur zurückgezogen." in page
    assert "Frau · zurückgezogen" in page
    db.session.refresh(bea)
    assert bea.withdrawn is True
    client.post(f"/chair/elections/{election.id}/start")
    assert names(db.session.scalar(db.select(Poll))) == ["Zora Adler", "Anna Zimmer"]
    page = client.post(f"/chair/elections/{election.id}/candidates/{bea.id}/withdraw",
                       data={"withdrawn": "0"}, follow_redirects=True).get_data(as_text=True)
    assert "Bea Maier kandidiert wieder." in page
    db.session.expire_all()
    assert db.session.get(Candidate, bea.id).withdrawn is False
    # the draft first round follows the list
    assert names(db.session.scalar(db.select(Poll))) == ["Zora Adler", "Bea Maier",
                                                         "Anna Zimmer"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Candidate)) == 5


def test_group_aliases_are_read_like_the_roster(chair, client):
    election = new_election(client)
    client.post(f"/chair/elections/{election.id}/candidates", data={"name": "Ida", "group": "w"})
    assert db.session.scalar(db.select(Candidate.quota_group)) == "Frau"


def test_list_is_fixed_once_the_first_round_is_open(chair, client):
    conference = chair
    make_delegate(conference, "Delegierte 1")
    election = new_election(client)
    nominate(client, election, WOMEN)
    client.post(f"/chair/elections/{election.id}/start")
    open_poll(db.session.scalar(db.select(Poll)).id)
    page = client.post(f"/chair/elections/{election.id}/candidates",
                       data={"name": "Nora Neu", "group": "Frau"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Die Kandidatenliste steht fest, seit der erste Wahlgang geöffnet wurde." in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Candidate)) == 3
    assert "Beschluss eintragen" not in page
