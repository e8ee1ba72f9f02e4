"""From pasted or extracted text to clean lines: no web-page or PDF furniture, no broken words.

Trainers paste briefings copied from a partnership's web page (navigation,
cookie banners, share buttons, footers) or from a PDF (page numbers, running
headers and footers, words hyphenated at line ends, a list item split by a page
break). None of that is part of the briefing, and left in it would end up
inside sections or, worse, inside a learning theme.
"""

from __future__ import annotations

import re
import unicodedata

from quiz.briefings.headings import HeadingKind, heading_kind, looks_like_heading
from quiz.briefings.layout import (
    with_bare_numbered_lists_marked,
    with_columns_one_after_the_other,
    with_labels_joined_to_their_theme,
    with_nested_bullets_marked,
    without_email_quoting,
)
from quiz.briefings.markup import BULLET_GLYPHS, LIST_ITEM, SUB_BULLETS

# Invisible characters that copy-and-paste from web pages and PDFs leaves behind.
_INVISIBLE = str.maketrans("", "", "\ufeff\u200b\u2060\u00ad")

# A form feed is where a PDF page ends; it is kept as a line of its own until the
# page furniture around it has been found, then removed with it.
PAGE_BREAK = "\f"


def clean_lines(text: str) -> list[str]:
    lines = _normalised_lines(text)
    # A horizontal rule, or a heading's "-----" underline, separates like a blank line.
    lines = ["" if _RULE.fullmatch(line) else line for line in lines]
    lines = _with_symbol_bullets_as_bullets(lines)
    lines = _without_web_furniture(lines)
    lines = _without_page_furniture(lines)
    lines = _with_hyphenated_words_joined(lines)
    lines = with_bare_numbered_lists_marked(lines)
    lines = with_labels_joined_to_their_theme(lines)
    return _with_lone_bullets_joined(lines)


def _normalised_lines(text: str) -> list[str]:
    """Lines without line-ending, tab, non-breaking-space or indentation differences.

    str.split() treats tabs and non-breaking spaces as whitespace, so joining
    its pieces with single spaces removes all of those differences at once.
    """
    text = text.translate(_INVISIBLE)
    text = re.sub(r"\r\n?|\v", "\n", text)
    raw_lines: list[str] = []
    for raw_line in text.split("\n"):
        for index, piece in enumerate(raw_line.split(PAGE_BREAK)):
            if index:
                raw_lines.append(PAGE_BREAK)
            raw_lines.append(piece)
    raw_lines = without_email_quoting(raw_lines)
    raw_lines = with_columns_one_after_the_other(raw_lines)
    raw_lines = with_nested_bullets_marked(raw_lines)
    return _with_tab_tables_as_markdown(raw_lines)


# --- tables copied from Word ----------------------------------------------------------

# A first cell that is only a list marker ("•", "o", "1.", "01"): a list item, not a row.
_MARKER_CELL = re.compile(r"[^\w\s]|o|\d{1,2}[.)]?|[a-z][.)]|\(\w{1,3}\)")
_HEADER_CELL_WORDS = 6


def _with_tab_tables_as_markdown(raw_lines: list[str]) -> list[str]:
    """Normalised lines, with runs of tab-separated rows turned into markdown table rows.

    A Word table pasted as text is one line per row with tabs between cells; once
    whitespace is normalised the cells would run together, so they are marked first.
    Rows typed with bars between cells ("Theme | What we found") are read the same way.
    """
    cells = [_tab_cells(line) for line in raw_lines]
    lines: list[str] = []
    index = 0
    while index < len(raw_lines):
        end = index
        while end < len(raw_lines) and cells[end] and len(cells[end]) == len(cells[index] or []):
            end += 1
        if end - index >= 2:
            lines.extend(_markdown_table(cells[index:end]))
            index = end
        else:
            raw_line = raw_lines[index]
            lines.append(raw_line if raw_line == PAGE_BREAK else " ".join(raw_line.split()))
            index += 1
    return lines


