"""Where a poll's key comes from: freshly generated for every poll in production; the test
suite's pool of pre-generated keys (``POLL_KEY_SOURCE``, tests/conftest.py) is a seam that no
deployment can reach."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from app import ConfigurationError, create_app
from app.services.polls.lifecycle import open_poll
from app.services.voting.poll_keys import open_private_key
from ballots import blind
from tests.app.vote.factories import make_conference, make_poll


@pytest.fixture
def production_keys_app(app, monkeypatch):
    """The test app as ``flask`` and gunicorn build it as far as keys go: no
    ``POLL_KEY_SOURCE`` (the app's config is restored after the test)."""
    monkeypatch.delitem(app.config, "POLL_KEY_SOURCE")
    return app


def test_without_a_key_source_every_poll_gets_a_freshly_generated_key(
        production_keys_app, monkeypatch):
    generated = []
    real_generate = blind.generate_key

    def counting_generate(bits: int = 2048):
        key = real_generate(bits=bits)
        generated.append(key)
        return key

    monkeypatch.setattr(blind, "generate_key", counting_generate)
    conference = make_conference()
    first = open_poll(make_poll(conference).id)
    second = open_poll(make_poll(conference).id)

    assert production_keys_app.config.get("POLL_KEY_SOURCE") is None
    assert len(generated) == 2  # one generation per poll opened
    assert [k.key_size for k in generated] == [2048, 2048]
    keys = [open_private_key(p.private_key_pem or "", p.public_id) for p in (first, second)]
    assert [blind.public_key_pem(k.public_key()) for k in generated] == [
        first.public_key_pem, second.public_key_pem]
    assert first.key_fingerprint != second.key_fingerprint
    assert keys[0].n != keys[1].n


def test_the_app_as_deployed_has_no_key_source(tmp_path, monkeypatch):
    for name in [n for n in os.environ if n.startswith("WAHLGANG_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("WAHLGANG_SECRET_KEY", "x" * 48)
    deployed = create_app({"INSTANCE_PATH": str(tmp_path)})  # what `flask`/gunicorn call
    assert deployed.config.get("POLL_KEY_SOURCE") is None


def test_a_key_source_from_settings_or_environment_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("WAHLGANG_SECRET_KEY", "x" * 48)
    monkeypatch.setenv("WAHLGANG_POLL_KEY_SOURCE", "tests.conftest:TestKeyPool")
    with pytest.raises(ConfigurationError, match="POLL_KEY_SOURCE"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_a_key_of_the_wrong_size_from_a_source_is_refused(app, monkeypatch):
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    monkeypatch.setitem(app.config, "POLL_KEY_SOURCE", lambda bits: small)
    conference = make_conference()
    poll = make_poll(conference)
    with pytest.raises(ValueError, match="1024-bit key, not 2048"):
        open_poll(poll.id)


def test_the_test_pool_gives_each_poll_of_a_test_its_own_key(app, poll_key_pool):
    conference = make_conference()
    polls = [open_poll(make_poll(conference).id) for _ in range(3)]
    assert len({p.key_fingerprint for p in polls}) == 3
    poll_key_pool.rewind()  # what happens before the next test: the same keys again
    again = open_poll(make_poll(conference).id)
    assert again.key_fingerprint == polls[0].key_fingerprint
