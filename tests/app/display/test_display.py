"""The Saalanzeige link: it shows the conference's current poll and follows it (turnout while
open, the result after close, the next poll when it opens), and it grants nothing else — every
official's URL and the phone's API refuse its secret however it is presented, it sets no
cookie, and a renewed or revoked link opens nothing. (Every endpoint × the display role is also
in tests/app/security/test_permissions.py.)"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from app.extensions import db
from app.models import Conference
from app.services.polls import display
from app.services.polls.lifecycle import close_poll, open_poll
from tests.app.chair.helpers import login
from tests.app.vote.factories import (
    Phone,
    election_contest,
    make_conference,
    make_delegate,
    make_poll,
    motion_contest,
)

LIVE_NOTE = "Während der Abstimmung werden keine Zwischenergebnisse gezeigt."


def chair(client):
    login(client)
    return client


def secret_of(client) -> str:
    """The chair (``client``, logged in) creates the link; returns its secret as shown once."""
    page = client.post("/chair/display").get_data(as_text=True)
    found = re.search(r'id="display-link"[^>]*href="([^"]+)"', page)
    assert found, page
    link = urlsplit(found.group(1))
    assert link.path == "/saal/" and link.query == ""  # the secret only in the fragment
    return link.fragment


def view(app, secret: str, what: str = "view"):
    return app.test_client().get(f"/saal/{what}.json",
                                 headers={"Authorization": f"Bearer {secret}"})


def test_link_follows_the_current_poll_from_waiting_to_turnout_to_result(app, client):
    conference = make_conference("Parteitag Nord")
    phones = [Phone(client, make_delegate(conference, f"D{i}")[1]) for i in range(3)]
    poll = make_poll(conference, motion_contest("A7: Mobilität"))
    secret = secret_of(chair(client))

    waiting = view(app, secret).get_json()
    assert (waiting["poll"], waiting["state"]) == (None, "none")
    assert "Noch keine Abstimmung." in waiting["html"] and "Parteitag Nord" in waiting["html"]
    assert view(app, secret, "state").get_json() == {"poll": None, "state": "none"}

    poll = open_poll(poll.id)
    phones[0].fetch_credential(poll)
    assert phones[0].cast(poll, {"marks": {"motion": "Y"}}).status_code == 201
    live = view(app, secret).get_json()
    assert (live["poll"], live["state"]) == (poll.public_id, "open")
    assert "A7: Mobilität" in live["html"] and LIVE_NOTE in live["html"]
    assert "1 von 3 hat abgestimmt" in live["html"]
    assert view(app, secret, "state").get_json() == {
        "poll": poll.public_id, "state": "open", "cast": 1, "present": 3,
        "text": "1 von 3 hat abgestimmt"}

    close_poll(poll.id)
    result = view(app, secret).get_json()
    assert (result["poll"], result["state"]) == (poll.public_id, "closed")
    assert "angenommen" in result["html"] and 'class="pj-list"' in result["html"]
    assert LIVE_NOTE not in result["html"]

    second = open_poll(make_poll(conference, election_contest(("Anna", "Berta"), seats=1)).id)
    nxt = view(app, secret).get_json()
    assert nxt["poll"] == second.public_id and "Anna" in nxt["html"] and "Berta" in nxt["html"]


def test_display_has_no_links_no_forms_and_sets_no_cookie(app, client):
    conference = make_conference()
    make_delegate(conference, "Anna")
    open_poll(make_poll(conference, motion_contest("A1")).id)
    secret = secret_of(chair(client))

    frame = app.test_client().get("/saal/")
    assert frame.status_code == 200 and "Set-Cookie" not in frame.headers
    for what in ("view", "state"):
        response = view(app, secret, what)
        assert response.status_code == 200 and "Set-Cookie" not in response.headers
        assert response.headers["Cache-Control"] == "no-store"
        html = str(response.get_json().get("html", ""))
        assert "<form" not in html and "<a " not in html
    page = frame.get_data(as_text=True)
    assert "<form" not in page and "<a " not in page and secret not in page


def _official_urls(app, poll_id: int, public_id: str, delegate_id: int) -> list[tuple[str, str]]:
    """Every URL of the officials' blueprints and the phone's API, with real ids filled in."""
    values = {"poll_id": poll_id, "election_id": 1, "delegate_id": delegate_id,
              "substitute_id": delegate_id, "candidate_id": 1, "conference_id": 1,
              "protocol_id": 1, "ext": "pdf", "public_id": public_id}
    urls = []
    for rule in app.url_map.iter_rules():
        if (rule.endpoint.split(".")[0] not in {"chair", "checkin", "protocol"}
                and rule.endpoint not in {"api.me", "api.credential"}):
            continue
        path = rule.rule
        for arg in rule.arguments:
            path = re.sub(rf"<(?:[^>]*:)?{arg}>", str(values.get(arg, "x")), path)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            urls.append((method, path))
    return urls


def test_every_official_url_refuses_the_display_secret(app, client):
    conference = make_conference()
    anna, _token = make_delegate(conference, "Anna")
    poll = open_poll(make_poll(conference, motion_contest("A1")).id)
    secret = secret_of(chair(client))
    urls = _official_urls(app, poll.id, poll.public_id, anna.id)
    assert len(urls) > 50  # the whole console and the phone's API, not a sample
    attacker = app.test_client()
    assert view(app, secret).status_code == 200  # the secret itself works

    for method, url in urls:
        for how in ({"headers": {"Authorization": f"Bearer {secret}"}},
                    {"query_string": {"token": secret}},
                    {"headers": {"Cookie": f"session={secret}"}}):
            body = {"json": {"blinded_msg": "AAAA"}} if url.startswith("/api/") else {}
            response = attacker.open(url, method=method, **how, **body)
            assert response.status_code in (401, 403), (method, url, response.status_code)
    db.session.expire_all()
    assert db.session.get(Conference, conference.id).display_token_hash is not None
    assert view(app, secret).status_code == 200  # nothing above changed the link


def test_a_delegate_card_does_not_open_the_display(app, client):
    conference = make_conference()
    _anna, token = make_delegate(conference, "Anna")
    secret_of(chair(client))
    refused = view(app, token)
    assert refused.status_code == 401
    assert refused.get_json()["code"] == "unknown_display_link"


def test_renewed_or_revoked_link_opens_nothing(app, client):
    conference = make_conference()
    old = secret_of(chair(client))
    new = secret_of(client)
    assert view(app, old).status_code == 401
    assert view(app, old, "state").status_code == 401
    assert view(app, new).status_code == 200

    client.post("/chair/display/revoke")
    assert view(app, new).status_code == 401
    assert not display.has_link(conference.id)


@pytest.mark.parametrize("secret", ["", "x", "0" * 26, "ABCDEFGHJKMNPQRSTVWXYZ0123", "a" * 500])
def test_guessed_secrets_open_nothing(app, client, secret):
    make_conference()
    secret_of(chair(client))
    assert view(app, secret).status_code == 401
    assert app.test_client().get("/saal/view.json").status_code == 401


def test_secret_is_stored_only_as_its_hash_and_shown_once(app, client):
    conference = make_conference()
    secret = secret_of(chair(client))
    db.session.expire_all()
    stored = db.session.get(Conference, conference.id).display_token_hash
    assert stored is not None and secret not in stored and len(stored) == 64
    page = client.get("/chair/display").get_data(as_text=True)
    assert secret not in page and "Ein Saalanzeige-Link ist aktiv." in page


def test_display_link_is_for_the_chair_only(app, client):
    make_conference()
    login(client, role="checkin")
    assert client.post("/chair/display").status_code == 403
    assert client.get("/chair/display").status_code == 403
