"""Reading back the workbooks the app writes (xlsxwriter's inline strings and numbers),
without a spreadsheet library: the sheets' names and each sheet's rows as text."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def sheet_names(body: bytes) -> list[str]:
    book = zipfile.ZipFile(io.BytesIO(body))
    root = ElementTree.fromstring(book.read("xl/workbook.xml"))
    return [sheet.get("name") for sheet in root.iter(f"{MAIN}sheet")]


def sheet_rows(body: bytes, number: int) -> list[list[str]]:
    """Sheet `number` (from 1) as rows of cell text; numbers as written ("3", "2.8"); an
    empty cell is ""; a formula fails the test (the app never writes one)."""
    book = zipfile.ZipFile(io.BytesIO(body))
    root = ElementTree.fromstring(book.read(f"xl/worksheets/sheet{number}.xml"))
    rows = []
    for row in root.iter(f"{MAIN}row"):
        cells: dict[int, str] = {}
        for cell in row.iter(f"{MAIN}c"):
            assert cell.find(f"{MAIN}f") is None, "a formula in the workbook"
            column = _column(re.match(r"[A-Z]+", cell.get("r")).group())
            text = cell.find(f"{MAIN}is/{MAIN}t")
            value = cell.find(f"{MAIN}v")
            cells[column] = text.text if text is not None else value.text
        rows.append([cells.get(i, "") for i in range(max(cells, default=-1) + 1)])
    return rows


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1
