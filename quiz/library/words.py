"""The words of a text as the library compares them: tokens, stems and stopwords.

Both the library's keyword phrases and a briefing's text go through these, so a
phrase and a sentence are compared word for word after the same treatment.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "COMPOUND_TERMS",
    "PHRASE_STOPWORDS",
    "STOPWORDS",
    "content_stems",
    "stem",
    "subject_stems",
    "tokens",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Left out when matching keyword phrases: "voice of the child" is voice + child.
PHRASE_STOPWORDS = _words(
    """
    a an the of to in on at for and or with by from as is are was were be been being it its
    this that these those their his her s into
    """
)
# Also left out when counting shared words: words that say nothing about the subject,
# including the filler of learning-theme sentences ("the need for good quality...").
STOPWORDS = PHRASE_STOPWORDS | _words(
    """
    about after all also any both but can could did do does doing during each had has have
    having he here hers him how i if itself just may me might more most must my no nor not
    off once only other our out over own same she should so some such than then there they
    them through too under until up very we what when where which while who whom why will
    would you your
    lack lacked lacking failed fail failure need needs needed importance important
    appropriate good quality well ensure ensuring around within without across always never
    practitioner professional agency agencies
    """
)

# Agency and profession names whose single words are not theme signals on their own: the
# "visitor" in "health visitor" is not the hidden-men keyword "visitor".
COMPOUND_TERMS = (
    "health visitor",
    "health visiting",
    "social worker",
    "social care",
    "school nurse",
    "personal adviser",
    "adult social care",
    "children's social care",
    "self-neglect",
    "self neglect",
)

# Words whose plural or form the suffix rules below would get wrong.
_IRREGULAR = {
    "children": "child",
    "childs": "child",
    "men": "man",
    "women": "woman",
    "people": "person",
    "babies": "baby",
    "lives": "life",
    "was": "was",
    "has": "has",
    "is": "is",
    "this": "this",
    "analysis": "analys",
    "analyses": "analys",
    "news": "news",
}
_SUFFIXES = (
    ("ational", "at"),
    ("ation", "at"),
    ("ations", "at"),
    ("ments", ""),
    ("ment", ""),
    ("ness", ""),
    ("ingly", ""),
    ("edly", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ing", ""),
    ("ions", ""),
    ("ion", ""),
    ("ers", "er"),
    ("ed", ""),
    ("ly", ""),
    ("es", ""),
    ("s", ""),
    ("e", ""),
)
_TOKEN = re.compile(r"[a-z0-9&]+(?:'[a-z]+)?")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A small, predictable stemmer: 'sharing', 'shared', 'share' -> 'shar'.

    Both the library's phrases and the briefing's text go through it, so it only
    needs to be consistent, not linguistically right.
    """
    word = word.lower().replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.strip("'")
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for _ in range(2):
        for suffix, replacement in _SUFFIXES:
            if not word.endswith(suffix) or len(word) - len(suffix) + len(replacement) < 3:
                continue
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            word = word[: len(word) - len(suffix)] + replacement
            break
        else:
            break
    return word


def tokens(text: str) -> list[str]:
    """Lower-case words of text, with 'child's' and 'non-mobile' split the way phrases are."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return _TOKEN.findall(text)


def content_stems(text: str, stopwords: frozenset[str] = PHRASE_STOPWORDS) -> list[str]:
    """The stems of text in order, without stopwords (unless it is nothing but stopwords)."""
    words = tokens(text)
    stems = [stem(w) for w in words if w not in stopwords]
    return stems or [stem(w) for w in words]


def subject_stems(text: str) -> set[str]:
    """The words of text that say what it is about: for counting shared words."""
    return {stem(w) for w in tokens(text) if w not in STOPWORDS}
