"""Who may call what: every endpoint of ``app.url_map`` × every role.

Roles: anonymous, a delegate's phone (Bearer token, no cookie), the Saalanzeige (Bearer display
secret, no cookie), the check-in desk, the protocol-keeper and the chair. A new endpoint without
an entry in MATRIX fails ``test_every_endpoint_has_a_matrix_entry`` — decide who may call it,
then add it here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest

from app.extensions import db
from app.models import Delegate
from app.services.accounts import create_user
from app.services.polls import display
from app.services.polls import manage as polls
from app.services.polls.lifecycle import open_poll
from app.services.roster.tokens import hash_token, new_token
from tests.app.vote.factories import make_conference, make_delegate

# Who may call an endpoint (the chair passes every official's check).
PUBLIC = "public"  # anyone; the view itself decides (e.g. a ballot needs a credential)
TOKEN = "token"  # a delegate's phone with a valid card token (officials' cookies do not count)
DISPLAY = "display"  # the Saalanzeige's secret link (nobody's cookie or card counts)
CHAIR = "chair"
CHECKIN = "checkin"
PROTOCOL = "protocol"

MATRIX: dict[str, str] = {
    "static": PUBLIC,
    "favicon": PUBLIC,
    "auth.index": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": PUBLIC,
    "auth.set_language": PUBLIC,
    "public.index": PUBLIC,
    "public.conference": PUBLIC,
    "public.poll": PUBLIC,
    "vote.phone": PUBLIC,
    "vote.booth": PUBLIC,  # the booth page; it ends an official's login in that browser
    "api.poll_status": PUBLIC,
    "api.cast": PUBLIC,
    "api.booth_status": PUBLIC,  # the booth's own key, checked by the view (test_booth.py)
    "api.me": TOKEN,
    "api.credential": TOKEN,
    "display.show": PUBLIC,
    "display.state": DISPLAY,
    "display.view": DISPLAY,
    "chair.display_link": CHAIR,
    "chair.display_link_new": CHAIR,
    "chair.display_link_revoke": CHAIR,
    "chair.index": CHAIR,
    "chair.conference": CHAIR,
    "chair.conferences_index": CHAIR,
    "chair.conference_remove": CHAIR,
    "chair.roster_list": CHAIR,
    "chair.roster_import": CHAIR,
    "chair.roster_import_confirm": CHAIR,
    "chair.roster_add": CHAIR,
    "chair.roster_edit": CHAIR,
    "chair.cards_print": CHAIR,
    "chair.cards_selected": CHAIR,
    "chair.card_reissue": CHAIR,
    "chair.card_revoke": CHAIR,
    "chair.motion_new": CHAIR,
    "chair.elections_index": CHAIR,
    "chair.election_setup_new": CHAIR,
    "chair.election_setup": CHAIR,
    "chair.election_basics": CHAIR,
    "chair.election_rules": CHAIR,
    "chair.election_nominate": CHAIR,
    "chair.election_withdraw": CHAIR,
    "chair.election_start": CHAIR,
    "chair.poll_open": CHAIR,
    "chair.poll_close": CHAIR,
    "chair.poll_delete": CHAIR,
    "chair.poll_result": CHAIR,
    "chair.poll_projector": CHAIR,
    "chair.hall_display": CHAIR,
    "chair.hall_turnout": CHAIR,
    "chair.round_panel": CHAIR,
    "chair.round_next": CHAIR,
    "chair.round_parallel": CHAIR,
    "chair.round_lot": CHAIR,
    "chair.round_void": CHAIR,
    "chair.round_paper": CHAIR,
    "chair.round_acceptance": CHAIR,
    "chair.round_open": CHAIR,
    "chair.round_draft_update": CHAIR,
    "chair.round_refill": CHAIR,
    "checkin.index": CHECKIN,
    "checkin.counts": CHECKIN,
    "checkin.report": CHECKIN,
    "checkin.presence": CHECKIN,
    "checkin.transfer": CHECKIN,
    "checkin.transfer_end": CHECKIN,
    "checkin.reissue": CHECKIN,
    "checkin.paper": CHECKIN,
    "protocol.index": PROTOCOL,
    "protocol.sign": PROTOCOL,
    "protocol.download": PROTOCOL,
    "protocol.preview": PROTOCOL,
    "protocol.final_lists": PROTOCOL,
    "protocol.audit_file": PROTOCOL,
}

ROLES = ("anonymous", "delegate", "display", "checkin", "protocol", "chair")
ALLOWED = {
    PUBLIC: set(ROLES),
    TOKEN: {"delegate"},
    DISPLAY: {"display"},
    CHAIR: {"chair"},
    CHECKIN: {"checkin", "chair"},
    PROTOCOL: {"protocol", "chair"},
}
SECRET_NAME = "Zelda Vertraulich"  # a delegate nobody but the officials may see


@dataclass
class World:
    conference_id: int
    token: str
    display_secret: str
    token_name: str
    values: dict[str, Any]
    clients: dict[str, Any]


def _official(app, role: str):
    client = app.test_client()
    create_user(f"{role}-matrix", "a long password", role)
    with app.app_context():
        answer = client.post("/login", data={"username": f"{role}-matrix",
                                             "password": "a long password"})
    assert answer.status_code == 302
    return client


def make_world(app) -> World:
    conference = make_conference("Parteitag Matrix")
    _holder, token = make_delegate(conference, "Tara Token")
    zelda, _ = make_delegate(conference, SECRET_NAME)
    substitute, _ = make_delegate(conference, "Sami Ersatz", is_substitute=True, present=False)
    election_poll = polls.create_election(
        conference.id, title="Vorstand", preset="association", seats=1,
        candidates=[("Carla Kandidatin", "Frau"), ("Dora Kandidatin", "Frau")])
    open_poll(election_poll.id)
    election = election_poll.election
    assert election is not None
    values = {
        "poll_id": election_poll.id, "public_id": election_poll.public_id,
        "conference_id": conference.id, "delegate_id": zelda.id,
        "substitute_id": substitute.id, "election_id": election.id,
        "candidate_id": election.candidates[0].id, "protocol_id": 1, "ext": "json",
        "code": "de", "filename": "css/app.css",
    }
    display_secret = display.issue_link(conference.id)
    clients = {"anonymous": app.test_client(), "delegate": app.test_client(),
               "display": app.test_client()}
    for role in ("checkin", "protocol", "chair"):
        clients[role] = _official(app, role)
    return World(conference.id, token, display_secret, "Tara Token", values, clients)


def _requests(app, values: dict[str, Any]) -> list[tuple[str, str, str]]:
    adapter = app.url_map.bind("wahlgang.test")
    out = []
    # Logging out ends the official's session: it goes last.
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint == "auth.logout",
                                                             r.endpoint, r.rule))
    for rule in rules:
        args = {name: values[name] for name in rule.arguments}
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            out.append((rule.endpoint, method, adapter.build(rule.endpoint, args, method=method)))
    return out


def test_every_endpoint_has_a_matrix_entry(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}

    assert sorted(endpoints - set(MATRIX)) == [], "add the new endpoint(s) to MATRIX"
    assert sorted(set(MATRIX) - endpoints) == [], "remove endpoint(s) that no longer exist"


def _call(app, world: World, role: str, method: str, url: str):
    """One request in its own app context: the test's long-lived context would share ``g``
    (and with it Flask-Login's cached user) between all clients."""
    secret = {"delegate": world.token, "display": world.display_secret}.get(role)
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    kwargs: dict[str, Any] = {"headers": headers}
    if method == "POST" and url.startswith("/api/"):
        # well-formed enough that the secret, not the body, is what gets judged
        kwargs["json"] = {"blinded_msg": "AAAA"}
    with app.app_context():
        return world.clients[role].open(url, method=method, **kwargs)


def test_permission_matrix_every_endpoint_every_role(app):
    world = make_world(app)
    seen: dict[tuple[str, str], int] = {}
    # Officials' write actions change state: run the chair last so refusals see a fresh world.
    requests = _requests(app, world.values)
    for role in ROLES:
        for endpoint, method, url in requests:
            answer = _call(app, world, role, method, url)
            status = answer.status_code
            # The official's own flash messages (e.g. "Zelda … ist abgemeldet.") are theirs.
            body = re.sub(rb'<p class="flash[^>]*>[^<]*</p>', b"", answer.get_data())
            answer.close()
            seen[(f"{endpoint} {method}", role)] = status
            allowed = role in ALLOWED[MATRIX[endpoint]]
            where = f"{role} {method} {url} -> {status}"
            assert status < 500, where
            if allowed:
                assert status not in (401, 403), where
            elif MATRIX[endpoint] == TOKEN:
                assert status == 401, where
                assert answer.get_json()["code"] == "unknown_token", where
            elif MATRIX[endpoint] == DISPLAY:
                assert status == 401, where
                assert answer.get_json()["code"] == "unknown_display_link", where
            else:
                expected = 401 if role in ("anonymous", "delegate", "display") else 403
                assert status == expected, where
            if not allowed or role in ("anonymous", "delegate", "display"):
                assert SECRET_NAME.encode() not in body, where
                assert world.token.encode() not in body, where
                assert world.display_secret.encode() not in body, where
    refused = sum(1 for (key, role), s in seen.items() if s in (401, 403))
    assert refused > len(MATRIX)  # the matrix really refused something for most endpoints
    print(f"\n[permission matrix] {len(seen)} endpoint×role requests, {refused} refused")


def test_officials_cookies_do_not_open_the_phone_api(app):
    world = make_world(app)
    for role in ("checkin", "protocol", "chair"):
        answer = _call(app, world, role, "GET", "/api/v1/me")
        assert (answer.status_code, answer.get_json()["code"]) == (401, "unknown_token")


def test_revoked_token_is_refused_everywhere_a_token_is_taken(app):
    world = make_world(app)
    holder = db.session.scalar(db.select(Delegate).where(Delegate.name == world.token_name))
    assert holder is not None
    holder.token_hash = hash_token(new_token())  # the desk revoked the card and printed a new
    db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {world.token}"}

    me = client.get("/api/v1/me", headers=headers)
    credential = client.post(f"/api/v1/polls/{world.values['public_id']}/credential",
                             json={"blinded_msg": "AAAA"}, headers=headers)

    assert (me.status_code, me.get_json()["code"]) == (401, "unknown_token")
    assert (credential.status_code, credential.get_json()["code"]) == (401, "unknown_token")
    assert world.token_name.encode() not in me.get_data() + credential.get_data()


def test_absent_delegate_sees_no_poll_and_gets_no_credential(app):
    world = make_world(app)
    holder = db.session.scalar(db.select(Delegate).where(Delegate.name == world.token_name))
    assert holder is not None
    holder.present = False
    db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {world.token}"}

    me = client.get("/api/v1/me", headers=headers).get_json()
    credential = client.post(f"/api/v1/polls/{world.values['public_id']}/credential",
                             json={"blinded_msg": "AAAA"}, headers=headers)

    assert (me["delegate"]["present"], me["delegate"]["entitled"], me["polls"]) == (
        False, False, [])
    assert (credential.status_code, credential.get_json()["code"]) == (403, "not_present")


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Basic abc", "bearer x" * 50, ""])
def test_malformed_authorization_is_401_json(app, header):
    answer = app.test_client().get("/api/v1/me", headers={"Authorization": header})

    assert answer.status_code == 401
    assert answer.get_json()["code"] == "unknown_token"
    assert answer.headers["WWW-Authenticate"] == 'Bearer realm="wahlgang"'
