"""An attempt's result: every question with the answer given, its score, and totals per
theme (the result page, check answers' scoring, the completion record)."""

from __future__ import annotations

from dataclasses import dataclass

from quiz.draw import passes
from quiz.models import Attempt, QuestionVersion
from quiz.scoring import QuestionScore, score_question


@dataclass(frozen=True)
class AnsweredQuestion:
    position: int
    version: QuestionVersion
    theme: str
    chosen_ids: frozenset[int]
    score: QuestionScore
    theme_id: int = 0
    # Brought back from a theme got wrong in an earlier briefing: scored apart.
    from_earlier_briefing: bool = False


@dataclass(frozen=True)
class ThemeResult:
    """How the person did on one of this briefing's themes in this attempt."""

    theme_id: int
    position: int
    theme: str
    points: int
    max_points: int
    pass_mark_percent: int

    @property
    def passed(self) -> bool:
        return passes(self.points, self.max_points, self.pass_mark_percent)

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max_points) if self.max_points else 0


@dataclass(frozen=True)
class AttemptResult:
    questions: list[AnsweredQuestion]
    themes: list[ThemeResult]

    @property
    def own(self) -> list[AnsweredQuestion]:
        """This briefing's questions, the ones its score counts."""
        return [q for q in self.questions if not q.from_earlier_briefing]

    @property
    def refresh(self) -> list[AnsweredQuestion]:
        return [q for q in self.questions if q.from_earlier_briefing]

    @property
    def points(self) -> int:
        return sum(q.score.points for q in self.own)

    @property
    def max_points(self) -> int:
        return sum(q.score.max_points for q in self.own)

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max_points) if self.max_points else 0

    @property
    def below_pass_mark(self) -> list[ThemeResult]:
        return [t for t in self.themes if not t.passed]


def result_of(attempt: Attempt) -> AttemptResult:
    answered = {a.version_id: a for a in attempt.answers}
    rows = []
    for item in attempt.questions:
        answer = answered.get(item.version_id)
        chosen = answer.chosen_option_ids if answer else frozenset()
        score = (
            score_question(item.version.correct_option_ids, chosen)
            if chosen
            else QuestionScore(correct=False, points=0)
        )
        if item.version.is_void:
            # Withdrawn by a trainer: shown with its feedback, but not counted either way.
            score = QuestionScore(correct=score.correct, points=0, max_points=0)
        theme = item.version.question.theme
        rows.append(
            AnsweredQuestion(
                item.position,
                item.version,
                theme.text,
                chosen,
                score,
                theme.id,
                item.from_earlier_briefing,
            )
        )
    return AttemptResult(rows, _theme_results(attempt, rows))


def _theme_results(attempt: Attempt, rows: list[AnsweredQuestion]) -> list[ThemeResult]:
    """Totals per theme of this briefing, in the briefing's theme order; themes the attempt
    did not ask (a retake of weak themes) are left out."""
    totals: dict[int, list] = {}
    for row in rows:
        if row.from_earlier_briefing:
            continue
        theme = row.version.question.theme
        entry = totals.setdefault(theme.id, [theme, 0, 0])
        entry[1] += row.score.points
        entry[2] += row.score.max_points
    mark = attempt.briefing.pass_mark_percent
    ordered = sorted(totals.values(), key=lambda e: e[0].position)
    return [ThemeResult(t.id, t.position, t.text, p, m, mark) for t, p, m in ordered]