# "Theme | What we found | What to do": a table typed without its outer bars.
_BAR_BETWEEN_CELLS = re.compile(r"\s+\|\s+")


def _tab_cells(raw_line: str) -> list[str] | None:
    """The cells of a table row: separated by tabs, or by bars when the line has no outer bars."""
    text = raw_line.strip()
    separator = _BAR_BETWEEN_CELLS if "\t" not in text and not text.startswith("|") else r"\t+"
    cells = [" ".join(cell.split()) for cell in re.split(separator, text)]
    if len(cells) < 2 or _MARKER_CELL.fullmatch(cells[0]):
        return None
    return cells


def _markdown_table(rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    if _is_header_row(rows[0]) and not all(_is_header_row(row) for row in rows[1:]):
        lines.insert(1, "| " + " | ".join("---" for _ in rows[0]) + " |")
    return lines


def _is_header_row(row: list[str]) -> bool:
    return all(
        len(cell.split()) <= _HEADER_CELL_WORDS and not cell.endswith((".", "!", "?"))
        for cell in row
    )


_RULE = re.compile(r"([-=_*~])(?:\s?\1){2,}")


# --- web pages ------------------------------------------------------------------------

_WEB_FURNITURE = re.compile(
    r"""
      skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation)|skip\s+navigation
    | (?:you\s+are\s+here:?\s*)?home\s*(?:[>›»/|]\s*[^>›»/|]+)+        # breadcrumb trail
    | (?:share|tweet|email|print)(?:\s+(?:this|the))?(?:\s+(?:page|article|briefing|post))?
      (?:\s+(?:on|via|by)\s+\S+)?
    | menu|search(?:\s+this\s+site)?|close|sign\s+in|log\s+in|main\s+navigation
    | translate(?:\s+this\s+page)?|listen|text\s+size|a\s+a\s+a
    | (?:show|hide|expand|collapse)(?:\s+all)?(?:\s+sections)?   # accordion buttons
    | back\s+to\s+top|return\s+to\s+top|top\s+of\s+(?:the\s+)?page
    | (?:©|copyright\b|\(c\)\s*\d{4}).*
    | privacy(?:\s+(?:policy|notice|statement))?|accessibility(?:\s+statement)?|contact\s+us
    | site\s*map|terms(?:\s+(?:and|&)\s+conditions|\s+of\s+use)?|follow\s+us(?:\s+on\s+.*)?
    | (?:page\s+)?last\s+(?:updated|reviewed|modified)\b.*
    | was\s+this\s+page\s+(?:helpful|useful)\??
    # Links to files: "Download the full report (PDF, 1MB)".
    | (?:download|view|open|read)\s+(?:the\s+)?(?:full\s+)?
      (?:report|briefing|review|document|pdf|leaflet|guide|file)s?\b.*
    | .*\((?:pdf|docx?|xlsx?|word\s+document)\b[^)]*\)
    # Cookie banners: a briefing may mention cookies, but not with these words.
    | cookies?(?:\s+(?:settings|policy|preferences|on\s+this\s+(?:site|website)))?
    | .*\bcookies?\b.*\b(?:accept|reject|settings|policy|preferences|essential|analytics
                          |consent|this\s+(?:site|website))\b.*
    | .*\b(?:accept|reject|use|set|view|manage)\s+(?:\w+\s+){0,2}cookies\b.*
    """,
    re.IGNORECASE | re.VERBOSE,
)
_FEEDBACK_ANSWER = re.compile(r"yes|no", re.IGNORECASE)


def _without_web_furniture(lines: list[str]) -> list[str]:
    kept: list[str] = []
    after_feedback_question = False
    for line in lines:
        if _WEB_FURNITURE.fullmatch(line):
            after_feedback_question = line.lower().startswith("was this page")
            continue
        # The "Yes" and "No" buttons below "Was this page helpful?".
        if after_feedback_question and _FEEDBACK_ANSWER.fullmatch(line):
            continue
        after_feedback_question = False
        kept.append(line)
    return kept


# --- PDF pages ------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?\d{1,3}\s*(?:of|/)\s*\d{1,3}|page\s+\d{1,3}|[-–]\s*\d{1,3}\s*[-–]"
    r"|\d{1,3}\s*\|\s*p\s?a\s?g\s?e"
    r"|slide\s+\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?",  # a slide deck saved as PDF
    re.IGNORECASE,
)
_ENDS_WITH_PAGE_NUMBER = re.compile(r".*\bpage\s+\d{1,3}(?:\s+of\s+\d{1,3})?", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"\d{1,3}")
_MAX_RUNNING_LINE_WORDS = 16


