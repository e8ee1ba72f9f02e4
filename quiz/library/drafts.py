"""Draft scenario questions for a briefing's learning themes, from the library's seeds.

Plain Python (no Flask, no database). A draft is a starting point for a
trainer, never a published question: every draft has ``status: "draft"``.

For each learning theme the library is asked which of its themes it is about
(``Library.match``); each matched theme contributes a seed, chosen to echo the
briefing's pattern (the child's or adult's age, the agencies involved, whether
it is an adults' review) without taking anything identifying from the briefing.
Only the age is carried over, and only when the seed's vignette makes sense at
that age. A theme that matches nothing gets one reflective question and is
flagged for the trainer.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from quiz.briefings import ParsedBriefing
from quiz.briefings.context import BriefingContext, extract_context
from quiz.library.loading import load_library
from quiz.library.matching import Library
from quiz.library.model import LibraryTheme, Seed
from quiz.question import QuestionContent, QuestionKind, lettered

__all__ = [
    "REFLECTION_PROMPT",
    "Draft",
    "ReflectiveQuestion",
    "ThemeDrafts",
    "draft_briefing",
    "draft_questions",
]

MAX_DRAFTS = 3  # per learning theme
MIN_DRAFTS = 2  # when the library has enough seeds for the theme's tags

REFLECTION_ROLE = "Any practitioner"
REFLECTION_SCENARIO = (
    "This question asks you to reflect on one of the briefing's learning themes in your own "
    "words. It is not scored, and your supervisor may read your answer."
)
REFLECTION_PROMPT = (
    "Think of a family you work with now. How does this learning theme show up in your "
    "practice, and what would you do differently?"
)
UNMATCHED_REASON = (
    "This theme matched no theme in the library, so only a reflective question was drafted. "
    "Write scenario questions for it by hand, or add keywords to the library theme it belongs to."
)
NAME_REASON = (
    "Drafts that would have repeated a name from the briefing were left out; "
    "check the remaining drafts and write replacements by hand."
)


@dataclass(frozen=True)
class ReflectiveQuestion:
    """An unscored question a practitioner answers in their own words: drafted when the
    library cannot draft scored ones for a theme; shown to the trainer, never stored."""

    role: str = REFLECTION_ROLE
    scenario: str = REFLECTION_SCENARIO
    prompt: str = REFLECTION_PROMPT
    kind: ClassVar[str] = "reflection"


@dataclass(frozen=True)
class Draft:
    """A draft question and where it came from: a scored question (the one definition of
    a question, QuestionContent) made from a seed, or a reflective question."""

    id: str
    question: QuestionContent | ReflectiveQuestion
    library_theme: str | None  # None for a reflection on an unmatched theme
    seed: str | None = None
    status: str = "draft"

    def to_json(self) -> dict[str, Any]:
        """The question bank's fields (id, kind, role, scenario, prompt, options), then
        status, library_theme and seed: what `flask briefing drafts --json` prints, which
        scripts read, so its shape stays fixed."""
        question = self.question
        if isinstance(question, QuestionContent):
            data: dict[str, Any] = question.bank_fields(self.id)
        else:
            data = {
                "id": self.id,
                "kind": str(question.kind),
                "role": question.role,
                "scenario": question.scenario,
                "prompt": question.prompt,
                "options": [],
            }
        data |= {
            "status": self.status,
            "library_theme": self.library_theme,
        }
        if self.seed:
            data["seed"] = self.seed
        return data


@dataclass(frozen=True)
class ThemeDrafts:
    theme: str  # the learning theme as the briefing words it
    tags: list[str]  # library theme ids, best first
    drafts: list[Draft]
    flagged: bool = False
    reason: str = ""
    signals: dict[str, list[str]] = field(default_factory=dict)  # tag -> why it matched

    def to_json(self) -> dict[str, Any]:
        return {
            "theme": self.theme,
            "tags": list(self.tags),
            "flagged": self.flagged,
            "reason": self.reason,
            "signals": {tag: list(s) for tag, s in self.signals.items()},
            "drafts": [draft.to_json() for draft in self.drafts],
        }


def draft_questions(
    theme_text: str,
    context: BriefingContext,
    library: Library | None = None,
    *,
    exclude_seeds: Collection[str] = (),
) -> ThemeDrafts:
    """Draft questions for one learning theme; always at least one draft.

    exclude_seeds: seeds already used for another theme of the same briefing,
    avoided unless nothing else fits.
    """
    library = library or load_library()
    theme_text = " ".join(theme_text.split())
    matches = library.match(theme_text, context.text)
    tags = [m.theme_id for m in matches]
    signals = {m.theme_id: list(m.signals) for m in matches}
    if not matches:
        return ThemeDrafts(
            theme=theme_text,
            tags=[],
            drafts=[_reflection(theme_text)],
            flagged=True,
            reason=UNMATCHED_REASON,
            signals={},
        )

    themes = [library.get(t) for t in tags]
    chosen = _choose_seeds(library, themes, context, exclude_seeds)
    # The best answer's position: different for each draft of the theme, from a starting
    # slot that depends on the theme text, so it is never always "a" and never random.
    first_slot = _seed_number(theme_text)
    drafts = [
        _draft(library, seed, theme, context, theme_text, first_slot + i)
        for i, (theme, seed) in enumerate(chosen)
    ]
    safe = [d for d in drafts if not _mentions(d.question.text(), context.names)]
    flagged, reason = False, ""
    if len(safe) < len(drafts):
        flagged, reason = True, NAME_REASON
    if not safe:
        safe = [_reflection(theme_text, library_theme=tags[0])]
    return ThemeDrafts(theme_text, tags, safe, flagged, reason, signals)


def draft_briefing(briefing: ParsedBriefing, library: Library | None = None) -> list[ThemeDrafts]:
    """Drafts for every learning theme of a briefing, with draft ids unique across it."""
    library = library or load_library()
    context = extract_context(briefing)
    used_seeds: set[str] = set()
    used_ids: set[str] = set()
    results = []
    for theme in briefing.learning_themes:
        result = draft_questions(theme, context, library, exclude_seeds=used_seeds)
        drafts = []
        for draft in result.drafts:
            if draft.seed:
                used_seeds.add(draft.seed)
            draft_id, n = draft.id, 2
            while draft_id in used_ids:
                draft_id, n = f"{draft.id}-{n}", n + 1
            used_ids.add(draft_id)
            drafts.append(replace(draft, id=draft_id))
        results.append(
            ThemeDrafts(
                result.theme, result.tags, drafts, result.flagged, result.reason, result.signals
            )
        )
    return results


def _audience_seeds(theme: LibraryTheme, context: BriefingContext) -> list[Seed]:
    """The theme's seeds for the briefing's audience (adults' or children's review) when
    it has any; otherwise, as for an adults-only theme in a children's review, the rest."""
    own = [seed for seed in theme.seeds if seed.audience == context.audience]
    return own or list(theme.seeds)


