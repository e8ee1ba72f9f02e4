"""Read the text of a 7-minute briefing into its title, sections and learning themes.

Plain Python on purpose (no Flask, no database): the trainer's import page, the
question-bank reader and the CLI all call it, and it is tested on its own.

A briefing is a title followed by sections. A section starts at a heading line:

    01 Background            1. Background            Section 3: Key learning
    ## 03 Key Learning Themes                          ## Key learning themes

The learning themes are the bullets (or numbered lines) of the section whose
heading reads like "Key learning themes".
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "BriefingError",
    "ParsedBriefing",
    "Section",
    "parse_briefing",
    "parse_briefing_file",
]

UNTITLED = "Untitled briefing"

# A heading is a short label, not a sentence: this keeps "12 families were seen
# at home" and similar opening sentences in the body text.
MAX_HEADING_WORDS = 8

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
    if _has_control_characters(text):
        raise BriefingError(
            "The briefing contains binary data (control characters), so it is not text; "
            f"{EXPECTED_TEXT_FILE}"
        )
    lines = _normalise_lines(text)
    if not any(lines):
        raise BriefingError(f"The briefing is empty. {EXPECTED_BRIEFING}")
    splitter = _SectionSplitter(lines)
    splitter.split()
    return ParsedBriefing(
        title=_title(splitter.preamble),
        sections=tuple(draft.finish() for draft in splitter.drafts),
        learning_themes=_learning_themes(splitter.drafts),
    )


def parse_briefing_file(path: str | os.PathLike[str]) -> ParsedBriefing:
    """Parse a .txt or .md briefing. OSError (missing file, no permission) is not caught."""
    path = Path(path)
    text = _decode(path.read_bytes(), path.name)
    if not text.strip():
        raise BriefingError(f"{path.name} is empty. {EXPECTED_BRIEFING}")
    return parse_briefing(text)


# --- reading the file -----------------------------------------------------------------

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


# --- lines ----------------------------------------------------------------------------

# Invisible characters that copy-and-paste from web pages and PDFs leaves behind.
_INVISIBLE = str.maketrans("", "", "\ufeff\u200b\u2060")


def _normalise_lines(text: str) -> list[str]:
    """Lines without line-ending, tab, non-breaking-space or indentation differences.

    str.split() treats tabs and non-breaking spaces as whitespace, so joining
    its pieces with single spaces removes all of those differences at once.
    """
    text = text.translate(_INVISIBLE)
    text = re.sub(r"\r\n?|[\f\v]", "\n", text)
    return [" ".join(line.split()) for line in text.split("\n")]


_BOLD = re.compile(r"(\*\*|__)(?P<inner>(?:(?!\1).)+)\1(?P<colon>:?)")
_MARKDOWN_LINK = re.compile(
    r"!?\[(?P<text>[^\]]*)\]"  # [text] (or ![alt] for an image)
    r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"  # (url "optional title")
)


def _unwrap_bold(line: str) -> str:
    """'**Lack of challenge**' -> 'Lack of challenge'; a partly bold line is left alone."""
    match = _BOLD.fullmatch(line)
    return (match["inner"].strip() + match["colon"]) if match else line


def _reduce_links(text: str) -> str:
    return _MARKDOWN_LINK.sub(lambda match: match["text"], text)


# --- headings -------------------------------------------------------------------------

_MARKDOWN_HEADING = re.compile(r"(?P<hashes>#{1,6})\s+(?P<text>.*?)(?:\s+#+)?")
_NUMBERED_LINE = re.compile(
    r"(?P<section_word>section\s+)?"
    r"(?P<number>\d{1,2})(?!\d)"  # one or two digits: "2017 survey found..." is not a heading
    r"\s*(?P<separator>[.:)\-–—]?)\s+"
    r"(?P<text>\S.*)",
    re.IGNORECASE,
)
_LEARNING_THEME_HEADING = re.compile(
    r"""
      (?:key\s+)?(?:learning\s+)?themes?          # Key learning themes, Learning themes, Themes
    | (?:key\s+)?learning(?:\s+points?)?          # Key learning, Learning, Learning points
    | (?:key\s+)?messages                          # Key messages
    | (?:key\s+)?findings                          # Findings, Key findings
    | what\s+(?:did\s+)?we\s+learn(?:ed|t)?       # What did we learn, What we learned
    | (?:key\s+)?lessons(?:\s+learn(?:ed|t))?      # Lessons, Lessons learned
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class _NumberedLine:
    """A line that starts with a number: a section heading or an item of a numbered list."""

    number: str
    separator: str  # ".", ":", ")", "-" or "" (dashes are all "-")
    text: str
    has_section_word: bool

    @property
    def value(self) -> int:
        return int(self.number)

    @property
    def could_be_list_item(self) -> bool:
        # Numbered lists are written "1." or "1)"; "01 Progress" is always a heading.
        return self.separator in (".", ")") and not self.has_section_word

    @classmethod
    def parse(cls, line: str) -> _NumberedLine | None:
        match = _NUMBERED_LINE.fullmatch(line)
        if match is None:
            return None
        separator = "-" if match["separator"] in ("–", "—") else match["separator"]
        return cls(match["number"], separator, match["text"], bool(match["section_word"]))


