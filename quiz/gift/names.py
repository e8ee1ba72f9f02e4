"""Question names as Moodle makes them: the ::title::, or the start of the question text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from quiz.gift.php import trim

DEFAULT_NAME = "Question name"  # get_string('questionname', 'question')
NAME_LENGTH = 80  # create_default_question_name(): shorten_text($questiontext, 80)
MAX_NAME = 255

_TEXT_RUN = re.compile(r"[^<>]*")
_ENTITY = re.compile(r"&[0-9a-z]{2,8};|&#[0-9]{1,7};|&#x[0-9a-f]{1,6};", re.I)
_HTML_TAG = re.compile(r"<(?![\s<])[^>]*(?:>|$)")


def default_name(questiontext: str) -> str:
    """create_default_question_name(): the text shortened to 80 characters, else a default."""
    return clean_name(shorten_text(questiontext, NAME_LENGTH)) or DEFAULT_NAME


def clean_name(name: str) -> str:
    """clean_question_name(): tags stripped, trimmed, at most 255 characters."""
    name = trim(_HTML_TAG.sub("", name))
    length = 251
    while len(name) > MAX_NAME and length > 0:
        name = shorten_text(name, length)
        length -= 10
    return name


def shorten_text(text: str, ideal: int, ending: str = "...") -> str:
    """Moodle's shorten_text(): cut at a space or full stop so the plain text fits ``ideal``."""
    if len(_without_tags(text)) <= ideal:
        return text
    total = len(ending)
    out = ""
    for tag, content in _tags_and_text(text):
        if tag:
            out += tag
        length = len(_ENTITY.sub(" ", content))
        if total + length > ideal:
            left = ideal - total
            entities = 0
            for entity in _ENTITY.finditer(content):
                if entity.start() + 1 - entities <= left:
                    left -= 1
                    entities += len(entity[0])
                else:
                    break
            limit = left + entities
            cut = limit
            while cut > 0:
                char = content[cut : cut + 1]
                if char in (".", " ") or len(char.encode()) > 2:
                    cut += 1
                    break
                cut -= 1
            if cut == 0 or cut > limit:
                cut = limit
            out += content[:cut]
            break
        out += content
        total += length
        if total >= ideal:
            break
    return out + ending


# Moodle writes these two as regular expressions: re.sub(r"<.*?>", "", text) and
# re.finditer(r"(<.+?>)?([^<>]*)", text, re.S). Both try each "<" in turn and search on
# for its ">", so a text of many "<" and no ">" took quadratic time (minutes for 80,000
# characters). The two functions below give the same results in linear time.


def _without_tags(text: str) -> str:
    """re.sub(r"<.*?>", "", text): each "<" up to the next ">" on its line removed."""
    pieces: list[str] = []
    start = position = 0
    line_end = -1
    while (opening := text.find("<", position)) != -1:
        if opening > line_end:
            line_end = text.find("\n", opening)
            if line_end == -1:
                line_end = len(text)
        closing = text.find(">", opening + 1, line_end)
        if closing == -1:
            position = line_end  # no "<" on the rest of this line has a ">" after it
            continue
        pieces.append(text[start:opening])
        start = position = closing + 1
    pieces.append(text[start:])
    return "".join(pieces)


def _tags_and_text(text: str) -> Iterator[tuple[str | None, str]]:
    """(tag or None, text) as re.finditer(r"(<.+?>)?([^<>]*)", text, re.S) finds them: a
    tag is a "<" up to the first ">" at least two characters on; an empty match is found
    at each "<" or ">" that starts nothing, and at the end."""
    last_closing = text.rfind(">")
    position = 0
    while position <= len(text):
        tag = None
        after_tag = position
        if text[position : position + 1] == "<" and position + 2 <= last_closing:
            closing = text.find(">", position + 2)
            tag = text[position : closing + 1]
            after_tag = closing + 1
        content_end = _TEXT_RUN.match(text, after_tag).end()
        yield tag, text[after_tag:content_end]
        # After an empty match the search goes on one character further.
        position = content_end if content_end > position else position + 1
