"""Rounds after declines, replayed from QA's session: "Delegierte zum Bundesparteitag", 3 seats
under DIE LINKE delegate rules (2 women's seats, 1 mixed seat); Aylin, Clara, Elif (Frau),
Bernd, Dmitri (offen). Women's round on paper: Aylin 6, Clara 6, Elif 3 → Aylin and Clara
elected, Elif the women's first substitute.

Who holds a seat (elected or moved up, answer given or pending) runs in no later round; a seat
left vacant after a decline is filled by a further round, and the final lists say so."""

from __future__ import annotations

import json

import pytest

from app.extensions import db
from app.models import Candidate, Election, Poll
from app.services.elections import acceptance, rounds, vacancies
from app.services.polls.lifecycle import open_poll
from app.services.protocol import build as protocol
from app.services.protocol.audit import audit_file
from ballots.audit import parse_lines, verify_audit
from ballots.protocol import verify_protocol
from tests.app.chair.election_factories import close_on_paper, names
from tests.app.vote.factories import make_conference, make_delegate

AYLIN, CLARA, ELIF, FATMA = "Aylin Kaya", "Clara Weber", "Elif Yıldız", "Fatma Öztürk"
BERND, DMITRI = "Bernd Schulz", "Dmitri Petrow"


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


def make_election(*extra: tuple[str, str]) -> Election:
    conference = make_conference("Landesparteitag QA")
    for i in range(10):
        make_delegate(conference, f"Delegierte {i}")
    election = Election(conference_id=conference.id, title="Delegierte zum Bundesparteitag",
                        preset="linke-delegates", seats=3)
    db.session.add(election)
    db.session.flush()
    people = [(AYLIN, "Frau"), (CLARA, "Frau"), (ELIF, "Frau"), (BERND, "offen"),
              (DMITRI, "offen"), *extra]
    db.session.add_all(Candidate(election_id=election.id, name=name, quota_group=group)
                       for name, group in people)
    db.session.commit()
    return election


def womens_round(election: Election) -> Poll:
    poll = open_poll(rounds.create_first_round(election.id, paper=True).id)
    yes = {AYLIN: 6, CLARA: 6, ELIF: 3}
    if any(c["name"] == FATMA for c in poll.contest["candidates"]):
        yes[FATMA] = 0
    return close_on_paper(poll, yes)


def answer(election: Election, name: str, *, accepted: bool) -> str:
    row = db.session.scalar(db.select(Candidate).where(Candidate.election_id == election.id,
                                                       Candidate.name == name))
    recorded = acceptance.record_acceptance(election.id, row.id, accepted=accepted)
    return acceptance.recorded_message(recorded)


def final_lists(election: Election) -> list[tuple[str, str, int]]:
    """(name, seat, round) of everyone holding a seat, as the protocol lists them."""
    standing = acceptance.election_standing(election.id)
    return [(e["name"], e["seat_label"], e["round"]) for e in standing["elected"]]


@pytest.mark.parametrize("elif_answers", [None, True])
def test_who_moved_up_after_a_decline_does_not_run_in_the_mixed_round(app, elif_answers):
    election = make_election()
    women = womens_round(election)
    assert [c["name"] for c in women.result["candidates"] if c["outcome"] == "elected"] == [
        AYLIN, CLARA]
    answer(election, AYLIN, accepted=True)
    assert answer(election, CLARA, accepted=False) == (
        f"Erfasst: {CLARA} lehnt die Wahl ab. {ELIF} rückt nach.")
    if elif_answers is not None:
        answer(election, ELIF, accepted=elif_answers)

    mixed = rounds.create_next_round(women.id, paper=True)

    assert (mixed.contest["round"]["kind"], mixed.contest["seats"]) == ("mixed", 1)
    assert sorted(names(mixed)) == [BERND, DMITRI]
    mixed = close_on_paper(open_poll(mixed.id), {DMITRI: 7, BERND: 2})
    assert final_lists(election) == [(AYLIN, "Frauenplatz 1", 1), (ELIF, "Frauenplatz 2", 1),
                                     (DMITRI, "gemischter Platz 1", 2)]
    standing = acceptance.election_standing(election.id)
    assert standing["vacant"] == []
    assert [e["name"] for e in standing["declined"]] == [CLARA]
    assert rounds.next_round_kind(mixed) is None
    assert vacancies.vacant_seats(election.id) == []
    item = protocol.build_protocol(election.conference_id, election_id=election.id)["items"][0]
    assert [e["name"] for e in item["result"]["elected"]] == [AYLIN, ELIF, DMITRI]
    assert item["result"]["vacant"] == []


