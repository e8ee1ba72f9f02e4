"""Tagging a briefing's learning theme with the library themes it is about.

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

from quiz.briefings.context import CARE_HISTORY
from quiz.library.model import LibraryTheme, Profession
from quiz.library.words import COMPOUND_TERMS, content_stems, subject_stems

__all__ = ["Library", "Match"]

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

# Keyword phrases whose stems also match everyday words ("in care" is just "care" once
# "in" is dropped; "looked after both children" is minding them): each counts only where
# the text says it in the words of the pattern.
GUARDED_PHRASES = {
    "looked after": CARE_HISTORY,
    "in care": CARE_HISTORY,
    "looked after children": CARE_HISTORY,
    "looked-after child": CARE_HISTORY,
    "parents who were looked after": CARE_HISTORY,
}


def _said(written: str, raw_text: str) -> bool:
    pattern = GUARDED_PHRASES.get(written.lower())
    return pattern is None or re.search(pattern, raw_text, re.IGNORECASE) is not None


@dataclass(frozen=True)
class Match:
    """A library theme a briefing theme is about, how strongly, and why."""

    theme_id: str
    score: float
    signals: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Text:
    """A text as content stems in order, with the words of agency names marked."""

    stems: tuple[str, ...]
    in_compound: tuple[bool, ...]

    @classmethod
    def of(cls, text: str) -> _Text:
        stems = tuple(content_stems(text)) if text.strip() else ()
        marked = [False] * len(stems)
        for term in COMPOUND_TERMS:
            term_stems = content_stems(term)
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


@dataclass(frozen=True)
class _Index:
    phrases: tuple[tuple[str, tuple[str, ...]], ...]  # (as written, stems)
    vocabulary: frozenset[str]


class Library:
    """The library themes and professions, with matching of briefing themes to library themes."""

    def __init__(
        self, themes: tuple[LibraryTheme, ...], professions: tuple[Profession, ...]
    ) -> None:
        self.themes = themes
        self.professions = professions
        self._by_id = {theme.id: theme for theme in themes}
        self._professions = {p.name: p for p in professions}
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
            by_stems.setdefault(tuple(content_stems(phrase)), phrase)  # "challenge(d)" once
        phrases = tuple((phrase, stems) for stems, phrase in by_stems.items())
        vocabulary: set[str] = set()
        for phrase in theme.phrases:
            vocabulary.update(subject_stems(phrase))
        vocabulary.update(subject_stems(theme.description))
        vocabulary.update(subject_stems(theme.id.replace("-", " ")))
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

    def profession(self, name: str) -> Profession:
        return self._professions[name]

    def match(self, theme_text: str, context: str = "") -> list[Match]:
        """The library themes this briefing theme is about: at most 3, best first.

        theme_text is one learning theme as the briefing words it; context is the
        rest of the briefing (or any text around the theme), which only adds
        weight to themes the theme text already points to.
        """
        text = _Text.of(theme_text)
        context_text = _Text.of(context) if context else None
        text_words = subject_stems(theme_text)
        scored: list[Match] = []
        for theme in self.themes:
            index = self._index[theme.id]
            signals: list[str] = []
            found = []
            for written, stems in index.phrases:
                position = text.find(stems)
                if position is not None and _said(written, theme_text):
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
                    written
                    for written, stems in index.phrases
                    if context_text.contains(stems) and _said(written, context)
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
