"""No briefing text can hold up the server: caps with clear messages, and time in step with size.

Finding 1 of the security review: one pasted line of 150,000 characters took 77 s to
parse, because a regular expression took time growing with the square of the line's
length. Every input below is within the caps (or just past them) and built to be the
worst case for one step of the parser; each must be read in a few seconds at most.
"""

import pytest

from quiz.briefings import BriefingError, parse_briefing
from quiz.briefings.limits import (
    MAX_CHARACTERS,
    MAX_LINE_LENGTH,
    MAX_LINES,
    MAX_SECTIONS,
    MAX_THEMES_FOUND,
)
from tests.deadline import within_seconds

# Generous for a shared two-core machine: the slowest case below takes about a second there.
SECONDS = 6

BRIEFING = """7-minute briefing: Baby B

01 Background

A four-month-old baby was seen with a bruise on the cheek.

02 Key learning themes

- Bruising in a non-mobile baby needs a same-day response
- Practitioners did not speak to the father
"""


def _parse(text: str):
    with within_seconds(SECONDS):
        try:
            return parse_briefing(text)
        except BriefingError as error:
            return error


def _lines_of(line: str, total: int = MAX_CHARACTERS - 1_000) -> str:
    """As many copies of a line (itself under the line limit) as fit in `total` characters."""
    line = line[: MAX_LINE_LENGTH - 1]
    return "\n".join([line] * min(MAX_LINES - 20, total // (len(line) + 1)))


def test_the_150000_character_line_of_finding_1_is_refused_at_once_naming_the_limit():
    text = "7-minute briefing\n\n" + "a" * 150_000 + "\nand the next line"
    result = _parse(text)
    assert isinstance(result, BriefingError)
    assert str(result).startswith("Line 3 of this briefing is longer than 20,000 characters")


def test_a_briefing_longer_than_the_limit_is_refused_naming_it():
    text = BRIEFING + ("More background about the family and the agencies involved.\n" * 4_000)
    assert len(text) > MAX_CHARACTERS
    result = _parse(text)
    assert isinstance(result, BriefingError)
    assert "longer than 200,000 characters" in str(result)


def test_a_briefing_with_too_many_lines_is_refused_naming_the_limit():
    result = _parse(BRIEFING + "\n" * MAX_LINES)
    assert isinstance(result, BriefingError)
    assert "more than 5,000 lines" in str(result)


def test_a_briefing_with_too_many_sections_is_refused_naming_the_limit():
    sections = "".join(f"## Part {n}\n\nSome text.\n\n" for n in range(MAX_SECTIONS + 1))
    result = _parse(BRIEFING + sections)
    assert isinstance(result, BriefingError)
    assert "more than 100 sections" in str(result)


def test_a_briefing_with_too_many_themes_is_refused_naming_the_limit():
    themes = "".join(f"- Theme number {n}\n" for n in range(MAX_THEMES_FOUND + 1))
    result = _parse(BRIEFING + themes)
    assert isinstance(result, BriefingError)
    assert "more than 100 learning themes" in str(result)


def test_a_briefing_at_the_limits_is_still_read():
    padding = "Another sentence of background about the family, and what happened next. "
    text = BRIEFING.replace("cheek.", "cheek. " + padding * 200)
    assert len(text) < MAX_CHARACTERS
    result = _parse(text)
    assert not isinstance(result, BriefingError), result
    assert len(result.learning_themes) == 2


# Each is the worst case found for one step: a regular expression that backtracked, or a
# loop that copied what it had built so far.
PATHOLOGICAL = {
    # "profes-" + "sional": the hyphen-joining expression of finding 1, on long lines.
    "long lines then lower case": _lines_of("x" * 19_000 + "\nand more"),
    "a word broken over every line": _lines_of("abcdefghijklmnopqrstuvwxyzabcdefghi-"),
    "opening brackets": _lines_of("[" * 19_000),
    "brackets and parentheses": _lines_of("[](" * 6_000),
    "cookie banner words": _lines_of("cookies " * 2_000),
    "links to files": _lines_of("(pdf " * 3_800),
    "listing sentences": "Key learning\n\n" + _lines_of("the learning themes " * 900),
    "listing sentence as one paragraph": "Key learning\n\n" + _lines_of("themes were", 150_000),
    "semicolon clauses": "Key learning\n\n" + _lines_of("a ; " * 4_000),
    "bold markers": _lines_of("**" * 9_000),
    "italic markers": _lines_of(" *a" * 6_000),
    "numbered lines": _lines_of("1. " * 6_000),
    "bare numbers": "\n".join(str(n % 9 + 1) for n in range(MAX_LINES - 10)),
    "headings": "\n".join(["Key learning:", "A sentence."] * (MAX_LINES // 2 - 10)),
    "page numbers": "\n".join(["Page 1 of 2", "\f", "text"] * (MAX_LINES // 3 - 10)),
    "spaces": _lines_of("1" + " " * 18_000 + "x"),
    "tabs": _lines_of("a\t" * 9_000),
    "quoted email": _lines_of("> " * 9_000),
    "two columns": _lines_of("x" * 22 + "    " + "y" * 10),
    "tab table": _lines_of("cell\tcell\tcell"),
    "no new lines": "a " * (MAX_LINE_LENGTH // 2 - 10),
    "dashes": _lines_of("-" * 19_000),
    "colons": _lines_of("a:" * 9_000),
    "sentence ends": _lines_of("a. " * 6_000),
    "page words": _lines_of("page 1 " * 2_500),
    "breadcrumbs": _lines_of("home > " + "a > " * 4_500 + ">"),
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_text_is_read_in_seconds(name):
    text = PATHOLOGICAL[name]
    assert len(text) <= MAX_CHARACTERS
    _parse(text)


def test_a_heading_longer_than_the_database_keeps_is_read_as_text():
    text = BRIEFING + "\n## " + "A very long heading " * 20 + "\n\nSome text.\n"
    parsed = _parse(text)
    assert [section.heading for section in parsed.sections] == ["Background", "Key learning themes"]
    assert "A very long heading" in parsed.sections[-1].text