def mixed_round_before_the_decline(election: Election) -> tuple[Poll, Poll]:
    """The mixed round is created and held before Clara answers, so Elif (then only a
    substitute) runs in it and wins: Elif 7, Dmitri 3, Bernd 0."""
    women = womens_round(election)
    mixed = rounds.create_next_round(women.id, paper=True)
    assert sorted(names(mixed)) == sorted([BERND, DMITRI, ELIF] + (
        [FATMA] if FATMA in names(women) else []))
    yes = {ELIF: 7, DMITRI: 3, BERND: 0} | ({FATMA: 0} if FATMA in names(mixed) else {})
    return women, close_on_paper(open_poll(mixed.id), yes)


def polls_and_candidates() -> tuple[int, int]:
    return (db.session.scalar(db.select(db.func.count()).select_from(Poll)),
            db.session.scalar(db.select(db.func.count()).select_from(Candidate)))


def test_a_seat_vacant_after_a_decline_is_filled_by_a_further_round(app):
    election = make_election()
    _women, mixed = mixed_round_before_the_decline(election)
    answer(election, AYLIN, accepted=True)
    assert answer(election, CLARA, accepted=False) == (
        f"Erfasst: {CLARA} lehnt die Wahl ab. Niemand kann nachrücken; der Sitz bleibt "
        "unbesetzt.")
    (group,) = vacancies.vacant_seats(election.id)
    assert (group.kind, group.count, group.candidates, group.blocked) == ("women", 1, (), None)
    assert group.labels == (f"Frauenplatz 2 (1. Wahlgang; abgelehnt: {CLARA})",)
    before = polls_and_candidates()

    with pytest.raises(rounds.RoundError, match="Für den unbesetzten Sitz kandidiert niemand "
                                                "mehr: bitte neue Kandidaturen eintragen."):
        vacancies.create_refill_round(election.id, "women")
    with pytest.raises(rounds.RoundError, match="Für diese Plätze kandidieren nur Angehörige "
                                                "der Gruppe „Frau“; nicht: Max Muster."):
        vacancies.create_refill_round(election.id, "women", nominations="Max Muster; offen")
    with pytest.raises(rounds.RoundError, match=f"„{AYLIN}“ steht schon auf der Liste."):
        vacancies.create_refill_round(election.id, "women", nominations=f"Gül Demir\n{AYLIN}")
    db.session.rollback()
    assert polls_and_candidates() == before

    refill = vacancies.create_refill_round(election.id, "women", paper=True,
                                           nominations=FATMA)

    assert refill.title == "Delegierte zum Bundesparteitag – 3. Wahlgang (weiterer Wahlgang)"
    assert refill.contest["round"] == {"number": 3, "kind": "further", "base_kind": "women",
                                       "total_seats": 3,
                                       "elected_before": {"Frau": 2},
                                       "fills": [{"round": 1, "seat": 2}]}
    assert names(refill) == [FATMA]
    assert vacancies.vacant_seats(election.id) == []  # the draft takes the seat up
    refill = close_on_paper(open_poll(refill.id), {FATMA: 8})
    assert [s["label_de"] for s in refill.result["seats"]] == ["Frauenplatz 2"]
    # the final lists go in seat order: the refilled women's seat before the mixed one
    assert final_lists(election) == [(AYLIN, "Frauenplatz 1", 1), (FATMA, "Frauenplatz 2", 3),
                                     (ELIF, "gemischter Platz 1", 2)]
    standing = acceptance.election_standing(election.id)
    assert standing["vacant"] == []
    assert [e["name"] for e in standing["declined"]] == [CLARA]
    assert rounds.next_round_kind(refill) is None
    assert rounds.no_next_round_reason(refill).startswith("Die Wahl ist abgeschlossen")
    item = protocol.build_protocol(election.conference_id, election_id=election.id)["items"][0]
    assert [(e["name"], e["seat_label"]) for e in item["result"]["elected"]] == [
        (AYLIN, "Frauenplatz 1"), (FATMA, "Frauenplatz 2"), (ELIF, "gemischter Platz 1")]
    assert item["result"]["vacant"] == []
    # the round that fills the seat is in the audit file; it verifies and recounts
    signed = json.loads(protocol.sign_and_record(election.conference_id).signed_json)
    lines = audit_file(election.conference_id).splitlines()
    assert verify_protocol(signed, audit=tuple(parse_lines(lines))).ok
    assert [c for c in verify_audit(lines).checks if not c.ok] == []


