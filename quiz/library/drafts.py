"""Draft scenario questions for a briefing's learning themes, from the library's seeds.

Plain Python (no Flask, no database). A draft is a starting point for a
trainer, never a published question: every draft has ``status: "draft"``.

For each learning theme the library is asked which of its themes it is about
(``Library.match``); each matched theme contributes a seed, chosen to echo the
briefing: a profession the theme itself names first ("police" in a theme about
police information sharing), then the age, the slots the briefing can fill and the
agencies it names. The seed's slots are filled from the briefing's context (the
age, the injury, the explanation given, the adult who was missed, the signs of
neglect...), never with anything identifying. Generic prompts ("What should you
do?") are varied across a briefing. A seed is used once per briefing: a theme left
without one is flagged for a question written by hand. A theme that matches
nothing gets one reflective question and is flagged for the trainer.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from quiz.briefings import ParsedBriefing
from quiz.briefings.context import AGENCIES, BriefingContext, extract_context
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
HAND_REASON = (
    "This theme needs a question written by hand: the library's seeds for it were already "
    "used for other themes of this briefing, and a seed is never used twice in one briefing."
)
# Prompts as generic as "What should you do?" are varied across a briefing, in this order.
GENERIC_PROMPTS = frozenset({"what should you do?", "what should you do now?"})
PROMPT_VARIANTS = (
    "What should you do next?",
    "What is the best response?",
    "Which of these is the right next step?",
    "How should you respond?",
    "What should you do now?",
    "What is the most useful thing to do today?",
    "What would you do first?",
    "What is your next step?",
    "Which response best keeps the child safe?",
    "What should happen next?",
    "What is the right thing to do now?",
    "Which of these would you do?",
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
    source: str = "library"  # or "model": quiz.library.model_drafts

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
            "source": self.source,
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
    used_prompts: Collection[str] = (),
    tags: list[str] | None = None,
) -> ThemeDrafts:
    """Draft questions for one learning theme; always at least one draft.

    exclude_seeds: seeds already used for another theme of the same briefing, never
    used again. used_prompts: prompts other drafts of the briefing already ask.
    tags: the library themes the trainer chose, instead of the library's own match.
    """
    library = library or load_library()
    theme_text = " ".join(theme_text.split())
    if tags is None:
        matches = library.match(theme_text, context.text)
        tags = [m.theme_id for m in matches]
        signals = {m.theme_id: list(m.signals) for m in matches}
    else:
        tags = [t for t in tags if t in library]
        signals = {t: ["chosen by the trainer"] for t in tags}
    if not tags:
        return ThemeDrafts(
            theme=theme_text,
            tags=[],
            drafts=[_reflection(theme_text)],
            flagged=True,
            reason=UNMATCHED_REASON,
            signals={},
        )

    themes = [library.get(t) for t in tags]
    named = _agencies_named(theme_text)
    chosen, short = _choose_seeds(library, themes, context, exclude_seeds, named)
    # The best answer's position: different for each draft of the theme, from a starting
    # slot that depends on the theme text, so it is never always "a" and never random.
    first_slot = _seed_number(theme_text)
    prompts = list(used_prompts)
    drafts = []
    for i, (theme, seed) in enumerate(chosen):
        draft = _draft(library, seed, theme, context, theme_text, first_slot + i, prompts)
        prompts.append(draft.question.prompt)
        drafts.append(draft)
    safe = [d for d in drafts if not _mentions(d.question.text(), context.names)]
    flagged, reason = False, ""
    if short:
        flagged, reason = True, HAND_REASON
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
    used_prompts: list[str] = []
    used_ids: set[str] = set()
    results = []
    for theme in briefing.learning_themes:
        result = draft_questions(
            theme, context, library, exclude_seeds=used_seeds, used_prompts=used_prompts
        )
        drafts = []
        for draft in result.drafts:
            if draft.seed:
                used_seeds.add(draft.seed)
                used_prompts.append(draft.question.prompt)
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


def _agencies_named(theme_text: str) -> set[str]:
    """The agencies a learning theme itself names: "police" in "information sharing between
    the police and partner agencies"."""
    return {name for name, pattern in AGENCIES if re.search(pattern, theme_text)}


def _filled_slots(seed: Seed, context: BriefingContext) -> int:
    return sum(1 for name, _ in seed.slots if getattr(context, name, None))


def _fit(
    seed: Seed,
    context: BriefingContext,
    agencies: dict[str, tuple[str, ...]],
    named: Collection[str] = (),
) -> int:
    """How well a seed echoes the briefing: its profession works in an agency the theme
    itself names (4), the age fits its vignette (2), each slot the briefing fills (1, at
    most 2), its profession works in an agency the briefing names (1).
    agencies: each profession's, by name; named: the agencies the theme names."""
    score = 0
    own = set(agencies.get(seed.profession, ()))
    if own & set(named):
        score += 4
    if context.age is not None and seed.age is not None and context.age in seed.age:
        score += 2
    score += min(2, _filled_slots(seed, context))
    if own & set(context.agencies):
        score += 1
    return score


