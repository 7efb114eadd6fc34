"""Plain factories for the protocol-keeper's tests: a paper election counted by the commission,
a motion nobody voted on, logins."""

from __future__ import annotations

from app.extensions import db
from app.models import Candidate, Conference, Election, Poll
from app.services.accounts import create_user
from app.services.elections import rounds
from app.services.polls import paper
from app.services.polls.lifecycle import close_poll, open_poll
from ballots.contest import contest_from_dict
from tests.app.vote.factories import make_conference, make_delegate, make_poll


def login(client, role: str = "protocol") -> None:
    create_user(f"{role}-user", "geheim-genug", role)
    response = client.post("/login", data={"username": f"{role}-user",
                                           "password": "geheim-genug"})
    assert response.status_code == 302


def make_paper_election(n_present: int = 5, *, conference: Conference | None = None,
                        seats: int = 2, title: str = "Vorstand",
                        names: tuple[str, ...] = ("Cem Çelik", "Anna Ärger", "Bodo Brandt"),
                        group: str = ""):
    """3 candidates for ``seats`` seats under the association preset (BGB § 32), counted on
    paper."""
    conference = conference or make_conference("Mitgliederversammlung Test")
    for i in range(n_present):
        make_delegate(conference, f"Mitglied {i}")
    election = Election(conference_id=conference.id, title=title, preset="association",
                        seats=seats)
    db.session.add(election)
    db.session.flush()
    for name in names:
        db.session.add(Candidate(election_id=election.id, name=name, quota_group=group))
    db.session.commit()
    poll = open_poll(rounds.create_first_round(election.id, paper=True).id)
    return conference, election, poll


def count_paper_election(poll: Poll, votes: tuple[int, int, int] = (4, 3, 1)) -> Poll:
    """Enter the commission's sheet: 5 ballots, ``votes`` for the candidates in ballot order
    (Anna Ärger, Bodo Brandt, Cem Çelik): Anna and Bodo are elected."""
    ids = [c["id"] for c in poll.contest["candidates"]]
    counts = {cid: {"votes": n} for cid, n in zip(ids, votes, strict=True)}
    if contest_from_dict(poll.contest).rules.ballot_form == "yes_no_abstain":
        counts = {cid: {"Y": n, "N": 0, "A": 5 - n} for cid, n in zip(ids, votes, strict=True)}
    return paper.enter_paper_totals(poll.id, paper.PaperEntry(
        issued=5, cast=5, invalid=0, counts=counts))


def make_unvoted_motion(conference: Conference, *, preset: str = "motion-two-thirds",
                        title: str = "Antrag A1: Satzungsänderung") -> Poll:
    """A motion opened and closed before anyone voted: no ballots at all."""
    poll = make_poll(conference, {"kind": "motion", "title": title,
                                  "rules": {"preset": preset, "overrides": {}}})
    open_poll(poll.id)
    return close_poll(poll.id)
