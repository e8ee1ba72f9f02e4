"""GIFT text as Moodle reads it: escaped special characters and the [format] a text starts with."""

from __future__ import annotations

import re

from quiz.gift.model import FORMATS, GiftText
from quiz.gift.php import trim

# Escapes become private-use placeholders while the question is taken apart (Moodle uses
# "&&058;" and friends), then the characters they stand for.
_ESCAPES = {char: chr(0xE000 + i) for i, char in enumerate(":#={}~n")}
_UNESCAPE = {placeholder: ("\n" if char == "n" else char) for char, placeholder in _ESCAPES.items()}
_ESCAPE_PATTERN = re.compile(r"\\([\\:#={}~n])")
_UNESCAPE_TABLE = str.maketrans(_UNESCAPE)
_FORMAT_LIKE = re.compile(r"[a-z]+")


def escape_pre(text: str) -> str:
    """escapedchar_pre(): escaped characters hidden, so they are not read as GIFT syntax."""
    return _ESCAPE_PATTERN.sub(lambda m: "\\" if m[1] == "\\" else _ESCAPES[m[1]], text)


def unescape(text: str) -> str:
    """escapedchar_post(): the hidden characters back as the characters they stand for."""
    return text.translate(_UNESCAPE_TABLE)


def text_with_format(raw: str, default: int) -> tuple[GiftText, str | None]:
    """parse_text_with_format(): an optional [format] prefix, escapes undone, trimmed.

    Also the name in a prefix that looks like a format Moodle does not know, such as [wiki]
    (Moodle keeps it as part of the text, which is rarely what the author meant), else None.
    """
    text, text_format, unknown = raw, default, None
    if raw.startswith("["):
        end = raw.find("]")
        if end != -1:
            name = raw[1:end]
            if name in FORMATS:
                text_format = FORMATS[name]
                text = raw[end + 1 :]
            elif _FORMAT_LIKE.fullmatch(name):
                unknown = name
    return GiftText(trim(unescape(text)), text_format), unknown


def unknown_format_message(name: str) -> str:
    return (
        f"[{name}] is not a text format Moodle knows; use [html], [markdown], [plain] or "
        f"[moodle] (if [{name}] is part of the text, put [moodle] before it)"
    )
