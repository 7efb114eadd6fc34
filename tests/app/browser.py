"""Shared settings for the browser tests (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# As root in a container, without network: no sandbox, no GPU, no background connections.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
# How long expect(...) keeps retrying its check (Playwright's default is 5 s).
EXPECT_TIMEOUT_MS = 30_000
SHOTS = Path(os.environ.get("WAHLGANG_SCREENSHOTS", "/tmp/wahlgang-shots"))


def collect_errors(page, *, failed_responses: bool = False) -> list[str]:
    """Page errors and console errors (and optionally HTTP ≥ 400 answers, the favicon too)."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    if failed_responses:
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
                if r.status >= 400 else None)
    return errors


def logged_in_page(browser, live_server: str, *, role: str = "chair", username: str,
                   width: int = 1280, height: int = 800, failed_responses: bool = False):
    """A fresh German-locale page logged in as a new official; returns (page, errors)."""
    from app.services.accounts import create_user

    context = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE")
    page = context.new_page()
    errors = collect_errors(page, failed_responses=failed_responses)
    create_user(username, "a long password", role)
    page.goto(f"{live_server}/login")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("a long password")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    return page, errors


def wait_in_page(page, condition: Callable[[], bool], *, what: str,
                 within: float = 60.0) -> None:
    """Wait until ``condition`` (checked in Python, e.g. on what an event handler recorded)
    holds, letting Playwright deliver the page's events meanwhile; fail after ``within``
    seconds. Use it instead of ``page.wait_for_timeout(n)`` followed by an assert."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {within:.0f} s: {what}")
        page.wait_for_timeout(20)


def settled(page) -> None:
    """Return once the page has run what a click set off in it: a task queued after the
    click's default action (a form submission would have sent its request by then)."""
    page.evaluate("() => new Promise((done) => setTimeout(done, 0))")
    page.wait_for_load_state()


# The phone asks again after PHONE_POLL_SECONDS (4) × a jitter of at most 1.3 (phone.js).
PHONE_REFRESH_MS = 5_200


def refresh_now(page, period_ms: int) -> None:
    """Let a page's periodic refresh (every ``period_ms``: desk counts 5 s, quorum 5 s,
    overview 3 s, hall 2 s, phone 4 s × jitter) run now instead of waiting for it: jumps the
    page's clock ahead. Needs ``page.clock.install()`` before the page was loaded. What the
    refresh shows is still waited for (``expect`` retries): a refresh already under way when
    the clock jumps is waited for as before, then the next one comes at its usual time."""
    page.clock.fast_forward(period_ms)
