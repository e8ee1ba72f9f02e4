"""Splitting a briefing's lines into a preamble (the title) and sections.

A section starts at a heading line:

    01 Background            1. Background            Section 3: Key learning
    ## 03 Key Learning Themes                          ## Key learning themes
    Questions for reflection                           **Key messages**

An unnumbered plain line is a heading only when it reads like one of the
headings briefings use (see headings.py): anything else short and capitalised
is as likely to be a theme's sub-heading or a list item copied without its bullet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import islice

from quiz.briefings.headings import (
    HeadingKind,
    clean_heading,
    heading_kind,
    looks_like_heading,
    split_inline_heading,
)
from quiz.briefings.limits import MAX_HEADING_CHARACTERS
from quiz.briefings.markup import (
    LIST_ITEM,
    NUMBERED_LABEL,
    plain_text,
    render_body,
    unwrap_bold,
)

_MARKDOWN_HEADING = re.compile(r"(?P<hashes>#{1,6})\s+(?P<text>.*?)(?:\s+#+)?")
_LETTERED_HEADING = re.compile(r"(?P<letter>[A-H])[.)]\s+(?P<text>\S.*)")
_BARE_NUMBER = re.compile(r"(?P<number>\d{1,2})\.?")
_NUMBERED_LINE = re.compile(
    # "Section 3: Key learning", "Minute 4 – Learning", "Part 2 - ..."
    r"(?P<section_word>(?:section|minute|part|step)\s+)?"
    r"(?P<number>\d{1,2})(?!\d)"  # one or two digits: "2017 survey found..." is not a heading
    # The separator, or none; "\s*[.:)-]?\s+" split a run of spaces every way, in quadratic time.
    r"(?:\s*+(?P<separator>[.:)\-–—])|)\s++"
    r"(?!minutes?\b)"  # "7 Minute Briefing" is the document's title, not section 7
    r"(?P<text>\S.*)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberedLine:
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
    def parse(cls, line: str) -> NumberedLine | None:
        match = _NUMBERED_LINE.fullmatch(line)
        if match is None:
            return None
        separator = "-" if match["separator"] in ("–", "—") else match["separator"] or ""
        return cls(match["number"], separator, match["text"], bool(match["section_word"]))


@dataclass
class DraftSection:
    number: str | None
    heading: str
    markdown_level: int | None = None  # 2 for "## ...", None for a plain heading
    body: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.number} {self.heading}" if self.number else self.heading

    @property
    def kind(self) -> HeadingKind:
        return heading_kind(self.heading)

    def rendered_text(self) -> str:
        return render_body(self.body)


@dataclass(frozen=True)
class _Heading:
    number: str | None
    text: str
    markdown_level: int | None = None
    number_on_line_above: bool = False  # "4" on a line of its own, then "Learning"
    inline_text: str | None = None  # "Background: EF, aged 6, ..." gives "EF, aged 6, ..."


@dataclass
class _OpenList:
    """The numbered list being read in the current section."""

    separator: str
    last_number: int
    loose: bool = False  # its items are separated by blank lines

    def takes(self, numbered: NumberedLine) -> bool:
        return self.separator == numbered.separator and numbered.value == self.last_number + 1


_ENDS_A_LINE_OF_ITS_OWN = (".", "!", "?", ":", ";", ")", '"', "”", "*")


class SectionSplitter:
    """Walks the lines once, deciding for each whether it starts a new section.

    The hard case is a numbered line such as "3. Lack of challenge": a heading in
    one briefing, an item of a numbered list of themes in another. Section
    numbers do not repeat and lists restart at 1, so a numbered line is taken as
    a list item when its number is already used by a heading, when it continues
    the numbered list above it, when the next line continues its numbering, or
    when it sits in a themes section and does not read like a known heading.
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.preamble: list[str] = []
        self.drafts: list[DraftSection] = []
        self.used_numbers: set[int] = set()
        self.open_list: _OpenList | None = None
        self.blank_since_list_item = False
        self.heading_indexes: set[int] = set()
        self.preamble_lines = 0  # non-blank
        self.level_one_headings = sum(1 for line in lines if re.match(r"#\s", line))

    def split(self) -> None:
        for index, line in enumerate(self.lines):
            heading = self._heading_at(index)
            if heading is None:
                self._add_body_line(_without_markdown_hashes(line))
            else:
                self.heading_indexes.add(index)
                self._start_section(heading)
                if heading.inline_text:
                    self._add_body_line(heading.inline_text)

    def _start_section(self, heading: _Heading) -> None:
        if heading.number_on_line_above:
            if self.drafts:
                self.drafts[-1].body.pop()
            else:
                self.preamble.pop()
                self.preamble_lines -= 1
        self.drafts.append(DraftSection(heading.number, heading.text, heading.markdown_level))
        if heading.number is not None:
            self.used_numbers.add(int(heading.number))
        self.open_list = None
        self.blank_since_list_item = False

    def _add_body_line(self, line: str) -> None:
        (self.drafts[-1].body if self.drafts else self.preamble).append(line)
        if line and not self.drafts:
            self.preamble_lines += 1
        if not line:
            self.blank_since_list_item = True
            return
        numbered = NumberedLine.parse(line)
        if numbered is None or not numbered.could_be_list_item:
            return
        open_list = self.open_list
        if open_list is not None and open_list.takes(numbered):
            open_list.loose |= self.blank_since_list_item
            open_list.last_number = numbered.value
        else:
            self.open_list = _OpenList(numbered.separator, numbered.value)
        self.blank_since_list_item = False

    def _heading_at(self, index: int) -> _Heading | None:
        heading = self._heading_written_at(index)
        if heading is not None and len(heading.text) > MAX_HEADING_CHARACTERS:
            return None  # "## " and a paragraph: no heading is that long
        return heading

    def _heading_written_at(self, index: int) -> _Heading | None:
        line = unwrap_bold(self.lines[index])
        if not line:
            return None
        markdown = _MARKDOWN_HEADING.fullmatch(line)
        if markdown:
            return self._markdown_heading(len(markdown["hashes"]), markdown["text"])
        numbered = NumberedLine.parse(line)
        if numbered:
            return self._numbered_heading(index, numbered)
        lettered = _LETTERED_HEADING.fullmatch(line)
        if lettered and self._is_plain_heading(index, lettered["text"]):
            # "B. Key learning": the letter is dropped, as section numbers are numbers.
            return _Heading(None, clean_heading(lettered["text"]))
        if LIST_ITEM.fullmatch(line) or NUMBERED_LABEL.fullmatch(plain_text(line)):
            return None  # an item, or "Theme: Carers' rights" naming a theme in its section
        return self._plain_heading(index, line)

    def _numbered_heading(self, index: int, numbered: NumberedLine) -> _Heading | None:
        """'03 Key Learning Themes', '2. Learning', or '1. Background: EF, aged 6, was ...'."""
        inline = split_inline_heading(numbered.text)
        if inline:
            numbered = replace(numbered, text=inline[0])
        if not self._is_numbered_heading(index, numbered, known_label=bool(inline)):
            return None
        text = inline[1] if inline else None
        return _Heading(numbered.number, clean_heading(numbered.text), inline_text=text)

    def _plain_heading(self, index: int, line: str) -> _Heading | None:
        """'Questions for reflection', or 'Background: Mr LL was a 60-year-old man ...'."""
        inline = split_inline_heading(line)
        heading = inline[0] if inline else line
        if not self._is_plain_heading(index, heading):
            return None
        number = self._bare_number_above(index)
        return _Heading(
            number,
            clean_heading(heading),
            number_on_line_above=number is not None,
            inline_text=inline[1] if inline else None,
        )

    def _bare_number_above(self, index: int) -> str | None:
        """Wheel layouts put each segment's number on a line of its own above its heading."""
        match = _BARE_NUMBER.fullmatch(self.lines[index - 1]) if index else None
        if match is None or int(match["number"]) in self.used_numbers:
            return None
        return match["number"]

    def _markdown_heading(self, level: int, text: str) -> _Heading | None:
        if self._is_document_title(level, text):
            return None
        if self._is_theme_sub_heading(level, text):
            return None
        numbered = NumberedLine.parse(text)
        if numbered:
            return _Heading(numbered.number, clean_heading(numbered.text), level)
        return _Heading(None, clean_heading(text), level)

    def _is_document_title(self, level: int, text: str) -> bool:
        """A lone '# 7-minute Briefing' at the top is the title, not a section."""
        return (
            level == 1
            and self.level_one_headings == 1
            and not self.drafts
            and not any(self.preamble)
            and NumberedLine.parse(text) is None
            and heading_kind(text) is not HeadingKind.THEMES
        )

    def _is_theme_sub_heading(self, level: int, text: str) -> bool:
        """'### Falls risk assessment' under '## Learning' names a theme; it is not a section."""
        current = self.drafts[-1] if self.drafts else None
        return (
            current is not None
            and current.markdown_level is not None
            and level > current.markdown_level
            and current.kind is HeadingKind.THEMES
            and heading_kind(text) is HeadingKind.UNKNOWN
        )

    def _is_plain_heading(self, index: int, line: str) -> bool:
        """An unnumbered line such as 'Questions for reflection' or 'Key learning themes:'."""
        return (
            looks_like_heading(line)
            and heading_kind(line) is not HeadingKind.UNKNOWN
            and self._may_start_section_after(index)
        )

    def _may_start_section_after(self, index: int) -> bool:
        """Not in the middle of a sentence wrapped over lines ('... the' / 'Findings of ...')."""
        if index == 0:
            return True
        written = self.lines[index - 1]
        previous = unwrap_bold(written)
        return (
            not previous
            or previous != written  # a wholly bold line, as Word headings are copied
            or (not self.drafts and self.preamble_lines == 1)  # the line above is the title
            or previous.endswith(_ENDS_A_LINE_OF_ITS_OWN)
            or index - 1 in self.heading_indexes
            or bool(LIST_ITEM.fullmatch(previous))
            or looks_like_heading(previous)
            or bool(_BARE_NUMBER.fullmatch(previous))
        )

    def _is_numbered_heading(
        self, index: int, numbered: NumberedLine, known_label: bool = False
    ) -> bool:
        """known_label: the line reads 'Background: ...', a heading whenever its number is free."""
        if not looks_like_heading(numbered.text):
            return False
        if numbered.value in self.used_numbers:
            return False
        if known_label or not numbered.could_be_list_item:
            return True
        return not (
            self._continues_open_list(numbered)
            or self._starts_list(index, numbered)
            or self._reads_as_theme(numbered)
        )

    def _reads_as_theme(self, numbered: NumberedLine) -> bool:
        """'1. Professional curiosity' under 'Learning', with its explanation below it.

        Inside a themes section a numbered line is a theme unless it reads like a
        known heading or carries the next section number ('3. Learning' ... '4. ...').
        """
        current = self.drafts[-1] if self.drafts else None
        if current is None or current.kind is not HeadingKind.THEMES:
            return False
        if current.number is not None and numbered.value == int(current.number) + 1:
            return False
        return heading_kind(numbered.text) is HeadingKind.UNKNOWN

    def _continues_open_list(self, numbered: NumberedLine) -> bool:
        """Directly below the list's last item, or its next number in a blank-spaced list.

        A tight list "1. ... 2. ..." followed by a blank line and "3. Progress" is
        a list then a heading; only a list already spaced out by blank lines
        carries on across one.
        """
        after_blank_line = self.blank_since_list_item
        open_list = self.open_list
        return (
            open_list is not None
            and open_list.takes(numbered)
            and (open_list.loose or not after_blank_line)
        )

    def _starts_list(self, index: int, numbered: NumberedLine) -> bool:
        following = next((line for line in islice(self.lines, index + 1, None) if line), None)
        after = NumberedLine.parse(unwrap_bold(following)) if following else None
        return (
            after is not None
            and after.could_be_list_item
            and after.separator == numbered.separator
            and after.value == numbered.value + 1
        )


def _without_markdown_hashes(line: str) -> str:
    """A markdown heading kept in the body (the title, a theme's sub-heading) loses its hashes."""
    markdown = _MARKDOWN_HEADING.fullmatch(line)
    return markdown["text"] if markdown else line


def title_of(preamble: list[str]) -> str | None:
    first_line = next((line for line in preamble if line), "")
    return clean_heading(first_line) or None