def _without_page_furniture(lines: list[str]) -> list[str]:
    markers = {i for i, line in enumerate(lines) if _is_page_marker(lines, i)}
    furniture = markers | _running_headers_and_footers(lines, markers)
    return _close_page_gaps(lines, furniture)


def _is_page_marker(lines: list[str], index: int) -> bool:
    line = lines[index]
    if line == PAGE_BREAK or _PAGE_NUMBER.fullmatch(line):
        return True
    if not _BARE_NUMBER.fullmatch(line):
        return False
    # A bare "2" is a page number beside a page break, at the end, or in the middle
    # of a sentence; elsewhere it may be a wheel segment's number ("4" / "Learning").
    around = _neighbours(lines, index)
    if any(lines[j] == PAGE_BREAK for j in around):
        return True
    after = [j for j in around if j > index]
    if not after:
        return True
    before = [j for j in around if j < index]
    return bool(before) and _breaks_a_sentence(lines[before[0]], lines[after[0]])


def _breaks_a_sentence(before: str, after: str) -> bool:
    return not before.endswith((".", "!", "?", ":")) and after[:1].islower()


def _running_headers_and_footers(lines: list[str], markers: set[int]) -> set[int]:
    """Short lines repeated at page breaks: the partnership's name, the briefing's title.

    Every repeat must sit beside a page marker (or carry its own page number), so
    a heading that happens to repeat, such as 'Progress', is kept. The first
    line of the document is kept too: there the running header is the title.
    """
    first_line = next((i for i, line in enumerate(lines) if line), None)
    by_key: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if line and line != PAGE_BREAK and len(line.split()) <= _MAX_RUNNING_LINE_WORDS:
            by_key.setdefault(_running_key(line), []).append(index)
    furniture: set[int] = set()
    for indexes in by_key.values():
        repeats = [i for i in indexes if i != first_line]
        if len(indexes) < 2 or not repeats:
            continue
        if all(_at_page_edge(lines, i, markers) for i in repeats):
            furniture.update(repeats)
    return furniture


def _running_key(line: str) -> str:
    # Footers such as "... briefing  Page 2" differ only in their page number.
    if _ENDS_WITH_PAGE_NUMBER.fullmatch(line):
        return re.sub(r"\d+", "#", line.lower())
    return line.lower()


def _at_page_edge(lines: list[str], index: int, markers: set[int]) -> bool:
    return bool(_ENDS_WITH_PAGE_NUMBER.fullmatch(lines[index])) or any(
        j in markers for j in _neighbours(lines, index, reach=2)
    )


def _neighbours(lines: list[str], index: int, reach: int = 1) -> list[int]:
    """Indexes of the nearest non-blank lines before and after index, up to reach each way."""
    found: list[int] = []
    for step in (-1, 1):
        j, seen = index + step, 0
        while 0 <= j < len(lines) and seen < reach:
            if lines[j]:
                found.append(j)
                seen += 1
            j += step
    return found


def _close_page_gaps(lines: list[str], furniture: set[int]) -> list[str]:
    """Drop the furniture; where a sentence ran over the page break, join its two halves."""
    kept: list[str] = []
    index = 0
    while index < len(lines):
        if index not in furniture:
            kept.append(lines[index])
            index += 1
            continue
        # A gap: furniture and the blank lines around it.
        while kept and not kept[-1]:
            kept.pop()
        while index < len(lines) and (index in furniture or not lines[index]):
            index += 1
        before = kept[-1] if kept else ""
        after = lines[index] if index < len(lines) else ""
        if not (before and after and _runs_over_page_break(before, after)):
            kept.append("")
    return kept


