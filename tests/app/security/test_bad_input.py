"""Bad files are rejected whole with the row or key named: rosters (CSV), rule presets (TOML)
and an assembly's overrides. Random input never raises anything but the documented error."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.roster.csv_import import MAX_ROWS, RosterFileError, parse_roster
from ballots.errors import BallotError
from ballots.rules import apply_overrides, load_preset
from tests.app.chair.helpers import login, make_conference, roster_rows


def _upload(client, data: bytes):
    return client.post("/chair/roster/import", data={"file": (BytesIO(data), "liste.csv")},
                       content_type="multipart/form-data")


def test_roster_over_the_size_limit_is_413_and_changes_nothing(app, client):
    conference = make_conference()
    login(client)
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    data = ("Name\r\n" + "".join(f"Person {i}\r\n" for i in range(2_000))).encode()

    answer = _upload(client, data)

    assert answer.status_code == 413
    assert "Die Datei oder Anfrage ist zu groß (höchstens 10 kB)." in answer.get_data(as_text=True)
    assert roster_rows(conference) == []


def test_roster_with_too_many_rows_is_rejected_whole(app, client):
    conference = make_conference()
    login(client)
    data = ("Name\n" + "".join(f"P{i}\n" for i in range(MAX_ROWS + 1))).encode()

    answer = _upload(client, data)

    assert answer.status_code == 400
    assert str(MAX_ROWS) in answer.get_data(as_text=True).replace(".", "").replace(" ", "")
    assert roster_rows(conference) == []


def test_roster_with_one_bad_row_among_good_ones_names_the_row(app, client):
    conference = make_conference()
    login(client)
    data = b"Name;Stimmrecht\nAnna;ja\nBerta;vielleicht\nCarla;nein\n"

    answer = _upload(client, data)

    text = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "3" in text and "Stimmrecht" in text and "vielleicht" in text
    assert roster_rows(conference) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(
    st.binary(max_size=400),
    st.text(max_size=300).map(lambda t: ("Name;Stimmrecht\n" + t).encode("utf-8")),
    st.text(max_size=300).map(lambda t: ("Name,Ersatz\r\n" + t).encode("utf-16")),
    st.text(max_size=300).map(lambda t: t.encode("cp1252", "replace")),
))
def test_roster_parser_only_ever_refuses_with_rows_named(data: bytes):
    try:
        rows = parse_roster(data)
    except RosterFileError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)
    else:
        assert all(row.name.strip() for row in rows)


def _preset_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **files: str) -> None:
    for name, text in files.items():
        (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("WAHLGANG_PRESETS", str(tmp_path))


@pytest.mark.parametrize(("text", "named"), [
    ('title = "x"\nmajority = [', "TOML error"),
    ('title = "x"\nfavourite_colour = "red"\n', "favourite_colour: unknown setting"),
    ('title = "x"\nmajority_fraction = 0.5\n', "fractions as strings"),
    ('extends = "bad"\n', "preset cycle"),
])
def test_broken_rule_files_are_rejected_with_the_key_named(tmp_path, monkeypatch, text, named):
    _preset_dir(tmp_path, monkeypatch, bad=text)

    with pytest.raises(BallotError) as caught:
        load_preset("bad")

    assert named in str(caught.value)


def test_unknown_preset_names_are_refused_without_touching_other_files(tmp_path, monkeypatch):
    _preset_dir(tmp_path, monkeypatch, ok='title = "ok"\n')
    for name in ("../default", "/etc/passwd", "", "ok/../ok"):
        with pytest.raises(BallotError, match="unknown preset"):
            load_preset(name)


@pytest.mark.parametrize(("overrides", "named"), [
    ({"no_such_setting": 1}, "overrides.no_such_setting"),
    ({"name": "x"}, "overrides.name"),
    ({"decisions": {}}, "overrides.decisions"),
])
def test_bad_overrides_name_the_key(overrides, named):
    with pytest.raises(BallotError) as caught:
        apply_overrides(load_preset("linke-delegates"), overrides)

    assert named in str(caught.value)


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=3),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(overrides=st.dictionaries(
    st.sampled_from(["majority", "threshold", "majority_fraction", "ballot_form", "max_marks",
                     "empty_ballot", "no_allowed", "tie", "cite", "quota_min_share",
                     "anything"]) | st.text(max_size=10),
    _JSONISH, max_size=3))
def test_random_overrides_either_apply_or_name_the_key(overrides):
    try:
        apply_overrides(load_preset("linke-delegates"), overrides)
    except BallotError as exc:
        assert str(exc).startswith("overrides.")