def test_the_further_round_is_for_who_is_left_and_waits_for_a_round_in_progress(app):
    election = make_election((FATMA, "Frau"))
    _women, mixed = mixed_round_before_the_decline(election)
    answer(election, CLARA, accepted=False)
    (group,) = vacancies.vacant_seats(election.id)
    assert group.candidates == (FATMA,)  # below the threshold twice, no seat, no decline
    # a round of the election still in progress comes first
    parallel = Poll(public_id="busy", conference_id=election.conference_id,
                    election_id=election.id, kind="election", title="Entwurf X",
                    contest=mixed.contest, state="draft")
    db.session.add(parallel)
    db.session.commit()
    with pytest.raises(rounds.RoundError, match="Erst „Entwurf X“ abschließen"):
        vacancies.create_refill_round(election.id, "women")
    db.session.delete(parallel)
    db.session.commit()

    refill = vacancies.create_refill_round(election.id, "women", paper=True)

    assert names(refill) == [FATMA]


def test_a_draft_made_before_the_decline_drops_who_moved_up(app):
    election = make_election()
    women = womens_round(election)
    mixed = rounds.create_next_round(women.id, paper=True)
    assert ELIF in names(mixed)
    answer(election, CLARA, accepted=False)  # Elif moves up while the mixed round is a draft

    assert vacancies.seated_in_draft(mixed) == [ELIF]
    with pytest.raises(rounds.RoundError, match=f"{ELIF} hat inzwischen einen Sitz"):
        vacancies.open_round(election.conference_id, mixed.id)
    assert db.session.get(Poll, mixed.id).state == "draft"

    vacancies.drop_seated_from_draft(election.conference_id, mixed.id)

    assert sorted(names(db.session.get(Poll, mixed.id))) == [BERND, DMITRI]
    assert vacancies.open_round(election.conference_id, mixed.id).state == "open"


@pytest.mark.parametrize(("kind", "message"), [
    ("further", "Nach diesem Wahlgang kann nur „gemischter Wahlgang“ angelegt werden, nicht "
                "„weiterer Wahlgang“."),
    ("banana", "Nach diesem Wahlgang kann nur „gemischter Wahlgang“ angelegt werden, nicht "
               "„banana“."),
])
def test_a_kind_the_page_did_not_offer_is_refused_in_german(app, kind, message):
    election = make_election()
    women = womens_round(election)
    with pytest.raises(rounds.RoundError) as caught:
        rounds.create_next_round(women.id, kind=kind)
    assert str(caught.value) == message
    assert db.session.scalar(db.select(db.func.count()).select_from(Poll)) == 1
