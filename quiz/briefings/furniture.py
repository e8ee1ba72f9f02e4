"""Web-page and PDF furniture: what a page adds around a briefing, found and taken out.

Text copied from a partnership's web page brings navigation, cookie banners, share
buttons and footers; text from a PDF brings page numbers and running headers and
footers, and sentences cut in two by a page break. cleanup.py calls both here.
"""

from __future__ import annotations

import re

from quiz.briefings.headings import HeadingKind, heading_kind, looks_like_heading
from quiz.briefings.markup import LIST_ITEM

# A form feed is where a PDF page ends; it is kept as a line of its own until the
# page furniture around it has been found, then removed with it.
PAGE_BREAK = "\f"


# --- web pages ------------------------------------------------------------------------

_WEB_FURNITURE = re.compile(
    r"""
      skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation)|skip\s+navigation
    # A breadcrumb trail. Each step is a separator and the text up to the next one; a "\s*"
    # before that text let each step match two ways, and a trail ending in ">" took
    # exponential time to refuse.
    | (?:you\s+are\s+here:?\s*)?home\s*(?:[>›»/|][^>›»/|]+)+
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
    # Cookie banners: a briefing may mention cookies, but not with these words.
    | cookies?(?:\s+(?:settings|policy|preferences|on\s+this\s+(?:site|website)))?
    # The first "cookie" (an atomic group: no retrying each later one) then one of the words.
    | (?>.*?\bcookies?\b).*\b(?:accept|reject|settings|policy|preferences|essential|analytics
                              |consent|this\s+(?:site|website))\b.*
    | .*\b(?:accept|reject|use|set|view|manage)\s+(?:\w+\s+){0,2}cookies\b.*
    """,
    re.IGNORECASE | re.VERBOSE,
)
_FEEDBACK_ANSWER = re.compile(r"yes|no", re.IGNORECASE)
_FILE_TYPE = re.compile(r"\((?:pdf|docx?|xlsx?|word\s+document)\b", re.IGNORECASE)


def _is_web_furniture(line: str) -> bool:
    return bool(_WEB_FURNITURE.fullmatch(line)) or _is_link_to_a_file(line)


def _is_link_to_a_file(line: str) -> bool:
    """'... the full report (PDF, 1MB)': the line's last bracket names a type of file.

    Only the text after the line's last-but-one ")" is searched; as part of the regular
    expression above, each "(pdf" of a long line was tried in turn, in quadratic time.
    """
    if not line.endswith(")"):
        return False
    last_bracket_opens_after = line.rfind(")", 0, len(line) - 1) + 1
    return bool(_FILE_TYPE.search(line, last_bracket_opens_after))


def without_web_furniture(lines: list[str]) -> list[str]:
    kept: list[str] = []
    after_feedback_question = False
    for line in lines:
        if _is_web_furniture(line):
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


def without_page_furniture(lines: list[str]) -> list[str]:
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
