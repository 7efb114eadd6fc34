"""Vote transfers go into the audit file (event ``transfer``, delegates named by reference as
in ``issuances``, with the time) in the same transaction as the desk's change, and the file
still verifies."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from app.services.polls.lifecycle import delegate_ref
from app.services.protocol.audit import audit_file
from ballots.audit import verify_audit
from tests.app.chair.helpers import login, make_conference, make_delegate


def transfers(conference_id: int) -> list[dict]:
    events = [json.loads(line) for line in audit_file(conference_id).splitlines()]
    return [e["data"] for e in events if e["type"] == "transfer"]


def test_transfer_and_its_end_are_audited_with_references_and_time(app, client):
    conference = make_conference()
    absent = make_delegate(conference, "Abwesend")
    sub = make_delegate(conference, "Ersatz", is_substitute=True, present=True)
    login(client, "checkin")
    before = datetime.now(UTC).replace(microsecond=0)

    client.post(f"/checkin/{sub.id}/transfer", data={"delegate_id": str(absent.id)})
    client.post(f"/checkin/{sub.id}/transfer/end")

    recorded = transfers(conference.id)
    assert [(t["substitute"], t["delegate"], t.get("ended")) for t in recorded] == [
        (delegate_ref(sub.id), delegate_ref(absent.id), None),
        (delegate_ref(sub.id), delegate_ref(absent.id), True)]
    for t in recorded:
        moment = datetime.strptime(t["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        assert before <= moment <= datetime.now(UTC)
    text = audit_file(conference.id)
    assert "Abwesend" not in text and "Ersatz" not in text  # references only, no names
    report = verify_audit(text)
    assert report.ok, report.render()
    assert "transfer.pairs" in {c.name for c in report.checks}


def test_a_refused_transfer_writes_nothing(app, client):
    conference = make_conference()
    absent = make_delegate(conference, "Abwesend", present=True)  # present: no transfer
    sub = make_delegate(conference, "Ersatz", is_substitute=True, present=True)
    login(client, "checkin")
    client.post(f"/checkin/{sub.id}/transfer", data={"delegate_id": str(absent.id)})
    assert transfers(conference.id) == []
