"""Reading a people CSV: every refusal, every accepted variant, and row numbers."""

import codecs

import pytest

from quiz import people_file
from quiz.people_file import PeopleFileError, read_people_file

HEADER = "name,email,agency,team,role,supervisor_email"


def rows_of(text: str | bytes):
    return read_people_file(text).rows


def problems(text: str) -> dict[int, list[str]]:
    """Row number -> its problems as 'column: reason'."""
    return {row.number: [str(p) for p in row.problems] for row in rows_of(text)}


def refusal(data: bytes | str) -> str:
    with pytest.raises(PeopleFileError) as refused:
        read_people_file(data)
    return str(refused.value)


def test_a_good_file():
    [row] = rows_of(f"{HEADER}\nAna Lee,Ana.Lee@Example.org,Council,Early Help,Supervisor,\n")
    assert (row.number, row.name, row.email, row.agency, row.team, row.role) == (
        2,
        "Ana Lee",
        "ana.lee@example.org",
        "Council",
        "Early Help",
        "supervisor",
    )
    assert row.supervisor_email == "" and not row.refused


@pytest.mark.parametrize(
    "header",
    [
        "Name,Email,Agency,Team,Role,Supervisor Email",
        " NAME , EMAIL ,agency,TEAM,role, supervisor_email ",
        "name,e-mail,agency,team,role,Supervisor-Email",
        "role,team,supervisor_email,agency,email,name",
    ],
)
def test_header_case_spaces_and_order_do_not_matter(header):
    columns = [people_file.column_key(h) for h in header.split(",")]
    values = {
        "name": "Ana Lee",
        "email": "ana@example.org",
        "e_mail": "ana@example.org",
        "agency": "Council",
        "team": "Early Help",
        "role": "practitioner",
        "supervisor_email": "sue@example.org",
    }
    [row] = rows_of(header + "\n" + ",".join(values[c] for c in columns) + "\n")
    assert (row.name, row.email, row.team, row.supervisor_email) == (
        "Ana Lee",
        "ana@example.org",
        "Early Help",
        "sue@example.org",
    )
    assert not row.problems


def test_extra_columns_are_kept_and_supervisor_email_may_be_left_out():
    read = read_people_file(
        "name,email,agency,team,role,Profession\nAna,ana@example.org,C,T,admin,GP\n"
    )
    assert read.extra_columns == ("profession",)
    assert read.rows[0].extra == {"profession": "GP"}
    assert read.rows[0].supervisor_email == "" and not read.rows[0].problems


def test_excel_bom_and_semicolons():
    text = (
        "Name;Email;Agency;Team;Role;Supervisor email\r\nZoë Ång;zoe@example.org;C;T;trainer;\r\n"
    )
    read = read_people_file(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert read.separator == ";"
    assert read.rows[0].name == "Zoë Ång" and not read.rows[0].problems


def test_windows_1252_and_utf16_from_excel():
    text = f"{HEADER}\nZoë Ång,zoe@example.org,C,T,trainer,\n"
    assert rows_of(text.encode("cp1252"))[0].name == "Zoë Ång"
    utf16 = text.replace(",", "\t").encode("utf-16")
    assert rows_of(utf16)[0].name == "Zoë Ång"


def test_quoted_commas_and_line_breaks_keep_spreadsheet_row_numbers():
    text = (
        f"{HEADER}\n"
        '"Lee, Ana",ana@example.org,C,"Early\nHelp",practitioner,\n'
        "\n"  # a blank row: skipped, but row 4 stays row 4
        ",,,,,\n"
        "Bo,not-an-email,C,T,practitioner,\n"
    )
    assert problems(text) == {2: [], 5: ["email: 'not-an-email' is not an email"]}
    assert rows_of(text)[0].name == "Lee, Ana"


def test_every_kind_of_bad_row_is_named_by_column():
    text = (
        f"{HEADER}\n"
        "Ana,ana@example.org,C,T,practitioner,\n"
        ",,C,T,practitioner,\n"
        "Bo,bo@,C,T,practitioner,not-an-email\n"
        "Ana again,ANA@example.org,C,T,practitioner,\n"
        "Cy,cy@example.org,,,,\n"
        "Di,di@example.org,C,T,manager,\n"
        f"{'E' * 201},e@example.org,C,T,admin,\n"
        "Fay,fay@example.org,C,T,practitioner,,surplus\n"
    )
    assert problems(text) == {
        2: [],
        3: ["name: missing name", "email: missing email"],
        4: [
            "email: 'bo@' is not an email",
            "supervisor_email: 'not-an-email' is not an email",
        ],
        5: ["email: row 2 has this email already"],
        6: [
            "agency: missing agency",
            "team: missing team",
            "role: missing role (use practitioner, supervisor, trainer or admin)",
        ],
        7: ["role: unknown role 'manager' (use practitioner, supervisor, trainer or admin)"],
        8: ["name: longer than 200 characters"],
        9: [
            "this row has more cells than the header: put a value that has a comma in "
            "quotation marks"
        ],
    }


def test_a_duplicate_is_refused_even_when_the_first_row_is_refused_too():
    text = f"{HEADER}\nAna,ana@example.org,C,T,boss,\nAna,ana@example.org,C,T,admin,\n"
    assert problems(text)[3] == ["email: row 2 has this email already"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "The file is empty."),
        (b"  \r\n\n", "The file is empty."),
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook, not a CSV file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV file"),
        (bytes(range(1, 32)) * 10, "not a CSV file"),
        (b"\x81\x8d\x8f\x90\x9d", "not a CSV file"),
        (b"Dear all,\nplease find the staff list attached.\n", "must be the header"),
        (b"name,email,agency\nAna,ana@example.org,C\n", "It is missing team, role"),
        (b"name,email,agency,team,role,email\n", "the column email more than once"),
        (HEADER.encode() + b"\n", "a header but no people"),
        (HEADER.encode() + b'\n"Ana,ana@example.org,C,T,admin,\n', "quotation mark"),
    ],
)
def test_files_that_are_refused_say_why(data, expected):
    assert expected in refusal(data)


def test_size_and_row_caps(monkeypatch):
    monkeypatch.setattr(people_file, "MAX_ROWS", 3)
    row = "Ana,a{}@example.org,C,T,practitioner,\n"
    assert rows_of(HEADER + "\n" + "".join(row.format(i) for i in range(3)))[-1].number == 4
    too_many = HEADER + "\n" + "".join(row.format(i) for i in range(4))
    assert "more than 3 rows" in refusal(too_many)
    monkeypatch.setattr(people_file, "MAX_BYTES", 100)
    assert "larger than" in refusal(HEADER + "\n" + "x" * 100)


def test_the_header_may_follow_blank_rows_and_keeps_its_number():
    [row] = rows_of(f"\n\n{HEADER}\nAna,ana@example.org,C,T,practitioner,\n")
    assert row.number == 4
