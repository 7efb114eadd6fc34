"""Static files: versioned URLs are cached for a year, unversioned ones revalidate."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import url_for

from app.static_assets import ONE_YEAR


def test_static_url_carries_the_content_hash(app):
    path = Path(app.static_folder) / "js" / "rsabssa.js"
    expected = hashlib.sha256(path.read_bytes()).hexdigest()[:12]

    with app.test_request_context():
        url = url_for("static", filename="js/rsabssa.js")

    assert url.endswith(f"/static/js/rsabssa.js?v={expected}")


def test_versioned_static_is_cached_for_a_year(app, client):
    with app.test_request_context():
        url = url_for("static", filename="css/app.css")

    response = client.get(url)

    assert response.status_code == 200
    assert response.cache_control.max_age == ONE_YEAR
    assert response.cache_control.immutable is True
    response.close()


def test_unversioned_or_stale_static_is_not_cached_long(app, client):
    plain = client.get("/static/css/app.css")
    stale = client.get("/static/css/app.css?v=000000000000")

    assert (plain.status_code, stale.status_code) == (200, 200)
    assert plain.cache_control.max_age is None
    assert stale.cache_control.max_age is None
    plain.close()
    stale.close()


def test_phone_page_links_versioned_assets(app, client):
    page = client.get("/v/").get_data(as_text=True)

    assert "/static/js/phone.js?v=" in page
    assert "/static/css/phone.css?v=" in page
