"""Themes listed in a sentence rather than a list (see themes.py, step 4).

"The review identified three areas of learning: information sharing, the voice
of the child and escalation." gives three themes; so does one sentence of
clauses separated by semicolons, when that is all a learning section holds.
"""

from __future__ import annotations

import re

from quiz.briefings.markup import LogicalLine, plain_text

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'])")
_THEMES_NOUN = (
    r"(?:areas?\s+(?:of|for)\s+(?:learning|improvement|development|practice)"
    r"|learning(?:\s+(?:themes|points|areas|lessons))?|themes|lessons|key\s+messages"
    r"|messages|findings|issues)"
)
# "... three areas of learning: a, b and c": the theme noun nearest before the last colon
# (searched for only before it: trying each noun after it took quadratic time), and the
# items after the first colon that follows it.
_LAST_THEMES_NOUN = re.compile(rf".*\b{_THEMES_NOUN}\b", re.IGNORECASE)
_ITEMS = re.compile(r"\s*(?P<items>.+?)\.?")
# "The learning themes were a, b and c".
_THEMES_WERE = re.compile(
    rf"(?P<intro>.*\b{_THEMES_NOUN})(?:\s+identified)?\s+"
    r"(?:were|are|included|include|concerned|related\s+to|centred\s+on)\s+(?P<items>.+?)\.?",
    re.IGNORECASE,
)
_COUNT_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_COUNTS = {word: number for number, word in enumerate(_COUNT_WORDS, start=2)}
_COUNT = re.compile(r"\b(?P<count>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\b", re.I)


def themes_listed_in_a_sentence(paragraphs: list[LogicalLine]) -> tuple[str, ...]:
    for paragraph in paragraphs:
        for sentence in _SENTENCE_BREAK.split(plain_text(paragraph.text)):
            listing = _listing(sentence.strip())
            if listing is None:
                continue
            intro, listed = listing
            items = _split_enumeration(listed, _stated_count(intro))
            if len(items) >= 2:
                return tuple(capitalised(item) for item in items)
    return ()


def _listing(sentence: str) -> tuple[str, str] | None:
    """(the words introducing the themes, the themes) of a sentence that lists them."""
    last_colon = sentence.rfind(":", 0, len(sentence) - 1)  # with something after it
    noun = _LAST_THEMES_NOUN.match(sentence, 0, last_colon) if last_colon != -1 else None
    if noun:
        colon = sentence.index(":", noun.end())
        return sentence[:colon], _ITEMS.fullmatch(sentence, colon + 1)["items"]
    were = _THEMES_WERE.fullmatch(sentence)
    return (were["intro"], were["items"]) if were else None


def themes_in_a_semicolon_list(paragraphs: list[LogicalLine]) -> tuple[str, ...]:
    """A learning section that is one sentence of clauses: 'the burn was ...; EF was ...; ...'."""
    if len(paragraphs) != 1:
        return ()
    text = plain_text(paragraphs[0].text)
    if len(_SENTENCE_BREAK.split(text)) > 1 or text.count(";") < 2:
        return ()
    return tuple(capitalised(item) for item in _split_enumeration(text.rstrip("."), None))


# "3. Key learning: ..." - a section's number is not a count of themes.
_NUMBERING = re.compile(r"^(?:section\s+)?\d{1,2}[.):]?\s+", re.IGNORECASE)


def _stated_count(intro: str) -> int | None:
    """'three areas of learning' -> 3, so that 'a, the voice of the child and b' splits right."""
    match = _COUNT.search(_NUMBERING.sub("", intro))
    if match is None:
        return None
    count = match["count"].lower()
    return int(count) if count.isdigit() else _COUNTS[count]


def _split_enumeration(text: str, count: int | None) -> list[str]:
    """'a, b and c' or 'a; b; and c' -> [a, b, c]; the stated count decides an ambiguous 'and'."""
    separator = ";" if ";" in text else ","
    parts = [part.strip() for part in text.split(separator) if part.strip()]
    if not parts:
        return []
    last_had_and = bool(re.match(r"(?:and|or)\s", parts[-1]))
    parts = [re.sub(r"^(?:and|or)\s+", "", part) for part in parts]
    if count:
        too_few = len(parts) < count
    else:  # "a, b and c": the last comma-separated part holds two items
        too_few = separator == "," and len(parts) >= 2 and not last_had_and
    if too_few and " and " in parts[-1]:
        head, tail = parts[-1].rsplit(" and ", 1)
        parts[-1:] = [head, tail]
    return parts


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
