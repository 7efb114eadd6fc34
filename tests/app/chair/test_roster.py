"""Roster import through the chair's pages (hand edits: test_roster_hand.py)."""

from __future__ import annotations

import re
from io import BytesIO

from app.extensions import db
from tests.app.chair.helpers import login, make_conference, make_delegate, roster_rows

GERMAN = (
    "Name;Ortsverband;Geschlecht;Stimmrecht;Ersatzdelegiert\r\n"
    "Jürgen Müller;OV Süd;m;ja;nein\r\n"
    "Greta Weiß;OV Nord;w;1;0\r\n"
    "Rosa Krüger;OV Nord;Frau;nein;x\r\n"
)
ROWS = [
    ("Jürgen Müller", "OV Süd", "Mann", True, False),
    ("Greta Weiß", "OV Nord", "Frau", True, False),
    ("Rosa Krüger", "OV Nord", "Frau", False, True),
]


def upload(client, data: bytes, filename: str = "liste.csv"):
    """Upload, then confirm the preview as the chair would (the preview stores nothing)."""
    preview = client.post("/chair/roster/import", data={"file": (BytesIO(data), filename)},
                          content_type="multipart/form-data")
    if preview.status_code != 200:
        return preview
    found = re.search(r'name="upload" type="hidden" value="([0-9a-f]{32})"',
                      preview.get_data(as_text=True))
    assert found, "the preview offers no confirmation"
    return client.post("/chair/roster/import/confirm", data={"upload": found.group(1)})


def test_import_utf8_semicolon_adds_every_row(app, client):
    conference = make_conference()
    login(client)
    response = upload(client, GERMAN.encode("utf-8"))
    assert response.status_code == 302
    assert roster_rows(conference) == ROWS
    page = client.get("/chair/roster").get_data(as_text=True)
    assert "3 Delegierte importiert." in page
    assert "Jürgen Müller" in page


def test_import_count_is_singular_for_one_and_english_too(app, client):
    make_conference()
    login(client)
    upload(client, b"Name\nAnna\n")
    assert "1 Delegierte/r importiert." in client.get("/chair/roster").get_data(as_text=True)
    client.get("/language/en")
    upload(client, b"Name\nBernd\n")
    assert "1 delegate imported." in client.get("/chair/roster").get_data(as_text=True)
    upload(client, b"Name\nCarla\nDora\n")
    assert "2 delegates imported." in client.get("/chair/roster").get_data(as_text=True)


def test_import_form_states_the_size_limit(app, client):
    make_conference()
    login(client)
    assert "Höchstens 2 MB pro Datei." in client.get("/chair/roster").get_data(as_text=True)


def test_import_windows_1252_excel_file(app, client):
    conference = make_conference()
    login(client)
    assert upload(client, GERMAN.encode("cp1252")).status_code == 302
    assert roster_rows(conference) == ROWS


def test_import_utf8_with_bom(app, client):
    conference = make_conference()
    login(client)
    assert upload(client, b"\xef\xbb\xbf" + GERMAN.encode("utf-8")).status_code == 302
    assert roster_rows(conference) == ROWS


def test_import_appends_to_existing_roster(app, client):
    conference = make_conference()
    make_delegate(conference, "Anna Vorher")
    login(client)
    assert upload(client, GERMAN.encode()).status_code == 302
    assert [row[0] for row in roster_rows(conference)] == [
        "Anna Vorher", "Jürgen Müller", "Greta Weiß", "Rosa Krüger"]


