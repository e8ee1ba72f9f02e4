"""Fuzzing the people CSV reader: whatever is uploaded, it reads it or refuses it in words."""

import codecs

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.people_file import KNOWN_COLUMNS, PeopleFileError, read_people_file

HEADINGS = ["name", "Email", " agency", "TEAM ", "role", "supervisor email", "profession", ""]
CELL_ALPHABET = st.sampled_from(list('ab@.,;\t"\n\r é\x00\ufeffxyz0-_') + ["admin", "trainer"])
cells = st.lists(CELL_ALPHABET, max_size=12).map("".join)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_or_refuse(data: bytes) -> None:
    """The only outcomes allowed: rows (checked for sense) or PeopleFileError."""
    try:
        read = read_people_file(data)
    except PeopleFileError as error:
        assert str(error).strip()
        return
    numbers = [row.number for row in read.rows]
    assert numbers == sorted(set(numbers)) and numbers[0] >= 2
    for row in read.rows:
        assert row.email == row.email.lower()
        for problem in row.problems:
            assert problem.column in (*KNOWN_COLUMNS, "")
            assert str(problem)


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes(data):
    read_or_refuse(data)


@FUZZ
@given(st.text(max_size=500))
def test_any_text(text):
    read_or_refuse(text.encode("utf-8"))


@FUZZ
@given(
    header=st.lists(st.sampled_from(HEADINGS), min_size=1, max_size=9),
    rows=st.lists(st.lists(cells, max_size=9), max_size=12),
    separator=st.sampled_from([",", ";", "\t"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    bom=st.booleans(),
    encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]),
)
def test_csv_shaped_files(header, rows, separator, newline, bom, encoding):
    lines = [separator.join(header)] + [separator.join(row) for row in rows]
    text = newline.join(lines)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    if bom and encoding == "utf-8":
        data = codecs.BOM_UTF8 + data
    read_or_refuse(data)
