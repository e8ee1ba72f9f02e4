"""Reading a people CSV: the shape an HR system or a spreadsheet exports.

Pure: bytes in, rows with their problems out; no Flask, no database. The header is
``name,email,agency,team,role,supervisor_email`` in any order, case and spaces ignored;
other columns (``profession``...) are kept on each row. Rows are numbered as a
spreadsheet shows them: the header is row 1, so the first person is row 2, and a blank
row still takes its number.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# The one list of roles. Importing it loads the models' module, but nothing here
# touches the database.
from quiz.models.people import Role

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000

NAME, EMAIL, AGENCY, TEAM, ROLE, SUPERVISOR_EMAIL = (
    "name",
    "email",
    "agency",
    "team",
    "role",
    "supervisor_email",
)
REQUIRED_COLUMNS = (NAME, EMAIL, AGENCY, TEAM, ROLE)
# Many HR exports have no supervisor: without the column, no row names one.
OPTIONAL_COLUMNS = (SUPERVISOR_EMAIL,)
KNOWN_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# The same rule as quiz.services.accounts.create_user, which this module cannot import.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The lengths the database columns hold.
MAX_LENGTHS = {NAME: 200, EMAIL: 320, AGENCY: 200, TEAM: 200, SUPERVISOR_EMAIL: 320}
SEPARATORS = (",", ";", "\t")
ROLE_NAMES = ", ".join(list(Role)[:-1]) + " or " + list(Role)[-1]


class PeopleFileError(ValueError):
    """The whole file is refused; the message says why and what to do."""


@dataclass(frozen=True)
class RowProblem:
    column: str  # "" when the problem is the row as a whole
    message: str

    def __str__(self) -> str:
        return f"{self.column}: {self.message}" if self.column else self.message


@dataclass(frozen=True)
class PersonRow:
    """One row of the file as written (trimmed), with what is wrong with it."""

    number: int
    name: str
    email: str  # lower case: emails are compared without case
    agency: str
    team: str
    role: str  # lower case
    supervisor_email: str
    extra: dict[str, str] = field(default_factory=dict)
    problems: tuple[RowProblem, ...] = ()

    @property
    def refused(self) -> bool:
        return bool(self.problems)


@dataclass(frozen=True)
class PeopleFile:
    columns: tuple[str, ...]  # the header, normalised, in the file's order
    separator: str
    rows: tuple[PersonRow, ...]

    @property
    def extra_columns(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c and c not in KNOWN_COLUMNS)


def column_key(heading: str) -> str:
    """'Supervisor Email', 'supervisor_email' and ' supervisor-email ' are one column."""
    return re.sub(r"[\s_\-]+", "_", heading.strip().lower()).strip("_")


def _matching_key(key: str) -> str:
    return key.replace("_", "")


_KNOWN_BY_MATCHING_KEY = {_matching_key(c): c for c in KNOWN_COLUMNS}


def _column_name(heading: str) -> str:
    key = column_key(heading)
    return _KNOWN_BY_MATCHING_KEY.get(_matching_key(key), key)


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without Excel's BOM), UTF-16, or Windows-1252."""
    if not data.strip():
        raise PeopleFileError("The file is empty.")
    if data.startswith(b"PK\x03\x04"):
        raise PeopleFileError(
            "This is an Excel workbook, not a CSV file. In Excel, choose File, Save as, "
            "and pick 'CSV UTF-8'."
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decoded(data, "utf-16")  # Excel's "Unicode text"
    elif b"\x00" in data:
        raise PeopleFileError("The file is not a CSV file: it looks like a binary file.")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Excel's plain "CSV" (not "CSV UTF-8") saves in Windows-1252.
            text = _decoded(data, "cp1252")
    if len(_CONTROL_CHARACTERS.findall(text)) > len(text) // 100:
        raise PeopleFileError("The file is not a CSV file: it looks like a binary file.")
    return text


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _decoded(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise PeopleFileError("The file is not a CSV file: it is not text.") from None


def _records(text: str, separator: str):
    """(row number, cells) for every record, numbered as a spreadsheet numbers its rows."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    return reader, enumerate(reader, start=1)


def _is_blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def _first_record(text: str, separator: str) -> list[str]:
    try:
        _, records = _records(text, separator)
        return next((cells for _, cells in records if not _is_blank(cells)), [])
    except csv.Error:
        return []


def _separator(text: str) -> str:
    """The separator whose header names the most of our columns (comma on a tie)."""

    def known(separator: str) -> int:
        names = {_column_name(h) for h in _first_record(text, separator)}
        return len(names & set(KNOWN_COLUMNS))

    return max(SEPARATORS, key=known)


def _header(cells: list[str]) -> tuple[str, ...]:
    columns = tuple(_column_name(cell) for cell in cells)
    named = [c for c in columns if c]
    missing = [c for c in REQUIRED_COLUMNS if c not in named]
    if missing:
        found = ", ".join(cell.strip() for cell in cells if cell.strip()) or "nothing"
        raise PeopleFileError(
            "The first row must be the header, with the columns "
            f"{', '.join(KNOWN_COLUMNS)} (supervisor_email may be left out). "
            f"It is missing {', '.join(missing)}; it has {_shorten(found)}."
        )
    twice = sorted({c for c in named if named.count(c) > 1})
    if twice:
        raise PeopleFileError(f"The header has the column {' and '.join(twice)} more than once.")
    return columns


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_people_file(data: bytes | str) -> PeopleFile:
    """Every row of the file with its problems; PeopleFileError when the file is refused."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise PeopleFileError(
            f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. "
            "Split it by agency and import each part."
        )
    text = decode(data)
    separator = _separator(text)
    reader, records = _records(text, separator)
    try:
        # Blank rows above the header are skipped; the numbers stay the spreadsheet's.
        header = next((cells for _, cells in records if not _is_blank(cells)), [])
        columns = _header(header)
        rows = _rows(records, columns)
    except csv.Error as error:
        raise PeopleFileError(
            f"The file could not be read as CSV near line {reader.line_num}: {error}. "
            "Check for a quotation mark that is not closed."
        ) from None
    if not rows:
        raise PeopleFileError("The file has a header but no people under it.")
    return PeopleFile(columns=columns, separator=separator, rows=tuple(rows))


def _rows(records: Iterable[tuple[int, list[str]]], columns: tuple[str, ...]) -> list[PersonRow]:
    rows: list[PersonRow] = []
    first_row_with: dict[str, int] = {}
    for number, cells in records:
        if number > MAX_ROWS + 1:
            raise PeopleFileError(
                f"The file has more than {MAX_ROWS:,} rows of people. "
                "Split it by agency and import each part."
            )
        if _is_blank(cells):
            continue  # a blank row: spreadsheets leave them, and they keep their number
        row = _row(number, cells, columns)
        if row.email and EMAIL_PATTERN.match(row.email):
            earlier = first_row_with.setdefault(row.email, number)
            if earlier != number:
                problem = RowProblem(EMAIL, f"row {earlier} has this email already")
                row = _with_problem(row, problem)
        rows.append(row)
    return rows


def _with_problem(row: PersonRow, problem: RowProblem) -> PersonRow:
    return PersonRow(**{**row.__dict__, "problems": (*row.problems, problem)})


def _row(number: int, cells: list[str], columns: tuple[str, ...]) -> PersonRow:
    values: dict[str, str] = {}
    for column, cell in zip(columns, cells, strict=False):
        if column:
            values[column] = cell.strip()
    spilled = [cell for cell in cells[len(columns) :] if cell.strip()]
    problems = []
    if spilled:
        problems.append(
            RowProblem(
                "",
                "this row has more cells than the header: put a value that has a comma "
                "in quotation marks",
            )
        )
    cell = {c: values.get(c, "") for c in KNOWN_COLUMNS}
    problems += _problems(cell)
    return PersonRow(
        number=number,
        name=cell[NAME],
        email=cell[EMAIL].lower(),
        agency=cell[AGENCY],
        team=cell[TEAM],
        role=cell[ROLE].lower(),
        supervisor_email=cell[SUPERVISOR_EMAIL].lower(),
        extra={c: v for c, v in values.items() if c not in KNOWN_COLUMNS},
        problems=tuple(problems),
    )


def _problems(cell: dict[str, str]) -> list[RowProblem]:
    problems = []
    for column, what in ((NAME, "name"), (EMAIL, "email"), (AGENCY, "agency"), (TEAM, "team")):
        if not cell[column]:
            problems.append(RowProblem(column, f"missing {what}"))
    for column in (EMAIL, SUPERVISOR_EMAIL):
        if cell[column] and not EMAIL_PATTERN.match(cell[column]):
            problems.append(RowProblem(column, f"'{_shorten(cell[column], 60)}' is not an email"))
    role = cell[ROLE].lower()
    if not role:
        problems.append(RowProblem(ROLE, f"missing role (use {ROLE_NAMES})"))
    elif role not in set(Role):
        problems.append(
            RowProblem(ROLE, f"unknown role '{_shorten(cell[ROLE], 40)}' (use {ROLE_NAMES})")
        )
    for column, limit in MAX_LENGTHS.items():
        if len(cell[column]) > limit:
            problems.append(RowProblem(column, f"longer than {limit} characters"))
    return problems
