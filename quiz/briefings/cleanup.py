"""From pasted or extracted text to clean lines: no web-page or PDF furniture, no broken words.

Trainers paste briefings copied from a partnership's web page (navigation,
cookie banners, share buttons, footers) or from a PDF (page numbers, running
headers and footers, words hyphenated at line ends, a list item split by a page
break). None of that is part of the briefing, and left in it would end up
inside sections or, worse, inside a learning theme.
"""

from __future__ import annotations

import re
import string
import unicodedata

from quiz.briefings.furniture import PAGE_BREAK, without_page_furniture, without_web_furniture
from quiz.briefings.layout import (
    with_bare_numbered_lists_marked,
    with_columns_one_after_the_other,
    with_labels_joined_to_their_theme,
    with_nested_bullets_marked,
    without_email_quoting,
)
from quiz.briefings.markup import BULLET_GLYPHS, SUB_BULLETS

# Invisible characters that copy-and-paste from web pages and PDFs leaves behind.
_INVISIBLE = str.maketrans("", "", "\ufeff\u200b\u2060\u00ad")


def clean_lines(text: str) -> list[str]:
    lines = _normalised_lines(text)
    # A horizontal rule, or a heading's "-----" underline, separates like a blank line.
    lines = ["" if _RULE.fullmatch(line) else line for line in lines]
    lines = _with_symbol_bullets_as_bullets(lines)
    lines = without_web_furniture(lines)
    lines = without_page_furniture(lines)
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


# --- words and bullets broken over lines ----------------------------------------------

_FIRST_WORD = re.compile(r"[a-z]+")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_LETTERS = string.ascii_letters
# No word is longer (pneumonoultramicroscopicsilicovolcanoconiosis has 45 letters): a line
# ending in a longer run of letters and a hyphen is not a word broken over two lines.
_LONGEST_WORD = 45

# Prefixes that keep their hyphen in the words briefings use: multi-agency,
# self-neglect, non-mobile, co-sleeping, cross-border, well-being, step-father.
_HYPHENATED_PREFIXES = frozenset(
    {"multi", "inter", "self", "non", "co", "cross", "well", "step", "half", "ex"}
    | {"pre", "post", "anti", "under", "over"}
)


def _with_hyphenated_words_joined(lines: list[str]) -> list[str]:
    """'profes-' + 'sional saw' -> 'professional saw'; 'multi-' + 'agency' keeps its hyphen.

    A joined line is kept as its pieces until the end, and only its last few characters
    are looked at: joining and searching whole lines each time took quadratic time.
    """
    known_words = {word.lower() for line in lines for word in _WORD.findall(line)}
    joined: list[list[str]] = []
    for line in lines:
        broken = _broken_word(joined[-1]) if joined else None
        if broken and line[:1].islower():
            hyphen = "-" if _keeps_hyphen(*broken, line, known_words) else ""
            pieces = joined[-1]
            pieces[-1] = pieces[-1][:-1]
            pieces.extend((hyphen, line))
        else:
            joined.append([line])
    return ["".join(pieces) for pieces in joined]


def _broken_word(pieces: list[str]) -> tuple[str, str] | None:
    """(the character before the word, the word's first part) when a line ends 'profes-'."""
    end = _last_characters(pieces, _LONGEST_WORD + 2)
    if not end.endswith("-"):
        return None
    body = end[:-1]
    start = len(body.rstrip(_LETTERS))
    fragment = body[start:]
    if not fragment or len(fragment) > _LONGEST_WORD:
        return None
    return body[start - 1 : start], fragment


def _last_characters(pieces: list[str], count: int) -> str:
    tail: list[str] = []
    wanted = count
    for piece in reversed(pieces):
        tail.append(piece[-wanted:])
        wanted -= len(tail[-1])
        if wanted <= 0:
            break
    return "".join(reversed(tail))


def _keeps_hyphen(before: str, fragment: str, rest: str, known_words: set[str]) -> bool:
    fragment = fragment.lower()
    if before == "-" or before.isdigit():
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
