"""Plain factories for the round page's tests: a DIE LINKE women's round counted on paper."""

from __future__ import annotations

from app.extensions import db
from app.models import Candidate, Election, Poll
from app.services.elections import rounds
from app.services.polls import paper
from app.services.polls.lifecycle import open_poll
from tests.app.vote.factories import make_conference, make_delegate


def make_women_paper_round(title: str = "Kreisparteitag Annahme") -> tuple[Election, Poll]:
    """DIE LINKE delegates, 4 seats, 10 present; the women's round (2 seats: Ada, Bea, Cleo)
    opened on paper, waiting for the commission's totals."""
    conference = make_conference(title)
    for i in range(10):
        make_delegate(conference, f"D{i}")
    election = Election(conference_id=conference.id, title="Delegierte", preset="linke-delegates",
                        seats=4)
    db.session.add(election)
    db.session.flush()
    for name, group in (("Ada", "Frau"), ("Bea", "Frau"), ("Cleo", "Frau"), ("Emil", "offen")):
        db.session.add(Candidate(election_id=election.id, name=name, quota_group=group))
    db.session.commit()
    return election, open_poll(rounds.create_first_round(election.id, paper=True).id)


def candidate_ids(poll: Poll) -> dict[str, str]:
    """Name → contest id (``C<row id>``)."""
    return {c["name"]: c["id"] for c in poll.contest["candidates"]}


def make_counted_women_round(title: str = "Kreisparteitag Annahme") -> tuple[Election, Poll]:
    """The women's round counted: Ada (7 Ja) and Bea (5 Ja) elected; Cleo (3 Ja, 0 Nein) is
    the women's first substitute."""
    election, poll = make_women_paper_round(title)
    ids = candidate_ids(poll)
    counts = {ids[name]: {"Y": yes, "N": 0, "A": 10 - yes}
              for name, yes in (("Ada", 7), ("Bea", 5), ("Cleo", 3))}
    poll = paper.enter_paper_totals(poll.id, paper.PaperEntry(issued=10, cast=10, invalid=0,
                                                              counts=counts))
    return election, poll
