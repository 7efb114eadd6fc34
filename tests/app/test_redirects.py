"""Redirect targets from a request stay on this site, read as a browser reads them; the check
is attacked with the known tricks and fuzzed with hypothesis, through the real view."""

from urllib.parse import quote, urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.urls import iri_to_uri

from app.redirects import local_path_or


@pytest.mark.parametrize("target", ["/chair/", "/chair/polls/3/round?x=1", "/", "/a%2F%2Fb"])
def test_local_paths_are_kept(target):
    assert local_path_or(target, "/fallback") == target


@pytest.mark.parametrize("target", [
    None, "", "https://evil.example/", "//evil.example/x", "/\\evil.example", "chair/",
    "/\t/evil.example/x", "/\n/evil.example", "/\r/evil.example", " //evil.example",
    "\x00//evil.example", "\\\\evil.example", "/\\\t\\evil.example", "\t//evil.example",
    "javascript:alert(1)", "/\x0b/evil.example", "/x\x7f"])
def test_anything_that_could_leave_the_site_falls_back(target):
    assert local_path_or(target, "/fallback") == "/fallback"


@pytest.mark.parametrize("next_", ["/%09/evil.example/x", "/%0A/evil.example", "/%0D/evil.example",
                                   "%20//evil.example", "/%5C/evil.example"])
def test_language_switch_never_leaves_the_site(app, client, next_):
    response = client.get(f"/language/en?next={next_}")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def _browser_destination(location: str) -> str:
    """Where a browser on https://wahlgang.test/x goes: the WHATWG steps, then resolution."""
    cleaned = location.strip("".join(map(chr, range(0x21)))).replace("\t", "")
    cleaned = cleaned.replace("\n", "").replace("\r", "").replace("\\", "/")
    return urlsplit(urljoin("https://wahlgang.test/x", cleaned)).netloc


# what an attacker puts into ?next=: slashes, backslashes, controls, schemes, hosts
_PIECES = st.sampled_from(["/", "\\", "\t", "\n", "\r", " ", "\x00", "\x0b", ":", "@", ".",
                           "evil.example", "https:", "javascript:", "%2F", "?", "#", "a", "é"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECES, max_size=8).map("".join) | st.text(max_size=12))
def test_fuzzed_next_never_leaves_the_site_nor_fails(app, client, target):
    response = client.get("/language/en?next=" + quote(target, safe=""))

    if "\x00" in target:  # refused before any view (app/errors.py)
        assert response.status_code == 400
        return
    assert response.status_code == 302
    location = response.headers["Location"]
    assert _browser_destination(location) in ("", "wahlgang.test")
    assert location == iri_to_uri(local_path_or(target, "/"))  # the path as read, or "/"
