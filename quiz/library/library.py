"""The library of recurring learning themes, and tagging a briefing's themes with them.

Plain Python (no Flask, no database). The data is ``themes.yaml`` beside this
file: 27 themes converted from section 2 of the shared domain primer, each with
hand-written scenario seeds, plus the roles of section 3. ``build.py``
refreshes the converted part from the primer; the app reads only the YAML.

Matching is deliberately simple and explainable: every library theme has
keyword phrases (the primer's keywords, its title, and a few hand-written
extra keywords); a briefing theme is tagged with the library themes whose
phrases it contains (weighted strongly), whose other words it shares (weighted
by how rare the word is across the library), and whose phrases appear in the
rest of the briefing (weighted weakly). Each match carries the signals that
produced it, so a trainer can see why a tag was given.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

__all__ = [
    "AUDIENCES",
    "SCOPES",
    "THEMES_FILE",
    "Action",
    "Age",
    "AgeRange",
    "Library",
    "LibraryError",
    "LibraryTheme",
    "Match",
    "Role",
    "Seed",
    "load_library",
    "parse_age",
    "stem",
    "tokens",
]

THEMES_FILE = Path(__file__).with_name("themes.yaml")
SCOPES = ("children", "adults", "both")
AUDIENCES = ("children", "adults")

MAX_MATCHES = 3
THRESHOLD = 2.0  # a match needs about one keyword phrase, or several rare shared words
MIN_THEME_SCORE = 1.0  # the briefing context can add to a match but never make one
RELATIVE_CUTOFF = 0.45  # a second or third tag must score at least this share of the best

PHRASE_BASE = 2.0  # a one-word keyword found in the theme text
PHRASE_PER_EXTRA_WORD = 0.75  # each further word of a longer keyword phrase
PHRASE_MAX = 4.0
WORD_WEIGHT = 0.6  # a shared word, times its rarity across the library (0..1)
WORD_CAP = 1.5
POSITION_BONUS = 0.5  # for the phrase found earliest in the theme sentence
CONTEXT_WEIGHT = 0.25  # a keyword phrase found in the rest of the briefing
CONTEXT_CAP = 1.0


class LibraryError(ValueError):
    """themes.yaml is missing something the app relies on; the message says what."""


# --- ages -----------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
_WORDS_FOR = {value: word for word, value in _NUMBER_WORDS.items()}
_UNIT_MONTHS = {"day": 1 / 30.4, "week": 12 / 52.18, "month": 1.0, "year": 12.0}


@dataclass(frozen=True)
class Age:
    """An age as a number and a unit ("6 years", "4 months", "10 days")."""

    value: int
    unit: str  # day, week, month or year

    def __post_init__(self) -> None:
        if self.unit not in _UNIT_MONTHS:
            raise ValueError(f"unknown age unit {self.unit!r}")

    @property
    def months(self) -> float:
        return self.value * _UNIT_MONTHS[self.unit]

    @property
    def years(self) -> int:
        return int(self.months // 12)

    @property
    def is_adult(self) -> bool:
        return self.months >= 18 * 12

    def number_text(self) -> str:
        """Words up to ten, as the question bank writes them ("six", "eight"), digits above."""
        return _WORDS_FOR[self.value] if self.value <= 10 else str(self.value)

    def describe(self) -> str:
        """'six-year-old', 'four-month-old', '19-year-old'."""
        return f"{self.number_text()}-{self.unit}-old"

    def with_article(self) -> str:
        """'a six-year-old', 'an eight-year-old', 'an 18-month-old'."""
        text = self.describe()
        starts_with_vowel_sound = text.startswith(("eight", "eleven")) or re.match(
            r"(8|11|18)(\D|\d\D)", text
        )
        return f"{'an' if starts_with_vowel_sound else 'a'} {text}"

    def __str__(self) -> str:
        return f"{self.value} {self.unit}{'' if self.value == 1 else 's'}"


def parse_age(text: str) -> Age:
    """'6 years', 'six years', '4 months', '10 days' -> Age; ValueError otherwise."""
    match = re.fullmatch(r"\s*(\w+)[\s-]+(day|week|month|year)s?\s*", str(text).lower())
    if not match:
        raise ValueError(f"not an age: {text!r} (write it like '6 years' or '4 months')")
    number = match[1]
    value = int(number) if number.isdigit() else _NUMBER_WORDS.get(number)
    if value is None:
        raise ValueError(f"not an age: {text!r}")
    return Age(value, match[2])


@dataclass(frozen=True)
class AgeRange:
    """The ages a seed's vignette makes sense for, and the one it uses otherwise."""

    default: Age
    low: Age
    high: Age

    def __contains__(self, age: object) -> bool:
        return isinstance(age, Age) and self.low.months <= age.months <= self.high.months


