"""Scoring: pure functions from what a question accepts and what was chosen to a result.

Single best answer and true/false score one point for the right option.
Multiple response is all-or-nothing: one point only when exactly the right
options are chosen, because half a safeguarding response is not a safe one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class QuestionScore:
    correct: bool
    points: int
    max_points: int = 1


@dataclass(frozen=True)
class ThemeScore:
    theme: str
    points: int
    max_points: int

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max_points) if self.max_points else 0


def score_question(
    correct_option_ids: Iterable[int], chosen_option_ids: Iterable[int]
) -> QuestionScore:
    correct = frozenset(correct_option_ids)
    chosen = frozenset(chosen_option_ids)
    if not correct:
        raise ValueError("A scored question needs at least one correct option")
    is_right = chosen == correct
    return QuestionScore(correct=is_right, points=1 if is_right else 0)


def score_by_theme(scored: Iterable[tuple[str, QuestionScore]]) -> list[ThemeScore]:
    """Totals per theme, in the order themes first appear."""
    totals: dict[str, list[int]] = {}
    for theme, score in scored:
        points, max_points = totals.setdefault(theme, [0, 0])
        totals[theme] = [points + score.points, max_points + score.max_points]
    return [ThemeScore(theme, p, m) for theme, (p, m) in totals.items()]


def percent(points: int, max_points: int) -> int:
    return round(100 * points / max_points) if max_points else 0
