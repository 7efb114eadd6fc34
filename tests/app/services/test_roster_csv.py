"""The pure roster CSV parser: every accepted variant and every rejection, exactly."""

from __future__ import annotations

import pytest

from app.services.roster.csv_import import (
    MAX_PROBLEMS,
    Problem,
    RosterFileError,
    RosterRow,
    parse_roster,
    person_key,
)

GERMAN = (
    "Name;Ortsverband;Geschlecht;Stimmrecht;Ersatzdelegiert\r\n"
    "Jürgen Müller;OV Süd;m;ja;nein\r\n"
    "Elif Yıldız;OV Nord;w;1;0\r\n"
    "Rosa Krüger;OV Nord;Frau;nein;x\r\n"
)
EXPECTED = [
    RosterRow(2, "Jürgen Müller", "OV Süd", "Mann", True, False),
    RosterRow(3, "Elif Yıldız", "OV Nord", "Frau", True, False),
    RosterRow(4, "Rosa Krüger", "OV Nord", "Frau", False, True),
]


def problems_of(data: bytes, **kwargs: object) -> tuple[Problem, ...]:
    with pytest.raises(RosterFileError) as info:
        parse_roster(data, **kwargs)
    return info.value.problems


def test_parse_utf8_semicolon_german_headers():
    assert parse_roster(GERMAN.encode("utf-8")) == EXPECTED


def test_parse_utf8_with_bom():
    assert parse_roster(b"\xef\xbb\xbf" + GERMAN.encode("utf-8")) == EXPECTED


def test_parse_windows_1252_excel_export():
    text = GERMAN.replace("Elif Yıldız", "Elif Yildiz")  # ı is not in Windows-1252
    rows = parse_roster(text.encode("cp1252"))
    assert rows[0] == RosterRow(2, "Jürgen Müller", "OV Süd", "Mann", True, False)
    assert rows[1].name == "Elif Yildiz"


def test_parse_utf16_unicode_text_with_tabs():
    text = GERMAN.replace(";", "\t")
    assert parse_roster(text.encode("utf-16")) == EXPECTED


def test_parse_english_headers_comma_and_quotes():
    data = (
        b'name,delegation,quota group,voting right,substitute\n'
        b'"Smith, Anna",North,open,yes,no\n'
        b"Bob Jones,South,,true,false\n"
    )
    assert parse_roster(data) == [
        RosterRow(2, "Smith, Anna", "North", "open", True, False),
        RosterRow(3, "Bob Jones", "South", "", True, False),
    ]


def test_parse_first_and_last_name_columns_and_extra_columns_ignored():
    data = b"Vorname;Nachname;E-Mail;Gliederung\nAnna;Beispiel;a@example.org;KV Ost\n"
    assert parse_roster(data) == [RosterRow(2, "Anna Beispiel", "KV Ost")]


def test_parse_only_name_column_uses_defaults_and_skips_blank_lines():
    data = b"Name\n\nAnna\n;\nBernd\n"
    assert parse_roster(data) == [RosterRow(3, "Anna"), RosterRow(5, "Bernd")]


def test_parse_x_marked_vote_column_reads_blank_as_no():
    data = b"Name;Stimmrecht;Ersatz\nAnna;x;\nBernd;;x\n"
    assert parse_roster(data) == [
        RosterRow(2, "Anna", has_vote=True, is_substitute=False),
        RosterRow(3, "Bernd", has_vote=False, is_substitute=True),
    ]


def test_parse_collapses_whitespace_in_values():
    assert parse_roster(b"Name;OV\n  Anna   Maria  ; OV  Nord \n") == [
        RosterRow(2, "Anna Maria", "OV Nord")
    ]


def test_reject_empty_file():
    assert problems_of(b"") == (Problem(0, "", "Die Datei ist leer."),)
    assert problems_of(b"\xef\xbb\xbf\r\n") == (Problem(0, "", "Die Datei ist leer."),)


def test_reject_header_only():
    assert problems_of(b"Name;Gliederung\n") == (
        Problem(0, "", "Die Datei enthält keine Delegierten."),
    )


def test_reject_missing_name_column():
    assert problems_of(b"Mitglied;Gliederung\nAnna;OV\n") == (
        Problem(
            1,
            "Name",
            "Pflichtspalte fehlt: „Name“ (oder „Vorname“ und „Nachname“). "
            "Gefundene Spalten: Mitglied, Gliederung.",
        ),
    )


