"""How much a briefing may hold, so that no paste or upload can hold up the server.

A 7-minute briefing is a few pages: a few thousand words on a few hundred lines, in
about seven sections with a handful of learning themes. The parser's work grows in
step with its text (tests/unit/test_briefing_limits.py holds it to that), so capping
the text caps the time: any text within these limits is read in a second or two.
Past a limit the trainer is told which one; a briefing is never silently cut short.
"""

from __future__ import annotations

import re

MAX_CHARACTERS = 200_000
MAX_LINES = 5_000
MAX_LINE_LENGTH = 20_000
MAX_SECTIONS = 100
MAX_THEMES_FOUND = 100
# As long as the database keeps them (sections.heading, briefings.title).
MAX_HEADING_CHARACTERS = 300
MAX_TITLE_CHARACTERS = 300

# Where cleanup.py starts a new line: new lines, carriage returns, vertical tabs, page breaks.
_LINE_BREAK = re.compile(r"\r\n?|[\n\v\f]")

ONLY_THE_BRIEFING = "Paste or upload only the briefing itself."


def size_problem(text: str) -> str | None:
    """What makes a text too big to read as a briefing, or None when it is within the limits."""
    if len(text) > MAX_CHARACTERS:
        return (
            f"This briefing is longer than {MAX_CHARACTERS:,} characters, so we cannot read it; "
            f"a 7-minute briefing is much shorter. {ONLY_THE_BRIEFING}"
        )
    lines = _LINE_BREAK.split(text)
    if len(lines) > MAX_LINES:
        return (
            f"This briefing has more than {MAX_LINES:,} lines, so we cannot read it; "
            f"a 7-minute briefing has a few hundred. {ONLY_THE_BRIEFING}"
        )
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_LENGTH:
            return (
                f"Line {number:,} of this briefing is longer than {MAX_LINE_LENGTH:,} characters, "
                "so we cannot read it. Check that its line breaks were copied, or split it "
                "into paragraphs."
            )
    return None


def sections_problem(count: int) -> str | None:
    if count > MAX_SECTIONS:
        return (
            f"This briefing has more than {MAX_SECTIONS} sections, so we cannot read it; "
            f"a 7-minute briefing has about seven. {ONLY_THE_BRIEFING}"
        )
    return None


def themes_problem(count: int) -> str | None:
    if count > MAX_THEMES_FOUND:
        return (
            f"We found more than {MAX_THEMES_FOUND} learning themes, so we cannot read this "
            f"briefing; a 7-minute briefing has a few. {ONLY_THE_BRIEFING}"
        )
    return None


# --- uploaded documents (see extract.py and extract_worker.py) ---------------------------

MAX_PDF_PAGES = 50
MAX_DOCX_PARAGRAPHS = 20_000
MAX_DOCX_PARTS = 1_000
MAX_DOCX_UNZIPPED_BYTES = 50 * 1024 * 1024
# The process reading a document is killed past these, whatever the document holds. A
# briefing of 50 pages takes well under a second of CPU to read.
READING_CPU_SECONDS = 5
READING_WALL_SECONDS = 10
READING_MEMORY_BYTES = 512 * 1024 * 1024