def _clean_heading(text: str) -> str:
    return _reduce_links(_unwrap_bold(text)).rstrip(":").strip()


def _looks_like_heading(text: str) -> bool:
    """Short, starts with a capital letter, and does not end like a sentence."""
    words = text.split()
    first_letter = next((ch for ch in text if ch.isalnum()), "")
    return (
        0 < len(words) <= MAX_HEADING_WORDS
        and first_letter.isupper()
        and not text.endswith((".", ",", ";"))
    )


def _is_learning_theme_heading(heading: str) -> bool:
    return bool(_LEARNING_THEME_HEADING.fullmatch(heading.rstrip(":?!. ")))


# --- splitting into sections ----------------------------------------------------------


@dataclass
class _DraftSection:
    number: str | None
    heading: str
    body: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.number} {self.heading}" if self.number else self.heading

    def finish(self) -> Section:
        return Section(self.number, self.heading, _render_body(self.body))


@dataclass
class _OpenList:
    """The numbered list being read in the current section."""

    separator: str
    last_number: int
    loose: bool = False  # its items are separated by blank lines

    def takes(self, numbered: _NumberedLine, after_blank_line: bool) -> bool:
        """Directly below the last item, or the next number after a blank line."""
        return self.separator == numbered.separator and (
            not after_blank_line or numbered.value == self.last_number + 1
        )