def test_reject_duplicate_column():
    assert problems_of(b"Name;OV;Gliederung\nAnna;a;b\n") == (
        Problem(1, "Gliederung", "Die Spalte Gliederung kommt doppelt vor."),
    )


def test_reject_binary_garbage():
    assert problems_of(bytes(range(256)) * 4)[0].message.startswith(
        "Die Datei ist keine lesbare Textdatei"
    )


def test_reject_lists_every_problem_with_row_and_column():
    data = (
        "Name;Stimmrecht;Ersatz;Quote\n"
        "Anna;vielleicht;nein;Frau\n"
        ";ja;nein;\n"
        "Bernd;ja;jein;\n"
        "anna ;ja;nein;\n"
        f"Carla;ja;nein;{'q' * 41}\n"
    ).encode()
    assert problems_of(data) == (
        Problem(
            2, "Stimmrecht", "„vielleicht“ ist kein gültiger Wert (erlaubt: ja, nein, 1, 0, x)."
        ),
        Problem(3, "Name", "Der Name fehlt."),
        Problem(4, "Ersatz", "„jein“ ist kein gültiger Wert (erlaubt: ja, nein, 1, 0, x)."),
        Problem(5, "Name", "„anna“ steht schon in Zeile 2."),  # though row 2 has a problem
        Problem(6, "Quote", "Zu lang: 41 Zeichen (höchstens 40)."),
    )


def test_reject_lists_file_problems_and_names_already_on_the_roster_in_one_pass():
    """QA's dup.csv: row 4 was only reported after the file's own problems were fixed."""
    data = (
        b"Name;Stimmrecht\n"
        b"Bernd Brandt;ja\n"
        b"bernd  brandt;ja\n"
        b"Aylin Demir;ja\n"
        b";nein\n"
        b"Carla;vielleicht\n"
        b"aylin demir;jein\n"
    )
    on_roster = {person_key("Aylin Demir"): "Aylin Demir"}  # no Gliederung column, none there
    assert problems_of(data, on_roster=on_roster) == (
        Problem(3, "Name", "„bernd brandt“ steht schon in Zeile 2."),
        Problem(4, "Name", "„Aylin Demir“ steht schon auf der Delegiertenliste."),
        Problem(5, "Name", "Der Name fehlt."),
        Problem(6, "Stimmrecht",
                "„vielleicht“ ist kein gültiger Wert (erlaubt: ja, nein, 1, 0, x)."),
        Problem(7, "Stimmrecht", "„jein“ ist kein gültiger Wert (erlaubt: ja, nein, 1, 0, x)."),
        Problem(7, "Name", "„aylin demir“ steht schon in Zeile 4."),
        Problem(7, "Name", "„Aylin Demir“ steht schon auf der Delegiertenliste."),
    )


def test_names_on_the_roster_are_problems_even_in_an_otherwise_good_file():
    on_roster = {person_key("Greta Weiß"): "Greta Weiß"}
    assert problems_of("Name\nAnna\ngreta  weiß\n".encode(), on_roster=on_roster) == (
        Problem(3, "Name", "„Greta Weiß“ steht schon auf der Delegiertenliste."),
    )


def test_reject_duplicate_names_case_and_space_insensitive():
    data = b"Name\nAnna Beispiel\nBernd\nanna  beispiel\n"
    assert problems_of(data) == (Problem(4, "Name", "„anna beispiel“ steht schon in Zeile 2."),)


def test_reject_blank_vote_cell_without_x_marks():
    assert problems_of(b"Name;Stimmrecht\nAnna;ja\nBernd;\n") == (
        Problem(3, "Stimmrecht", "Das Feld ist leer (erlaubt: ja, nein, 1, 0, x)."),
    )


def test_reject_overlong_name():
    assert problems_of(("Name\n" + "A" * 201 + "\n").encode()) == (
        Problem(2, "Name", "Zu lang: 201 Zeichen (höchstens 200)."),
    )


def test_reject_too_many_rows():
    data = ("Name\n" + "".join(f"P{i}\n" for i in range(11))).encode()
    assert problems_of(data, max_rows=10) == (
        Problem(0, "", "Zu viele Zeilen: 11 (höchstens 10)."),
    )


