"""Inline markup and the line structure of a section body: paragraphs and list items.

Shared by the section splitter (which renders a section's text) and the theme
finder (which reads its list items and paragraphs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# --- inline markup --------------------------------------------------------------------

_BOLD = re.compile(r"(\*\*|__)(?P<inner>(?:(?!\1).)+)\1(?P<colon>:?)")
_INLINE_BOLD = re.compile(r"(\*\*|__)(?P<inner>\S(?:(?:(?!\1).)*?\S)?)\1")
_INLINE_ITALIC = re.compile(r"(?<![\w*])\*(?P<inner>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])")
# Neither the text nor the address may hold a bracket: otherwise each of many "[" would
# search on to the end of the line for its "]", in quadratic time.
_MARKDOWN_LINK = re.compile(
    r"!?\[(?P<text>[^\[\]]*)\]"  # [text] (or ![alt] for an image)
    r"\((?:[^()\[\]\s]|\([^()\[\]\s]*\))*(?:\s+\"[^\"]*\")?\)"  # (url "optional title")
)


def unwrap_bold(line: str) -> str:
    """'**Lack of challenge**' -> 'Lack of challenge'; a partly bold line is left alone."""
    match = _BOLD.fullmatch(line)
    return (match["inner"].strip() + match["colon"]) if match else line


def reduce_links(text: str) -> str:
    return _MARKDOWN_LINK.sub(lambda match: match["text"], text)


def plain_text(text: str) -> str:
    """Text without links, bold or italics: '**Age gap:** the ...' -> 'Age gap: the ...'."""
    text = unwrap_bold(reduce_links(text).strip())
    text = _INLINE_BOLD.sub(lambda match: match["inner"], text)
    return _INLINE_ITALIC.sub(lambda match: match["inner"], text).strip()


# --- list items -----------------------------------------------------------------------

# PDFs bring their own bullet glyphs, including the Symbol font's private-use bullet.
BULLET_GLYPHS = "•●▪■◦‣⁃►➢✓✔\uf0b7"

# Word's second-level bullet comes out as "o" when its text is copied.
SUB_BULLETS = "o◦"

LIST_ITEM = re.compile(
    rf"(?:(?P<bullet>[-*–—]\s+|[{BULLET_GLYPHS}]\s*)|(?P<sub_bullet>(?-i:[{SUB_BULLETS}])\s+)"
    # "4.1 ..." numbers paragraphs within section 4, as Welsh and many English reviews do.
    r"|(?P<number>\(?(?:\d{1,2}\.\d{1,2}\.?|\d{1,2}[.)]|[a-z][.)]|[ivx]{2,4}[.)])\s+))"
    r"(?P<text>\S.*)",
    re.IGNORECASE,
)

# "Theme 1: Voice of the child", "Finding 2 - ...", "Theme: Carers' rights": the label is
# numbering, like "1.", so the theme is the text after it.
_LABEL_WORD = (
    r"(?:key\s+)?(?:learning\s+)?"
    r"(?:themes?|findings?|learning(?:\s+points?)?|points?|lessons?|messages?)"
)
_LABEL_NUMBER = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
NUMBERED_LABEL = re.compile(
    r"(?:"
    rf"{_LABEL_WORD}\s+{_LABEL_NUMBER}\s*[:.–—-]"
    r"|(?:key\s+)?(?:learning\s+)?(?:theme|finding|lesson|message|learning\s+point)\s*[:–—]"
    r")\s+(?P<text>\S.*)",
    re.IGNORECASE,
)
# "Learning point 1" on a line of its own, with the theme on the line below it.
LABEL_ALONE = re.compile(rf"{_LABEL_WORD}\s+{_LABEL_NUMBER}\s*[:.–—-]?", re.IGNORECASE)

# A row of a markdown table: "| Financial abuse | Warden staff noticed ... |".
TABLE_ROW = re.compile(r"\|.*\|")
TABLE_MARKER = "|"


def marker_kind(marker: str) -> str:
    """'bullet', 'number', 'letter', 'row'...: items of another kind under an item are details."""
    if marker == "-":
        return "bullet"
    if marker == "o":
        return "sub-bullet"
    if marker == TABLE_MARKER:
        return "row"
    return "number" if any(ch.isdigit() for ch in marker) else "letter"


# --- paragraphs and items -------------------------------------------------------------

_SENTENCE_END = (".", "!", "?", ":")
# A line ending in one of these words is part of a sentence that goes on below it.
_CONTINUING_WORDS = frozenset(
    {"a", "an", "and", "or", "but", "the", "of", "to", "in", "on", "for", "with", "by", "at"}
    | {"from", "that", "as", "was", "were", "is", "are", "their", "his", "her", "its", "not"}
    | {"be", "who", "which"}
)


@dataclass
class LogicalLine:
    """One list item or one paragraph, with the lines it was wrapped over joined."""

    marker: str | None  # "-" / "o" for bullets, "1." / "a)" as written, None for a paragraph
    first_line: str
    more_lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join([self.first_line, *self.more_lines])

    @property
    def physical_lines(self) -> int:
        return 1 + len(self.more_lines)

    @property
    def kind(self) -> str | None:
        return marker_kind(self.marker) if self.marker else None

    def render(self) -> str:
        text = reduce_links(self.text)
        return f"{self.marker} {text}" if self.marker and self.marker != TABLE_MARKER else text

    def add(self, line: str) -> None:
        # Kept as lines and joined on reading: joining as they come is quadratic.
        self.more_lines.append(line)


def blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines."""
    result: list[list[str]] = [[]]
    for line in lines:
        if line:
            result[-1].append(line)
        elif result[-1]:
            result.append([])
    return [block for block in result if block]


