"""Finding the learning themes a careful reader would find in a briefing's sections.

Where to look: the section whose heading says it holds the learning ("Key
learning themes", "Findings", "What did we learn?"); failing that, a list
introduced by a sentence such as "The key learning from this review is:".

What to take, most telling first:

1. numbered labels: "Theme 1: Voice of the child" gives "Voice of the child"
   (the label is numbering, like "1.");
2. sub-headings with explanatory bullets or paragraphs under them: the
   sub-headings are the themes, the bullets only explain them;
3. list items, each verbatim ("Professional curiosity: practitioners accepted
   ..." stays whole); items of another kind under an item are its details; a
   table's rows give their first cell;
4. a sentence that lists them: "The review identified three areas of learning:
   information sharing, the voice of the child and escalation." (or one
   sentence of clauses separated by semicolons);
5. each paragraph of a section written in prose.

Lists of good practice, questions, discussion tasks, actions and what has
changed are never themes, whether they have a heading of their own (see
headings.py) or are introduced inside the learning section ("Good practice
seen in this case included:").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from itertools import islice

from quiz.briefings.enumeration import (
    capitalised,
    themes_in_a_semicolon_list,
    themes_listed_in_a_sentence,
)
from quiz.briefings.headings import HeadingKind, heading_kind, looks_like_heading
from quiz.briefings.markup import (
    NUMBERED_LABEL,
    TABLE_MARKER,
    LogicalLine,
    blocks,
    is_table_rule,
    logical_lines,
    plain_text,
    table_cells,
)
from quiz.briefings.sections import DraftSection


class _Strength(IntEnum):
    PARAGRAPHS = 1  # each paragraph of a prose section
    SENTENCE = 2  # a sentence listing the themes
    STRUCTURE = 3  # list items, sub-headings or numbered labels


@dataclass(frozen=True)
class _Found:
    themes: tuple[str, ...]
    strength: _Strength


@dataclass
class _List:
    lead: LogicalLine | None  # the paragraph just above the first item, if any
    items: list[LogicalLine]


def find_learning_themes(preamble: list[str], drafts: list[DraftSection]) -> tuple[str, ...]:
    """The themes, or () when there are none; the caller explains why."""
    in_theme_sections = _best_of_theme_sections(drafts)
    if in_theme_sections and in_theme_sections.strength >= _Strength.SENTENCE:
        return in_theme_sections.themes
    elsewhere = [preamble] + [
        draft.body for draft in drafts if draft.kind in (HeadingKind.OTHER, HeadingKind.UNKNOWN)
    ]
    for body in elsewhere:
        # "Learning point 1: ..." names itself a theme wherever it stands.
        labelled = _numbered_label_themes(_logical_body(body))
        if len(labelled) >= _MIN_LABELS_OUTSIDE_THEME_SECTIONS:
            return labelled
    for body in elsewhere:
        introduced = _themes_introduced_by_lead_in(_logical_body(body))
        if introduced:
            return introduced
    if in_theme_sections:
        return in_theme_sections.themes
    for body in elsewhere:
        # Items too: a wheel's "4. Learning: ..." segment may read as a numbered item.
        listed = themes_listed_in_a_sentence(_logical_body(body))
        if listed:
            return listed
    return ()


def _best_of_theme_sections(drafts: list[DraftSection]) -> _Found | None:
    """The most telling themes (lists beat prose) of the sections headed as the learning.

    Lists from several such sections are all themes ("Learning for practitioners"
    and "Learning for managers"); prose is read from the first section only.
    """
    found = [
        _themes_in_section(_logical_body(draft.body))
        for draft in drafts
        if draft.kind is HeadingKind.THEMES
    ]
    found = [f for f in found if f.themes]
    if not found:
        return None
    strongest = max(f.strength for f in found)
    if strongest is not _Strength.STRUCTURE:
        return next(f for f in found if f.strength is strongest)
    themes = [theme for f in found if f.strength is strongest for theme in f.themes]
    return _Found(tuple(dict.fromkeys(themes)), strongest)


def _themes_in_section(lines: list[LogicalLine]) -> _Found:
    labelled = _numbered_label_themes(lines)
    if labelled:
        return _Found(labelled, _Strength.STRUCTURE)
    all_lists = _lists(lines)
    lists = [lst for lst in all_lists if not _is_other_list(lst)]
    if lists:
        return _Found(_themes_from_lists(lists), _Strength.STRUCTURE)
    leads = {id(lst.lead) for lst in all_lists if lst.lead is not None}
    paragraphs = [line for line in _paragraphs(lines) if id(line) not in leads]
    listed = themes_listed_in_a_sentence(paragraphs) or themes_in_a_semicolon_list(paragraphs)
    if listed:
        return _Found(listed, _Strength.SENTENCE)
    sub_headings = _paragraph_sub_headings(paragraphs)
    if sub_headings:
        return _Found(sub_headings, _Strength.STRUCTURE)
    prose = tuple(
        _theme_text(p.text) for p in paragraphs if not p.text.rstrip("*_").endswith((":", "?"))
    )
    return _Found(tuple(t for t in prose if t), _Strength.PARAGRAPHS)


# --- the body as paragraphs and lists -------------------------------------------------


def _logical_body(body: list[str]) -> list[LogicalLine]:
    return [line for block in blocks(body) for line in logical_lines(block)]


def _paragraphs(lines: Iterable[LogicalLine]) -> list[LogicalLine]:
    return [line for line in lines if line.marker is None]


def _lists(lines: list[LogicalLine]) -> list[_List]:
    """Runs of list items (blank lines between items do not end a run), each with its lead."""
    result: list[_List] = []
    previous: LogicalLine | None = None
    for line in lines:
        if line.marker is None:
            pass
        elif previous is not None and previous.marker is not None:
            result[-1].items.append(line)
        else:
            result.append(_List(lead=previous, items=[line]))
        previous = line
    return result


def _theme_text(text: str) -> str:
    return plain_text(text)


# "**Hospital discharge did not take account of homelessness.** Mr F was discharged ..."
_BOLD_SUMMARY = re.compile(r"(?:\*\*|__)(?P<summary>[^*_]+?[.!?])(?:\*\*|__)\s+\S.*")
_MIN_SUMMARY_WORDS = 4  # "**Fire risk.** ..." is a label, and the item is kept whole


def _item_theme(item: LogicalLine) -> str:
    """An item verbatim; a table row by its first cell, which names the theme.

    An item that opens with a whole sentence in bold, then explains it, is
    summarised by that sentence.
    """
    if item.marker == TABLE_MARKER:
        return plain_text(table_cells(item.text)[0])
    summary = _BOLD_SUMMARY.fullmatch(item.text.strip())
    if summary and len(summary["summary"].split()) >= _MIN_SUMMARY_WORDS:
        return plain_text(summary["summary"])
    return plain_text(item.text)


def _sub_heading_text(text: str) -> str:
    return plain_text(text).rstrip(":").strip()


def _is_sub_heading(line: LogicalLine | None) -> bool:
    """'Acquired brain injury' or '**Think family**' on a line of its own above its details."""
    return (
        line is not None
        and line.marker is None
        and line.physical_lines == 1
        and looks_like_heading(line.text)
    )


# --- 1. numbered labels ---------------------------------------------------------------

_MIN_LABELS_OUTSIDE_THEME_SECTIONS = 2


def _numbered_label_themes(lines: list[LogicalLine]) -> tuple[str, ...]:
    labelled = (NUMBERED_LABEL.fullmatch(plain_text(line.text)) for line in lines)
    return tuple(_sub_heading_text(match["text"]) for match in labelled if match)


# --- 2 and 3. lists -------------------------------------------------------------------

_LAST_SENTENCE = re.compile(r"(?:.*[.!?]\s+)?(?P<sentence>[^.!?]*[.!?:]?)\s*$")
_SENTENCE_STOP = re.compile(r"[.!?]\s+")
_NOT_THEMES_WORDS = re.compile(
    r"\b(?:good\s+practice|what\s+good\s+looks\s+like|questions?|ask\s+(?:yourself|yourselves)"
    r"|consider|discuss\w*|reflect\w*|actions?|recommend\w*|should|will|agreed|changed?"
    r"|progress|improve\w*|resources|links|further\s+information)\b",
    re.IGNORECASE,
)
_THEMES_WORDS = re.compile(
    r"\b(?:learn(?:ing|ed|t)|lessons?|themes?|findings?|found|identified|highlighted"
    r"|key\s+messages?)\b",
    re.IGNORECASE,
)


def _is_other_list(lst: _List) -> bool:
    """Good practice, questions, actions...: by the line introducing it, or all questions."""
    if all(item.text.rstrip().endswith("?") for item in lst.items):
        return True
    return lst.lead is not None and _lead_kind(lst.lead) is HeadingKind.NOT_THEMES


def _lead_kind(lead: LogicalLine) -> HeadingKind:
    """What the line introducing a list says the list is.

    Only a line that introduces ("... included:", "Ask yourself:") or heads the
    list counts; a paragraph of prose above a list says nothing about it.
    """
    text = plain_text(lead.text)
    if not (text.endswith((":", "?")) or _is_sub_heading(lead)):
        return HeadingKind.UNKNOWN
    kind = heading_kind(text)
    if kind is not HeadingKind.UNKNOWN:
        return kind
    last = _LAST_SENTENCE.fullmatch(text)
    # "We found.it out:" has a stop inside a word, which no sentence ends with: read the
    # text after the last stop that ends one.
    sentence = last["sentence"] if last else _SENTENCE_STOP.split(text)[-1]
    if _NOT_THEMES_WORDS.search(sentence):
        return HeadingKind.NOT_THEMES
    if _THEMES_WORDS.search(sentence):
        return HeadingKind.THEMES
    return HeadingKind.UNKNOWN


def _themes_from_lists(lists: list[_List]) -> tuple[str, ...]:
    if len(lists) >= 2 and all(_is_sub_heading(lst.lead) for lst in lists):
        # Each list explains the sub-heading above it: the sub-headings are the themes.
        return tuple(_sub_heading_text(lst.lead.text) for lst in lists if lst.lead)
    return tuple(
        theme for lst in _lists_of_the_section(lists) for theme in _list_themes(_top_level(lst))
    )


# Starting only after a non-space, and keeping the spaces it takes: quadratic otherwise.
_CLAUSE_END = re.compile(r"(?<!\s)\s*+(?:;\s*+(?:and|or)|;|\.)\s*+$", re.IGNORECASE)


def _list_themes(items: list[LogicalLine]) -> list[str]:
    """Each item's theme; a list written as one sentence ('that: • a; • b; and • c.') loses
    its semicolons and 'and', and each item starts with a capital as a theme does."""
    themes = [_item_theme(item) for item in items]
    if len(themes) >= 2 and all(
        theme.rstrip().endswith((";", "; and", "; or")) for theme in themes[:-1]
    ):
        themes = [capitalised(_CLAUSE_END.sub("", theme)) for theme in themes]
    return themes


def _lists_of_the_section(lists: list[_List]) -> list[_List]:
    """The lists up to a later one under a heading the splitter did not know.

    "Learning" with its list, then "Support available" with another: the second
    heading was not recognised, but a heading-like line between lists, when the
    first list had none, starts something else.
    """
    if _is_sub_heading(lists[0].lead):
        return lists
    for position, lst in enumerate(lists[1:], start=1):
        if _is_sub_heading(lst.lead):
            return lists[:position]
    return lists


def _top_level(lst: _List) -> list[LogicalLine]:
    """'1. Release from prison is a time of high risk' keeps; the '– ...' details below go."""
    kind = lst.items[0].kind
    items = [item for item in lst.items if item.kind == kind]
    if kind == "row":
        items = _table_body(items)
    return items


def _table_body(rows: list[LogicalLine]) -> list[LogicalLine]:
    """Rows without the header row (the one above the '| --- |' rule) and the rule."""
    if len(rows) >= 2 and is_table_rule(rows[1].text):
        rows = rows[2:]
    return [row for row in rows if not is_table_rule(row.text)]


def _themes_introduced_by_lead_in(lines: list[LogicalLine]) -> tuple[str, ...]:
    """A list after 'The key learning from this review is:' in a section of another name.

    The list may have lost its bullets: then the paragraphs after the lead-in,
    up to the end of the section or a line that is not a sentence, are its items.
    """
    for position, line in enumerate(lines):
        if line.marker is None and _is_themes_lead_in(line):
            following = _sentences_after(islice(lines, position + 1, None))
            if len(following) >= 2:
                return tuple(_theme_text(p.text) for p in following)
    for lst in _lists(lines):
        lead = lst.lead
        if (
            lead is not None
            and plain_text(lead.text).endswith(":")
            and _lead_kind(lead) is HeadingKind.THEMES
            and not _is_other_list(lst)
        ):
            return tuple(_list_themes(_top_level(lst)))
    return ()


def _is_themes_lead_in(line: LogicalLine) -> bool:
    return plain_text(line.text).endswith(":") and _lead_kind(line) is HeadingKind.THEMES


def _sentences_after(lines: Iterable[LogicalLine]) -> list[LogicalLine]:
    """The paragraphs directly after a lead-in, each a finished sentence, none of them a lead-in."""
    sentences: list[LogicalLine] = []
    for line in lines:
        text = plain_text(line.text)
        if line.marker is not None or not text.endswith((".", "!")) or looks_like_heading(text):
            break
        sentences.append(line)
    return sentences


# --- 5. prose sub-headings ------------------------------------------------------------


def _paragraph_sub_headings(paragraphs: list[LogicalLine]) -> tuple[str, ...]:
    """'Hospital discharge' then a paragraph about it, twice or more: the sub-headings."""
    heads = [
        paragraph
        for paragraph, following in zip(paragraphs, paragraphs[1:], strict=False)
        if _is_sub_heading(paragraph) and not _is_sub_heading(following)
    ]
    return tuple(_sub_heading_text(h.text) for h in heads) if len(heads) >= 2 else ()
