"""The Wahlprotokoll PDF reads like a German (or English) document: no doubled words, no seats
for a motion, counted nouns in the right number, dates as the language writes them (the JSON
keeps ISO dates), and a clear sentence for a motion nobody voted on."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date

import pytest

from app.extensions import db
from app.services.protocol.build import build_protocol
from app.services.protocol.pdf import render_protocol_pdf
from tests.app.protocol.factories import (
    count_paper_election,
    make_paper_election,
    make_unvoted_motion,
)


def pdf_text(protocol: dict, tmp_path) -> str:
    if shutil.which("pdftotext") is None:  # pragma: no cover
        pytest.skip("pdftotext is not installed")
    path = tmp_path / "protocol.pdf"
    path.write_bytes(render_protocol_pdf(json.loads(json.dumps(protocol))))
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def make_scene(*, seats: int = 2):
    """A paper election (Vorstand, ``seats`` seats) and a two-thirds motion nobody voted on,
    at a conference held on 25 November 2026."""
    conference, _election, poll = make_paper_election(seats=seats)
    conference.held_on = date(2026, 11, 25)
    db.session.commit()
    count_paper_election(poll, (4, 3, 1) if seats == 2 else (4, 1, 0))
    make_unvoted_motion(conference, title="Antrag A1: Satzungsänderung")
    return conference


def test_motion_heading_names_the_motion_once_and_prints_no_seats(app, tmp_path):
    conference = make_scene()

    text = pdf_text(build_protocol(conference.id), tmp_path)

    assert "Antrag Antrag" not in text
    lines = [line.strip("\x0c ") for line in text.splitlines()]
    assert lines.count("Antrag A1: Satzungsänderung") == 1  # the heading
    motion_part = text[text.index("Antrag A1: Satzungsänderung"):text.index("Unterschriften")]
    assert "Sitz" not in motion_part and "None" not in motion_part


def test_motion_without_a_motion_word_in_its_title_gets_one(app, tmp_path):
    conference, _election, _poll = make_paper_election()
    make_unvoted_motion(conference, title="Haushalt 2027")

    text = pdf_text(build_protocol(conference.id), tmp_path)

    assert "Antrag: Haushalt 2027" in text


def test_seats_are_counted_with_the_right_noun(app, tmp_path):
    conference = make_scene()
    two = " ".join(pdf_text(build_protocol(conference.id), tmp_path).split())
    assert "2 Sitze" in two

    english = " ".join(pdf_text(build_protocol(conference.id, lang="en"), tmp_path).split())
    assert "2 seats" in english and "Sitz" not in english


def test_one_seat_is_singular(app, tmp_path):
    conference = make_scene(seats=1)

    text = " ".join(pdf_text(build_protocol(conference.id), tmp_path).split())

    assert "1 Sitz " in text
    assert "1 Sitze" not in text


def test_german_dates_in_german_iso_in_the_json(app, tmp_path):
    conference = make_scene()
    protocol = build_protocol(conference.id)

    text = pdf_text(protocol, tmp_path)

    assert protocol["header"]["date"] == "2026-11-25"
    assert "25.11.2026" in text
    assert "2026-11-25" not in text
    english = pdf_text(build_protocol(conference.id, lang="en"), tmp_path)
    assert "Nov 25, 2026" in english and "2026-11-25" not in english


def test_unvoted_two_thirds_motion_reads_consistently(app, tmp_path):
    conference = make_scene()

    text = pdf_text(build_protocol(conference.id), tmp_path)

    assert "abgelehnt: keine gültigen Ja/Nein-Stimmen" in text
    assert "weniger als 2/3 von 0" not in text and "≥ 0" not in text


def test_a_motions_counts_table_is_headed_antrag_not_kandidatur(app, tmp_path):
    from app.services.polls import paper
    from app.services.polls.lifecycle import open_poll
    from tests.app.vote.factories import make_poll

    conference, _election, poll = make_paper_election()
    count_paper_election(poll)
    motion = open_poll(make_poll(conference, {
        "kind": "motion", "title": "Antrag S1: Satzung",
        "rules": {"preset": "motion-simple", "overrides": {}}}, paper=True).id)
    paper.enter_paper_totals(motion.id, paper.PaperEntry(
        issued=5, cast=5, invalid=0, counts={"motion": {"Y": 4, "N": 1, "A": 0}}))

    text = pdf_text(build_protocol(conference.id), tmp_path)

    election_part = text[:text.index("Antrag S1: Satzung")]
    motion_part = text[text.index("Antrag S1: Satzung"):text.index("Unterschriften")]
    assert "Kandidatur" in election_part
    assert "Kandidatur" not in motion_part
    header = next(line for line in motion_part.splitlines() if "Gruppe" in line)
    assert header.split()[0] == "Antrag"
