"""Question names as Moodle makes them: the ::title::, or the start of the question text."""

from __future__ import annotations

import re

from quiz.gift.php import trim

DEFAULT_NAME = "Question name"  # get_string('questionname', 'question')
NAME_LENGTH = 80  # create_default_question_name(): shorten_text($questiontext, 80)
MAX_NAME = 255

_TAG_OR_TEXT = re.compile(r"(<.+?>)?([^<>]*)", re.S)
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
    if len(re.sub(r"<.*?>", "", text)) <= ideal:
        return text
    total = len(ending)
    out = ""
    for match in _TAG_OR_TEXT.finditer(text):
        tag, content = match[1], match[2]
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
