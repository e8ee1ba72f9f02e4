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
from typing import Any

from quiz.ages import Age, parse_age
from quiz.briefings import ParsedBriefing
from quiz.library.loading import load_library
from quiz.library.matching import Library
from quiz.library.model import LibraryTheme, Seed

__all__ = [
    "AGENCIES",
    "REFLECTION_PROMPT",
    "BriefingContext",
    "Draft",
    "DraftOption",
    "ThemeDrafts",
    "draft_briefing",
    "draft_questions",
    "extract_context",
]

OPTION_KEYS = ("a", "b", "c", "d")
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

# --- reading the briefing -------------------------------------------------------------

# (name, pattern). Inline (?i:...) keeps acronyms such as CSC and GP case-sensitive.
AGENCIES: tuple[tuple[str, str], ...] = (
    ("children's social care", r"(?i:children'?s social care|children'?s services)|\bCSC\b"),
    ("adult social care", r"(?i:adults?'? social care|adult services)|\bASC\b"),
    ("GP", r"\bGPs?\b|(?i:general practi)"),
    ("health visitor", r"(?i:health visit)"),
    ("midwife", r"(?i:midwi)"),
    ("school nurse", r"(?i:school nurs)"),
    ("school", r"(?i:\bschools?\b|\bteachers?\b|designated safeguarding lead)|\bDSL\b"),
    ("nursery", r"(?i:\bnurser(?:y|ies)\b|early years)"),
    ("police", r"(?i:\bpolice\b)"),
    ("A&E", r"\bA&E\b|\bA and E\b|(?i:emergency department)"),
    ("hospital", r"(?i:\bhospitals?\b|paediatrician|\bward\b)"),
    ("early help", r"(?i:early help|family help)"),
    (
        "mental health services",
        r"(?i:mental health (?:services?|team|nurse|trust)|psychiatr)|\bCAMHS\b|\bCMHT\b",
    ),
    (
        "drug and alcohol service",
        r"(?i:drug and alcohol (?:services?|team|workers?)|substance misuse services?)",
    ),
    ("probation", r"(?i:probation)"),
    ("housing", r"(?i:\bhousing\b)"),
    ("ambulance", r"(?i:ambulance)"),
    ("fire service", r"(?i:fire (?:and rescue )?service)"),
    ("leaving care service", r"(?i:leaving care)"),
    ("youth justice", r"(?i:youth (?:justice|offending))"),
)

# (label, pattern), case-insensitive: the harms and risks a briefing describes.
CONCERNS: tuple[tuple[str, str], ...] = (
    ("head injury", r"head injur"),
    ("fracture", r"fractur|broken (?:arm|leg|bone)"),
    ("bruising", r"\bbruis"),
    ("burns", r"\bburn(?:s|ed)?\b|scald"),
    ("physical abuse", r"physical(?:ly)? abuse|hitting|\bhit (?:him|her|the|his|their)|smack"),
    ("neglect", r"\bneglect(?!ing)"),
    ("sexual abuse", r"sexual(?:ly)? abuse|sexual harm"),
    ("emotional abuse", r"emotional abuse"),
    ("domestic abuse", r"domestic (?:abuse|violence)|coercive control"),
    ("parental mental health", r"post-?natal depression|perinatal|psychosis|mental (?:ill)?health"),
    ("substance misuse", r"\balcohol|\bdrugs?\b|substance|methadone|heroin"),
    ("infant crying", r"crying baby|baby cried|cries on purpose|cried on purpose"),
    ("care history", r"looked after child|\bLAC\b|care leaver|leaving care"),
    ("missed appointments", r"was not brought|did not attend|missed appointments?"),
    ("self-neglect", r"self-neglect"),
    ("hoarding", r"hoard"),
    ("exploitation", r"exploitation|county lines|cuckoo"),
    ("missing episodes", r"went missing|missing episodes?|reported missing"),
    ("self-harm", r"self-harm|suicid"),
    ("death", r"\bdied\b|\bdeath\b|\bSUDI\b"),
)

_AGE_NUMBER = (
    r"(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)"
)
_AGE_PATTERNS = (
    # "Joe aged six", "aged 3 months"
    re.compile(rf"\baged\s+{_AGE_NUMBER}(?:\s+(?P<unit>year|month|week|day)s?)?\b", re.IGNORECASE),
    # "a 6-month-old", "a 15-year-old", "six years old"
    re.compile(rf"\b{_AGE_NUMBER}[\s-](?P<unit>year|month|week|day)s?[\s-]old\b", re.IGNORECASE),
    # "age 6", "age: 15"
    re.compile(rf"\bage:?\s+{_AGE_NUMBER}\b(?!\s*%)", re.IGNORECASE),
)
# Ages in a parent's history ("from when she was six years old") are not the subject's.
_NOT_THE_SUBJECT = re.compile(
    r"(?:when (?:she|he|they) (?:was|were)|from the age of|since the age of|"
    r"(?:mother|father|mum|dad|parent|partner|brother|sister|sibling)s?(?:'s)?,?)\s*$",
    re.IGNORECASE,
)

