"""Fuzz every operation of docs/openapi.yaml against the WSGI app with hypothesis.

Requests are drawn from the document itself (path parameters, bodies built from the request
schemas) mixed with hostile variants (arbitrary JSON, wrong types, broken encodings, garbage
tokens). Every answer must be below 500; every 4xx must be JSON ``{"error", "code"}`` with a
status the document lists for that operation. The outcome counts are printed (``pytest -s``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.polls import manage as polls
from app.services.polls.lifecycle import close_poll, open_poll
from ballots import blind
from ballots.credential import credential_message
from tests.app.vote.factories import (
    Phone,
    election_contest,
    make_conference,
    make_delegate,
    make_poll,
)

pytestmark = pytest.mark.slow

SPEC = yaml.safe_load((Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml")
                      .read_text(encoding="utf-8"))
PREFIX = SPEC["servers"][0]["url"].rstrip("/")
OPERATIONS = [(path, method, op) for path, item in SPEC["paths"].items()
              for method, op in item.items() if method in ("get", "post", "put", "delete")]
EXAMPLES = 400
OUTCOMES: Counter[tuple[str, int]] = Counter()
ALWAYS = {404, 405, 413, 429}  # answered by routing/limits for any operation


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = SPEC
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def from_schema(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """A small JSON-Schema subset → strategy (enough for our document)."""
    schema = _resolve(schema)
    if "allOf" in schema:
        return from_schema(schema["allOf"][0], depth)
    if "oneOf" in schema:
        return st.one_of([from_schema(s, depth) for s in schema["oneOf"]])
    base: st.SearchStrategy[Any]
    if "enum" in schema:
        base = st.sampled_from(schema["enum"])
    elif schema.get("type") == "object":
        props = schema.get("properties", {})
        required = {k: from_schema(v, depth + 1) for k, v in props.items()
                    if k in schema.get("required", [])}
        optional = {k: from_schema(v, depth + 1) for k, v in props.items()
                    if k not in schema.get("required", [])}
        base = st.fixed_dictionaries(required, optional=optional)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and not props and depth < 3:
            base = st.dictionaries(st.text(max_size=8), from_schema(extra, depth + 1),
                                   max_size=5)
    elif schema.get("type") == "array":
        base = st.lists(from_schema(schema.get("items", {}), depth + 1), max_size=3)
    elif schema.get("type") == "string":
        if "pattern" in schema:
            base = st.from_regex(schema["pattern"], fullmatch=True).filter(lambda s: len(s) < 600)
        else:
            base = st.text(max_size=40)
    elif schema.get("type") == "integer":
        base = st.integers(min_value=-(2**40), max_value=2**40)
    elif schema.get("type") == "boolean":
        base = st.booleans()
    else:
        base = JSON
    if schema.get("nullable"):
        base = st.one_of(st.none(), base)
    return base


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=12,
)


def _status_allowed(op: dict[str, Any]) -> set[int]:
    return {int(code) for code in op["responses"]} | ALWAYS


def make_fuzz_world(client) -> dict[str, Any]:
    """Polls in every state, a valid card, and real credentials to reach the deep paths."""
    conference = make_conference()
    phones = [Phone(client, make_delegate(conference, f"Fuzz {i}")[1]) for i in range(24)]
    motion = open_poll(make_poll(conference).id)
    election = open_poll(make_poll(conference, election_contest(seats=2)).id)
    draft = make_poll(conference)
    closed = open_poll(make_poll(conference).id)
    close_poll(closed.id)
    polls.get_poll(conference.id, draft.id)
    credentials = []
    for i, phone in enumerate(phones):  # many credentials: the ballot checks stay reachable
        poll = election if i % 3 else motion
        cred = phone.fetch_credential(poll)
        credentials.append((poll.public_id, cred.msg, cred.sig))
    pub = blind.load_public_key_pem(election.public_key_pem or "")
    return {
        "public_ids": [motion.public_id, election.public_id, draft.public_id, closed.public_id],
        "token": phones[0].token,
        "credentials": credentials,
        "blinded": blind.blind(pub, credential_message(election.public_id))[0],
    }


def _b64(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _request_strategy(path: str, method: str, op: dict[str, Any], world: dict[str, Any]):
    path_ids = st.one_of(st.sampled_from(world["public_ids"]),
                         st.text(min_size=1, max_size=40).map(lambda s: quote(s, safe="")))
    header_text = st.text(max_size=60, alphabet=st.characters(
        min_codepoint=32, max_codepoint=255, blacklist_categories=("Cc",)))  # what HTTP carries
    auth = st.one_of(
        st.none(), st.just(f"Bearer {world['token']}"),
        st.just(f"Bearer {world['token'].lower()[:13]}-{world['token'][13:]}"),
        header_text.map(lambda s: "Bearer " + s), header_text,
    )
    body_schema = (op.get("requestBody") or {}).get("content", {}).get(
        "application/json", {}).get("schema")
    bodies: list[st.SearchStrategy[Any]] = [JSON]
    if body_schema is not None:
        bodies.append(from_schema(body_schema))
        if "ballot" in _resolve(body_schema).get("properties", {}):
            real = st.sampled_from(world["credentials"]).map(
                lambda c: {"msg": _b64(c[1]), "sig": _b64(c[2])})
            ballot = from_schema({"$ref": "#/components/schemas/Ballot"}) | JSON
            with_real = st.tuples(real, ballot).map(lambda t: {**t[0], "ballot": t[1]})
            bodies += [with_real, with_real]
        if "blinded_msg" in _resolve(body_schema).get("properties", {}):
            bodies.append(st.just({"blinded_msg": _b64(world["blinded"])}))
    encodings = st.sampled_from(["utf-8"] * 6 + ["utf-16", "latin-1-broken", "raw"])
    return st.fixed_dictionaries({
        "public_id": path_ids, "auth": auth, "body": st.one_of(bodies), "encoding": encodings,
        "content_type": st.sampled_from(["application/json"] * 4 + ["text/plain", None]),
        "lang": st.sampled_from(["de", "en", "fr"]),
        "raw": st.binary(max_size=200),
    })


def _encode(case: dict[str, Any]) -> bytes:
    text = json.dumps(case["body"])
    if case["encoding"] == "utf-16":
        return text.encode("utf-16")
    if case["encoding"] == "latin-1-broken":
        return text.encode("utf-8") + b"\xff\xfe\xc3"
    if case["encoding"] == "raw":
        return case["raw"]
    return text.encode("utf-8")


def _check(op_id: str, op: dict[str, Any], answer) -> None:
    status = answer.status_code
    OUTCOMES[(op_id, status)] += 1
    assert status < 500, answer.get_data(as_text=True)[:300]
    if status == 308:  # "a//b" (from an id with "/") is normalised by routing: same API only
        assert answer.headers["Location"].startswith(f"http://wahlgang.test{PREFIX}/")
        return
    assert status in _status_allowed(op), (op_id, status, answer.get_data(as_text=True)[:300])
    assert answer.mimetype == "application/json", (op_id, status)
    body = answer.get_json()
    if status >= 400:
        assert isinstance(body.get("error"), str) and body["error"].strip(), body
        assert isinstance(body.get("code"), str) and re.fullmatch(r"[a-z_]+", body["code"]), body
    if status == 401:
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS,
                         ids=[op["operationId"] for _, _, op in OPERATIONS])
def test_fuzz_operation_never_5xx_and_errors_are_json(app, path, method, op):
    client = app.test_client()
    world = make_fuzz_world(client)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large, HealthCheck.filter_too_much])
    @given(case=_request_strategy(path, method, op, world))
    def run(case: dict[str, Any]) -> None:
        url = PREFIX + path.replace("{public_id}", case["public_id"])
        headers = {"Accept-Language": case["lang"]}
        if case["auth"] is not None:
            headers["Authorization"] = case["auth"]
        kwargs: dict[str, Any] = {"headers": headers}
        if method == "post":
            kwargs["data"] = _encode(case)
            if case["content_type"]:
                kwargs["content_type"] = case["content_type"]
        with app.app_context():
            answer = client.open(url, method=method.upper(), **kwargs)
        _check(op["operationId"], op, answer)

    run()
    mine = {status: n for (op_id, status), n in OUTCOMES.items() if op_id == op["operationId"]}
    assert sum(mine.values()) >= EXAMPLES
    print(f"\n[fuzz {op['operationId']}] {sum(mine.values())} requests: "
          + ", ".join(f"{s}×{n}" for s, n in sorted(mine.items())))


def test_every_api_route_is_in_the_openapi_document(app):
    documented = {(PREFIX + path, method.upper()) for path, method, _ in OPERATIONS}
    actual = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(PREFIX + "/"):
            route = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
            actual |= {(route, m) for m in (rule.methods or set()) - {"HEAD", "OPTIONS"}}

    assert actual == documented


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS,
                         ids=[op["operationId"] for _, _, op in OPERATIONS])
def test_wrong_method_on_every_operation_is_405_json(app, client, path, method, op):
    url = PREFIX + path.replace("{public_id}", "x")
    answer = client.open(url, method="DELETE")

    assert answer.status_code == 405
    assert answer.get_json()["code"] == "method_not_allowed"