class _SectionSplitter:
    """Walks the lines once, deciding for each whether it starts a new section.

    The hard case is a numbered line such as "3. Lack of challenge": a heading in
    one briefing, an item of a numbered list of themes in another. Section
    numbers do not repeat and lists restart at 1, so a numbered line is taken as
    a list item when its number is already used by a heading, when it continues
    the numbered list above it, or when the next line continues its numbering.
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.preamble: list[str] = []
        self.drafts: list[_DraftSection] = []
        self.used_numbers: set[int] = set()
        self.open_list: _OpenList | None = None
        self.blank_since_list_item = False
        self.level_one_headings = sum(1 for line in lines if re.match(r"#\s", line))

    def split(self) -> None:
        for index, line in enumerate(self.lines):
            heading = self._heading_at(index)
            if heading is None:
                self._add_body_line(line)
            else:
                self._start_section(*heading)

    def _start_section(self, number: str | None, heading: str) -> None:
        self.drafts.append(_DraftSection(number, heading))
        if number is not None:
            self.used_numbers.add(int(number))
        self.open_list = None
        self.blank_since_list_item = False

    def _add_body_line(self, line: str) -> None:
        (self.drafts[-1].body if self.drafts else self.preamble).append(line)
        if not line:
            self.blank_since_list_item = True
            return
        numbered = _NumberedLine.parse(line)
        if numbered is None or not numbered.could_be_list_item:
            return
        open_list = self.open_list
        if open_list is not None and open_list.takes(numbered, self.blank_since_list_item):
            open_list.loose |= self.blank_since_list_item
            open_list.last_number = numbered.value
        else:
            self.open_list = _OpenList(numbered.separator, numbered.value)
        self.blank_since_list_item = False

    def _heading_at(self, index: int) -> tuple[str | None, str] | None:
        """(number, heading) when the line at index starts a section, else None."""
        line = _unwrap_bold(self.lines[index])
        if not line:
            return None

        markdown = _MARKDOWN_HEADING.fullmatch(line)
        if markdown:
            if self._is_document_title(len(markdown["hashes"]), markdown["text"]):
                return None
            numbered = _NumberedLine.parse(markdown["text"])
            if numbered:
                return numbered.number, _clean_heading(numbered.text)
            return None, _clean_heading(markdown["text"])

        numbered = _NumberedLine.parse(line)
        if numbered:
            if self._is_numbered_heading(index, numbered):
                return numbered.number, _clean_heading(numbered.text)
            return None

        # An unnumbered plain line such as "Key learning themes:" on its own.
        heading = _clean_heading(line)
        starts_paragraph = index == 0 or not self.lines[index - 1]
        if (
            starts_paragraph
            and _looks_like_heading(heading)
            and _is_learning_theme_heading(heading)
        ):
            return None, heading
        return None

    def _is_document_title(self, level: int, text: str) -> bool:
        """A lone '# 7-minute Briefing' at the top is the title, not a section."""
        return (
            level == 1
            and self.level_one_headings == 1
            and not self.drafts
            and not any(self.preamble)
            and _NumberedLine.parse(text) is None
            and not _is_learning_theme_heading(_clean_heading(text))
        )

    def _is_numbered_heading(self, index: int, numbered: _NumberedLine) -> bool:
        if not _looks_like_heading(_clean_heading(numbered.text)):
            return False
        if numbered.value in self.used_numbers:
            return False
        if not numbered.could_be_list_item:
            return True
        return not (self._continues_open_list(numbered) or self._starts_list(index, numbered))

    def _continues_open_list(self, numbered: _NumberedLine) -> bool:
        """Directly below the list's last item, or its next number in a blank-spaced list.

        A tight list "1. ... 2. ..." followed by a blank line and "3. Progress" is
        a list then a heading; only a list already spaced out by blank lines
        carries on across one.
        """
        after_blank_line = self.blank_since_list_item
        open_list = self.open_list
        return (
            open_list is not None
            and open_list.takes(numbered, after_blank_line)
            and (open_list.loose or not after_blank_line)
        )

    def _starts_list(self, index: int, numbered: _NumberedLine) -> bool:
        following = next((line for line in self.lines[index + 1 :] if line), None)
        after = _NumberedLine.parse(_unwrap_bold(following)) if following else None
        return (
            after is not None
            and after.could_be_list_item
            and after.separator == numbered.separator
            and after.value == numbered.value + 1
        )


# --- section bodies and themes --------------------------------------------------------

_LIST_ITEM = re.compile(
    r"(?:(?P<bullet>[-*–]\s+|•\s*)|(?P<number>\(?(?:\d{1,2}[.)]|[a-z]\))\s+))(?P<text>\S.*)",
    re.IGNORECASE,
)


@dataclass
class _LogicalLine:
    """One list item or one paragraph, with the lines it was wrapped over joined."""

    marker: str | None  # "-" for any bullet, "1." / "a)" as written, None for a paragraph
    text: str

    def render(self) -> str:
        text = _reduce_links(self.text)
        return f"{self.marker} {text}" if self.marker else text


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _logical_lines(block: list[str]) -> list[_LogicalLine]:
    result: list[_LogicalLine] = []
    for line in block:
        item = _LIST_ITEM.fullmatch(line)
        if item:
            marker = "-" if item["bullet"] else item["number"].strip()
            result.append(_LogicalLine(marker, item["text"]))
        elif result:
            # A wrapped paragraph or list item: join its lines with single spaces.
            result[-1].text += " " + line
        else:
            result.append(_LogicalLine(None, line))
    return result


def _render_body(lines: list[str]) -> str:
    return "\n\n".join(
        "\n".join(logical.render() for logical in _logical_lines(block)) for block in _blocks(lines)
    )


def _title(preamble: list[str]) -> str:
    first_line = next((line for line in preamble if line), "")
    title = _reduce_links(_unwrap_bold(re.sub(r"^#+\s+", "", first_line))).strip()
    return title or UNTITLED


def _learning_themes(drafts: list[_DraftSection]) -> tuple[str, ...]:
    theme_sections = [draft for draft in drafts if _is_learning_theme_heading(draft.heading)]
    for draft in theme_sections:
        themes = _themes_from_body(draft.body)
        if themes:
            return themes
    if theme_sections:
        raise BriefingError(
            f"No learning themes found: the section '{theme_sections[0].label}' is empty; "
            "expected one theme per bullet ('- ...') or numbered line ('1. ...')."
        )
    if drafts:
        found = ", ".join(f"'{draft.label}'" for draft in drafts)
        raise BriefingError(f"{NO_THEMES_MESSAGE} The sections found were: {found}.")
    raise BriefingError(
        f"{NO_THEMES_MESSAGE} No section headings were found either "
        "(expected lines such as '03 Key Learning Themes' or '## Key learning themes')."
    )


def _themes_from_body(lines: list[str]) -> tuple[str, ...]:
    """Each list item is a theme; with no list items, each paragraph is one."""
    logical = [line for block in _blocks(lines) for line in _logical_lines(block)]
    items = [line for line in logical if line.marker] or logical
    themes = (_unwrap_bold(_reduce_links(item.text).strip()) for item in items)
    return tuple(theme for theme in themes if theme)


def _reading_position(section: Section) -> tuple[bool, int]:
    # sorted() is stable, so unnumbered sections keep their document order at the end.
    return (section.number is None, int(section.number) if section.number else 0)
