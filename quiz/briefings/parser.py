"""Read the text of a 7-minute briefing into its title, sections and learning themes.

Plain Python on purpose (no Flask, no database): the trainer's import page, the
question-bank reader and the CLI all call it, and it is tested on its own.

Briefings arrive in many layouts (numbered wheels, web pages, PDFs, Word
documents), so the work is done in steps, one module each:

    limits.py     how much text a briefing may hold, checked before anything else
    layout.py     what whitespace carries, read first: quoted email, two columns, nesting
    cleanup.py    words and lines broken by a PDF joined; furniture.py takes web-page and
                  PDF furniture out
    sections.py   the title (the first line) and the sections, at heading lines
    headings.py   what each heading says its section is: the learning, or not
    markup.py     a section's paragraphs and list items, bold and links
    themes.py     the learning themes a careful reader would find (enumeration.py:
                  themes listed in a sentence)

tests/corpus holds briefings in many layouts with the themes expected of each;
bench/theme_recall.py measures recall and precision over them. Every step takes time
in step with the length of its text (no regular expression that backtracks over a
whole line for each of its characters): tests/unit/test_briefing_limits.py holds
each to that with the worst inputs found.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quiz.briefings.cleanup import clean_lines
from quiz.briefings.headings import is_learning_theme_heading
from quiz.briefings.limits import (
    MAX_CHARACTERS,
    sections_problem,
    size_problem,
    themes_problem,
)
from quiz.briefings.markup import plain_text
from quiz.briefings.sections import DraftSection, SectionSplitter
from quiz.briefings.themes import find_learning_themes

__all__ = [
    "BriefingError",
    "ParsedBriefing",
    "Section",
    "parse_briefing",
    "parse_briefing_file",
    "parse_sections",
]

UNTITLED = "Untitled briefing"

EXPECTED_BRIEFING = (
    "Expected the text of a 7-minute briefing: numbered sections such as "
    "'01 Background', including one headed 'Key learning themes'."
)
EXPECTED_TEXT_FILE = "expected a .txt or .md briefing."
NO_THEMES_MESSAGE = (
    "No learning themes found: expected a section headed 'Key learning themes' "
    "(or 'Learning', 'Key messages', 'Findings') with one theme per bullet or numbered line."
)


@dataclass(frozen=True)
class Section:
    number: str | None  # as written ("07"); None when the heading has no number
    heading: str
    text: str  # paragraphs separated by a blank line; bullets as "- item" lines

    @property
    def is_themes(self) -> bool:
        """Whether this is the section that lists the learning themes, by its heading."""
        return is_learning_theme_heading(self.heading)


@dataclass(frozen=True)
class ParsedBriefing:
    title: str
    sections: tuple[Section, ...]  # in document order, which need not be numeric order
    learning_themes: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "sections": [
                {"number": s.number, "heading": s.heading, "text": s.text} for s in self.sections
            ],
            "learning_themes": list(self.learning_themes),
        }

    def reading_order(self) -> tuple[Section, ...]:
        """Sections by number (briefings are often laid out 01, 02, 07, 06...), unnumbered last."""
        return tuple(sorted(self.sections, key=_reading_position))


class BriefingError(ValueError):
    """The text is not a briefing this parser can read; the message says what was expected."""


def parse_briefing(text: str) -> ParsedBriefing:
    splitter = _split(text)
    themes = _learning_themes(splitter.preamble, splitter.drafts)
    too_many = themes_problem(len(themes))
    if too_many:
        raise BriefingError(too_many)
    return _parsed(splitter, themes)


def parse_sections(text: str) -> ParsedBriefing:
    """The title and sections of a text whether or not it has learning themes, for a
    trainer to pick themes from (learning_themes is empty): BriefingError only when the
    text cannot be read at all."""
    splitter = _split(text)
    parsed = _parsed(splitter, ())
    introduction = _introduction(splitter.preamble)
    if introduction:
        intro = Section(None, INTRODUCTION, introduction)
        return ParsedBriefing(parsed.title, (intro, *parsed.sections), ())
    return parsed


INTRODUCTION = "Introduction"


def _introduction(preamble: list[str]) -> str:
    """The text before the first heading, less the title line: kept so that nothing is lost."""
    lines = list(preamble)
    while lines and not lines[0].strip():
        lines.pop(0)
    paragraphs, current = [], []
    for line in lines[1:]:
        if line.strip():
            current.append(plain_text(line))
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(p for p in paragraphs if p)


def _parsed(splitter: SectionSplitter, themes: tuple[str, ...]) -> ParsedBriefing:
    return ParsedBriefing(
        title=_title(splitter.preamble),
        sections=tuple(
            Section(draft.number, draft.heading, draft.rendered_text()) for draft in splitter.drafts
        ),
        learning_themes=themes,
    )


def _split(text: str) -> SectionSplitter:
    too_big = size_problem(text)
    if too_big:
        raise BriefingError(too_big)
    if _has_control_characters(text):
        raise BriefingError(
            "The briefing contains binary data (control characters), so it is not text; "
            f"{EXPECTED_TEXT_FILE}"
        )
    lines = clean_lines(text)
    if not any(lines):
        raise BriefingError(f"The briefing is empty. {EXPECTED_BRIEFING}")
    splitter = SectionSplitter(lines)
    splitter.split()
    too_many = sections_problem(len(splitter.drafts))
    if too_many:
        raise BriefingError(too_many)
    return splitter


def parse_briefing_file(path: str | os.PathLike[str]) -> ParsedBriefing:
    """Parse a .txt or .md briefing. OSError (missing file, no permission) is not caught."""
    path = Path(path)
    check_file_size(path)
    text = _decode(path.read_bytes(), path.name)
    if not text.strip():
        raise BriefingError(f"{path.name} is empty. {EXPECTED_BRIEFING}")
    return parse_briefing(text)


# --- reading the file -----------------------------------------------------------------


def check_file_size(path: Path) -> None:
    """A file too big to hold a briefing of MAX_CHARACTERS is refused before it is read:
    no character takes more than 4 bytes."""
    if path.stat().st_size > 4 * MAX_CHARACTERS:
        raise BriefingError(
            f"{path.name} is longer than {MAX_CHARACTERS:,} characters, so we cannot read it; "
            "a 7-minute briefing is much shorter."
        )


# Whitespace control characters that plain text legitimately contains.
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


def _has_control_characters(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS for ch in text)


def _decode(data: bytes, name: str) -> str:
    not_text = BriefingError(
        f"{name} is not a text file (it contains binary data); {EXPECTED_TEXT_FILE}"
    )
    if b"\x00" in data:
        raise not_text
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Briefings saved from Word on Windows are often cp1252; binary files
        # sometimes decode as cp1252 too, so the control-character check decides.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise not_text from None
    if _has_control_characters(text):
        raise not_text
    return text


# --- sections and themes --------------------------------------------------------------


def _title(preamble: list[str]) -> str:
    first_line = next((line for line in preamble if line), "")
    return plain_text(first_line) or UNTITLED


def _learning_themes(preamble: list[str], drafts: list[DraftSection]) -> tuple[str, ...]:
    themes = find_learning_themes(preamble, drafts)
    if themes:
        return themes
    theme_sections = [draft for draft in drafts if is_learning_theme_heading(draft.heading)]
    if theme_sections:
        first = theme_sections[0]
        why = (
            "has only questions, good practice or actions, which are not themes"
            if any(first.body)
            else "is empty"
        )
        raise BriefingError(
            f"No learning themes found: the section '{first.label}' {why}; "
            "expected one theme per bullet ('- ...') or numbered line ('1. ...')."
        )
    if drafts:
        found = ", ".join(f"'{draft.label}'" for draft in drafts)
        raise BriefingError(f"{NO_THEMES_MESSAGE} The sections found were: {found}.")
    raise BriefingError(
        f"{NO_THEMES_MESSAGE} No section headings were found either "
        "(expected lines such as '03 Key Learning Themes' or '## Key learning themes')."
    )


def _reading_position(section: Section) -> tuple[bool, int]:
    # sorted() is stable, so unnumbered sections keep their document order at the end.
    return (section.number is None, int(section.number) if section.number else 0)
