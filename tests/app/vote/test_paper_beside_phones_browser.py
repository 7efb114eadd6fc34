"""Paper beside phones as the desk, the commission, the chair and anyone on a phone see it:
every page passes axe-core, and the public page with both channels reflows at 320 px with
200 % text. Screenshots land in SHOTS (docs/testing.md)."""

from __future__ import annotations

import pytest

from app.services.polls import paper
from app.services.polls.lifecycle import close_poll, open_poll
from app.services.voting.paper_ballots import issue_paper_ballot
from tests.app.browser import (
    SHOTS,
    assert_accessible,
    collect_errors,
    logged_in_page,
    scrolls_sideways,
    set_text_size,
    too_wide,
    whole_page_screenshot,
)
from tests.app.vote.factories import Phone, make_conference, make_delegate, make_poll

pytestmark = pytest.mark.browser


def open_mixed_motion(client):
    """Three phones vote on a motion; Dora got paper, Emil's credential was lost and replaced
    on paper; nobody has entered the paper ballots yet."""
    conference = make_conference("Kreisparteitag Papier und Telefon")
    people = [make_delegate(conference, name) for name in (
        "Anna Arndt", "Bert Bauer", "Cem Çelik", "Dora Dix", "Emil Eck")]
    poll = open_poll(make_poll(conference).id)
    phones = [Phone(client, token) for _d, token in people]
    for phone, mark in zip(phones[:3], "YYN", strict=True):
        phone.fetch_credential(poll)
        assert phone.cast(poll, {"marks": {"motion": mark}}).status_code == 201
    phones[4].fetch_credential(poll)  # then lost with its browser
    issue_paper_ballot(conference.id, people[3][0].id, poll.id)
    issue_paper_ballot(conference.id, people[4][0].id, poll.id, replaces_credential=True)
    return conference, poll, [d for d, _t in people]


def test_desk_commission_and_result_pages_pass_axe(app, client, live_server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    _conference, poll, people = open_mixed_motion(client)
    desk, desk_errors = logged_in_page(browser, live_server, role="checkin",
                                       username="desk-paper")
    desk.goto(f"{live_server}/checkin/{people[2].id}/paper")  # fetched: the replacement form
    desk.get_by_role("checkbox").wait_for()
    assert_accessible(desk, "desk: paper ballot page (credential fetched)")
    desk.goto(f"{live_server}/checkin/{people[3].id}/paper")
    desk.get_by_text("Papierstimmzettel ausgegeben", exact=True).wait_for()
    assert_accessible(desk, "desk: paper ballot page (paper handed out)")

    chair, chair_errors = logged_in_page(browser, live_server, role="chair",
                                         username="chair-paper")
    chair.goto(f"{live_server}/chair/polls/{poll.id}/round")
    chair.locator("#paper-beside").wait_for()
    assert_accessible(chair, "chair: round page with paper beside the phones")
    paper.enter_paper_form(poll.conference_id, poll.id, {
        "cast": "2", "invalid": "0", "motion-Y": "0", "motion-N": "1", "motion-A": "1"})
    close_poll(poll.id)
    chair.goto(f"{live_server}/chair/polls/{poll.id}/result")
    chair.locator("#channels").wait_for()
    assert_accessible(chair, "chair: result with both channels")
    whole_page_screenshot(chair, SHOTS / "mixed-poll-chair-result.png")
    assert desk_errors == chair_errors == []


@pytest.mark.parametrize("text", [100, 200])
def test_public_page_with_both_channels_reflows_at_320_px(app, client, live_server, browser,
                                                          text):
    _conference, poll, _people = open_mixed_motion(client)
    paper.enter_paper_form(poll.conference_id, poll.id, {
        "cast": "2", "invalid": "0", "motion-Y": "0", "motion-N": "1", "motion-A": "1"})
    close_poll(poll.id)
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="de-DE")
    page = context.new_page()
    errors = collect_errors(page, failed_responses=True)
    set_text_size(page, text)
    page.goto(f"{live_server}/public/p/{poll.public_id}")
    page.locator("#channels").wait_for()
    whole_page_screenshot(page, SHOTS / f"mixed-poll-public-320-{text}.png")
    assert scrolls_sideways(page) == 0, too_wide(page)
    shown = page.locator("#channels .channel-table").evaluate("""(table) =>
        [...table.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')]
          .map((td) => td.dataset.label
            ? getComputedStyle(td, '::before').content + ' ' + td.textContent.trim()
            : td.textContent.trim()).join(' | '))""")
    labelled = '"ausgegeben" {} | "abgegeben" {} | "ungültig" 0 | "gültig" {}'
    assert shown == ["Telefon | " + labelled.format(4, 3, 3),  # each figure names itself
                     "Papier | " + labelled.format(2, 2, 2)]
    assert_accessible(page, f"public page with both channels at {text} %")
    assert errors == []
