"""Hostile uploads (finding 2 of the security review) get a message naming the file, in seconds.

Before, a 45 KB .docx of millions of empty paragraphs took 114 s and 1.9 GB; malformed
XML, entity expansion and a PDF past pypdf's limits gave 500s; a small 50-page PDF kept
a worker busy for 17 minutes. Each file is built here; none is more than a few hundred KB.
"""

import ast
import dataclasses
import subprocess
import sys

import pytest

from quiz.briefings import BriefingError, extract
from quiz.briefings.extract import extract_text
from tests.deadline import within_seconds
from tests.documents import (
    docx_with_empty_paragraphs,
    docx_with_entity_expansion,
    docx_with_malformed_xml,
    docx_zip_bomb,
    make_docx,
    make_pdf,
    pdf_over_pypdf_limits,
    pdf_slow_to_read,
    pdf_with_pages,
)

SECONDS = 15  # the reading process's own limits are 5 s of CPU and 10 s of wall-clock time


def _refused(name: str, data: bytes) -> str:
    with within_seconds(SECONDS), pytest.raises(BriefingError) as raised:
        extract_text(name, data)
    message = str(raised.value)
    assert message.startswith(name), message
    return message


@pytest.fixture
def limits(monkeypatch):
    """Set some of the reading process's limits for one test."""

    def set_limits(**changes):
        monkeypatch.setattr(extract, "LIMITS", dataclasses.replace(extract.LIMITS, **changes))

    return set_limits


def test_millions_of_empty_paragraphs_are_refused_before_parsing():
    data = docx_with_empty_paragraphs(3_000_000)
    assert len(data) < 100_000
    assert "more than 20,000 paragraphs" in _refused("paragraphs.docx", data)


def test_malformed_xml_is_not_a_word_document_we_can_open():
    message = _refused("broken.docx", docx_with_malformed_xml())
    assert "is not a Word document we can open" in message


def test_entity_expansion_is_not_expanded():
    message = _refused("laughs.docx", docx_with_entity_expansion())
    assert "is not a Word document we can open" in message


def test_a_zip_bomb_is_refused_by_its_unzipped_size():
    data = docx_zip_bomb(unzipped_megabytes=60)
    assert len(data) < 200_000
    assert "unzips to more than 50 MB" in _refused("bomb.docx", data)


def test_a_pdf_past_pypdfs_own_limits_is_not_a_pdf_we_can_open():
    message = _refused("limits.pdf", pdf_over_pypdf_limits())
    assert "is not a PDF we can open: it may be damaged" in message
    assert "Reached maximum array element count" not in message  # the library's words


def test_a_small_pdf_that_takes_minutes_to_read_is_stopped(limits):
    limits(cpu_seconds=1)
    data = pdf_slow_to_read()
    assert len(data) < 20_000
    assert "took too long to read (we stop after 1 seconds)" in _refused("slow.pdf", data)


def test_the_wall_clock_limit_stops_a_reader_that_waits(limits):
    limits(wall_seconds=0.001)
    assert "took too long to read" in _refused("any.pdf", make_pdf(["Some text"]))


def test_a_document_that_needs_too_much_memory_is_stopped(limits):
    # Without the paragraph check, building 3 million paragraphs needs far more than 200 MB.
    limits(max_paragraphs=10**9, memory_bytes=200 * 1024 * 1024, cpu_seconds=10)
    message = _refused("memory.docx", docx_with_empty_paragraphs(3_000_000))
    assert "needs more memory to read than we allow (200 MB)" in message or (
        "is not a Word document we can open" in message
    )


def test_a_pdf_with_too_many_pages_is_refused_naming_the_limit():
    data = pdf_with_pages(51, b"BT /F1 11 Tf 50 800 Td (Page) Tj ET")
    assert "has 51 pages; we read documents of up to 50 pages" in _refused("long.pdf", data)


def test_a_document_with_too_much_text_is_refused_not_cut_short():
    paragraph = "A paragraph about the review and what the agencies did next, " * 10
    data = make_docx([("Normal", paragraph)] * 400)
    assert "more than 200,000 characters of text" in _refused("long.docx", data)


def test_a_reader_that_crashes_gives_a_message_not_an_error(monkeypatch, tmp_path):
    crashing = tmp_path / "crash.py"
    crashing.write_text("import os\nos.abort()\n")
    monkeypatch.setattr(extract, "_WORKER", crashing)
    assert "could not be read; it may be damaged" in _refused("any.docx", b"PK")


def test_the_reader_runs_apart_from_the_app(monkeypatch):
    """-I: no app folder, current folder or PYTHON* variables on its path; no app secrets."""
    seen = {}
    run = subprocess.run

    def spy(command, **kwargs):
        seen.update(command=command, env=kwargs["env"])
        return run(command, **kwargs)

    monkeypatch.setattr(extract.subprocess, "run", spy)
    assert "Some text" in extract_text("a.pdf", make_pdf(["Some text"]))
    assert seen["command"][:3] == [sys.executable, "-I", str(extract._WORKER)]
    assert seen["env"] == {}
    tree = ast.parse(extract._WORKER.read_text())
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= {
        "__future__",
        "contextlib",
        "io",
        "json",
        "re",
        "sys",
        "zipfile",
        "resource",
    } | {
        "docx",
        "pypdf",
    }
