"""Tables written as CSV and XLSX: one module for every download.

A Table names its columns and how to read each from a row; the page's service gives the
rows (the same rows, with the same filters, as the page shows). Both writers take any
iterable and never hold the rows: CSV goes out in chunks as rows arrive, XLSX is written
by xlsxwriter in constant_memory mode (one row in memory at a time) to a temporary file
that is then sent in chunks. A workbook may hold several tables, a sheet each.

Spreadsheets run text that starts with = + - @ (and a tab or carriage return) as a
formula, so CSV text cells starting with one get a leading apostrophe. XLSX cells are
written with write_string, which stores text as text: no formula is ever made there.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_ROWS_PER_CHUNK = 500
FILE_CHUNK_BYTES = 64 * 1024
SHEET_NAME_LIMIT = 31  # Excel's own limit on a worksheet's name


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[Any], object]
    width: int = 16


@dataclass(frozen=True)
class Table:
    """What a download holds: its name (the sheet's and the file's) and its columns."""

    name: str
    columns: tuple[Column, ...]

    def cells(self, row: Any) -> list[object]:
        return [column.value(row) for column in self.columns]


def safe_text(value: object) -> str:
    """A cell's text for CSV that a spreadsheet will not run as a formula."""
    text = _text(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _csv_cell(value: object) -> object:
    """safe_text(), with the common cases first: a full export has millions of cells."""
    kind = type(value)
    if kind is str:
        return "'" + value if value[:1] in _FORMULA_FIRST else value
    if kind is int or kind is float:
        return value
    return safe_text(value)


_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def csv_chunks(table: Table, rows: Iterable[Any]) -> Iterator[str]:
    """The CSV text, a few hundred rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_text(c.heading) for c in table.columns])
    readers = [c.value for c in table.columns]
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(read(row)) for read in readers])
        if count % CSV_ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(table: Table, rows: Iterable[Any], out: IO[bytes]) -> int:
    """Write the table as a workbook of one sheet into out; returns the number of rows."""
    return write_workbook([(table, rows)], out)


def write_workbook(sheets: Iterable[tuple[Table, Iterable[Any]]], out: IO[bytes]) -> int:
    """Write a workbook with a sheet per (table, rows), in order, into out; returns the
    number of rows over all sheets. Each sheet is written whole before the next begins:
    constant_memory mode cannot go back to an earlier sheet."""
    workbook = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = workbook.add_format({"bold": True})
    names: set[str] = set()
    total = 0
    for table, rows in sheets:
        name = _unique(_sheet_name(table.name), names)
        names.add(name.lower())
        total += _write_sheet(workbook.add_worksheet(name), bold, table, rows)
    workbook.close()
    return total


def _write_sheet(sheet, bold, table: Table, rows: Iterable[Any]) -> int:
    for index, column in enumerate(table.columns):
        sheet.set_column(index, index, column.width)
        sheet.write_string(0, index, column.heading, bold)
    count = 0
    for count, row in enumerate(rows, start=1):
        for index, value in enumerate(table.cells(row)):
            if value is None or value == "":
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(count, index, value)
            else:
                sheet.write_string(count, index, _text(value))
    sheet.freeze_panes(1, 0)
    return count


def xlsx_chunks(table: Table, rows: Iterable[Any]) -> Iterator[bytes]:
    """The workbook's bytes in chunks, built in a temporary file first: a zip file's
    directory comes last, so nothing can be sent before every row is written."""
    return workbook_chunks([(table, rows)])


def workbook_chunks(sheets: Iterable[tuple[Table, Iterable[Any]]]) -> Iterator[bytes]:
    """A workbook of several sheets (write_workbook) in chunks, as xlsx_chunks."""
    with tempfile.TemporaryFile() as spool:
        write_workbook(sheets, spool)
        spool.seek(0)
        while chunk := spool.read(FILE_CHUNK_BYTES):
            yield chunk


def _sheet_name(name: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in name).strip()
    return (cleaned or "Sheet1")[:SHEET_NAME_LIMIT]


def _unique(name: str, taken: set[str]) -> str:
    """name, or name with a number, that no sheet in taken has (Excel ignores case)."""
    found, number = name, 1
    while found.lower() in taken:
        number += 1
        suffix = f" {number}"
        found = name[: SHEET_NAME_LIMIT - len(suffix)] + suffix
    return found


FORMATS = {
    "csv": ("text/csv; charset=utf-8", csv_chunks),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx_chunks),
}
