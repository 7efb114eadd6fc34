import json
import re


def test_phone_page_carries_translated_strings_and_no_inline_script(app, client):
    html = client.get("/v/").get_data(as_text=True)

    data = re.search(r'<script type="application/json" id="phone-strings">(.*?)</script>',
                     html, re.S)
    assert data is not None
    strings = json.loads(data.group(1))
    assert strings["cast"] == "Stimme abgeben"
    assert strings["accepted"] == "Ihre Stimme wurde angenommen und wird gezählt."
    assert 'data-api="/api/v1"' in html
    assert re.search(r'<script type="module" src="/static/js/phone\.js(\?v=[0-9a-f]+)?">', html)
    scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert scripts == []
    assert "style=" not in html


def test_phone_page_in_english_sets_the_language(app, client):
    html = client.get("/v/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html


def test_every_module_the_phone_runs_has_its_hash_published(app, client):
    """The public board lists the SHA-256 of each phone script (app.services.polls.bulletin):
    a module added to the phone but not to that list would run unpublished."""
    import hashlib
    from pathlib import Path

    from app.services.polls.bulletin import PHONE_JS
    from app.services.polls.lifecycle import open_poll
    from tests.app.vote.factories import make_conference, make_poll

    folder = Path(app.static_folder or "") / "js"
    reached, todo = set(), ["phone.js"]
    while todo:
        name = todo.pop()
        reached.add(name)
        source = (folder / name).read_text(encoding="utf-8")
        todo += [m for m in re.findall(r'from "\./([\w.]+\.js)"', source) if m not in reached]
    poll = open_poll(make_poll(make_conference()).id)
    html = client.get(f"/public/p/{poll.public_id}").get_data(as_text=True)

    assert reached == set(PHONE_JS)
    for name in PHONE_JS:
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() in html, name
