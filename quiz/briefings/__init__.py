"""Turning the text of a 7-minute briefing into sections and learning themes."""

from quiz.briefings.parser import (
    BriefingError,
    ParsedBriefing,
    Section,
    parse_briefing,
    parse_briefing_file,
)

__all__ = [
    "BriefingError",
    "ParsedBriefing",
    "Section",
    "parse_briefing",
    "parse_briefing_file",
]
