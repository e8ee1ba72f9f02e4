"""The library of recurring learning themes and the draft-question generator.

Plain Python (no Flask, no database): ``load_library()`` reads the committed
themes.yaml; ``Library.match`` tags a briefing's learning theme with library
themes; ``draft_questions`` / ``draft_briefing`` turn those tags into draft
scenario questions for a trainer to review. ``python -m quiz.library.build
DOMAIN.md`` refreshes themes.yaml from the shared domain primer.
"""

from quiz.library.drafts import (
    AGENCIES,
    REFLECTION_PROMPT,
    BriefingContext,
    Draft,
    DraftOption,
    ThemeDrafts,
    draft_briefing,
    draft_questions,
    extract_context,
)
from quiz.library.library import (
    THEMES_FILE,
    Action,
    Age,
    AgeRange,
    Library,
    LibraryError,
    LibraryTheme,
    Match,
    Role,
    Seed,
    load_library,
    parse_age,
)

__all__ = [
    "AGENCIES",
    "REFLECTION_PROMPT",
    "THEMES_FILE",
    "Action",
    "Age",
    "AgeRange",
    "BriefingContext",
    "Draft",
    "DraftOption",
    "Library",
    "LibraryError",
    "LibraryTheme",
    "Match",
    "Role",
    "Seed",
    "ThemeDrafts",
    "draft_briefing",
    "draft_questions",
    "extract_context",
    "load_library",
    "parse_age",
]
