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
