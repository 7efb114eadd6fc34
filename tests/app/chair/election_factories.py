"""Plain factories for the election set-up tests: the chair's forms, posted as a chair would."""

from __future__ import annotations

from app.extensions import db
from app.models import Election, Poll
from app.services.polls import paper

WOMEN = [("Zora Adler", "Frau"), ("Anna Zimmer", "Frau"), ("Bea Maier", "Frau")]
MEN = [("Xaver Bauer", "offen"), ("Carl Yilmaz", "offen")]


def new_election(client, *, preset: str = "linke-delegates", seats: int = 4,
                 title: str = "Delegierte zum Landesparteitag") -> Election:
    response = client.post("/chair/elections/new",
                           data={"title": title, "preset": preset, "seats": str(seats)})
    assert response.status_code == 302
    election = db.session.scalar(db.select(Election).order_by(Election.id.desc()))
    assert response.headers["Location"] == f"/chair/elections/{election.id}"
    return election


def nominate(client, election: Election, people) -> None:
    for name, group in people:
        page = client.post(f"/chair/elections/{election.id}/candidates",
                           data={"name": name, "group": group}, follow_redirects=True)
        assert f"{name} kandidiert." in page.get_data(as_text=True)


def names(poll: Poll) -> list[str]:
    return [c["name"] for c in poll.contest["candidates"]]


def close_on_paper(poll: Poll, yes: dict[str, int], *, ballots: int = 10) -> Poll:
    """Enter paper totals (no Nein) so the round closes with these Ja counts."""
    ids = {c["name"]: c["id"] for c in poll.contest["candidates"]}
    counts = {ids[n]: {"Y": y, "N": 0, "A": ballots - y} for n, y in yes.items()}
    return paper.enter_paper_totals(poll.id, paper.PaperEntry(
        issued=ballots, cast=ballots, invalid=0, grounds={}, counts=counts, entered_by="WK"))
