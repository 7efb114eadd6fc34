"""A whole conference day in real Chromium, clicked and typed as the people do it.

The chair creates the conference, imports the roster from the office's CSV, prints the cards
(their typed codes are read from the PDF like a person reads them) and the desk checks people
in, a substitute taking over an absent delegate's vote. A motion: nine phones vote, two of
them people sharing one tablet, and three delegates vote on paper beside them (two flat
phones; one ballot lost with its browser and replaced at the desk), the commission entering
the paper ballots before the close. An election under the DIE LINKE delegates preset: the women's
round on the phones ties for Frauenplatz 2, the paper runoff ties again, the lot decides; the
mixed round on the phones; an elected person declines and a substitute moves up; the election
page shows every seat held. The protocol-keeper signs, downloads the JSON and the audit file,
and the verifiers (subprocesses, no Flask) recount them and print the same final lists. At
the end a delegate finds her ballot on the public board by the receipt her phone kept.

Each step asserts what the page shows and what the server stored (DB, downloaded files).
Everything waits on conditions, never on time (helpers in tests/app/day/)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from app.extensions import db
from app.models import Issuance, Poll
from tests.app.browser import SHOTS
from tests.app.chair.helpers import render_png
from tests.app.day import people as P
from tests.app.day.cards import tokens_by_name
from tests.app.day.hall import (
    Official,
    check_in,
    create_conference,
    delegate_ids,
    hand_out_paper,
    import_roster,
    latest_poll,
    poll_row,
    print_cards,
    see,
    transfer,
)
from tests.app.day.phone import Phone
from tests.app.vote.factories import stored_ballots
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

WOMEN_TITLE = f"{P.ELECTION} – 1. Wahlgang (Frauenwahlgang)"


def counts(poll_id: int) -> tuple[int, int]:
    """(credentials issued, ballots cast) of one poll, from the database."""
    db.session.expire_all()
    issued = db.session.scalar(db.select(db.func.count()).select_from(Issuance)
                               .where(Issuance.poll_id == poll_id))
    return issued, len(stored_ballots(poll_id))  # sealed while open, counted after


def issued_to(poll_id: int) -> set[str]:
    """Whose cards fetched a credential for the poll (names, from the database)."""
    by_id = {v: k for k, v in delegate_ids().items()}
    return {by_id[i] for i in db.session.scalars(
        db.select(Issuance.delegate_id).where(Issuance.poll_id == poll_id))}


def yes_counts(poll: Poll) -> dict[str, int]:
    return {c["name"]: c["yes"] for c in poll.result["candidates"]}


def test_a_whole_conference_day(app, live_server, browser, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    chair = Official(browser, live_server, role="chair", username="petra-pohl")
    desk = Official(browser, live_server, role="checkin", username="desk-1")
    phones: dict[str, Phone] = {}

    # --- 1. conference, roster from the office's CSV, cards, check-in at the desk ------------
    create_conference(chair)
    csv_file = tmp_path / "delegierte.csv"
    csv_file.write_text(P.roster_csv(), encoding="utf-8")
    import_roster(chair, csv_file, len(P.ROSTER))
    roster = chair.page.locator("table.roster tbody tr")
    assert roster.count() == len(P.ROSTER)
    assert roster.filter(has_text="Rosa Roth").get_by_text("Ersatz").count() == 1

    cards_pdf = print_cards(chair)
    tokens = tokens_by_name(cards_pdf, P.NAMES)
    assert sorted(tokens) == sorted(P.NAMES)
    from app.models import Delegate
    from app.services.roster.tokens import hash_token

    delegates = db.session.scalars(db.select(Delegate)).all()
    assert {(d.name, d.delegation, d.quota_group, d.has_vote, d.is_substitute)
            for d in delegates} == {(name, ov, group, vote == "ja", sub == "x")
                                    for name, ov, group, vote, sub in P.ROSTER}
    assert {d.name: d.token_hash for d in delegates} == {
        name: hash_token(token) for name, token in tokens.items()}

    check_in(desk, [n for n in P.NAMES if n not in P.ABSENT])
    transfer(desk, P.SUBSTITUTE, P.REPLACES, "OV Ost")
    see(desk.page.locator("#count-entitled"), str(len(P.VOTERS)))
    assert desk.page.locator("#count-present").inner_text() == str(
        len(P.NAMES) - len(P.ABSENT))

    # --- 2. the motion; Greta and Hannes share a tablet ---------------------------------------
    page = chair.go("/chair/")
    page.get_by_role("link", name="Neuer Antrag").click()
    page.get_by_label("Antrag", exact=True).fill(P.MOTION)
    chair.click("Als Entwurf anlegen")
    see(page.get_by_text("Der Antrag ist als Entwurf angelegt."))

    tablet = Phone(browser, live_server, tokens["Greta Gärtner"], "Greta Gärtner")
    tablet_page = tablet.open()  # Greta opens her card before the vote, then walks away
    see(tablet_page.get_by_text("Gerade ist keine Abstimmung geöffnet"))

    chair.click("Öffnen", within=poll_row(chair, P.MOTION))
    assert chair.questions[-1] == (f"„{P.MOTION}“ jetzt öffnen? Anwesend sind "
                                   f"{len(P.VOTERS)} Stimmberechtigte.")
    see(chair.page.get_by_text(f"ist geöffnet ({len(P.VOTERS)} stimmberechtigt anwesend)"))
    motion = latest_poll()
    assert motion.state == "open"
    tablet.ballot(P.MOTION)  # the credential is fetched by itself while nobody looks
    assert issued_to(motion.id) == {"Greta Gärtner"}

    # Hannes scans his card with the same tablet and votes.
    tablet.token, tablet.owner = tokens["Hannes Hahn"], "Hannes Hahn"
    tablet.open(scan=True)
    hannes_tracker = tablet.vote_motion(P.MOTION, P.MOTION_CHOICE["Hannes Hahn"])
    assert tablet.page.get_by_text("Ihre Karte: Hannes Hahn").is_visible()
    # SHARED TABLET: the tablet must fetch Hannes's own credential, not use the one it fetched
    # for Greta's card. Needs the phone's per-card storage ("Phone storage per card", store.js);
    # without it the day stops here: issued_to == {"Greta Gärtner"}, Hannes cast Greta's
    # credential, and Greta would see Hannes's receipt under her name and could not vote.
    assert issued_to(motion.id) == {"Greta Gärtner", "Hannes Hahn"}, (
        "the tablet cast Hannes's vote with the credential it fetched for Greta's card")

    # Greta comes back to the tablet, opens her card again: her own ballot, not his receipt.
    tablet.token, tablet.owner = tokens["Greta Gärtner"], "Greta Gärtner"
    tablet.open(scan=True)
    ballot = tablet.ballot(P.MOTION)
    assert ballot.locator("[data-tracker]").count() == 0
    greta_tracker = tablet.vote_motion(P.MOTION, P.MOTION_CHOICE["Greta Gärtner"])
    assert greta_tracker != hannes_tracker
    assert tablet.page.get_by_text("Ihre Karte: Greta Gärtner").is_visible()
    assert hannes_tracker not in tablet.page.locator("main").inner_text()
    assert issued_to(motion.id) == {"Greta Gärtner", "Hannes Hahn"}
    assert counts(motion.id) == (2, 2)
    tablet.close()

    trackers: dict[str, str] = {"Greta Gärtner": greta_tracker, "Hannes Hahn": hannes_tracker}
    for name in P.VOTERS:
        if name in P.TABLET or name in P.PAPER:
            continue
        phones[name] = Phone(browser, live_server, tokens[name], name)
        phones[name].open()
        if name == P.LOST:  # the ballot is fetched, then the browser's data is gone
            phones[name].ballot(P.MOTION)
            phones[name].close()
            phones[name] = Phone(browser, live_server, tokens[name], name)
            card = phones[name].open().locator("section.poll", has_text=P.MOTION)
            see(card, "schon auf einem anderen Gerät oder in einem anderen Browser abgeholt")
            hand_out_paper(desk, name, P.MOTION, lost=True)
            see(card, "Bitte stimmen Sie auf Papier ab")  # and no ballot on this phone
            assert card.get_by_role("button", name="Weiter zur Kontrolle").count() == 0
            phones[name].put_down()
            continue
        trackers[name] = phones[name].vote_motion(P.MOTION, P.MOTION_CHOICE[name])
        phones[name].put_down()
    for name in P.PAPER:  # flat phones: paper ballots from the desk
        hand_out_paper(desk, name, P.MOTION)
    desk.page.screenshot(path=str(SHOTS / "day-desk-paper-ballot.png"), full_page=True)
    on_phones = [n for n in P.VOTERS if n not in P.ON_PAPER]
    assert counts(motion.id) == (len(P.VOTERS), len(on_phones))
    assert issued_to(motion.id) == set(P.VOTERS)

    # The chair cannot close before the commission has counted the paper ballots.
    chair.click("Schließen und auszählen", within=poll_row(chair, P.MOTION))
    see(chair.page.get_by_text(f"wurden {len(P.ON_PAPER)} Papierstimmzettel ausgegeben. "
                               "Bitte zuerst das Ergebnis der Papierstimmzettel erfassen"))
    page = chair.go(f"/chair/polls/{motion.id}/round")
    see(page.locator("#paper-issued"), str(len(P.ON_PAPER)))
    on_paper = [P.MOTION_CHOICE[n] for n in P.ON_PAPER]
    page.get_by_label("abgegebene Stimmzettel", exact=True).fill(str(len(on_paper)))
    for word in ("Ja", "Nein", "Enthaltung"):
        page.get_by_label(f"{P.MOTION} {word}", exact=True).fill(str(on_paper.count(word)))
    page.get_by_label("Eingetragen von").fill("Wera Wolf")
    chair.click("Papierstimmzettel erfassen")
    see(page.get_by_text("Papierstimmzettel erfasst."))
    page.screenshot(path=str(SHOTS / "day-motion-paper-entered.png"), full_page=True)
    chair.click("Schließen und auszählen")
    # the question before closing names the turnout, counted paper ballots included
    assert chair.questions[-1].startswith(f"„{P.MOTION}“: alle {len(P.VOTERS)} haben "
                                          "abgestimmt. Jetzt schließen und auszählen?")
    motion = db.session.get(Poll, motion.id)
    db.session.refresh(motion)
    (row,) = motion.result["candidates"]
    choices = list(P.MOTION_CHOICE.values())
    assert (row["yes"], row["no"], row["abstain"]) == (
        choices.count("Ja"), choices.count("Nein"), choices.count("Enthaltung"))
    ballots = motion.result["ballots"]
    # Karl got a credential (lost) and a paper ballot: one person, counted once as issued
    assert ballots["issued"] == ballots["cast"] == ballots["valid"] == len(P.VOTERS)
    assert [(c["channel"], c["issued"], c["cast"]) for c in motion.result["channels"]] == [
        ("phone", len(on_phones) + 1, len(on_phones)), ("paper", len(P.ON_PAPER),
                                                        len(P.ON_PAPER))]
    assert sorted(tracker for tracker, _c in stored_ballots(motion.id)) == sorted(
        trackers.values())
    page = chair.go(f"/chair/polls/{motion.id}/result")
    see(page.locator("main"), "angenommen")
    see(page.locator("#channels"), "Papier")
    page.screenshot(path=str(SHOTS / "day-motion-result-phone-and-paper.png"), full_page=True)

    # --- 3. the election ------------------------------------------------------------------
    page = chair.go("/chair/")
    page.get_by_role("link", name="Neue Wahl").click()
    page.get_by_label("Wahl", exact=True).fill(P.ELECTION)
    page.get_by_label("Zu wählende Plätze").fill(str(P.SEATS))
    assert page.get_by_role("radio", name=re.compile("DIE LINKE – Wahl von Delegierten")
                            ).is_checked()
    chair.click("Weiter: Regeln und Kandidaturen")
    for name in P.WOMEN + P.OTHERS:
        page.locator("#cand-name").fill(name)
        page.locator("#cand-group").select_option("Frau" if name in P.WOMEN else "offen")
        chair.click("Kandidatur eintragen")
        see(page.get_by_text(f"{name} kandidiert."))
    election_url = page.url
    chair.click("Ersten Wahlgang anlegen")
    see(page.locator("#round-list"), WOMEN_TITLE)
    chair.click("Öffnen", within=page.locator("#round-list li", has_text=WOMEN_TITLE))
    women = latest_poll()
    assert women.state == "open" and women.contest["seats"] == 2

    for name in (*P.TABLET, *P.PAPER):  # each on their own (charged) phone now
        phones[name] = Phone(browser, live_server, tokens[name], name)
    for name in P.VOTERS:
        phones[name].open()
        phones[name].vote_election(WOMEN_TITLE, P.WOMENS_ROUND[name])
        phones[name].put_down()
    assert counts(women.id) == (len(P.VOTERS), len(P.VOTERS))

    page = chair.go(f"/chair/polls/{women.id}/round")
    chair.click("Schließen und auszählen")
    women = db.session.get(Poll, women.id)
    db.session.refresh(women)
    assert yes_counts(women) == P.tally(P.WOMENS_ROUND)
    page = chair.go(f"/chair/polls/{women.id}/round")
    see(page.locator("#next-text"),
        "Stichwahl um Frauenplatz 2 zwischen Clara Claus und Dana Dorn")
    page.get_by_label("auf Papier").check()
    chair.click("Nächsten Wahlgang anlegen")
    runoff = latest_poll()
    assert runoff.contest["round"]["kind"] == "runoff" and runoff.paper

    chair.click("Öffnen")
    see(page.get_by_text("Papierergebnis eintragen (Wahlkommission)"))
    paper_ballots = sum(P.RUNOFF_PAPER.values())  # everyone present voted on paper
    page.get_by_label("ausgegebene Stimmzettel").fill(str(paper_ballots))
    page.get_by_label("abgegebene Stimmzettel", exact=True).fill(str(paper_ballots))
    for name, yes in P.RUNOFF_PAPER.items():
        page.get_by_label(f"{name} Ja").fill(str(yes))
        page.get_by_label(f"{name} Enthaltung").fill(str(paper_ballots - yes))
    page.get_by_label("Eingetragen von").fill("Wera Wolf")
    chair.click("Papierergebnis auszählen")
    see(page.get_by_text("Stimmengleichheit: Los ziehen"))
    page.get_by_label("gezogener Wert").fill(P.LOT_VALUE)
    page.screenshot(path=str(SHOTS / "day-runoff-tied.png"), full_page=True)
    chair.click("Los ziehen")
    assert chair.questions[-1].startswith("Los mit diesem Wert ziehen?")
    see(page.get_by_text("Los gezogen; das Ergebnis ist neu berechnet."))
    db.session.expire_all()
    runoff = db.session.get(Poll, runoff.id)
    assert yes_counts(runoff) == P.RUNOFF_PAPER and runoff.lot_input is not None
    (winner_id,) = runoff.result["elected"]
    winner = {c["id"]: c["name"] for c in runoff.result["candidates"]}[winner_id]
    loser = ({"Clara Claus", "Dana Dorn"} - {winner}).pop()

    page = chair.go(election_url.removeprefix(live_server))
    see(page.locator("#next-step"), "gemischter Wahlgang")
    chair.click("Anlegen", within=page.locator("#standing"))
    mixed = latest_poll()
    assert mixed.contest["round"]["kind"] == "mixed"
    mixed_title = mixed.title
    assert {c["name"] for c in mixed.contest["candidates"]} == {loser, *P.OTHERS}
    chair.click("Öffnen", within=page.locator("#open-round"))
    plan = P.mixed_round(loser)
    for name in P.VOTERS:
        phones[name].open()
        phones[name].vote_election(mixed_title, plan[name])
        phones[name].put_down()
    assert counts(mixed.id) == (len(P.VOTERS), len(P.VOTERS))
    chair.go(f"/chair/polls/{mixed.id}/round")
    chair.click("Schließen und auszählen")
    db.session.expire_all()
    assert yes_counts(db.session.get(Poll, mixed.id)) == P.tally(plan)

    page = chair.go(f"/chair/polls/{mixed.id}/round")
    page.screenshot(path=str(SHOTS / "day-mixed-round-closed.png"), full_page=True)
    elected = page.locator("#elected-list li")
    see(elected.filter(has_text=P.DECLINES))
    chair.click("lehnt ab", within=elected.filter(has_text=P.DECLINES))
    assert chair.questions[-1].startswith("Annahme der Wahl erfassen?")
    see(page.get_by_text(f"{P.DECLINES} lehnt die Wahl ab. Karl Kühn rückt nach."))
    see(elected.filter(has_text="Karl Kühn – gemischter Platz 2"), "nachgerückt für Jan Jung")
    for name in ("Anna Albers", winner, "Fritz Fink", "Karl Kühn"):
        chair.click("nimmt die Wahl an", within=page.locator("#elected-list li",
                                                             has_text=name))
    assert page.get_by_role("button", name="nimmt die Wahl an").count() == 0

    expected = [("Frauenplatz 1", "Anna Albers"), ("Frauenplatz 2", winner),
                ("gemischter Platz 1", "Fritz Fink"), ("gemischter Platz 2", "Karl Kühn")]
    page = chair.go(election_url.removeprefix(live_server))
    see(page.locator("#next-step"), "Die Wahl ist abgeschlossen")
    seats = [tuple(row.locator("td").all_inner_texts()[:2])
             for row in page.locator("#seat-table tbody tr").all()]
    assert seats == expected
    page.screenshot(path=str(SHOTS / "day-election-complete.png"), full_page=True)

    # --- 4. the protocol: signed, downloaded, verified without the server ----------------
    keeper = Official(browser, live_server, role="protocol", username="paula-protokoll")
    page = keeper.go("/protocol/")
    keeper.click("Jetzt signieren")
    protocol_file = keeper.download(lambda: page.get_by_role("link", name="JSON").first.click())
    audit_file = keeper.download(lambda: page.get_by_role(
        "link", name="Audit-Datei herunterladen").click())
    signed = json.loads(protocol_file.read_text(encoding="utf-8"))
    (item,) = [i for i in signed["items"] if i["type"] == "election"]
    assert [(e["seat_label"], e["name"]) for e in item["result"]["elected"]] == expected
    (motion_item,) = [i for i in signed["items"] if i["type"] == "motion"]
    assert motion_item["paper_replacements"] == 1
    assert [c["channel"] for c in motion_item["channels"]] == ["phone", "paper"]
    pdf_file = keeper.download(lambda: page.get_by_role("link", name="PDF").first.click())
    if shutil.which("pdftoppm") and shutil.which("pdftotext"):  # the motion's page, printed
        pages = render_png(pdf_file.read_bytes(), tmp_path)
        words = subprocess.run(["pdftotext", "-layout", str(pdf_file), "-"], check=True,
                               capture_output=True, text=True).stdout.split("\f")
        (at,) = [i for i, text in enumerate(words) if "davon auf Papier" in text]
        shutil.copy(pages[at], SHOTS / "day-protocol-motion-page.png")

    verify = subprocess.run([sys.executable, "-m", "ballots", "verify", str(audit_file)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "ALLES GEPRÜFT: in Ordnung." in verify.stdout
    listed = re.findall(r"^  ((?:Frauenplatz|gemischter Platz) \d+): (.+?) \(",
                        verify.stdout, re.M)
    assert listed == expected, verify.stdout
    assert "Die Wahl ist abgeschlossen." in verify.stdout
    checked = subprocess.run([sys.executable, "-m", "ballots", "verify-protocol",
                              str(protocol_file), "--audit", str(audit_file)],
                             cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "ALLES GEPRÜFT: in Ordnung." in checked.stdout

    # --- 5. Anna looks her motion ballot up on the public board --------------------------
    anna = phones["Anna Albers"]
    page = anna.open()
    receipt = page.locator("#receipts li", has_text=P.MOTION)
    see(receipt, trackers["Anna Albers"])
    receipt.get_by_role("link").click()
    see(page.get_by_text(f"Ihr Stimmzettel {trackers['Anna Albers']} ist in der Liste "
                         "und wurde gezählt."))
    page.screenshot(path=str(SHOTS / "day-public-receipt-found.png"), full_page=True)
    rows = page.locator("table.ballot-list tbody tr")
    assert rows.count() == 1 and "Ja" in rows.first.inner_text()

    for phone in phones.values():
        assert phone.errors == [], phone.owner
    assert chair.errors == desk.errors == keeper.errors == []
