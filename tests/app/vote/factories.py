"""Plain ``make_*`` factories for the vote path: a conference, delegates with tokens, polls,
and a phone that talks to the API through the Python mirror of rsabssa.js."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from app.extensions import db
from app.models import Conference, Delegate, Poll
from app.services.roster.tokens import hash_token, new_token
from ballots import blind
from ballots.credential import credential_message


def make_conference(title: str = "Landesparteitag Test") -> Conference:
    conference = Conference(title=title, organisation="LV Test", place="Halle 1")
    db.session.add(conference)
    db.session.commit()
    return conference


def make_delegate(conference: Conference, name: str = "Anna Beispiel", *, present: bool = True,
                  has_vote: bool = True, is_substitute: bool = False,
                  represents: Delegate | None = None) -> tuple[Delegate, str]:
    """A delegate and the secret token on their card."""
    token = new_token()
    delegate = Delegate(conference_id=conference.id, name=name, present=present,
                        has_vote=has_vote, is_substitute=is_substitute,
                        token_hash=hash_token(token), card_number=1,
                        represents_id=None if represents is None else represents.id)
    db.session.add(delegate)
    db.session.commit()
    return delegate, token


def card_key(token: str) -> str:
    """The key under which the phone stores a card's records (store.js, cardKey)."""
    return hashlib.sha256(b"wahlgang card\n" + token.encode("ascii")).hexdigest()[:32]


def motion_contest(title: str = "Antrag A1: Satzungsänderung") -> dict[str, Any]:
    return {"kind": "motion", "title": title,
            "rules": {"preset": "motion-simple", "overrides": {}}}


def election_contest(names: tuple[str, ...] = ("Anna", "Berta", "Carla"), seats: int = 2,
                     preset: str = "linke-delegates", round_kind: str = "women"
                     ) -> dict[str, Any]:
    return {"kind": "election", "title": "Delegierte – Frauenwahlgang",
            "rules": {"preset": preset, "overrides": {}}, "seats": seats,
            "candidates": [{"id": f"C{i + 1}", "name": n, "group": "Frau"}
                           for i, n in enumerate(names)],
            "round": {"number": 1, "kind": round_kind}}


def make_poll(conference: Conference, contest: dict[str, Any] | None = None, *,
              paper: bool = False) -> Poll:
    contest = contest or motion_contest()
    poll = Poll(public_id=secrets.token_hex(6), conference_id=conference.id,
                kind=contest["kind"], title=contest["title"], contest=contest, paper=paper)
    db.session.add(poll)
    db.session.commit()
    return poll


def stored_ballots(poll_id: int) -> list[tuple[str, str]]:
    """(tracker, choices) of every ballot stored for the poll, sorted: opened with the poll's
    ballot-box key while it is open, as counted after the close."""
    from app.models import Ballot
    from app.services.voting.ballot_box import unseal_all

    db.session.expire_all()
    poll = db.session.get(Poll, poll_id)
    assert poll is not None
    rows = [(u.tracker, u.choices) for u in unseal_all(poll)]
    rows += [(b.tracker, b.choices) for b in db.session.scalars(
        db.select(Ballot).where(Ballot.poll_id == poll_id))]
    return sorted(rows)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Credential:
    msg: bytes
    sig: bytes
    blinded: bytes = b""


@dataclass
class Phone:
    """What phone.js does, in Python (ballots.blind and ballots.credential mirror rsabssa.js)."""

    client: Any
    token: str
    credentials: dict[str, Credential] = field(default_factory=dict)

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def me(self) -> Any:
        return self.client.get("/api/v1/me", headers=self.headers())

    def blind_for(self, poll: Poll) -> tuple[bytes, bytes, int]:
        assert poll.public_key_pem is not None
        pub = blind.load_public_key_pem(poll.public_key_pem)
        msg = credential_message(poll.public_id)
        blinded, inv = blind.blind(pub, msg)
        return msg, blinded, inv

    def request_credential(self, poll: Poll, blinded: bytes) -> Any:
        return self.client.post(f"/api/v1/polls/{poll.public_id}/credential",
                                json={"blinded_msg": b64url(blinded)}, headers=self.headers())

    def fetch_credential(self, poll: Poll) -> Credential:
        msg, blinded, inv = self.blind_for(poll)
        response = self.request_credential(poll, blinded)
        assert response.status_code == 200, response.get_json()
        pub = blind.load_public_key_pem(poll.public_key_pem or "")
        sig = blind.finalize(pub, msg, unb64url(response.get_json()["blind_sig"]), inv)
        cred = Credential(msg=msg, sig=sig, blinded=blinded)
        self.credentials[poll.public_id] = cred
        return cred

    def cast(self, poll: Poll, ballot: dict[str, Any], cred: Credential | None = None) -> Any:
        cred = cred or self.credentials[poll.public_id]
        return self.client.post(f"/api/v1/polls/{poll.public_id}/ballots",
                                json={"msg": b64url(cred.msg), "sig": b64url(cred.sig),
                                      "ballot": ballot})
