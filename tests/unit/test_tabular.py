"""Downloads: the same cells in CSV and XLSX, and no cell a spreadsheet would run."""

import csv
import io
import zipfile
from datetime import date, datetime

from quiz.tabular import Column, Table, csv_chunks, safe_text, workbook_chunks, xlsx_chunks
from tests.workbooks import sheet_names, sheet_rows

TABLE = Table("People: a test", (Column("Name", lambda r: r[0]), Column("Score", lambda r: r[1])))


def test_text_that_looks_like_a_formula_is_kept_as_text():
    for dangerous in ("=1+1", "+44 20", "-2", "@SUM(A1)", "\\tx".replace("\\t", "\t")):
        assert safe_text(dangerous).startswith("'")
    assert safe_text("Dana") == "Dana"
    assert safe_text(None) == ""
    assert safe_text(date(2026, 3, 1)) == "2026-03-01"
    assert safe_text(datetime(2026, 3, 1, 9, 5)) == "2026-03-01 09:05"
    assert safe_text(True) == "yes"


def test_csv_comes_in_chunks_with_every_row():
    rows = [(f"Person {i}", i) for i in range(1201)]
    chunks = list(csv_chunks(TABLE, iter(rows)))
    assert len(chunks) > 2
    read = list(csv.reader(io.StringIO("".join(chunks))))
    assert read[0] == ["Name", "Score"] and len(read) == 1202
    assert read[-1] == ["Person 1200", "1200"]


def test_xlsx_holds_the_same_rows_as_text_and_numbers_never_formulas():
    body = b"".join(xlsx_chunks(TABLE, iter([("=HYPERLINK(1)", 3), ("Dana", None)])))
    book = zipfile.ZipFile(io.BytesIO(body))
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "=HYPERLINK(1)" in sheet and "<f>" not in sheet
    assert "<v>3</v>" in sheet and "Dana" in sheet
    # A sheet's name cannot hold ":" and is at most 31 characters.
    assert 'name="People  a test"' in book.read("xl/workbook.xml").decode()


def test_a_workbook_holds_each_table_on_its_own_sheet_with_no_formula_anywhere():
    themes = Table(
        "Learning: by theme", (Column("Theme", lambda r: r[0]), Column("%", lambda r: r[1]))
    )
    body = b"".join(
        workbook_chunks(
            [
                (TABLE, iter([("=HYPERLINK(1)", 3), ("Dana", None)])),
                (themes, iter([("+44 20", 2.5), ("@SUM(A1)", 0)])),
                (TABLE, iter([("-2", 1)])),
            ]
        )
    )
    # Names Excel accepts: no ":", and a second sheet of the same name numbered.
    assert sheet_names(body) == ["People  a test", "Learning  by theme", "People  a test 2"]
    assert sheet_rows(body, 1) == [["Name", "Score"], ["=HYPERLINK(1)", "3"], ["Dana"]]
    assert sheet_rows(body, 2) == [["Theme", "%"], ["+44 20", "2.5"], ["@SUM(A1)", "0"]]
    assert sheet_rows(body, 3) == [["Name", "Score"], ["-2", "1"]]
    book = zipfile.ZipFile(io.BytesIO(body))
    for number in (1, 2, 3):
        assert "<f>" not in book.read(f"xl/worksheets/sheet{number}.xml").decode()
