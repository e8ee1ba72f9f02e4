"""Which questions an attempt asks: a few per theme, fitted to the person, and a refresh.

Pure: no Flask, no database; quiz/services/drawing.py gathers the inputs. An attempt asks
``per_theme`` questions for each theme, chosen in this order of preference:

1. questions the person has not been asked before (a retake meets new ones first);
2. questions written for their profession by name, then by another name for it, then for
   a related profession, then any (quiz.professions.nearness);
3. a shuffle seeded by the attempt, so the same person and attempt always get the same
   draw, and two people of one profession do not all get the same questions.

Refresh (spaced practice): themes a person got wrong in earlier briefings come back, up
to ``REFRESH_LIMIT`` questions, weakest theme first and, between equally weak, the
oldest; a theme is no longer weak once a refresh question on it was answered right.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from quiz.professions import Profession, nearness

REFRESH_LIMIT = 2
# Reading speed for scenario questions (careful reading, not skimming), and the minutes the
# confidence ratings before and after and a short reflection take.
WORDS_PER_MINUTE = 180
MINUTES_AROUND_THE_QUESTIONS = 3


@dataclass(frozen=True)
class Candidate:
    """A published question that may be drawn: its current version and what it says."""

    question_id: int
    version_id: int
    theme_id: int
    role: str
    words: int = 0


@dataclass(frozen=True)
class Drawn:
    """A question drawn for an attempt; refresh_of is the earlier theme it brings back."""

    candidate: Candidate
    refresh_of: int | None = None

    @property
    def from_earlier_briefing(self) -> bool:
        return self.refresh_of is not None


def _ranked(
    pool: Iterable[Candidate], profession: Profession | str | None, seen: set[int], rng
) -> list[Candidate]:
    # The shuffle key is drawn for every question in a fixed order (by question id), so
    # the draw depends only on the seed and the inputs, not on the order they came in.
    ordered = sorted(pool, key=lambda c: c.question_id)
    shuffle = {c.question_id: rng.random() for c in ordered}
    return sorted(
        ordered,
        key=lambda c: (c.question_id in seen, nearness(c.role, profession), shuffle[c.question_id]),
    )


def draw(
    candidates: Sequence[Candidate],
    theme_ids: Sequence[int],
    per_theme: int,
    profession: Profession | str | None,
    seen: set[int] = frozenset(),
    seed: str = "",
) -> list[Candidate]:
    """Up to per_theme questions for each theme, themes in the order given; within a
    theme, in the order the candidates came (the bank's order), so a quiz reads as written."""
    rng = random.Random(seed)
    order = {c.question_id: i for i, c in enumerate(candidates)}
    chosen: list[Candidate] = []
    for theme_id in theme_ids:
        pool = [c for c in candidates if c.theme_id == theme_id]
        picked = _ranked(pool, profession, seen, rng)[: max(per_theme, 0)]
        chosen += sorted(picked, key=lambda c: order[c.question_id])
    return chosen


@dataclass(frozen=True)
class ThemeOutcome:
    """How a person did on one theme of an earlier briefing in one attempt."""

    theme_id: int
    right: int
    asked: int
    at: datetime
    pass_mark_percent: int

    @property
    def passed(self) -> bool:
        return passes(self.right, self.asked, self.pass_mark_percent)


@dataclass(frozen=True)
class RefreshAnswer:
    """A refresh question answered: which earlier theme it brought back, right or not."""

    theme_id: int
    correct: bool
    at: datetime


def passes(right: int, asked: int, pass_mark_percent: int) -> bool:
    """At least pass_mark_percent of the theme's questions right; nothing asked passes."""
    return asked == 0 or right * 100 >= pass_mark_percent * asked


def weak_themes(outcomes: Iterable[ThemeOutcome], refreshed: Iterable[RefreshAnswer]) -> list[int]:
    """Earlier themes below their pass mark at their latest attempt, weakest first, then
    oldest; a theme a refresh question answered right since then is left out."""
    latest: dict[int, ThemeOutcome] = {}
    for outcome in outcomes:
        if outcome.theme_id not in latest or outcome.at >= latest[outcome.theme_id].at:
            latest[outcome.theme_id] = outcome
    mended = {r.theme_id: r.at for r in refreshed if r.correct}
    weak = [
        o
        for o in latest.values()
        if not o.passed and not (o.theme_id in mended and mended[o.theme_id] >= o.at)
    ]
    weak.sort(key=lambda o: (o.right / o.asked if o.asked else 1, o.at, o.theme_id))
    return [o.theme_id for o in weak]


def draw_refresh(
    weak: Sequence[int],
    candidates_by_theme: dict[int, Sequence[Candidate]],
    profession: Profession | str | None,
    seen: set[int] = frozenset(),
    seed: str = "",
    limit: int = REFRESH_LIMIT,
) -> list[Drawn]:
    """Up to limit questions bringing back weak earlier themes: one from each theme in
    turn (weakest first), then round again while the limit allows."""
    rng = random.Random(f"refresh/{seed}")
    queues = {
        theme_id: _ranked(candidates_by_theme.get(theme_id, ()), profession, seen, rng)
        for theme_id in weak
    }
    taken: set[int] = set()
    drawn: list[Drawn] = []
    while len(drawn) < limit:
        added = False
        for theme_id in weak:
            queue = queues[theme_id]
            while queue and queue[0].question_id in taken:
                queue.pop(0)
            if queue and len(drawn) < limit:
                candidate = queue.pop(0)
                taken.add(candidate.question_id)
                drawn.append(Drawn(candidate, refresh_of=theme_id))
                added = True
        if not added:
            break
    return drawn


def word_count(*texts: str) -> int:
    return sum(len(re.findall(r"\S+", text)) for text in texts)


def estimated_minutes(words: int) -> int:
    """Minutes to read and answer questions of this many words, with the ratings and the
    reflection around them, rounded up."""
    return math.ceil(words / WORDS_PER_MINUTE) + MINUTES_AROUND_THE_QUESTIONS
