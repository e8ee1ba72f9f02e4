"""What a heading says about its section: the learning themes, something that is not them, or other.

Briefings hold several lists that look like learning themes and are not: what
good practice looks like, questions for reflection, team discussion tasks,
actions and recommendations, what has changed since. Their headings are
recognised here so that their lists are never taken for themes, and so that an
unnumbered heading such as "Questions for reflection" ends the themes section
above it.
"""

from __future__ import annotations

import re
from enum import Enum

from quiz.briefings.markup import plain_text

# A heading is a short label, not a sentence: this keeps "12 families were seen
# at home" and similar opening sentences in the body text.
MAX_HEADING_WORDS = 8


class HeadingKind(Enum):
    THEMES = "themes"  # Key learning themes, Findings, What did we learn?
    NOT_THEMES = "not themes"  # Good practice, Questions, Actions, Progress, Resources
    OTHER = "other"  # Background, Why it matters, What happened
    UNKNOWN = "unknown"  # anything else, such as a theme's own sub-heading


def _patterns(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


# Checked first: "Learning into practice" and "Questions about the learning" are
# not the learning.
_NOT_THEMES = _patterns(
    r"(?:key |some )?questions?\b.*",
    r"(?:points?|things|issues|prompts?) (?:for|to)"
    r" (?:reflect|reflection|consider|discuss|think)\b.*",
    r"reflect(?:ion|ions)?(?: .*)?",
    r"reflective (?:practice )?(?:questions?|points?|prompts?)\b.*",
    r"(?:team |group )?(?:discussion|exercise|activit(?:y|ies)|tasks?)(?: .*)?",
    r"team (?:meeting|briefing)s?(?: .*)?",
    r"(?:for (?:team )?discussion|discuss|think about|consider|ask yourself)\b.*",
    r"over to you\b.*",
    r".*\bgood practice\b.*",  # "What does good practice look like?", "Learning from good practice"
    r"what (?:went|worked|is working|has worked) well\b.*",
    r"(?:positive|notable|effective|strong) practice\b.*",
    r"(?:key |areas of )?strengths?\b.*",
    r"what (?:does )?good (?:practice )?looks? like.*",
    r"(?:agency |multi-agency |partnership |single agency )?actions?\b.*",
    r"recommendations?\b.*",
    r"next steps.*",
    r"what next\b.*",
    r"what needs to (?:change|happen)\b.*",
    r"what (?:agencies|the (?:board|partnership)|partners|we|you|practitioners|professionals"
    r"|managers|staff|teams?) (?:will|are going to|have agreed to|must|should|can|need to"
    r"|expects?|asks?)\b.*",
    r"what (?:can|could|should|must|will|do)"
    r" (?:you|practitioners|professionals|we|agencies|i) do\b.*",
    r"what to do\b.*",
    r"how (?:can|could|should|do|will) (?:you|we|i|practitioners|professionals|agencies)\b.*",
    r"progress\b.*",
    r"what(?:'s| has| have) (?:changed|happened since|been done|improved)\b.*",
    r"what is changing\b.*",
    r"(?:changes?|improvements?) (?:made|since|to practice)\b.*",
    r"improvements?",
    r"impact",
    r"since the review\b.*",
    r"(?:further|more|additional) (?:information|reading|resources|support|help)\b.*",
    r"(?:useful|related|helpful|other|more|similar) (?:links|resources|pages|content|information"
    r"|documents|reading|briefings|reviews|articles|guidance|topics)",
    r"(?:further )?(?:resources|references|links|contacts|contact details)",
    r"(?:find out|read) more\b.*",
    r"read the full (?:report|review)\b.*",
    r"(?:training|learning) (?:and|&) development\b.*",
    r"training(?: (?:and|&) (?:resources|development)| available| opportunities)?",
    r"(?:putting|embedding|applying|sharing|using|implementing) (?:the |this |our )?learning\b.*",
    r"(?:from )?learning (?:in)?to practice",
    r"(?:support|help) (?:available|for practitioners)\b.*",
)

_THEME_NOUNS = r"(?:findings|learning|themes|lessons(?:\s+learn(?:ed|t))?|messages)"
_QUALIFIER = r"(?:\s+(?:for|from|to|arising|identified|in|of|about|on|by)\b.*|\s*[-–—:]\s.*)?"
_LEAD = (
    r"(?:(?:the|our)\s+)?(?:(?:key|main|headline|core|overarching|emerging|cross-cutting"
    r"|common|recurring)\s+)?"
)
_THEMES = _patterns(
    _LEAD
    + r"(?:learning\s+)?themes?(?:\s+(?:and|&)\s+(?:findings|learning|messages))?"
    + _QUALIFIER,
    _LEAD
    + r"learning(?:\s+(?:points?|themes?|messages?|lessons?|areas?|outcomes|identified"
    + r"|(?:and|&)\s+(?:findings|themes|messages)))?"
    + _QUALIFIER,
    # "Key findings and learning", "Lessons and messages"
    _LEAD + _THEME_NOUNS + r"\s+(?:and|&)\s+" + _THEME_NOUNS + _QUALIFIER,
    _LEAD + r"(?:messages|lessons)(?:\s+(?:to\s+be\s+)?learn(?:ed|t))?" + _QUALIFIER,
    r"lessons?\s+(?:to\s+be\s+)?learn(?:ed|t)" + _QUALIFIER,
    _LEAD + r"findings?" + _QUALIFIER,
    r"what\s+(?:did\s+|have\s+|can\s+|should\s+|do\s+|must\s+)?we\s+(?:learn(?:ed|t)?|f(?:i|ou)nd)"
    + _QUALIFIER,
    r"what\s+(?:did\s+)?(?:the|this)\s+(?:review|sar|cspr|lcspr|serious\s+case\s+review"
    r"|practice\s+review)\s+(?:f(?:i|ou)nd|learn(?:ed|t)?|identif(?:y|ied)|show(?:s|ed)?"
    r"|(?:tells?|told|taught|showed|shows)\s+us|highlight(?:s|ed)?|reveal(?:s|ed)?)" + _QUALIFIER,
    r"what\s+(?:was|were|has\s+been|have\s+been)\s+learn(?:ed|t)" + _QUALIFIER,
    r"what\s+(?:are|were|is|was)\s+(?:the\s+)?(?:key\s+|main\s+)?"
    r"(?:messages|lessons|findings|learning(?:\s+points|\s+themes)?|themes)" + _QUALIFIER,
    r"(?:the\s+)?areas?\s+(?:of|for)\s+(?:learning|improvement|development)" + _QUALIFIER,
    r"summary\s+of\s+(?:the\s+)?(?:key\s+)?(?:learning|findings|themes|lessons)" + _QUALIFIER,
    _LEAD + r"practice\s+(?:learning|messages|lessons)" + _QUALIFIER,
    _LEAD + r"(?:take-?aways|take-?home\s+messages|learning\s+take-?aways)" + _QUALIFIER,
    # "Practice issues identified", "Issues for practice"
    _LEAD + r"(?:practice\s+)?issues\s+(?:identified|for\s+practice|arising)" + _QUALIFIER,
    _LEAD + r"practice\s+issues" + _QUALIFIER,
)

# Headings of the rest of a briefing, recognised so that they end the section above.
_OTHER = _patterns(
    r"(?:brief |case |family )?(?:background|summary|history|context|overview|chronology)"
    r"(?: (?:to|of) (?:the|this) (?:review|case|family|incident|briefing)| information)?",
    r"introduction(?: .*)?",
    r"(?:the )?case(?: (?:summary|study|background|details))?",
    r"(?:the )?(?:review|sar|cspr|rapid review)",
    r"about (?:the|this) .*",
    r"why (?:it|this|this review|the review) (?:matters|is important|was carried out|took place)",
    r"why (?:is )?(?:it|this) important",
    r"(?:key )?information",
    r"what happened\b.*",
    r"(?:key )?(?:facts|circumstances)(?: .*)?",
    r"(?:safeguarding )?concerns?",
    r"purpose(?: .*)?",
    r"who is this (?:briefing )?for",
    r"[\w-]+'s story",
)


def heading_kind(heading: str) -> HeadingKind:
    text = _comparable(heading)
    if _NOT_THEMES.fullmatch(text):
        return HeadingKind.NOT_THEMES
    if _THEMES.fullmatch(text):
        return HeadingKind.THEMES
    if _OTHER.fullmatch(text):
        return HeadingKind.OTHER
    return HeadingKind.UNKNOWN


def is_learning_theme_heading(heading: str) -> bool:
    return heading_kind(heading) is HeadingKind.THEMES


# A list running over a page break is headed again: "Key learning (continued)".
# Starting only after a non-space, and not giving back spaces once taken: tried at every
# space of a long run of them, the plain "\s*" form took quadratic time.
_CONTINUED = re.compile(r"(?<!\s)\s*+[(\[]?\s*+(?:continued|cont'?d?\.?)\s*+[)\]]?$")


def _comparable(heading: str) -> str:
    text = plain_text(heading).lower().replace("’", "'").replace("‘", "'")
    text = text.strip(" \"'“”:?!.")
    return " ".join(_CONTINUED.sub("", text).strip(" \"'“”:?!.-–—").split())


def clean_heading(text: str) -> str:
    return plain_text(text).rstrip(":").strip()


# A line ending like this introduces what follows ("The review identified the
# following learning:"); it is a sentence, not a heading.
_LEAD_IN_ENDING = re.compile(
    r".*\b(?:is|are|was|were|include[sd]?|including|to|that|following|follows|as|were|be)\s*:",
    re.IGNORECASE,
)


def looks_like_heading(line: str) -> bool:
    """Short, starts with a capital letter, and does not end like a sentence or a lead-in."""
    text = plain_text(line)
    words = text.split()
    first_letter = next((ch for ch in text if ch.isalnum()), "")
    return (
        0 < len(words) <= MAX_HEADING_WORDS
        and first_letter.isupper()
        and not text.endswith((".", ",", ";"))
        and not _LEAD_IN_ENDING.fullmatch(text)
    )


# "Background: EF, aged 6, was taken to hospital ..." - a heading with its text on the same line.
_MIN_INLINE_TEXT_WORDS = 6
_INLINE_HEADING = re.compile(r"(?P<label>[^:–—]{2,60}?)\s*(?::|\s[–—-])\s+(?P<text>\S.*)")


def split_inline_heading(line: str) -> tuple[str, str] | None:
    """(heading, text) when a line starts with a known heading and a colon or dash."""
    match = _INLINE_HEADING.fullmatch(plain_text(line))
    if match is None:
        return None
    label, text = match["label"], match["text"]
    # "SAR: Mr and Mrs W" and "Rapid review: Child L" are titles: the text after a
    # heading is a sentence.
    if len(text.split()) < _MIN_INLINE_TEXT_WORDS:
        return None
    if not looks_like_heading(label) or heading_kind(label) is HeadingKind.UNKNOWN:
        return None
    return label, text
