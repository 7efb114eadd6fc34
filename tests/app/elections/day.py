"""Drives a :class:`~tests.app.elections.steps.Path` through the chair's pages with the test
client — set-up form, nominations, start, the round page's buttons (open, paper totals, next
round, lot, void, parallel round, refill, answers), ballots cast through the phones' API —
and checks the election as a whole: final lists, the pages' words, the signed protocol, the
audit file and its replay."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import Candidate, Election, Poll
from app.services.elections import acceptance
from app.services.elections.standing import standing_of
from app.services.protocol import build as protocol
from app.services.protocol.audit import audit_file
from ballots.audit import parse_lines, verify_audit
from ballots.audit.elections import replay_elections
from ballots.protocol import verify_protocol
from tests.app.elections.steps import (
    LOT_LOSER,
    LOT_WINNER,
    Answer,
    Count,
    Lot,
    Next,
    Parallel,
    Path,
    Refill,
    Step,
    Void,
)
from tests.app.vote.factories import Phone, make_delegate


def text_of(page) -> str:
    """The page's text without tags, whitespace collapsed (what a reader sees)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.get_data(as_text=True))).split())


def latest_round() -> Poll:
    db.session.expire_all()
    return db.session.scalar(sa.select(Poll).order_by(Poll.id.desc()))


def flashes_error(page_html: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in
            re.findall(r'class="flash flash-error"[^>]*>(.*?)</', page_html, re.S)]


