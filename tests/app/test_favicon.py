"""The favicon: every page links it (versioned, cached for a year), and /favicon.ico — which
browsers ask for on their own — answers with the icon instead of a 404 on every page load."""

from __future__ import annotations

from pathlib import Path

from app.static_assets import ONE_DAY, ONE_YEAR


def test_favicon_ico_is_served_and_cached(app, client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    assert response.data == (Path(app.static_folder) / "favicon.ico").read_bytes()
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert response.cache_control.public is True
    assert response.cache_control.max_age == ONE_DAY
    again = client.get("/favicon.ico", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    response.close()
    again.close()


def test_pages_link_the_versioned_icons(app, client):
    for path in ("/login", "/public/", "/v/"):
        page = client.get(path).get_data(as_text=True)
        assert '<link rel="icon" href="/static/favicon.ico?v=' in page, path
        assert 'href="/static/favicon.svg?v=' in page, path

    version = page.split('href="/static/favicon.svg')[1].split('"')[0]  # "?v=<hash>"
    svg = client.get(f"/static/favicon.svg{version}")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert svg.cache_control.max_age == ONE_YEAR
    svg.close()
