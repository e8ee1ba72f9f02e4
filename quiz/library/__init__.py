"""The library of recurring learning themes and the draft-question generator.

Plain Python (no Flask, no database): ``load_library()`` reads the committed
themes.yaml; ``Library.match`` tags a briefing's learning theme with library
themes; ``draft_questions`` / ``draft_briefing`` turn those tags into draft
scenario questions for a trainer to review. ``python -m quiz.library.build
DOMAIN.md`` refreshes themes.yaml from the shared domain primer.

The modules: ``model`` (what themes.yaml holds), ``loading`` (reading and checking
it), ``words`` (stems and stopwords), ``matching`` (tagging themes), ``drafts``
(draft questions from the seeds of matched themes), ``build`` (refreshing the YAML).
What a briefing says about its case (age, agencies, names) is read by
``quiz.briefings.context``.
"""

from quiz.library.drafts import (
    REFLECTION_PROMPT,
    Draft,
    ReflectiveQuestion,
    ThemeDrafts,
    draft_briefing,
    draft_questions,
)
from quiz.library.loading import THEMES_FILE, LibraryError, load_library
from quiz.library.matching import Library, Match
from quiz.library.model import Action, AgeRange, LibraryTheme, Profession, Seed

__all__ = [
    "REFLECTION_PROMPT",
    "THEMES_FILE",
    "Action",
    "AgeRange",
    "Draft",
    "Library",
    "LibraryError",
    "LibraryTheme",
    "Match",
    "Profession",
    "ReflectiveQuestion",
    "Seed",
    "ThemeDrafts",
    "draft_briefing",
    "draft_questions",
    "load_library",
]
