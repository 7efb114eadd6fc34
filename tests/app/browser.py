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


# axe-core (tests/app/vendor/axe.min.js, see its README): the WCAG 2.1 A/AA rules.
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_RUN_AXE = """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(
    (result) => result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                     summary: n.failureSummary}))})))"""


def axe_violations(page) -> list[dict]:
    """What axe-core finds wrong on the page as it is now (its WCAG 2.1 A and AA rules).
    The script goes in by Playwright's evaluation, which the page's CSP does not block."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(_RUN_AXE, AXE_TAGS)


def assert_accessible(page, what: str = "") -> None:
    """Fail, listing every rule, its impact and the nodes, if axe-core finds a violation."""
    violations = axe_violations(page)
    if violations:
        lines = [f"axe-core: {len(violations)} WCAG violation(s) on {what or page.url}:"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"][:8]:
                lines.append(f"    {node['target']}  {node['html']}")
                lines.append("      " + (node["summary"] or "").replace("\n", "\n      "))
        raise AssertionError("\n".join(lines))


def set_text_size(page, percent: int) -> None:
    """Set the browser's default font size as the text-size setting of a phone or a browser
    does (100 % = 16 px); it holds for this page across navigations."""
    session = page.context.new_cdp_session(page)
    px = round(16 * percent / 100)
    session.send("Page.setFontSizes", {"fontSizes": {"standard": px, "fixed": round(px * 13 / 16)}})


def scrolls_sideways(page) -> int:
    """How many CSS pixels the page is wider than its viewport (0: no sideways scrolling)."""
    return page.evaluate("""() => Math.max(0, document.documentElement.scrollWidth
        - document.documentElement.clientWidth)""")


def whole_page_screenshot(page, path: Path) -> None:
    """A screenshot of the whole page that keeps set_text_size: Playwright's full_page=True
    resets Chromium's font sizes before it captures, so the viewport is made as tall as the
    page instead (same width, same layout) and set back afterwards."""
    viewport = page.viewport_size
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(height, viewport["height"])})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(viewport)


def too_wide(page) -> list[str]:
    """The innermost elements whose box or content reaches beyond the right edge of the
    screen or of their own box."""
    return page.evaluate("""() => {
        const edge = document.documentElement.clientWidth + 0.5;
        const wide = (e) => e.getBoundingClientRect().right > edge
            || (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1
                && getComputedStyle(e).overflowX === 'visible');
        return [...document.body.querySelectorAll('*')]
            .filter((e) => wide(e) && ![...e.children].some(wide))
            .map((e) => `${e.tagName.toLowerCase()}.${e.className}: `
                        + e.textContent.trim().slice(0, 40));
    }""")
# The phone asks again after PHONE_POLL_SECONDS (4) × a jitter of at most 1.3 (phone.js).
PHONE_REFRESH_MS = 5_200


def refresh_now(page, period_ms: int) -> None:
    """Let a page's periodic refresh (every ``period_ms``: desk counts 5 s, quorum 5 s,
    overview 3 s, hall 2 s, phone 4 s × jitter) run now instead of waiting for it: jumps the
    page's clock ahead. Needs ``page.clock.install()`` before the page was loaded. What the
    refresh shows is still waited for (``expect`` retries): a refresh already under way when
    the clock jumps is waited for as before, then the next one comes at its usual time."""
    page.clock.fast_forward(period_ms)
