"""The booth's heartbeat and what the desk sees of it: only "free", "in use" or "not
connected", reported with the booth's own link secret, never a card, poll or ballot."""

from __future__ import annotations

import json
import re
from pathlib import Path

from app.services.conference import current_conference
from app.services.roster import booths
from tests.app.chair.helpers import login, make_conference


def _report(client, key: str, state: object):
    return client.post("/api/v1/booth/status", json={"state": state},
                       headers={"Authorization": f"Bearer {key}"})


def _booth_key(client) -> str:
    login(client, "checkin")
    page = client.get("/checkin/").get_data(as_text=True)
    [key] = re.findall(r'/v/kabine#k=([0-9a-f-]+)"', page)
    return key


def _desk_booths(client) -> list[dict]:
    return client.get("/checkin/counts.json").get_json()["booths"]


def test_the_desk_sees_what_the_booth_reports_and_nothing_else(app, client):
    make_conference()
    key = _booth_key(client)
    assert _desk_booths(client) == [{"number": 1, "state": "offline", "label": "nicht verbunden"}]

    anonymous = app.test_client()  # the booth sends no cookie: its key is all it has
    assert _report(anonymous, key, "in_use").status_code == 200
    assert _desk_booths(client) == [{"number": 1, "state": "in_use", "label": "besetzt"}]
    assert _report(anonymous, key, "free").status_code == 200
    assert _desk_booths(client) == [{"number": 1, "state": "free", "label": "frei"}]
    assert "besetzt" not in client.get("/checkin/").get_data(as_text=True)

    # What the server keeps: the latest state and when, under a hash of the key.
    kept = json.loads((Path(app.instance_path) / "booths.json").read_text())
    assert key not in json.dumps(kept)
    assert all(set(entry) == {"state", "seen"} for entry in kept.values())


def test_a_wrong_key_or_state_is_refused_and_changes_nothing(app, client):
    make_conference()
    key = _booth_key(client)
    anonymous = app.test_client()
    assert _report(anonymous, key, "free").status_code == 200
    number, _sep, secret = key.partition("-")
    forged = [f"{number}-{'0' * len(secret)}", f"2-{secret}", secret, "", f"{number}-"]
    for wrong in forged:
        answer = _report(anonymous, wrong, "in_use")
        assert answer.status_code in (400, 401), wrong
        assert answer.get_json()["code"] in ("unknown_booth", "unknown_token", "bad_request")
    for state in ("busy", "", 1, None, ["free"]):
        answer = _report(anonymous, key, state)
        assert answer.status_code == 400, state
        assert "state" in answer.get_json()["error"]
    assert _desk_booths(client)[0]["state"] == "free"


def test_a_new_conference_gets_new_booth_links(app, client):
    make_conference()
    old_key = _booth_key(client)
    make_conference("Zweite Versammlung")
    assert _report(app.test_client(), old_key, "in_use").status_code == 401
    new_key = booths.booth_keys(current_conference())[0][1]
    assert new_key != old_key
    assert _report(app.test_client(), new_key, "in_use").status_code == 200


def test_the_booth_page_ends_a_login_and_carries_its_timings(app, client):
    make_conference()
    login(client, "checkin")
    page = client.get("/v/kabine").get_data(as_text=True)
    assert 'data-booth="1"' in page and 'data-booth-idle="90"' in page
    assert client.get("/checkin/").status_code == 401
