"""The chair's choice of first round where the rules put a women's round first (DIE LINKE): as
the rules say, a women's round for all seats, or a mixed round for all seats — offered on the
set-up page, kept by the draft, refused when tampered with, and followed by the right rounds."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.models import Candidate, Election, Poll
from app.services.polls.lifecycle import open_poll
from tests.app.chair.election_factories import (
    MEN,
    WOMEN,
    close_on_paper,
    names,
    new_election,
    nominate,
)
from tests.app.vote.factories import make_delegate

NORA = ("Nora Neu", "Frau")
CHOICE = re.compile(
    r'<input type="radio" name="first_round" value="(\w*)"( checked)?( disabled)?>\s*'
    r'<span><strong>(.*?)</strong><br><span class="muted">(.*?)</span>')


def choices_offered(page: str) -> list[tuple[str, bool, bool, str, str]]:
    """(value, checked, disabled, label, what it creates or why not) per first-round choice."""
    return [(value, bool(checked), bool(disabled), label, text)
            for value, checked, disabled, label, text in CHOICE.findall(page)]


def start(client, election: Election, choice: str) -> str:
    return client.post(f"/chair/elections/{election.id}/start",
                       data={"first_round": choice, "paper": "1"},
                       follow_redirects=True).get_data(as_text=True)


def only_poll() -> Poll:
    (poll,) = db.session.scalars(db.select(Poll)).all()
    return poll


def hall_of(conference, n: int = 10) -> None:
    for i in range(n):
        make_delegate(conference, f"Delegierte {i}")


def test_setup_page_offers_the_three_first_rounds_with_what_each_creates(chair, client):
    election = new_election(client, seats=4)
    nominate(client, election, [*WOMEN, *MEN])
    page = client.get(f"/chair/elections/{election.id}").get_data(as_text=True)
    assert choices_offered(page) == [
        ("", True, False,
         "Wie die Satzung es vorsieht: erst Frauenwahlgang, dann gemischter Wahlgang",
         "Frauenwahlgang für 2 Plätze mit 3 Kandidatinnen (Zora Adler, Bea Maier, Anna "
         "Zimmer). Danach gemischter Wahlgang für 2 Plätze: alle anderen und die Frauen, die "
         "nicht gewählt sind."),
        ("women", False, True,
         "Nur Frauenwahlgang für alle Plätze (eine eigene Wahl der Frauenplätze)",
         "Nicht möglich: Im Frauenwahlgang für alle Plätze kandidieren nur Frauen (Gruppe "
         "„Frau“); nicht in dieser Gruppe: Xaver Bauer, Carl Yilmaz."),
        ("mixed", False, False,
         "Nur gemischter Wahlgang für alle Plätze (die Frauenplätze wurden vorher gesondert "
         "gewählt)",
         "Gemischter Wahlgang für 4 Plätze mit 5 Kandidaturen, ohne Frauenwahlgang davor."),
    ]


def test_mixed_round_only_takes_everyone_for_all_seats_and_never_a_womens_round(chair, client):
    hall_of(chair)
    election = new_election(client, seats=2)
    nominate(client, election, [*WOMEN, *MEN])
    page = start(client, election, "mixed")
    assert ("Angelegt: Delegierte zum Landesparteitag – 1. Wahlgang (gemischter Wahlgang). "
            "Zum Abstimmen jetzt öffnen.") in page
    assert ('<p id="first-round-kind"><strong>Wie wird gewählt?</strong> Nur gemischter '
            'Wahlgang für alle Plätze (die Frauenplätze wurden vorher gesondert gewählt)</p>'
            ) in page
    poll = only_poll()
    assert poll.contest["round"] == {"number": 1, "kind": "mixed"}
    assert (poll.contest["seats"], poll.paper) == (2, True)
    assert names(poll) == ["Zora Adler", "Xaver Bauer", "Bea Maier", "Carl Yilmaz",
                           "Anna Zimmer"]
    db.session.refresh(election)
    assert election.first_round_kind == "mixed"

    # one seat filled, one open: the next round is a further mixed round, not a women's round
    poll = close_on_paper(open_poll(poll.id), {"Zora Adler": 6, "Xaver Bauer": 0,
                                               "Bea Maier": 0, "Carl Yilmaz": 0,
                                               "Anna Zimmer": 0})
    panel = client.get(f"/chair/polls/{poll.id}/round").get_data(as_text=True)
    assert 'id="next-round"' in panel
    assert "Gemischten Wahlgang parallel anlegen" not in panel
    client.post(f"/chair/polls/{poll.id}/round/next", data={"paper": "1"})
    further = db.session.scalar(db.select(Poll).where(Poll.id != poll.id))
    assert (further.contest["round"]["kind"], further.contest["round"]["base_kind"],
            further.contest["seats"]) == ("further", "mixed", 1)
    assert names(further) == ["Xaver Bauer", "Bea Maier", "Carl Yilmaz", "Anna Zimmer"]
    kinds = [p.contest["round"]["kind"] for p in db.session.scalars(db.select(Poll))]
    assert "women" not in kinds


def test_womens_round_for_all_seats_then_the_election_is_complete(chair, client):
    hall_of(chair)
    election = new_election(client, seats=3, title="Frauenplätze im Vorstand")
    nominate(client, election, [*WOMEN, NORA])
    page = client.get(f"/chair/elections/{election.id}").get_data(as_text=True)
    assert choices_offered(page)[1][1:] == (
        False, False,
        "Nur Frauenwahlgang für alle Plätze (eine eigene Wahl der Frauenplätze)",
        "Frauenwahlgang für 3 Plätze mit 4 Kandidatinnen (Zora Adler, Bea Maier, Nora Neu, "
        "Anna Zimmer). Alle Plätze sind Frauenplätze: kein gemischter Wahlgang danach.")
    page = start(client, election, "women")
    assert "Angelegt: Frauenplätze im Vorstand – 1. Wahlgang (Frauenwahlgang)." in page
    assert ('<p id="first-round-kind"><strong>Wie wird gewählt?</strong> Nur Frauenwahlgang '
            'für alle Plätze (eine eigene Wahl der Frauenplätze)</p>') in page
    poll = only_poll()
    assert poll.contest["round"] == {"number": 1, "kind": "women"}
    assert poll.contest["seats"] == 3
    assert names(poll) == ["Zora Adler", "Bea Maier", "Nora Neu", "Anna Zimmer"]

    poll = close_on_paper(open_poll(poll.id), {"Zora Adler": 8, "Bea Maier": 6,
                                               "Nora Neu": 5, "Anna Zimmer": 3})
    elected = {c["id"]: c["name"] for c in poll.result["candidates"]}
    assert [elected[c] for c in poll.result["elected"]] == ["Zora Adler", "Bea Maier",
                                                            "Nora Neu"]
    panel = client.get(f"/chair/polls/{poll.id}/round").get_data(as_text=True)
    assert 'id="next-round"' not in panel
    assert "Gemischten Wahlgang parallel anlegen" not in panel
    assert ('<p id="election-complete">Alle Plätze dieser Wahl waren Frauenplätze: es folgt '
            'kein gemischter Wahlgang. Die Wahl ist abgeschlossen.</p>') in panel
    page = client.post(f"/chair/polls/{poll.id}/round/next", data={},
                       follow_redirects=True).get_data(as_text=True)
    assert "Alle Plätze dieser Wahl waren Frauenplätze" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Poll)) == 1


def test_womens_round_for_all_seats_refused_while_men_are_on_the_list(chair, client):
    election = new_election(client, seats=2)
    nominate(client, election, [*WOMEN, *MEN])
    page = start(client, election, "women")
    assert ('<p class="flash flash-error" role="alert">Im Frauenwahlgang für alle Plätze '
            'kandidieren nur Frauen (Gruppe „Frau“); nicht in dieser Gruppe: Xaver Bauer, '
            'Carl Yilmaz.</p>') in page
    assert db.session.scalars(db.select(Poll)).all() == []
    db.session.refresh(election)
    assert election.first_round_kind is None


@pytest.mark.parametrize(("preset", "value", "message"), [
    ("linke-delegates", "general", "Unbekannte Art des ersten Wahlgangs: „general“."),
    ("linke-delegates", "runoff", "Unbekannte Art des ersten Wahlgangs: „runoff“."),
    ("linke-delegates", "Frauen", "Unbekannte Art des ersten Wahlgangs: „Frauen“."),
    ("association", "mixed", "Unter diesen Regeln gibt es keinen Frauenwahlgang: der erste "
                             "Wahlgang ist einer für alle Plätze."),
    ("spd-quota", "women", "Unter diesen Regeln gibt es keinen Frauenwahlgang: der erste "
                           "Wahlgang ist einer für alle Plätze."),
])
def test_tampered_first_round_value_is_refused_and_nothing_changes(chair, client, preset,
                                                                   value, message):
    election = new_election(client, preset=preset, seats=2)
    nominate(client, election, [("Zora Adler", "Frau"), ("Bea Maier", "Frau")])
    page = start(client, election, value)
    assert f'<p class="flash flash-error" role="alert">{message}</p>' in page
    assert db.session.scalars(db.select(Poll)).all() == []
    db.session.refresh(election)
    assert election.first_round_kind is None


def test_draft_keeps_the_chosen_round_when_list_and_seats_change(chair, client):
    election = new_election(client, seats=2, title="Frauenplätze")
    nominate(client, election, WOMEN)
    start(client, election, "women")
    client.post(f"/chair/elections/{election.id}/basics",
                data={"title": "Frauenplätze", "preset": "linke-delegates", "seats": "3"})
    nominate(client, election, [NORA])
    poll = only_poll()
    assert (poll.contest["round"], poll.contest["seats"]) == ({"number": 1, "kind": "women"}, 3)
    assert names(poll) == ["Zora Adler", "Bea Maier", "Nora Neu", "Anna Zimmer"]

    # a man on the list of a women-only election: the draft cannot stay and says why
    page = client.post(f"/chair/elections/{election.id}/candidates",
                       data={"name": "Xaver Bauer", "group": "offen"},
                       follow_redirects=True).get_data(as_text=True)
    assert ("Der Entwurf des ersten Wahlgangs ist entfernt: Im Frauenwahlgang für alle Plätze "
            "kandidieren nur Frauen (Gruppe „Frau“); nicht in dieser Gruppe: Xaver Bauer.") in page
    assert db.session.scalars(db.select(Poll)).all() == []
    xaver = db.session.scalar(db.select(Candidate).where(Candidate.name == "Xaver Bauer"))
    page = client.post(f"/chair/elections/{election.id}/candidates/{xaver.id}/withdraw",
                       data={"withdrawn": "1"}, follow_redirects=True).get_data(as_text=True)
    assert choices_offered(page)[1][2] is False  # women-only can be chosen again


def test_mixed_draft_follows_a_new_nomination(chair, client):
    election = new_election(client, seats=1, title="Beisitz")
    nominate(client, election, MEN)
    start(client, election, "mixed")
    nominate(client, election, [NORA])
    poll = only_poll()
    assert (poll.contest["round"], poll.contest["seats"]) == ({"number": 1, "kind": "mixed"}, 1)
    assert names(poll) == ["Xaver Bauer", "Nora Neu", "Carl Yilmaz"]
