"""The officials' side of the day in the browser: the chair's pages and the check-in desk.
Every step is a click or a keystroke a person makes; the browser's questions before a step
that cannot be undone (open, close, lot, answers) are answered yes and kept for assertions."""

from __future__ import annotations

from pathlib import Path

from app.extensions import db
from app.models import Delegate, Poll
from tests.app.browser import logged_in_page
from tests.app.day.phone import LONG


def see(locator, text: str | None = None) -> None:
    """Wait until the locator is visible (and holds ``text``), however slow the machine."""
    from playwright.sync_api import expect

    if text is None:
        expect(locator).to_be_visible(timeout=LONG)
    else:
        expect(locator).to_contain_text(text, timeout=LONG)


class Official:
    """A logged-in official's browser page; ``questions`` lists every dialog answered yes."""

    def __init__(self, browser, base: str, *, role: str, username: str) -> None:
        self.page, self.errors = logged_in_page(browser, base, role=role, username=username,
                                                height=1000, failed_responses=True)
        self.page.context.set_default_timeout(LONG)
        self.base = base
        self.questions: list[str] = []
        self.page.on("dialog", self._accept)

    def _accept(self, dialog) -> None:
        self.questions.append(dialog.message)
        dialog.accept()

    def go(self, path: str):
        self.page.goto(f"{self.base}{path}")
        return self.page

    def click(self, name: str, *, within=None) -> None:
        """Press the button ``name`` and wait for the page the server answers with."""
        scope = within if within is not None else self.page
        with self.page.expect_navigation():
            scope.get_by_role("button", name=name, exact=True).click()

    def download(self, trigger) -> Path:
        with self.page.expect_download() as info:
            trigger()
        return Path(info.value.path())


def create_conference(chair: Official) -> None:
    page = chair.go("/chair/")
    see(page.get_by_role("heading", name="Versammlung anlegen"))
    page.get_by_label("Titel der Versammlung").fill("Landesparteitag Sachsen-Anhalt")
    page.get_by_label("Gliederung / Organisation").fill("DIE LINKE Sachsen-Anhalt")
    page.get_by_label("Ort").fill("Magdeburg, AMO Kulturhaus")
    page.get_by_label("Datum").fill("2026-12-05")
    page.get_by_label("Einladung (wann, wie, fristgerecht?)").fill(
        "Schriftlich am 1. November 2026, fristgerecht")
    page.get_by_label("Versammlungsleitung").fill("Petra Pohl, Uwe Ulrich")
    page.get_by_label("Wahlkommission").fill("Wera Wolf, Xaver Xu")
    page.get_by_label("Protokoll").fill("Paula Protokoll")
    chair.click("Speichern")
    see(page.get_by_text("Die Versammlung ist angelegt."))


def import_roster(chair: Official, csv_file: Path, count: int) -> None:
    page = chair.go("/chair/roster")
    page.get_by_label("CSV-Datei").set_input_files(str(csv_file))
    chair.click("Vorschau anzeigen")
    see(page.get_by_text(f"{count} Personen würden importiert."))
    chair.click("Importieren")
    see(page.get_by_text(f"{count} Delegierte importiert."))


def print_cards(chair: Official) -> Path:
    page = chair.go("/chair/cards")
    page.get_by_label("Alle ohne Karte").check()
    return chair.download(lambda: page.get_by_role("button", name="Karten erzeugen (PDF)")
                          .click())


def check_in(desk: Official, names: list[str]) -> None:
    page = desk.go("/checkin/")
    for name in names:
        desk.click(f"Einchecken: {name}")
        see(page.get_by_text(f"{name} ist eingecheckt."))


def transfer(desk: Official, substitute: str, absent: str, delegation: str) -> None:
    page = desk.page
    page.get_by_label(f"Stimme übernehmen von (für {substitute})").select_option(
        label=f"{absent} ({delegation})")
    desk.click(f"Übertragen an {substitute}")
    desk.click("Ja, Stimme übertragen")
    see(page.get_by_text(f"{substitute} hält jetzt die Stimme von {absent}."))


def poll_row(chair: Official, title: str):
    """The overview's entry of one poll."""
    page = chair.go("/chair/")
    return page.locator("li.poll", has_text=title)


def latest_poll() -> Poll:
    db.session.expire_all()
    return db.session.scalar(db.select(Poll).order_by(Poll.id.desc()))


def delegate_ids() -> dict[str, int]:
    return {d.name: d.id for d in db.session.scalars(db.select(Delegate))}


def hand_out_paper(desk: Official, name: str, motion: str, *, lost: bool = False) -> None:
    """The desk finds the delegate and hands out a paper ballot for ``motion`` (for a lost
    credential: after the delegate confirms the loss)."""
    page = desk.go(f"/checkin/?q={name.split()[0]}")
    with page.expect_navigation():
        page.get_by_role("link", name=f"Papierstimmzettel: {name}").click()
    choice = page.locator("li.paper-choice", has_text=motion)
    if lost:
        see(choice, "Stimmzettel auf einem Gerät abgeholt")
        choice.get_by_role("checkbox").check()
        desk.click("Ersatz für verlorene Berechtigung: Papierstimmzettel ausgeben",
                   within=choice)
    else:
        desk.click("Papierstimmzettel ausgeben", within=choice)
    see(page.get_by_text("Papierstimmzettel ausgegeben. In dieser Abstimmung sind es jetzt"))