def _fit(seed: Seed, context: BriefingContext, agencies: dict[str, tuple[str, ...]]) -> int:
    """How well a seed echoes the briefing: the age fits its vignette (2), its profession
    works in an agency the briefing names (1). agencies: each profession's, by name."""
    score = 0
    if context.age is not None and seed.age is not None and context.age in seed.age:
        score += 2
    if set(agencies.get(seed.profession, ())) & set(context.agencies):
        score += 1
    return score


def _choose_seeds(
    library: Library,
    themes: list[LibraryTheme],
    context: BriefingContext,
    exclude: Collection[str],
) -> list[tuple[LibraryTheme, Seed]]:
    """One seed per tag, then more seeds of the top tags until there are MIN_DRAFTS.

    Within a tag: seeds not used elsewhere in the briefing first, then the best fit,
    then a profession not yet used for this theme, then the order in themes.yaml.
    """
    agencies = {profession.name: profession.agencies for profession in library.professions}
    candidates = [_audience_seeds(theme, context) for theme in themes]
    chosen: list[tuple[LibraryTheme, Seed]] = []

    def take(i: int) -> bool:
        taken = {seed.id for _, seed in chosen}
        professions = {seed.profession for _, seed in chosen}
        remaining = [
            (position, seed) for position, seed in enumerate(candidates[i]) if seed.id not in taken
        ]
        if not remaining:
            return False
        _, seed = min(
            remaining,
            key=lambda item: (
                item[1].id in exclude,
                -_fit(item[1], context, agencies),
                item[1].profession in professions,
                item[0],
            ),
        )
        chosen.append((themes[i], seed))
        return True

    for i in range(len(themes)):
        take(i)
    i = 0
    while len(chosen) < MIN_DRAFTS and i < len(themes):
        if not take(i):
            i += 1
    return chosen[:MAX_DRAFTS]


def _draft(
    library: Library,
    seed: Seed,
    theme: LibraryTheme,
    context: BriefingContext,
    theme_text: str,
    slot: int,
) -> Draft:
    """A single-best-answer question from the seed, its best action at slot (counted round
    the options) and the wrong ones in an order fixed by the theme and the seed."""
    options = [(wrong, False) for wrong in seed.wrong]
    random.Random(_seed_number(theme_text, seed.id)).shuffle(options)
    options.insert(slot % (len(options) + 1), (seed.best, True))
    question = QuestionContent(
        kind=QuestionKind.SINGLE,
        role=seed.title or library.profession(seed.profession).title,
        scenario=_fill_scenario(seed, context),
        prompt=seed.prompt,
        options=lettered((action.text, correct, action.feedback) for action, correct in options),
    )
    return Draft(
        id=f"draft-{seed.id}",
        question=question,
        library_theme=theme.id,
        seed=seed.id,
    )


def _fill_scenario(seed: Seed, context: BriefingContext) -> str:
    if not seed.uses_age or seed.age is None:
        return seed.scenario
    age = context.age if context.age is not None and context.age in seed.age else seed.age.default
    with_article = age.with_article()
    return seed.scenario.format(
        age=age.describe(),
        a_age=with_article,
        A_age=with_article[0].upper() + with_article[1:],
    )


def _reflection(theme_text: str, library_theme: str | None = None) -> Draft:
    slug = re.sub(r"[^a-z0-9]+", "-", theme_text.lower()).strip("-")[:40].strip("-") or "theme"
    return Draft(
        id=f"draft-reflection-{slug}",
        question=ReflectiveQuestion(),
        library_theme=library_theme,
    )


def _seed_number(*parts: str) -> int:
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def _mentions(text: str, names: Iterable[str]) -> bool:
    return any(re.search(rf"\b{re.escape(name)}\b", text) for name in names)