def test_import_bad_file_lists_rows_and_columns_and_changes_nothing(app, client):
    conference = make_conference()
    make_delegate(conference, "Anna Vorher")
    login(client)
    data = b"Name;Stimmrecht\nBernd;ja\nCarla;vielleicht\n;nein\n"
    response = upload(client, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Die Datei wurde nicht importiert; die Liste ist unverändert." in page
    assert "<td class=\"num\">3</td><td>Stimmrecht</td><td>„vielleicht“ ist kein gültiger " \
           "Wert (erlaubt: ja, nein, 1, 0, x).</td>" in page
    assert "<td class=\"num\">4</td><td>Name</td><td>Der Name fehlt.</td>" in page
    assert roster_rows(conference) == [("Anna Vorher", "", "", True, False)]


def test_import_duplicate_of_existing_name_is_rejected_whole(app, client):
    conference = make_conference()
    greta = make_delegate(conference, "Greta Weiß")
    greta.delegation = "OV Nord"  # the same person: same name, same Ortsverband
    db.session.commit()
    login(client)
    response = upload(client, GERMAN.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "„Greta Weiß“ steht schon auf der Delegiertenliste." in page
    assert "<td class=\"num\">3</td><td>Name</td>" in page
    assert roster_rows(conference) == [("Greta Weiß", "OV Nord", "", True, False)]


def test_import_reports_file_problems_and_roster_conflicts_in_one_pass(app, client):
    """QA's dup.csv: "Aylin Demir" (row 4, already on the roster) only showed on the second
    upload, after the file's own problems were fixed."""
    conference = make_conference()
    make_delegate(conference, "Aylin Demir")
    login(client)
    data = "Name;Stimmrecht\nBernd;ja\nbernd;ja\nAylin Demir;ja\n;ja\nCarla;vielleicht\n"

    response = upload(client, data.encode(), "dup.csv")

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<td class=\"num\">3</td><td>Name</td><td>„bernd“ steht schon in Zeile 2.</td>" in page
    assert "<td class=\"num\">4</td><td>Name</td><td>„Aylin Demir“ steht schon auf der " \
           "Delegiertenliste.</td>" in page
    assert "<td class=\"num\">5</td><td>Name</td><td>Der Name fehlt.</td>" in page
    assert "<td class=\"num\">6</td><td>Stimmrecht</td><td>„vielleicht“ ist kein" in page
    assert page.count("<tr><td class=\"num\">") == 4
    assert roster_rows(conference) == [("Aylin Demir", "", "", True, False)]


def test_import_same_file_twice_is_refused(app, client):
    conference = make_conference()
    login(client)
    upload(client, GERMAN.encode())
    assert upload(client, GERMAN.encode()).status_code == 400
    assert roster_rows(conference) == ROWS


def test_import_empty_file_is_rejected(app, client):
    conference = make_conference()
    login(client)
    response = upload(client, b"")
    assert response.status_code == 400
    assert "Die Datei ist leer." in response.get_data(as_text=True)
    assert roster_rows(conference) == []


def test_import_missing_name_column_is_rejected(app, client):
    conference = make_conference()
    login(client)
    response = upload(client, b"Person;OV\nAnna;Nord\n")
    assert response.status_code == 400
    assert "Pflichtspalte fehlt: „Name“" in response.get_data(as_text=True)
    assert roster_rows(conference) == []


def test_import_binary_garbage_is_rejected(app, client):
    conference = make_conference()
    login(client)
    response = upload(client, bytes(range(256)) * 8, "liste.xlsx")
    assert response.status_code == 400
    assert "keine lesbare Textdatei" in response.get_data(as_text=True)
    assert roster_rows(conference) == []


def test_import_needs_the_chair(app, client):
    conference = make_conference()
    login(client, "checkin")
    assert upload(client, GERMAN.encode()).status_code == 403
    assert roster_rows(conference) == []


def test_import_header_of_600000_fields_is_refused_with_a_sentence(app, client):
    conference = make_conference()
    login(client)

    data = b";".join([b"a"] * 600_000) + b"\nAnna\n"  # 1.2 MB, under the upload limit
    body = (b"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"liste.csv\"\r\n"
            b"Content-Type: text/csv\r\n\r\n" + data + b"\r\n--B--\r\n")
    # sent as bytes: the test client would spool a body this large to a file it never closes
    response = client.post("/chair/roster/import", data=body,
                           content_type="multipart/form-data; boundary=B")

    assert response.status_code == 400
    assert "Die Kopfzeile hat 600000 Spalten (höchstens 200)" in response.get_data(as_text=True)
    assert roster_rows(conference) == []


def test_import_mixing_utf8_and_windows_1252_is_refused_naming_the_lines(app, client):
    conference = make_conference()
    login(client)
    data = (b"Name;Ortsverband\r\n" + "Jürgen Müller;OV Süd\r\n".encode()
            + "Greta Weiß;OV Nord\r\n".encode("cp1252") + b"Anna Alt;OV Ost\r\n")

    page = upload(client, data).get_data(as_text=True)

    assert "UTF-8 in Zeile(n) 2, Windows-1252 in Zeile(n) 3" in page
    assert roster_rows(conference) == []  # not "MÃ¼ller"


def test_import_of_excels_lossy_csv_warns_naming_the_rows_and_the_remedy(app, client):
    conference = make_conference()
    login(client)
    data = "Name;Ortsverband\r\nElif Y?ld?z;OV Nord\r\nAnna Alt;OV Ost\r\n?ukasz Nowak;OV Süd\r\n"

    assert upload(client, data.encode("cp1252")).status_code == 302
    page = client.get("/chair/roster").get_data(as_text=True)

    assert [r[0] for r in roster_rows(conference)] == ["Elif Y?ld?z", "Anna Alt", "?ukasz Nowak"]
    assert "flash-warning" in page
    assert "In Zeile(n) 2, 4 steht „?“ statt eines Buchstabens (z. B. „Elif Y?ld?z“)" in page
    assert "„CSV UTF-8 (durch Trennzeichen getrennt)“" in page
    client.get("/language/en")
    upload(client, "Name\r\nMa?gorzata Nowak\r\n".encode("cp1252"))
    english = client.get("/chair/roster").get_data(as_text=True)
    assert "In row(s) 2 there is a “?” instead of a letter" in english


def test_roster_and_desk_list_by_surname(app, client):
    conference = make_conference()
    for name in ("Anna Zimmermann", "Zoë Albrecht", "Cem Çelik", "Bernd Brandt",
                 "Ursula von der Leyen", "Anna Brandt", "Ölf Öztürk"):
        make_delegate(conference, name)
    login(client)
    page = client.get("/chair/roster").get_data(as_text=True)
    login(client, "checkin")
    desk = client.get("/checkin/").get_data(as_text=True)

    by_surname = ["Zoë Albrecht", "Anna Brandt", "Bernd Brandt", "Cem Çelik",
                  "Ursula von der Leyen", "Ölf Öztürk", "Anna Zimmermann"]
    listed = re.findall(r'/chair/roster/\d+">([^<]+)</a>', page)
    assert listed == by_surname
    assert re.findall(r'<div class="desk-who">\s*<strong>([^<]+)</strong>', desk) == by_surname


def test_the_preview_shows_how_columns_were_read_and_stores_nothing(app, client):
    """OpenSlides-style import: a table of what will be imported and how each column was
    read, before anything is stored; "Name;Vorname" reads Name as the surname; two people
    named Müller of two Ortsverbände are two delegates, not a duplicate."""
    conference = make_conference()
    login(client)
    data = ("Name;Vorname;Ortsverband;E-Mail\nMüller;Anna;OV Nord;a@example.org\n"
            "Müller;Bernd;OV Süd;b@example.org\nMüller;Anna;OV Süd;c@example.org\n")

    preview = client.post("/chair/roster/import",
                          data={"file": (BytesIO(data.encode("utf-8")), "liste.csv")},
                          content_type="multipart/form-data")

    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and roster_rows(conference) == []
    assert "3 Personen würden importiert. Noch ist nichts gespeichert." in page
    assert "„Name“ → <strong>Nachname</strong>" in page
    assert "„Vorname“ → <strong>Vorname</strong>" in page
    assert "„E-Mail“ → <span class=\"muted\">nicht übernommen</span>" in page
    upload_id = re.search(r'name="upload" type="hidden" value="([0-9a-f]{32})"', page).group(1)
    client.post("/chair/roster/import/confirm", data={"upload": upload_id})
    assert sorted((n, d) for n, d, *_rest in roster_rows(conference)) == [
        ("Anna Müller", "OV Nord"), ("Anna Müller", "OV Süd"), ("Bernd Müller", "OV Süd")]
    # the same person (name and Ortsverband) again is a duplicate; a used preview is gone
    again = client.post("/chair/roster/import/confirm", data={"upload": upload_id})
    assert "Diese Vorschau gibt es nicht mehr" in again.get_data(as_text=True)
    dup = upload(client, "Name;Vorname;Ortsverband\nMüller;Anna;OV Nord\n".encode())
    assert "steht schon auf der Delegiertenliste" in dup.get_data(as_text=True)
    assert len(roster_rows(conference)) == 3