@dataclass
class Day:
    """One election day in progress: the client (signed in as chair), the conference, the
    phones of the delegates, the election and its rounds in order."""

    client: Any
    conference: Any
    path: Path
    phones: list[Phone] = field(default_factory=list)
    election: Election | None = None
    rounds: list[Poll] = field(default_factory=list)
    lot: dict[str, str] = field(default_factory=dict)

    # -- set-up ---------------------------------------------------------------------------
    def set_up(self) -> None:
        for i in range(self.path.voters):
            _delegate, token = make_delegate(self.conference, f"Delegierte {i:02d}")
            self.phones.append(Phone(self.client, token))
        response = self.client.post("/chair/elections/new", data={
            "title": "Wahl " + self.path.name, "preset": self.path.preset,
            "seats": str(self.path.seats)})
        assert response.status_code == 302, text_of(response)
        self.election = db.session.scalar(sa.select(Election).order_by(Election.id.desc()))
        for name, group in self.path.people:
            page = self.client.post(f"/chair/elections/{self.election.id}/candidates",
                                    data={"name": name, "group": group}, follow_redirects=True)
            assert f"{name} kandidiert." in text_of(page)
        if self.path.rules:
            form = {k: list(v) for k, v in self.path.rules.items()}
            page = self.client.post(f"/chair/elections/{self.election.id}/rules",
                                    data={**form, "decision": self.path.decision},
                                    follow_redirects=True)
            assert "Beschluss eingetragen" in text_of(page), text_of(page)
        data = {"paper": "1"} if self.path.first_paper else {}
        if self.path.first_round:
            data["first_round"] = self.path.first_round
        page = self.client.post(f"/chair/elections/{self.election.id}/start", data=data,
                                follow_redirects=True)
        assert "Angelegt:" in text_of(page), text_of(page)
        self.rounds.append(latest_round())

    # -- people ---------------------------------------------------------------------------
    def row_id(self, name: str) -> int:
        assert self.election is not None
        row = db.session.scalar(sa.select(Candidate.id).where(
            Candidate.election_id == self.election.id, Candidate.name == name))
        assert row is not None, name
        return int(row)

    def cid(self, name: str) -> str:
        return f"C{self.row_id(name)}"

    def name(self, value: str) -> str:
        return {LOT_WINNER: self.lot.get("winner", value),
                LOT_LOSER: self.lot.get("loser", value)}.get(value, value)

    # -- steps ----------------------------------------------------------------------------
    def run(self) -> None:
        self.set_up()
        for step in self.path.steps:
            self.do(step)

    def do(self, step: Step) -> None:
        if isinstance(step, Count):
            self.count(step)
        elif isinstance(step, Next):
            self.next_round(step)
        elif isinstance(step, Lot):
            self.draw(step)
        elif isinstance(step, Answer):
            self.answer(step)
        elif isinstance(step, Refill):
            self.refill(step)
        elif isinstance(step, Void):
            self.void(step)
        elif isinstance(step, Parallel):
            self.parallel(step)
        else:  # pragma: no cover - a step the driver does not know
            raise AssertionError(step)

    def _poll(self, poll: Poll) -> Poll:
        db.session.expire_all()
        fresh = db.session.get(Poll, poll.id)
        assert fresh is not None
        return fresh

    def count(self, step: Count) -> None:
        poll = (self._poll(self.rounds[step.which - 1]) if step.which
                else self._pending_round())
        running = [c["name"] for c in poll.contest["candidates"]]
        if step.runs is not None:
            assert sorted(running) == sorted(self.name(n) for n in step.runs), running
        if step.seats is not None:
            assert poll.contest["seats"] == step.seats
        if step.electronic:
            self._electronic(poll, step)
        else:
            self._paper(poll, step)
        poll = self._poll(poll)
        assert poll.state == "closed", (poll.state, poll.title)
        got = {c["name"]: c.get("yes") for c in poll.result["candidates"]}
        for name in running:
            assert got[name] == step.yes.get(name, 0), (name, got)

    def _pending_round(self) -> Poll:
        """The earliest round of the election not counted yet (a parallel round waits)."""
        for poll in self.rounds:
            poll = self._poll(poll)
            if poll.state in ("draft", "open"):
                return poll
        raise AssertionError("no round to count")

    def _open(self, poll: Poll) -> Poll:
        page = self.client.post(f"/chair/polls/{poll.id}/round/open", follow_redirects=True)
        assert "ist geöffnet" in text_of(page), text_of(page)
        return self._poll(poll)

    def _paper(self, poll: Poll, step: Count) -> None:
        poll = self._open(poll)
        page = self.client.get(f"/chair/polls/{poll.id}/round").get_data(as_text=True)
        inputs = set(re.findall(r'<input name="([^"]+)"', page))
        form = {"issued": str(step.ballots), "cast": str(step.ballots), "invalid": "0",
                "entered_by": "Wahlkommission"}
        for cand in poll.contest["candidates"]:
            cid, name = cand["id"], cand["name"]
            yes, no = step.yes.get(name, 0), step.no.get(name, 0)
            if f"{cid}-votes" in inputs:  # approval ballots: one number per candidate
                form[f"{cid}-votes"] = str(yes)
            else:
                assert f"{cid}-Y" in inputs, sorted(inputs)
                form.update({f"{cid}-Y": str(yes), f"{cid}-N": str(no),
                             f"{cid}-A": str(step.ballots - yes - no)})
        page = self.client.post(f"/chair/polls/{poll.id}/round/paper", data=form,
                                follow_redirects=True)
        assert "Papierergebnis erfasst und ausgezählt." in text_of(page), \
            flashes_error(page.get_data(as_text=True))

    def _electronic(self, poll: Poll, step: Count) -> None:
        poll = self._open(poll)
        phones = iter(self.phones)
        for count, marks in step.marks:
            ballot = {"marks": {self.cid(n): m for n, m in marks.items()}}
            for _ in range(count):
                phone = next(phones)
                phone.fetch_credential(poll)
                answer = phone.cast(poll, ballot)
                assert answer.status_code == 201, answer.get_json()
        response = self.client.post(f"/chair/polls/{poll.id}/close")
        assert response.status_code == 302

    def next_round(self, step: Next) -> None:
        after = self._poll(self.rounds[(step.after or len(self.rounds)) - 1])
        page = text_of(self.client.get(f"/chair/polls/{after.id}/round"))
        assert "Nächsten Wahlgang anlegen" in page, page
        if step.text is not None:
            assert step.text in page, page
        before = latest_round().id
        self.client.post(f"/chair/polls/{after.id}/round/next",
                         data={"paper": "1"} if step.paper else {})
        created = latest_round()
        assert created.id != before, "no round was created"
        assert created.contest["round"]["kind"] == step.kind, created.contest["round"]
        self.rounds.append(created)

    def draw(self, step: Lot) -> None:
        poll = self._poll(self.rounds[-1])
        page = self.client.post(f"/chair/polls/{poll.id}/round/lot",
                                data={"public_value": step.value}, follow_redirects=True)
        assert "Los gezogen" in text_of(page), text_of(page)
        poll = self._poll(poll)
        names = {c["id"]: c["name"] for c in poll.result["candidates"]}
        tied = {self.name(n) for n in step.between}
        winners = [names[c] for c in poll.result["elected"] if names[c] in tied]
        assert len(winners) == 1, poll.result["elected"]
        self.lot = {"winner": winners[0], "loser": (tied - set(winners)).pop()}

    def answer(self, step: Answer) -> None:
        assert self.election is not None
        name = self.name(step.name)
        back = f"/chair/polls/{self.rounds[-1].id}/round"
        text = text_of(self.client.post(
            f"/chair/elections/{self.election.id}/acceptance/{self.row_id(name)}",
            data={"accepted": "1" if step.accepted else "0", "back": back},
            follow_redirects=True))
        if step.accepted:
            assert f"Erfasst: {name} nimmt die Wahl an." in text, text
        elif step.waits:
            assert (f"Erfasst: {name} lehnt die Wahl ab. Noch kann niemand nachrücken: erst "
                    "entscheidet die Stichwahl oder das Los") in text, text
        elif step.moves_up is not None:
            assert (f"Erfasst: {name} lehnt die Wahl ab. {self.name(step.moves_up)} rückt "
                    "nach.") in text, text
        else:
            assert f"Erfasst: {name} lehnt die Wahl ab. Niemand kann nachrücken" in text, text

    def refill(self, step: Refill) -> None:
        assert self.election is not None
        poll = self._poll(self.rounds[-1])
        page = self.client.get(f"/chair/polls/{poll.id}/round").get_data(as_text=True)
        assert f'id="vacant-{step.kind}"' in page, text_of(self.client.get(
            f"/chair/polls/{poll.id}/round"))
        before = latest_round().id
        page = self.client.post(f"/chair/elections/{self.election.id}/refill",
                                data={"kind": step.kind, "paper": "1",
                                      "nominations": step.nominations,
                                      "back": f"/chair/polls/{poll.id}/round"},
                                follow_redirects=True)
        created = latest_round()
        assert created.id != before, text_of(page)
        self.rounds.append(created)

    def void(self, step: Void) -> None:
        poll = self._poll(self.rounds[-1])
        page = self.client.post(f"/chair/polls/{poll.id}/round/void",
                                data={"reason": step.reason}, follow_redirects=True)
        assert "Der Wahlgang ist für ungültig erklärt." in text_of(page), text_of(page)

    def parallel(self, step: Parallel) -> None:
        poll = self._poll(self.rounds[step.after - 1])
        page = self.client.get(f"/chair/polls/{poll.id}/round").get_data(as_text=True)
        assert "Gemischten Wahlgang parallel anlegen" in page
        before = latest_round().id
        page = self.client.post(f"/chair/polls/{poll.id}/round/parallel",
                                data={"paper": "1"} if step.paper else {},
                                follow_redirects=True)
        created = latest_round()
        assert created.id != before, text_of(page)
        assert created.contest["round"]["kind"] == "mixed"
        assert created.paper is step.paper
        self.rounds.append(created)