def test_reject_caps_problem_list():
    data = ("Name;Stimmrecht\n" + "".join(f"P{i};kaputt\n" for i in range(200))).encode()
    with pytest.raises(RosterFileError) as info:
        parse_roster(data)
    assert len(info.value.problems) == MAX_PROBLEMS
    assert info.value.truncated is True
    assert info.value.problems[-1].row == MAX_PROBLEMS + 1


def test_error_message_names_row_and_column():
    with pytest.raises(RosterFileError) as info:
        parse_roster(b"Name;Ersatz\nAnna;jein\n")
    assert str(info.value) == (
        "Die Datei wurde nicht importiert (1 Fehler): Zeile 2, Spalte „Ersatz“: "
        "„jein“ ist kein gültiger Wert (erlaubt: ja, nein, 1, 0, x)."
    )


def test_header_beyond_the_column_limit_is_refused_not_a_crash():
    huge = b",".join([b"x"] * 600_000) + b"\nAnna\n"
    long_cell = b"Name;" + b"y" * 200_000 + b"\nAnna;1\n"

    assert [p.message for p in problems_of(huge)] == [
        "Die Kopfzeile hat 600000 Spalten (höchstens 200). Ist das die Delegiertenliste?"]
    assert problems_of(long_cell)[0].row == 1
    assert "Die Kopfzeile ist 200005 Zeichen lang" in problems_of(long_cell)[0].message


def test_a_field_over_the_csv_limit_is_refused_with_a_sentence():
    (problem,) = problems_of(b'Name\n"' + b"x" * 200_000 + b"\n")

    assert problem.message.startswith("Ein Feld ist länger als 131072 Zeichen")


def test_mixed_utf8_and_windows_1252_lines_are_refused_naming_both():
    data = (b"Name;Ortsverband\r\n" + "Jürgen Müller;OV Süd\r\n".encode()
            + "Greta Weiß;OV Nord\r\n".encode("cp1252") + "Zoë Öz;OV Ost\r\n".encode())

    (problem,) = problems_of(data)

    assert problem.kwargs == {"utf8": "2, 4", "other": "3"}
    assert "MÃ¼ller" in problem.message  # says what would have happened


def test_a_utf8_cell_pasted_into_a_windows_1252_row_is_refused():
    line = "Greta Weiß;".encode("cp1252") + "OV Süd".encode()

    (problem,) = problems_of(b"Name;Ortsverband\r\n" + line + b"\r\n")

    assert problem.kwargs == {"utf8": "2", "other": "2"}


def test_plain_windows_1252_is_not_taken_for_a_mix():
    text = "Name;Ortsverband\r\nGreta Weiß;„OV Süd“\r\nÄnne Öz;OV–Nord\r\n"

    assert [r.name for r in parse_roster(text.encode("cp1252"))] == ["Greta Weiß", "Änne Öz"]


def test_lost_letters_are_found_and_warned_about():
    from app.services.roster.csv_import import lossy_rows, lossy_warning

    text = ("Name;Ortsverband\r\nElif Y?ld?z;OV Nord\r\nAnna Alt;OV 3 ?\r\n?ukasz Nowak;OV Süd\r\n"
            "Ole Ohm;Bezirk ?ód?\r\n")
    rows = parse_roster(text.encode("cp1252"))

    assert lossy_rows(rows) == [2, 4, 5]
    warning = lossy_warning(rows)
    assert warning is not None and warning.kwargs == {"rows": "2, 4, 5", "example": "Elif Y?ld?z"}
    assert lossy_warning(parse_roster(GERMAN.encode("utf-8"))) is None


def test_surname_key_sorts_by_last_word_then_the_rest_without_accents():
    from app.services.roster.csv_import import surname_key

    names = ["Anna Zimmermann", "Ölf Öztürk", "Zoë Albrecht", "Bernd Brandt", "Anna Brandt",
             "Ursula von der Leyen", "Madonna", ""]

    assert sorted(names, key=surname_key) == [
        "", "Zoë Albrecht", "Anna Brandt", "Bernd Brandt", "Ursula von der Leyen", "Madonna",
        "Ölf Öztürk", "Anna Zimmermann"]