# --- words ----------------------------------------------------------------------------


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


def _content_stems(text: str, stopwords: frozenset[str] = PHRASE_STOPWORDS) -> list[str]:
    words = tokens(text)
    stems = [stem(w) for w in words if w not in stopwords]
    return stems or [stem(w) for w in words]


def _subject_stems(text: str) -> set[str]:
    """The words of text that say what it is about: for counting shared words."""
    return {stem(w) for w in tokens(text) if w not in STOPWORDS}


# Agency and role names whose single words are not theme signals on their own: the
# "visitor" in "health visitor" is not the hidden-men keyword "visitor".
_COMPOUND_TERMS = (
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


@dataclass(frozen=True)
class _Text:
    """A text as content stems in order, with the words of agency names marked."""

    stems: tuple[str, ...]
    in_compound: tuple[bool, ...]

    @classmethod
    def of(cls, text: str) -> _Text:
        stems = tuple(_content_stems(text)) if text.strip() else ()
        marked = [False] * len(stems)
        for term in _COMPOUND_TERMS:
            term_stems = _content_stems(term)
            n = len(term_stems)
            for start in range(len(stems) - n + 1):
                if list(stems[start : start + n]) == term_stems:
                    for i in range(start, start + n):
                        marked[i] = True
        return cls(stems, tuple(marked))

    def contains(self, phrase: tuple[str, ...]) -> bool:
        return self.find(phrase) is not None

    def find(self, phrase: tuple[str, ...]) -> int | None:
        """Where the phrase starts: all its stems close together (in any order), and for a
        one-word phrase, not inside an agency name. None when it is not there."""
        if not phrase:
            return None
        positions = []
        for part in phrase:
            found = [
                i
                for i, s in enumerate(self.stems)
                if s == part and (len(phrase) > 1 or not self.in_compound[i])
            ]
            if not found:
                return None
            positions.append(found)
        if len(phrase) == 1:
            return positions[0][0]
        window = len(phrase) + 3
        for start in positions[0]:
            near = [[p for p in group if abs(p - start) <= window] for group in positions[1:]]
            if all(near):
                return min(start, *(group[0] for group in near))
        return None


# --- the data -------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """One option of a seed: what the practitioner does, and why it is right or wrong."""

    text: str
    feedback: str


@dataclass(frozen=True)
class Seed:
    """A hand-written scenario for one library theme, in one role, for one audience."""

    id: str
    audience: str  # children or adults: whose safeguarding the vignette is about
    role: str  # a role from section 3 of the primer (Library.roles)
    title: str | None  # how the role is shown on the question, when not the role's own title
    setting: str
    decision: str
    scenario: str  # second person; may use {age}, {a_age}, {A_age}
    prompt: str
    best: Action
    wrong: tuple[Action, ...]
    age: AgeRange | None

    @property
    def uses_age(self) -> bool:
        return "age}" in self.scenario


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
class Role:
    role: str  # as section 3 of the primer names it
    meets: str  # where they meet families; what they typically see
    action: str  # the correct next action in a typical concern
    title: str  # how a question shows the role ("Teacher", "Social worker")
    agencies: tuple[str, ...]  # the agency names (drafts.AGENCIES) this role works in
    adults: bool  # works mainly with adults


@dataclass(frozen=True)
class Match:
    theme_id: str
    score: float
    signals: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Index:
    phrases: tuple[tuple[str, tuple[str, ...]], ...]  # (as written, stems)
    vocabulary: frozenset[str]


class Library:
    """The library themes and roles, with matching of briefing themes to library themes."""

    def __init__(self, themes: tuple[LibraryTheme, ...], roles: tuple[Role, ...]) -> None:
        self.themes = themes
        self.roles = roles
        self._by_id = {theme.id: theme for theme in themes}
        self._roles = {role.role: role for role in roles}
        self._index = {theme.id: self._build_index(theme) for theme in themes}
        document_frequency: dict[str, int] = {}
        for index in self._index.values():
            for word in index.vocabulary:
                document_frequency[word] = document_frequency.get(word, 0) + 1
        n = len(themes)
        self._rarity = {
            word: math.log((n + 1) / count) / math.log(n + 1)
            for word, count in document_frequency.items()
        }

    @staticmethod
    def _build_index(theme: LibraryTheme) -> _Index:
        by_stems: dict[tuple[str, ...], str] = {}
        for phrase in theme.phrases:
            by_stems.setdefault(tuple(_content_stems(phrase)), phrase)  # "challenge(d)" once
        phrases = tuple((phrase, stems) for stems, phrase in by_stems.items())
        vocabulary: set[str] = set()
        for phrase in theme.phrases:
            vocabulary.update(_subject_stems(phrase))
        vocabulary.update(_subject_stems(theme.description))
        vocabulary.update(_subject_stems(theme.id.replace("-", " ")))
        return _Index(phrases, frozenset(vocabulary))

    def __iter__(self) -> Iterator[LibraryTheme]:
        return iter(self.themes)

    def __len__(self) -> int:
        return len(self.themes)

    def __contains__(self, theme_id: object) -> bool:
        return theme_id in self._by_id

    def get(self, theme_id: str) -> LibraryTheme:
        """The theme with this id; KeyError naming the known ids if there is none."""
        try:
            return self._by_id[theme_id]
        except KeyError:
            raise KeyError(
                f"no library theme {theme_id!r}; known: {', '.join(self._by_id)}"
            ) from None

    def role(self, name: str) -> Role:
        return self._roles[name]

    def match(self, theme_text: str, context: str = "") -> list[Match]:
        """The library themes this briefing theme is about: at most 3, best first.

        theme_text is one learning theme as the briefing words it; context is the
        rest of the briefing (or any text around the theme), which only adds
        weight to themes the theme text already points to.
        """
        text = _Text.of(theme_text)
        context_text = _Text.of(context) if context else None
        text_words = _subject_stems(theme_text)
        scored: list[Match] = []
        for theme in self.themes:
            index = self._index[theme.id]
            signals: list[str] = []
            found = []
            for written, stems in index.phrases:
                position = text.find(stems)
                if position is not None:
                    found.append((written, stems, position))
            # A phrase inside a longer one found too ("challenge" in "professional
            # challenge") is the same mention, counted once.
            found = [
                f
                for f in found
                if not any(set(f[1]) < set(other[1]) for other in found if other is not f)
            ]
            phrase_scores = sorted(
                (
                    min(PHRASE_MAX, PHRASE_BASE + PHRASE_PER_EXTRA_WORD * (len(stems) - 1))
                    for _, stems, _ in found
                ),
                reverse=True,
            )
            # Diminishing returns: a second phrase counts half, a third a quarter...
            score = sum(s / (2**i) for i, s in enumerate(phrase_scores))
            covered = {stem for _, stems, _ in found for stem in stems}
            signals.extend(f'keyword "{written}"' for written, _, _ in found)
            if found and text.stems:
                # The subject of a theme sentence usually comes first.
                first = min(position for _, _, position in found)
                score += POSITION_BONUS * (1 - first / len(text.stems))

            shared = sorted(
                (text_words & index.vocabulary) - covered,
                key=lambda w: (-self._rarity[w], w),
            )
            word_score = min(WORD_CAP, WORD_WEIGHT * sum(self._rarity[w] for w in shared))
            if shared and word_score >= 0.1:
                score += word_score
                signals.append("shared words: " + ", ".join(shared))
            theme_score = score

            if context_text is not None and theme_score >= MIN_THEME_SCORE:
                in_context = [
                    written for written, stems in index.phrases if context_text.contains(stems)
                ]
                if in_context:
                    score += min(CONTEXT_CAP, CONTEXT_WEIGHT * len(in_context))
                    shown = ", ".join(f'"{p}"' for p in in_context[:4])
                    more = f" (+{len(in_context) - 4} more)" if len(in_context) > 4 else ""
                    signals.append(f"briefing context: {shown}{more}")

            if theme_score >= MIN_THEME_SCORE and score >= THRESHOLD:
                scored.append(Match(theme.id, round(score, 2), signals))

        scored.sort(key=lambda m: (-m.score, m.theme_id))
        if not scored:
            return []
        best = scored[0].score
        return [m for m in scored if m.score >= RELATIVE_CUTOFF * best][:MAX_MATCHES]


# --- loading --------------------------------------------------------------------------


def load_library(path: str | Path | None = None) -> Library:
    """The library in themes.yaml (or another file of the same shape). Cached per path."""
    return _load(str(Path(path) if path else THEMES_FILE))


@lru_cache(maxsize=4)
def _load(path: str) -> Library:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or "themes" not in data:
        raise LibraryError(f"{path}: expected a mapping with 'themes' and 'roles'")
    roles = tuple(_role(entry, path) for entry in data.get("roles") or ())
    role_names = {role.role for role in roles}
    themes = tuple(_theme(entry, path, role_names) for entry in data["themes"])
    ids = [theme.id for theme in themes]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise LibraryError(f"{path}: theme ids used twice: {', '.join(duplicates)}")
    return Library(themes, roles)


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise LibraryError(f"{where}: '{key}' must be non-empty text")
    return " ".join(value.split())


def _texts(entry: dict, key: str, where: str, required: bool = True) -> tuple[str, ...]:
    values = entry.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise LibraryError(f"{where}: '{key}' must be a list of text")
    if required and not values:
        raise LibraryError(f"{where}: '{key}' must not be empty")
    return tuple(" ".join(v.split()) for v in values)


def _role(entry: dict, path: str) -> Role:
    where = f"{path}: role {entry.get('role')!r}"
    return Role(
        role=_text(entry, "role", where),
        meets=_text(entry, "meets", where),
        action=_text(entry, "action", where),
        title=_text(entry, "title", where),
        agencies=_texts(entry, "agencies", where, required=False),
        adults=bool(entry.get("adults", False)),
    )


def _theme(entry: dict, path: str, role_names: set[str]) -> LibraryTheme:
    where = f"{path}: theme {entry.get('id')!r}"
    scope = _text(entry, "scope", where)
    if scope not in SCOPES:
        raise LibraryError(f"{where}: scope must be one of {', '.join(SCOPES)}")
    theme_id = _text(entry, "id", where)
    seeds = tuple(
        _seed(seed, f"{where}, seed {seed.get('id')!r}", role_names)
        for seed in entry.get("seeds") or ()
    )
    return LibraryTheme(
        id=theme_id,
        title=_text(entry, "title", where),
        description=_text(entry, "description", where),
        scope=scope,
        sources=_texts(entry, "sources", where, required=False),
        keywords=_texts(entry, "keywords", where),
        extra_keywords=_texts(entry, "extra_keywords", where, required=False),
        good=_texts(entry, "good", where),
        mistakes=_texts(entry, "mistakes", where),
        seeds=seeds,
    )


def _seed(entry: dict, where: str, role_names: set[str]) -> Seed:
    audience = _text(entry, "for", where)
    if audience not in AUDIENCES:
        raise LibraryError(f"{where}: 'for' must be children or adults")
    role = _text(entry, "role", where)
    if role_names and role not in role_names:
        raise LibraryError(f"{where}: role {role!r} is not one of the roles list")
    best = entry.get("best") or {}
    wrong = entry.get("wrong") or []
    age = entry.get("age")
    age_range = None
    if age is not None:
        try:
            age_range = AgeRange(
                parse_age(age["default"]), parse_age(age["min"]), parse_age(age["max"])
            )
        except (KeyError, TypeError, ValueError) as error:
            raise LibraryError(f"{where}: age needs default, min and max ({error})") from None
    scenario = _text(entry, "scenario", where)
    if "age}" in scenario and age_range is None:
        raise LibraryError(f"{where}: the scenario uses an age, so the seed needs 'age'")
    return Seed(
        id=_text(entry, "id", where),
        audience=audience,
        role=role,
        title=" ".join(entry["title"].split()) if entry.get("title") else None,
        setting=_text(entry, "setting", where),
        decision=_text(entry, "decision", where),
        scenario=scenario,
        prompt=_text(entry, "prompt", where),
        best=Action(_text(best, "text", where + " best"), _text(best, "feedback", where + " best")),
        wrong=tuple(
            Action(_text(w, "text", f"{where} wrong"), _text(w, "feedback", f"{where} wrong"))
            for w in wrong
        ),
        age=age_range,
    )