# -- the checks ---------------------------------------------------------------------------
def final_lists(day: Day) -> dict[str, Any]:
    assert day.election is not None
    return acceptance.election_standing(day.election.id)


def check_lists(day: Day) -> dict[str, Any]:
    """The final lists: elected with seat labels in seat order, substitutes per list in order,
    every seat without a holder listed once with its reason, who declined."""
    path = day.path
    lists = final_lists(day)
    expected = [(day.name(n), label) for n, label in path.elected]
    assert [(e["name"], e["seat_label"]) for e in lists["elected"]] == expected
    assert {k: tuple(s["name"] for s in v) for k, v in lists["substitutes"].items() if v} == {
        k: tuple(day.name(n) for n in v) for k, v in path.substitutes.items()}
    assert [(v["seat_label"], v["vacancy"]) for v in lists["vacant"]] == list(path.vacant)
    for v in lists["vacant"]:
        assert v["reason"], v
    assert [e["name"] for e in lists["declined"]] == [day.name(n) for n in path.declined]
    assert lists["complete"] is path.complete
    return lists


def check_pages(day: Day) -> str:
    """The election page shows every holder under the seat label, every vacancy once, and
    the end (or the next step) in words; the last round's page lists the same."""
    assert day.election is not None
    text = text_of(day.client.get(f"/chair/elections/{day.election.id}"))
    for name, label in day.path.elected:
        assert f"{label} {day.name(name)}" in text, (label, name, text)
    if day.path.complete:
        assert "Die Wahl ist abgeschlossen" in text, text
    else:
        assert "Die Wahl ist abgeschlossen" not in text
    for words in day.path.words:
        assert words in text, (words, text)
    last = text_of(day.client.get(f"/chair/polls/{day.rounds[-1].id}/round"))
    for label, _vacancy in day.path.vacant:
        assert last.count(f"unbesetzt: {label} ") == 1, last
    for name, label in day.path.elected:
        assert f"{day.name(name)} – {label}" in last, (name, label, last)
    return text


