"""A real conference beside the demo: the chair starts their own from the UI, it becomes the
current one (never the demo again, even when `make run` seeds it once more), earlier
conferences stay readable with their protocols and audit files, and only the demo can be
removed — with everything in it."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Conference, Delegate, Poll
from app.services.conference import current_conference
from app.services.demo import seed_demo_conference
from app.services.polls.lifecycle import open_poll
from tests.app.chair.conftest import login


def test_own_conference_beside_the_demo_and_removing_the_demo(app, client, tmp_path):
    demo_info = seed_demo_conference(str(tmp_path))
    demo = current_conference()
    assert demo is not None and demo.is_demo
    draft = db.session.scalar(sa.select(Poll).where(Poll.conference_id == demo.id).limit(1))
    open_poll(draft.id)  # the demo now has an audit file
    login(client)
    assert "Eigene Versammlung anlegen" in client.get("/chair/").get_data(as_text=True)

    page = client.post("/chair/conference", data={
        "new": "1", "title": "Kreisparteitag Nord 2027", "organisation": "KV Nord",
        "place": "Stadthalle", "held_on": "2027-03-01", "convocation": "fristgerecht",
        "chair_names": "", "commission_names": "", "minute_taker": ""}, follow_redirects=True)
    assert page.status_code == 200
    own = current_conference()
    assert own is not None and own.title == "Kreisparteitag Nord 2027" and not own.is_demo
    assert own.id != demo.id

    # make run seeds the demo again: it stays a second conference, never the current one
    again = seed_demo_conference(str(tmp_path))
    assert again.conference_title == demo_info.conference_title
    assert current_conference().id == own.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Conference)) == 2

    listing = client.get("/chair/conferences").get_data(as_text=True)
    assert "Kreisparteitag Nord 2027" in listing and demo.title in listing
    assert f"/protocol/audit.jsonl?conference={demo.id}" in listing
    assert client.get(f"/protocol/audit.jsonl?conference={demo.id}").status_code == 200

    # a real conference cannot be removed; the demo can, with all its rows
    refused = client.post(f"/chair/conferences/{own.id}/remove", follow_redirects=True)
    assert "Nur die Demo-Versammlung kann entfernt werden" in refused.get_data(as_text=True)
    assert db.session.get(Conference, own.id) is not None
    client.post(f"/chair/conferences/{demo.id}/remove", follow_redirects=True)
    db.session.expire_all()
    assert db.session.get(Conference, demo.id) is None
    for model in (Delegate, Poll, AuditEvent):
        left = db.session.scalar(sa.select(sa.func.count()).select_from(model)
                                 .where(model.conference_id == demo.id))
        assert left == 0, model
    assert current_conference().id == own.id