_ADULT_SIGNALS = (
    (r"(?i:safeguarding adults? review)|\bSARs?\b", 3),
    (r"(?i:safeguarding adults board)|\bSAB\b", 3),
    (r"(?i:care act|section 42|\bs\.?42\b)", 3),
    (r"(?i:making safeguarding personal)|\bMSP\b", 2),
    (r"(?i:mental capacity act|capacity assessment|best interests)", 1),
    (r"(?i:self-neglect|hoarding|care home|care and support needs|adult social care)", 1),
)
_CHILD_SIGNALS = (
    (r"(?i:child safeguarding practice review|serious case review)|\bLCSPR\b|\bSCR\b", 3),
    (r"(?i:child protection|children'?s social care|safeguarding children)|\bCSC\b", 3),
    (r"(?i:looked after child|health visitor|\bschool\b|nursery|\bbaby\b|\binfant\b)", 1),
)

# Personal names: "Joe aged six", "Joe's mother", "Child Q".
_NAME_PATTERNS = (
    re.compile(r"\b([A-Z][a-z]{2,})(?:,)?\s+(?:\(\w+\)\s+)?aged\b"),
    re.compile(
        r"\b([A-Z][a-z]{2,})['\u2019]s\s+(?:mother|father|mum|dad|parents?|sister|brother|"
        r"grandmother|grandfather|nan|stepfather|stepmother|carer|partner|death|school|injur|"
        r"voice|life|lived|needs|care|family|home|behaviour|health|view|wishes)"
    ),
    re.compile(r"\b((?:Child|Baby|Adult|Family) [A-Z]{1,2})\b"),
)
_NOT_NAMES = frozenset(
    {"Mum", "Mother", "Dad", "Father", "The", "She", "He", "They", "This", "That", "Nan", "Her"}
    | {"His", "Child", "Baby", "Adult", "Family", "Children", "Safeguarding", "Council"}
    | {"County", "City", "Review", "Panel", "Board", "Partnership"}
)


@dataclass(frozen=True)
class BriefingContext:
    """What a draft may echo from a briefing, and the text that weights library matches.

    Nothing here identifies a family: the age, the agencies and the concerns are
    patterns; ``names`` is kept only so that drafts can be checked never to
    contain them.
    """

    age: Age | None = None
    age_text: str | None = None  # as the briefing wrote it, e.g. "aged six"
    adults_review: bool = False
    agencies: tuple[str, ...] = ()  # names from AGENCIES, in the order of AGENCIES
    concerns: tuple[str, ...] = ()  # labels from CONCERNS, in the order of CONCERNS
    names: tuple[str, ...] = ()
    text: str = ""  # the briefing without its learning themes

    @property
    def audience(self) -> str:
        return "adults" if self.adults_review else "children"

    @classmethod
    def from_briefing(cls, briefing: ParsedBriefing) -> BriefingContext:
        return extract_context(briefing)

    def to_json(self) -> dict[str, Any]:
        return {
            "age": str(self.age) if self.age else None,
            "age_text": self.age_text,
            "adults_review": self.adults_review,
            "agencies": list(self.agencies),
            "concerns": list(self.concerns),
        }


def extract_context(briefing: ParsedBriefing) -> BriefingContext:
    themes = set(briefing.learning_themes)
    parts = [briefing.title]
    for section in briefing.reading_order():
        if themes and any(theme in section.text for theme in themes):
            continue  # the learning themes themselves are matched separately
        parts.append(section.heading)
        parts.append(section.text)
    text = "\n\n".join(p for p in parts if p)
    everything = "\n\n".join([text, *briefing.learning_themes])

    age, age_text = _find_age(text)
    adult_score = _score(everything, _ADULT_SIGNALS)
    child_score = _score(everything, _CHILD_SIGNALS)
    if age is not None:
        if age.is_adult:
            adult_score += 3
        else:
            child_score += 3
    return BriefingContext(
        age=age,
        age_text=age_text,
        adults_review=adult_score > child_score,
        agencies=tuple(name for name, pattern in AGENCIES if re.search(pattern, everything)),
        concerns=tuple(
            label for label, pattern in CONCERNS if re.search(pattern, everything, re.IGNORECASE)
        ),
        names=_find_names(everything),
        text=text,
    )


