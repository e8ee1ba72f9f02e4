"""What themes.yaml holds: library themes with their scenario seeds, and the professions in them.

Plain frozen data classes; ``loading.py`` builds them from the YAML and refuses what
the app could not use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quiz.ages import Age

__all__ = [
    "AUDIENCES",
    "SCOPES",
    "SLOTS",
    "Action",
    "AgeRange",
    "LibraryTheme",
    "Profession",
    "Seed",
]

SCOPES = ("children", "adults", "both")
# What a seed's text may leave for the briefing to fill, besides the age: the names of
# quiz.briefings.context.BriefingContext's fields.
SLOTS = (
    "injury",
    "bruise",
    "explanation",
    "missed_adult",
    "neglect_signs",
    "appointment",
    "substance",
)
AUDIENCES = ("children", "adults")


@dataclass(frozen=True)
class AgeRange:
    """The ages a seed's vignette makes sense for, and the one it uses otherwise."""

    default: Age
    low: Age
    high: Age

    def __contains__(self, age: object) -> bool:
        return isinstance(age, Age) and self.low.months <= age.months <= self.high.months


@dataclass(frozen=True)
class Action:
    """One option of a seed: what the practitioner does, and why it is right or wrong."""

    text: str
    feedback: str


@dataclass(frozen=True)
class Seed:
    """A hand-written scenario for one library theme, in one profession, for one audience."""

    id: str
    audience: str  # children or adults: whose safeguarding the vignette is about
    profession: str  # the name of one of Library.professions (a seed's "role" in the YAML)
    title: str | None  # the role shown on the question, when not the profession's own title
    setting: str
    decision: str
    scenario: str  # second person; may use {age}, {a_age}, {A_age}
    prompt: str
    best: Action
    wrong: tuple[Action, ...]
    age: AgeRange | None
    # Slots the briefing fills (SLOTS): each with the words used when the briefing says nothing.
    slots: tuple[tuple[str, str], ...] = ()

    @property
    def uses_age(self) -> bool:
        return "age}" in self.scenario

    @property
    def slot_defaults(self) -> dict[str, str]:
        return dict(self.slots)


_SCOPE_WORDS = frozenset({"adults", "adult", "children", "child", "both"})


@dataclass(frozen=True)
class LibraryTheme:
    id: str
    title: str
    description: str
    scope: str  # children, adults or both
    sources: tuple[str, ...]
    keywords: tuple[str, ...]
    extra_keywords: tuple[str, ...]  # hand-written, kept by build.py
    good: tuple[str, ...]
    mistakes: tuple[str, ...]
    seeds: tuple[Seed, ...]

    def seeds_for(self, audience: str) -> tuple[Seed, ...]:
        return tuple(seed for seed in self.seeds if seed.audience == audience)

    @property
    def phrases(self) -> tuple[str, ...]:
        """Everything that signals the theme: keywords, extra keywords, parts of the title."""
        title_parts = re.split(r"\s*(?:\band\b|[(),/;:]|\bincluding\b)\s*", self.title)
        # "(adults)" in a title is its scope, not a signal.
        title_parts = [p for p in title_parts if p.strip().lower() not in _SCOPE_WORDS]
        seen: dict[str, str] = {}
        for phrase in (*self.keywords, *self.extra_keywords, *title_parts):
            phrase = phrase.strip()
            if phrase and phrase.lower() not in seen:
                seen[phrase.lower()] = phrase
        return tuple(seen.values())


@dataclass(frozen=True)
class Profession:
    """A practitioner's profession, as the primer's roles table describes it (themes.yaml's
    ``roles``): who they are, where they meet families, and how a question names them."""

    name: str  # as section 3 of the primer names it: the YAML's "role"
    meets: str  # where they meet families; what they typically see
    action: str  # the correct next action in a typical concern
    title: str  # the role a question shows ("Teacher", "Social worker")
    agencies: tuple[str, ...]  # the agencies (briefings.context.AGENCIES) it works in
    adults: bool  # works mainly with adults