def logical_lines(block: list[str]) -> list[LogicalLine]:
    wrapped = _is_wrapped_paragraph(block)
    result: list[LogicalLine] = []
    previous_line = ""
    for line in block:
        item = LIST_ITEM.fullmatch(line)
        if TABLE_ROW.fullmatch(line):
            result.append(LogicalLine(TABLE_MARKER, line))
        elif item:
            marker = _marker(item)
            result.append(LogicalLine(marker, item["text"]))
        elif result and _continues(result[-1], previous_line, line, wrapped):
            result[-1].add(line)
        else:
            result.append(LogicalLine(None, line))
        previous_line = line
    return result


def _marker(item: re.Match[str]) -> str:
    """'-' for any bullet, 'o' for any second-level bullet, a number or letter as written."""
    if item["bullet"]:
        return "-"
    if item["sub_bullet"]:
        return "o"
    return item["number"].strip()


def render_body(lines: list[str]) -> str:
    return "\n\n".join(
        "\n".join(logical.render() for logical in logical_lines(block)) for block in blocks(lines)
    )


def _continues(previous: LogicalLine, previous_line: str, line: str, wrapped: bool) -> bool:
    """Whether an unmarked line carries on the item or paragraph above it.

    PDFs and hand-wrapped text break sentences over lines; text copied from a web
    page puts each paragraph (and each item of a list whose bullets were lost) on
    a line of its own. A line starting in lower case always carries on; a
    capitalised line after a finished sentence or a short heading-like line
    starts something new, unless the whole block is evenly wrapped prose.
    """
    if NUMBERED_LABEL.fullmatch(plain_text(line)):
        return False
    first = plain_text(line).lstrip("\"'“‘(")[:1]
    if not (first.isupper() or first.isdigit()):
        return True
    if previous.physical_lines == 1 and NUMBERED_LABEL.fullmatch(plain_text(previous_line)):
        return False  # "Learning point 1: Carers ..." is a line of its own, then its explanation
    if wrapped:
        return not (previous.marker is None and _is_short_label(previous))
    if previous_line.rstrip("*_").endswith(_SENTENCE_END):
        return False
    if _is_short_label(previous) and line.endswith(_SENTENCE_END):
        # "1. Professional curiosity" then "Staff saw ... came from.": a theme named
        # by a short item and explained by a sentence below it, as Word text comes.
        return False
    return not (previous.marker is None and _is_short_label(previous))


def _is_short_label(paragraph: LogicalLine) -> bool:
    """A one-line paragraph such as 'Voice of the child' (a sub-heading or a bare item)."""
    if paragraph.physical_lines != 1:
        return False
    text = plain_text(paragraph.text)
    words = text.split()
    return (
        0 < len(words) <= 8
        and not text.endswith((",", ";"))
        and words[-1].lower() not in _CONTINUING_WORDS
    )


def _is_wrapped_paragraph(block: list[str]) -> bool:
    """Lines of similar, fixed-ish width with at least one broken mid-sentence: PDF or email."""
    upper_lines = block[:-1]
    return (
        len(block) >= 2
        and all(45 <= len(line) <= 100 for line in upper_lines)
        and any(not line.endswith(_SENTENCE_END) for line in upper_lines)
    )


def table_cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def is_table_rule(row: str) -> bool:
    """The '| --- | :---: |' line under a table's header row."""
    return all(re.fullmatch(r":?-{3,}:?", cell) for cell in table_cells(row))