def _choose_seeds(
    library: Library,
    themes: list[LibraryTheme],
    context: BriefingContext,
    exclude: Collection[str],
    named: Collection[str] = (),
) -> tuple[list[tuple[LibraryTheme, Seed]], bool]:
    """One seed per tag, then more seeds of the top tags until there are MIN_DRAFTS; and
    whether the theme is short of drafts because its seeds were used by other themes.

    Seeds used elsewhere in the briefing are never chosen. Within a tag: the best fit,
    then a profession not yet used for this theme, then the order in themes.yaml.
    """
    agencies = {profession.name: profession.agencies for profession in library.professions}
    candidates = [_audience_seeds(theme, context) for theme in themes]
    chosen: list[tuple[LibraryTheme, Seed]] = []
    held_back = False

    def take(i: int) -> bool:
        nonlocal held_back
        taken = {seed.id for _, seed in chosen}
        professions = {seed.profession for _, seed in chosen}
        remaining = [
            (position, seed) for position, seed in enumerate(candidates[i]) if seed.id not in taken
        ]
        if any(seed.id in exclude for _, seed in remaining):
            held_back = True
        remaining = [(position, seed) for position, seed in remaining if seed.id not in exclude]
        if not remaining:
            return False
        _, seed = min(
            remaining,
            key=lambda item: (
                -_fit(item[1], context, agencies, named),
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
    short = held_back and (not chosen or len(chosen) < MIN_DRAFTS)
    return chosen[:MAX_DRAFTS], short


def _draft(
    library: Library,
    seed: Seed,
    theme: LibraryTheme,
    context: BriefingContext,
    theme_text: str,
    slot: int,
    used_prompts: Collection[str] = (),
) -> Draft:
    """A single-best-answer question from the seed, its best action at slot (counted round
    the options) and the wrong ones in an order fixed by the theme and the seed."""
    options = [(wrong, False) for wrong in seed.wrong]
    random.Random(_seed_number(theme_text, seed.id)).shuffle(options)
    options.insert(slot % (len(options) + 1), (seed.best, True))
    values = _slot_values(seed, context)
    question = QuestionContent(
        kind=QuestionKind.SINGLE,
        role=seed.title or library.profession(seed.profession).title,
        scenario=fill(seed.scenario, values),
        prompt=_prompt(seed.prompt, used_prompts),
        options=lettered(
            (fill(action.text, values), correct, fill(action.feedback, values))
            for action, correct in options
        ),
    )
    return Draft(
        id=f"draft-{seed.id}",
        question=question,
        library_theme=theme.id,
        seed=seed.id,
    )


def _prompt(prompt: str, used: Collection[str]) -> str:
    """The seed's prompt; for a generic one ("What should you do?"), or one of the variants
    the briefing already asks, the first variant the briefing has not used."""
    said = {p.strip().lower() for p in used}
    asked = prompt.strip().lower()
    interchangeable = asked in GENERIC_PROMPTS or asked in {v.lower() for v in PROMPT_VARIANTS}
    if not interchangeable or (asked not in said and asked not in GENERIC_PROMPTS):
        return prompt
    unused = [v for v in PROMPT_VARIANTS if v.lower() not in said]
    if unused:
        return unused[0]
    # More drafts than variants: the one asked least so far.
    counts = [sum(p.strip().lower() == v.lower() for p in used) for v in PROMPT_VARIANTS]
    return PROMPT_VARIANTS[counts.index(min(counts))]


def default_values(seed: Seed) -> dict[str, str]:
    """What each placeholder of the seed says when no briefing fills it (its defaults)."""
    return _slot_values(seed, None)


def _slot_values(seed: Seed, context: BriefingContext | None) -> dict[str, str]:
    """What each placeholder of the seed says: the briefing's words where it has them."""
    values = {name: getattr(context, name, None) or default for name, default in seed.slots}
    if seed.age is not None:
        fits = context is not None and context.age is not None and context.age in seed.age
        age = context.age if fits else seed.age.default
        with_article = age.with_article()
        values |= {
            "age": age.describe(),
            "a_age": with_article,
            "A_age": with_article[0].upper() + with_article[1:],
        }
    return values


def fill(text: str, values: dict[str, str]) -> str:
    """The text with its {placeholders} filled; {Injury} (capital first) starts a sentence."""
    if "{" not in text:
        return text

    def value(match: re.Match[str]) -> str:
        name = match[1]
        if name in values:
            return values[name]
        lower = name[0].lower() + name[1:]
        if lower in values:
            said = values[lower]
            return said[0].upper() + said[1:]
        return match[0]

    return re.sub(r"\{(\w+)\}", value, text)


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