def _find_age(text: str) -> tuple[Age | None, str | None]:
    found: list[tuple[int, Age, str]] = []
    for pattern in _AGE_PATTERNS:
        for match in pattern.finditer(text):
            if _NOT_THE_SUBJECT.search(text[max(0, match.start() - 40) : match.start()]):
                continue
            unit = (match.groupdict().get("unit") or "year").lower()
            try:
                age = parse_age(f"{match['n']} {unit}")
            except ValueError:
                continue
            if age.value == 0 or (unit == "year" and age.value > 110):
                continue
            found.append((match.start(), age, match.group(0)))
    if not found:
        return None, None
    _, age, written = min(found, key=lambda item: item[0])
    return age, written


def _score(text: str, signals: Iterable[tuple[str, int]]) -> int:
    return sum(weight * len(re.findall(pattern, text)) for pattern, weight in signals)


def _find_names(text: str) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for pattern in _NAME_PATTERNS:
        for match in pattern.finditer(text):
            name = match.group(1)
            if name.split()[0] not in _NOT_NAMES or " " in name:
                names[name] = None
    return tuple(names)


# --- drafts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftOption:
    key: str
    text: str
    correct: bool
    feedback: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.key,
            "text": self.text,
            "correct": self.correct,
            "feedback": self.feedback,
        }


@dataclass(frozen=True)
class Draft:
    """A draft question in the question bank's shape, plus where it came from."""

    id: str
    kind: str  # "single", or "reflection" for an unscored free-text question
    role: str
    scenario: str
    prompt: str
    options: tuple[DraftOption, ...]
    library_theme: str | None  # None for a reflection on an unmatched theme
    seed: str | None = None
    status: str = "draft"

    @property
    def correct_key(self) -> str | None:
        return next((o.key for o in self.options if o.correct), None)

    def text(self) -> str:
        """Everything a practitioner would read, for checks such as 'no names'."""
        parts = [self.role, self.scenario, self.prompt]
        for option in self.options:
            parts.extend((option.text, option.feedback))
        return "\n".join(parts)

    def to_json(self) -> dict[str, Any]:
        """The question bank's fields (id, kind, role, scenario, prompt, options), then
        status, library_theme and seed."""
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "role": self.role,
            "scenario": self.scenario,
            "prompt": self.prompt,
            "options": [option.to_json() for option in self.options],
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
    first_slot = _seed_number(theme_text) % len(OPTION_KEYS)
    drafts = [
        _draft(library, seed, theme, context, theme_text, (first_slot + i) % len(OPTION_KEYS))
        for i, (theme, seed) in enumerate(chosen)
    ]
    safe = [d for d in drafts if not _mentions(d.text(), context.names)]
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


def _fit(seed: Seed, context: BriefingContext, role_agencies: dict[str, tuple[str, ...]]) -> int:
    """How well a seed echoes the briefing: the age fits its vignette (2), its role works
    in an agency the briefing names (1)."""
    score = 0
    if context.age is not None and seed.age is not None and context.age in seed.age:
        score += 2
    if set(role_agencies.get(seed.role, ())) & set(context.agencies):
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
    then a role not yet used for this theme, then the order in themes.yaml.
    """
    role_agencies = {role.role: role.agencies for role in library.roles}
    candidates = [_audience_seeds(theme, context) for theme in themes]
    chosen: list[tuple[LibraryTheme, Seed]] = []

    def take(i: int) -> bool:
        taken = {seed.id for _, seed in chosen}
        roles = {seed.role for _, seed in chosen}
        remaining = [
            (position, seed) for position, seed in enumerate(candidates[i]) if seed.id not in taken
        ]
        if not remaining:
            return False
        _, seed = min(
            remaining,
            key=lambda item: (
                item[1].id in exclude,
                -_fit(item[1], context, role_agencies),
                item[1].role in roles,
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
    best_slot: int,
) -> Draft:
    role = seed.title or library.role(seed.role).title
    options = [(wrong, False) for wrong in seed.wrong]
    random.Random(_seed_number(theme_text, seed.id)).shuffle(options)
    options.insert(best_slot, (seed.best, True))
    return Draft(
        id=f"draft-{seed.id}",
        kind="single",
        role=role,
        scenario=_fill_scenario(seed, context),
        prompt=seed.prompt,
        options=tuple(
            DraftOption(key, action.text, correct, action.feedback)
            for key, (action, correct) in zip(OPTION_KEYS, options, strict=True)
        ),
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
        kind="reflection",
        role=REFLECTION_ROLE,
        scenario=REFLECTION_SCENARIO,
        prompt=REFLECTION_PROMPT,
        options=(),
        library_theme=library_theme,
    )


def _seed_number(*parts: str) -> int:
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def _mentions(text: str, names: Iterable[str]) -> bool:
    return any(re.search(rf"\b{re.escape(name)}\b", text) for name in names)
