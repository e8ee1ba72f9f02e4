"""An attempt's result: every question with the answer given, its score, and totals per
theme (the result page, check answers' scoring, the completion record).

Two ways in, one scoring: result_of reads an attempt whose questions and answers are loaded
(the records of many attempts, which load them together); attempt_result reads one attempt's
in one statement as plain rows (the practitioner's pages), several times cheaper than
loading its questions, options, themes and answers as objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, select

from quiz.draw import passes
from quiz.extensions import db
from quiz.models import (
    Attempt,
    QuestionVersion,
    VoidedVersion,
)
from quiz.scoring import QuestionScore, score_question
from quiz.services.shown import (
    ShownOption,
    ShownQuestion,
    ShownTheme,
    ShownVersion,
    aq,
    asked_with_options,
    choice,
    option,
    qv,
)
from quiz.services.shown import answer as answer_t
from quiz.services.shown import theme as theme_t


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
    answered_at: datetime | None = None  # None: not answered


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
    def first_unanswered(self) -> int | None:
        """The position of the first question not answered yet, or None."""
        return next((q.position for q in self.questions if q.answered_at is None), None)

    @property
    def below_pass_mark(self) -> list[ThemeResult]:
        return [t for t in self.themes if not t.passed]


def result_of(attempt: Attempt) -> AttemptResult:
    """The result of an attempt whose questions and answers are loaded (or loaded now)."""
    answered = {a.version_id: a for a in attempt.answers}
    rows = []
    for item in attempt.questions:
        answer = answered.get(item.version_id)
        chosen, at = (
            (answer.chosen_option_ids, answer.answered_at) if answer else (frozenset(), None)
        )
        rows.append(_answered(item.position, item.version, chosen, item.from_earlier_briefing, at))
    return AttemptResult(rows, _theme_results(attempt.briefing.pass_mark_percent, rows))


def _answered(
    position: int, version, chosen: frozenset[int], earlier: bool, answered_at: datetime | None
) -> AnsweredQuestion:
    score = (
        score_question(version.correct_option_ids, chosen)
        if chosen
        else QuestionScore(correct=False, points=0)
    )
    if version.is_void:
        # Withdrawn by a trainer: shown with its feedback, but not counted either way.
        score = QuestionScore(correct=score.correct, points=0, max_points=0)
    theme = version.question.theme
    return AnsweredQuestion(
        position, version, theme.text, chosen, score, theme.id, earlier, answered_at
    )


# One attempt's result as plain rows -------------------------------------------------------

void = VoidedVersion.__table__


@cache
def _statement():
    # A row per option of every question, with whether the answer chose it.
    return (
        select(
            aq.c.position,
            aq.c.from_earlier_briefing,
            qv.c.id,
            qv.c.kind,
            qv.c.role,
            qv.c.scenario,
            qv.c.prompt,
            void.c.version_id,
            theme_t.c.id,
            theme_t.c.text,
            theme_t.c.position,
            option.c.id,
            option.c.text,
            option.c.is_correct,
            option.c.feedback,
            choice.c.option_id,
            answer_t.c.answered_at,
        )
        .select_from(asked_with_options().outerjoin(void, void.c.version_id == qv.c.id))
        .where(aq.c.attempt_id == bindparam("attempt_id"))
        .order_by(aq.c.position, option.c.position)
    )


def attempt_result(attempt: Attempt) -> AttemptResult:
    """The attempt's result in one statement, as plain rows."""
    by_position: dict[int, list] = {}
    for row in db.session.execute(_statement(), {"attempt_id": attempt.id}):
        by_position.setdefault(row[0], []).append(row)
    answered = []
    for position, rows in by_position.items():
        (_, earlier, version_id, kind, role, scenario, prompt, voided) = rows[0][:8]
        theme = ShownTheme(rows[0][8], rows[0][9], rows[0][10])
        version = ShownVersion(
            version_id,
            kind,
            role,
            scenario,
            prompt,
            tuple(ShownOption(r[11], r[12], r[13], r[14]) for r in rows),
            ShownQuestion(theme),
            is_void=voided is not None,
        )
        chosen = frozenset(r[15] for r in rows if r[15] is not None)
        answered.append(_answered(position, version, chosen, earlier, rows[0][16]))
    return AttemptResult(answered, _theme_results(attempt.briefing.pass_mark_percent, answered))


def _theme_results(mark: int, rows: list[AnsweredQuestion]) -> list[ThemeResult]:
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
    ordered = sorted(totals.values(), key=lambda e: e[0].position)
    return [ThemeResult(t.id, t.position, t.text, p, m, mark) for t, p, m in ordered]
