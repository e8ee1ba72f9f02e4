"""A question version as the practitioner's pages show it, read as plain rows.

A question page and its answer (one_question) and check answers, the result and the
completion record (results) read the few columns they show in one statement instead of
loading versions, options and themes as objects, several times cheaper. The classes are
named as the models name their attributes, so templates and the answer form read either;
asked_with_options is the join both statements read them from.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_

from quiz.models import (
    Answer,
    AnswerChoice,
    AttemptQuestion,
    Option,
    Question,
    QuestionVersion,
    Theme,
)


@dataclass(frozen=True)
class ShownBriefing:
    title: str


@dataclass(frozen=True)
class ShownTheme:
    id: int
    text: str
    position: int
    # The briefing a refresh question comes back from, named on the question page only.
    briefing: ShownBriefing | None = None


@dataclass(frozen=True)
class ShownQuestion:
    theme: ShownTheme


@dataclass(frozen=True)
class ShownOption:
    id: int
    text: str
    is_correct: bool
    # Shown once the answers are in; a question page does not read it.
    feedback: str | None = None


@dataclass(frozen=True)
class ShownVersion:
    id: int
    kind: str
    role: str
    scenario: str
    prompt: str
    options: tuple[ShownOption, ...]
    question: ShownQuestion
    # Withdrawn by a trainer: shown in results, not counted. A question page does not read it.
    is_void: bool | None = None

    @property
    def correct_option_ids(self) -> frozenset[int]:
        return frozenset(o.id for o in self.options if o.is_correct)


aq, qv, q, theme, option, answer, choice = (
    m.__table__
    for m in (AttemptQuestion, QuestionVersion, Question, Theme, Option, Answer, AnswerChoice)
)


def asked_with_options():
    """An attempt's questions with their version, theme and options, a row per option, with
    the answer given so far and whether it chose that option (None before it is answered)."""
    return (
        aq.join(qv, qv.c.id == aq.c.version_id)
        .join(q, q.c.id == qv.c.question_id)
        .join(theme, theme.c.id == q.c.theme_id)
        .join(option, option.c.version_id == qv.c.id)
        .outerjoin(
            answer,
            and_(answer.c.attempt_id == aq.c.attempt_id, answer.c.version_id == aq.c.version_id),
        )
        .outerjoin(
            choice,
            and_(choice.c.answer_id == answer.c.id, choice.c.option_id == option.c.id),
        )
    )