def _runs_over_page_break(before: str, after: str) -> bool:
    if LIST_ITEM.fullmatch(after) or _is_known_heading(after):
        return False
    if after[0].islower():
        return True
    # A long line that stops mid-sentence is a wrapped line, not a heading.
    return len(before) >= 40 and not before.endswith((".", "!", "?", ":"))


def _is_known_heading(line: str) -> bool:
    return looks_like_heading(line) and heading_kind(line) is not HeadingKind.UNKNOWN


# --- words and bullets broken over lines ----------------------------------------------

_HYPHEN_AT_END = re.compile(r"(?P<head>.*?)(?P<fragment>[A-Za-z]+)-")
_FIRST_WORD = re.compile(r"[a-z]+")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")

# Prefixes that keep their hyphen in the words briefings use: multi-agency,
# self-neglect, non-mobile, co-sleeping, cross-border, well-being, step-father.
_HYPHENATED_PREFIXES = frozenset(
    {"multi", "inter", "self", "non", "co", "cross", "well", "step", "half", "ex"}
    | {"pre", "post", "anti", "under", "over"}
)


def _with_hyphenated_words_joined(lines: list[str]) -> list[str]:
    """'profes-' + 'sional saw' -> 'professional saw'; 'multi-' + 'agency' keeps its hyphen."""
    known_words = {word.lower() for line in lines for word in _WORD.findall(line)}
    joined: list[str] = []
    for line in lines:
        broken = _HYPHEN_AT_END.fullmatch(joined[-1]) if joined else None
        if broken and line[:1].islower():
            hyphen = "-" if _keeps_hyphen(broken, line, known_words) else ""
            joined[-1] = joined[-1][:-1] + hyphen + line
        else:
            joined.append(line)
    return joined


def _keeps_hyphen(broken: re.Match[str], rest: str, known_words: set[str]) -> bool:
    fragment = broken["fragment"].lower()
    head = broken["head"]
    if head.endswith("-") or head[-1:].isdigit():
        return True  # "63-year-" + "old": the word was already hyphenated
    first_word = _FIRST_WORD.match(rest)
    tail = first_word.group() if first_word else ""
    if f"{fragment}-{tail}" in known_words:
        return True
    if fragment + tail in known_words:
        return False
    return fragment in _HYPHENATED_PREFIXES


# Symbols that start a line without being a bullet.
_NOT_BULLETS = frozenset("©®™°")
_OTHER_BULLETS = "·∙→"


def _with_symbol_bullets_as_bullets(lines: list[str]) -> list[str]:
    """'✅ Online grooming ...', '➤ ...', '· ...': a symbol starting a line is a bullet.

    Web pages and slide decks use emoji, arrows and ticks as bullets; rather than
    list them all, any symbol character at the start of a line counts.
    """
    return [_as_bullet(line) if _starts_with_symbol(line) else line for line in lines]


def _starts_with_symbol(line: str) -> bool:
    first = line[:1]
    if not first or first in _NOT_BULLETS or first in BULLET_GLYPHS or first in SUB_BULLETS:
        return False
    return first in _OTHER_BULLETS or unicodedata.category(first) in ("So", "Co")


def _as_bullet(line: str) -> str:
    text = line[1:].lstrip("\ufe0f ")  # an emoji's variation selector
    return f"• {text}" if text else "•"


_LONE_BULLET = re.compile(rf"[-*–{BULLET_GLYPHS}]")


def _with_lone_bullets_joined(lines: list[str]) -> list[str]:
    """PDFs often put a bullet on a line of its own, with its text on the next line."""
    joined: list[str] = []
    for line in lines:
        if joined and _LONE_BULLET.fullmatch(joined[-1]) and line:
            joined[-1] = f"{joined[-1]} {line}"
        elif joined and _LONE_BULLET.fullmatch(joined[-1]) and not line:
            continue  # the text may come after a blank line
        else:
            joined.append(line)
    return joined
