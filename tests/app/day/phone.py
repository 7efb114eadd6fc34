"""A delegate's phone: its own browser context (its own localStorage), the card scanned once."""

from __future__ import annotations

from tests.app.browser import collect_errors

LONG = 90_000  # ms: a loaded 2-core machine signs 2048-bit credentials for a dozen phones


class Phone:
    def __init__(self, browser, base: str, token: str, owner: str) -> None:
        self.context = browser.new_context(viewport={"width": 360, "height": 740},
                                           locale="de-DE")
        self.context.set_default_timeout(LONG)
        self.base, self.token, self.owner = base, token, owner
        self.scanned = False
        self.errors: list[str] = []
        self.page = None

    def open(self, *, scan: bool = False):
        """The phone page: the card's QR link the first time (or when asked), then /v/."""
        if self.page is not None and not self.page.is_closed():
            self.page.close()
        self.page = self.context.new_page()
        self.errors += collect_errors(self.page)
        fragment = f"#t={self.token}" if scan or not self.scanned else ""
        self.page.goto(f"{self.base}/v/{fragment}")
        self.scanned = True
        self.page.get_by_text(f"Ihre Karte: {self.owner}").wait_for()
        return self.page

    def ballot(self, title: str):
        """The poll's card once the credential is there and the ballot is drawn."""
        card = self.page.locator("section.poll", has_text=title)
        card.get_by_role("button", name="Weiter zur Kontrolle").wait_for()
        return card

    def cast(self, card) -> str:
        card.get_by_role("button", name="Weiter zur Kontrolle").click()
        card.get_by_role("button", name="Stimme abgeben").click()
        tracker = card.locator("[data-tracker]")
        tracker.wait_for()
        return tracker.inner_text()

    def vote_motion(self, title: str, choice: str) -> str:
        card = self.ballot(title)
        card.get_by_label(choice, exact=True).check()
        return self.cast(card)

    def vote_election(self, title: str, yes: tuple[str, ...]) -> str:
        card = self.ballot(title)
        for name in yes:
            card.locator("fieldset.cand", has_text=name).get_by_label("Ja", exact=True).check()
        return self.cast(card)

    def put_down(self) -> None:
        if self.page is not None and not self.page.is_closed():
            self.page.close()
        self.page = None

    def close(self) -> None:
        self.context.close()
