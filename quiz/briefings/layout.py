"""Layout that whitespace and quoting carry, read before cleanup.py flattens it.

Once every line's whitespace is normalised, some structure is lost for good:

    a forwarded email       "> - The son's ability ..." is a quoted line of the briefing
    a two-column PDF page   "Background          Key learning" is two columns side by side
    a nested list           "  - detail" under "- Theme" is a detail, not another theme

So cleanup.py undoes these on the raw lines, before it normalises them.
"""

from __future__ import annotations

import re
from collections import Counter

from quiz.briefings.markup import LABEL_ALONE, LIST_ITEM, plain_text

# --- quoted email ---------------------------------------------------------------------

_QUOTED = re.compile(r"\s*>(?:\s*>)*\s?(?P<text>.*)")
_MIN_QUOTED_LINES = 3


def without_email_quoting(raw_lines: list[str]) -> list[str]:
    """'> Learning points' -> 'Learning points' in a briefing forwarded by email.

    Only a run of quoted lines counts: a lone '>' may be an arrow or a comparison.
    """
    quoted = [bool(_QUOTED.fullmatch(line)) for line in raw_lines]
    result = list(raw_lines)
    start = 0
    while start < len(raw_lines):
        end = start
        while end < len(raw_lines) and quoted[end]:
            end += 1
        if end - start >= _MIN_QUOTED_LINES:
            for index in range(start, end):
                result[index] = _QUOTED.fullmatch(raw_lines[index])["text"]
        start = end + 1 if end == start else end
    return result


# --- two columns flattened side by side -----------------------------------------------

_COLUMN_GAP = re.compile(r"\S(?P<gap> {3,})(?=\S)")
_MIN_LEFT_COLUMN = 20  # characters: a right column starts well into the line
_COLUMN_TOLERANCE = 2
_MIN_COLUMN_LINES = 3


def with_columns_one_after_the_other(raw_lines: list[str]) -> list[str]:
    """A page laid out in two columns, as `pdftotext -layout` gives it: left column, then right.

    The right column starts at the same position on at least three lines, after
    a gap of three or more spaces; from the first such line to the last, each
    line is cut there (a line with nothing on the left belongs to the right).
    """
    column = _right_column_start(raw_lines)
    if column is None:
        return raw_lines
    split = [i for i, line in enumerate(raw_lines) if _gap_at(line, column) is not None]
    first, last = split[0], split[-1]
    # The right column may run on below the left one.
    for index in range(last + 1, len(raw_lines)):
        line = raw_lines[index]
        if line.strip() and not _only_in_right_column(line, column):
            break
        if line.strip():
            last = index
    left: list[str] = []
    right: list[str] = []
    for line in raw_lines[first : last + 1]:
        cut = _gap_at(line, column)
        if cut is not None:
            left.append(line[:cut].rstrip())
            right.append(line[cut:].strip())
        elif _only_in_right_column(line, column):
            left.append("")
            right.append(line.strip())
        else:
            left.append(line.rstrip())
            right.append("")
    return raw_lines[:first] + left + [""] + right + raw_lines[last + 1 :]


def _right_column_start(raw_lines: list[str]) -> int | None:
    starts = Counter(
        match.end("gap")
        for line in raw_lines
        for match in _COLUMN_GAP.finditer(line)
        if match.end("gap") >= _MIN_LEFT_COLUMN
    )
    if not starts:
        return None
    column, _ = starts.most_common(1)[0]
    lines_cut = sum(1 for line in raw_lines if _gap_at(line, column) is not None)
    return column if lines_cut >= _MIN_COLUMN_LINES else None


def _only_in_right_column(line: str, column: int) -> bool:
    indent = len(line) - len(line.lstrip(" "))
    return bool(line.strip()) and indent >= column - _COLUMN_TOLERANCE


def _gap_at(line: str, column: int) -> int | None:
    """Where the right column starts on this line, if a gap ends near the column."""
    for match in _COLUMN_GAP.finditer(line):
        if abs(match.end("gap") - column) <= _COLUMN_TOLERANCE:
            return match.end("gap")
    return None


# --- nested lists ---------------------------------------------------------------------

SUB_ITEM_BULLET = "o"  # as Word writes its second-level bullet (markup.SUB_BULLETS)


def with_nested_bullets_marked(raw_lines: list[str]) -> list[str]:
    """'  - detail' indented under '- Theme' becomes 'o detail', a second-level bullet.

    Word and markdown nest a list by indenting it, often with the same bullet
    character; once indentation is gone the details would read as more themes.
    The top level is the indentation of the first item of a list; a line that is
    not an item, indented no deeper than that, ends the list.
    """
    result: list[str] = []
    top: int | None = None  # the indentation of the list's top-level bullets
    for raw_line in raw_lines:
        line = raw_line.expandtabs(4)
        text = line.strip()
        indent = len(line) - len(line.lstrip())
        item = LIST_ITEM.fullmatch(text) if text else None
        if item is None or not item["bullet"]:
            # "2. Key learning" above indented bullets heads them; it is no bullet of theirs.
            if text and item is None and top is not None and indent <= top:
                top = None
            result.append(raw_line)
            continue
        if top is None or indent < top:
            top = indent
        if indent > top:
            result.append(f"{' ' * indent}{SUB_ITEM_BULLET} {item['text']}")
        else:
            result.append(raw_line)
    return result


# --- after normalising: numbering that lost its punctuation or its line ---------------

_BARE_NUMBERED = re.compile(r"(?P<number>[1-9]\d?) (?P<text>(?!minutes?\b)[A-Z].*)")


def with_bare_numbered_lists_marked(lines: list[str]) -> list[str]:
    """'1 Bruising ...' / '2 Histories ...' on consecutive lines: a list that lost its stops.

    Slides and some PDFs number a list without a full stop. Only a tight run of
    two or more lines numbered 1, 2, 3... counts: section headings have text
    between them, and '01' is a section number however it is laid out.
    """
    result = list(lines)
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines):
            match = _BARE_NUMBERED.fullmatch(lines[end])
            if match is None or int(match["number"]) != end - index + 1:
                break
            end += 1
        if end - index >= 2:
            for position in range(index, end):
                match = _BARE_NUMBERED.fullmatch(lines[position])
                result[position] = f"{match['number']}. {match['text']}"
        index = max(end, index + 1)
    return result


def with_labels_joined_to_their_theme(lines: list[str]) -> list[str]:
    """'Learning point 1' then 'Carers can be adults at risk too' -> one labelled line."""
    result: list[str] = []
    for line in lines:
        previous = result[-1] if result else ""
        if line and LABEL_ALONE.fullmatch(plain_text(previous)) and not LIST_ITEM.fullmatch(line):
            result[-1] = f"{plain_text(previous).rstrip(':.–—- ')}: {line}"
        else:
            result.append(line)
    return result