def check_protocol_and_audit(day: Day, lists: dict[str, Any]) -> None:
    """The signed protocol's election item has the app's lists; the audit file verifies; the
    protocol verifies against it; the replay gives the app's seats and holders."""
    assert day.election is not None
    row = protocol.sign_and_record(day.election.conference_id)
    signed = json.loads(row.signed_json)
    item = next(i for i in signed["items"] if i["type"] == "election"
                and i["id"] == day.election.id)
    got = item["result"]
    assert [(e["name"], e["seat_label"]) for e in got["elected"]] == [
        (e["name"], e["seat_label"]) for e in lists["elected"]]
    assert [(v["seat_label"], v["vacancy"]) for v in got["vacant"]] == [
        (v["seat_label"], v["vacancy"]) for v in lists["vacant"]]
    assert {k: [s["name"] for s in v] for k, v in got["substitutes"].items()} == {
        k: [s["name"] for s in v] for k, v in lists["substitutes"].items()}
    lines = audit_file(day.election.conference_id).splitlines()
    assert [c.name for c in verify_audit(lines).checks if not c.ok] == []
    report = verify_protocol(signed, audit=tuple(parse_lines(lines)))
    assert [c.detail("en") for c in report.failed] == []
    replays = {r.election: r for r in replay_elections(parse_lines(lines))}
    app = standing_of(day.election.id)
    replay = replays[app.election]
    assert replay.problem is None and replay.standing is not None, replay.problem
    assert [(s.slot.key, s.status, s.holder, s.vacancy) for s in replay.standing.seats] == [
        (s.slot.key, s.status, s.holder, s.vacancy) for s in app.seats]
    assert replay.standing.substitutes == app.substitutes
    assert replay.standing.complete is app.complete


def run_and_check(client, conference, path: Path) -> Day:
    """The whole path through the app, then every check."""
    day = Day(client, conference, path)
    day.run()
    lists = check_lists(day)
    check_pages(day)
    check_protocol_and_audit(day, lists)
    return day
