"""Assignments, attempts and what a practitioner gave during one."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
    text,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from quiz.extensions import db
from quiz.models.checks import is_one_of, one_of
from quiz.models.content import Briefing, Option, QuestionVersion, Theme
from quiz.models.people import Team, User, utcnow


class AttemptState(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    COMPLETED = "completed"


class ConfidenceStage(enum.StrEnum):
    """When a practitioner rates their confidence: before answering, and after the results."""

    BEFORE = "before"
    AFTER = "after"


class IllegalTransition(Exception):
    """An attempt was asked to move to a state it cannot reach from where it is."""


# The moves an attempt may make; anything else is refused.
TRANSITIONS = {
    AttemptState.IN_PROGRESS: {AttemptState.SUBMITTED},
    AttemptState.SUBMITTED: {AttemptState.COMPLETED},
    AttemptState.COMPLETED: set(),
}

OPEN_STATES = is_one_of("state", [AttemptState.IN_PROGRESS, AttemptState.SUBMITTED])


class Assignment(db.Model):
    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("briefing_id", "team_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    briefing_id: Mapped[int] = mapped_column(ForeignKey("briefings.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    due_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    briefing: Mapped[Briefing] = relationship()
    team: Mapped[Team] = relationship()


class Attempt(db.Model):
    __tablename__ = "attempts"
    __table_args__ = (
        one_of("state", AttemptState),
        # At most one open attempt per person and briefing, whatever the web tier does.
        Index(
            "uq_attempts_one_open",
            "user_id",
            "briefing_id",
            unique=True,
            sqlite_where=text(OPEN_STATES),
            postgresql_where=text(OPEN_STATES),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    briefing_id: Mapped[int] = mapped_column(ForeignKey("briefings.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(20), default=AttemptState.IN_PROGRESS)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    score: Mapped[int | None]
    max_score: Mapped[int | None]
    # A retake of only the themes below the pass mark: its score covers those themes only.
    themes_only: Mapped[bool] = mapped_column(default=False, server_default=text("false"))

    user: Mapped[User] = relationship()
    briefing: Mapped[Briefing] = relationship()
    questions: Mapped[list[AttemptQuestion]] = relationship(
        back_populates="attempt", order_by="AttemptQuestion.position", cascade="all, delete-orphan"
    )
    answers: Mapped[list[Answer]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan"
    )
    confidence: Mapped[list[ConfidenceRating]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan"
    )
    reflection: Mapped[Reflection | None] = relationship(
        back_populates="attempt", cascade="all, delete-orphan"
    )

    def move_to(self, new_state: AttemptState, at: datetime | None = None) -> None:
        current = AttemptState(self.state)
        if new_state not in TRANSITIONS[current]:
            raise IllegalTransition(f"An attempt that is {current} cannot become {new_state}")
        self.state = new_state
        when = at or utcnow()
        if new_state is AttemptState.SUBMITTED:
            self.submitted_at = when
        elif new_state is AttemptState.COMPLETED:
            self.completed_at = when


class AttemptQuestion(db.Model):
    """The question versions fixed for an attempt when it starts, in order."""

    __tablename__ = "attempt_questions"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position"),
        # Named by hand: the naming convention uses only the first column, and
        # PostgreSQL refuses two constraints with one name.
        UniqueConstraint(
            "attempt_id", "version_id", name="uq_attempt_questions_attempt_id_version_id"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    position: Mapped[int]
    version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    # A question brought back from a theme the person got wrong in an earlier briefing:
    # shown as such and scored apart from this briefing's score.
    from_earlier_briefing: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    # The earlier theme it refreshes (None once that briefing is deleted).
    refresh_of_theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("themes.id", ondelete="SET NULL")
    )
    attempt: Mapped[Attempt] = relationship(back_populates="questions")
    version: Mapped[QuestionVersion] = relationship()


# How many questions an attempt holds, counted in SQL ("Question 3 of 16" needs no list of
# them). A mapped expression, not a column: loaded when first read or when a query asks.
# The questions are fixed when the attempt starts, so saving an answer need not reload it.
Attempt.question_count = column_property(
    select(func.count(AttemptQuestion.id))
    .where(AttemptQuestion.attempt_id == Attempt.id)
    .correlate_except(AttemptQuestion)
    .scalar_subquery(),
    deferred=True,
    expire_on_flush=False,
)


class Answer(db.Model):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("attempt_id", "version_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    is_correct: Mapped[bool]
    answered_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    attempt: Mapped[Attempt] = relationship(back_populates="answers")
    version: Mapped[QuestionVersion] = relationship()
    choices: Mapped[list[AnswerChoice]] = relationship(
        back_populates="answer", cascade="all, delete-orphan"
    )

    @property
    def chosen_option_ids(self) -> frozenset[int]:
        return frozenset(c.option_id for c in self.choices)


class AnswerChoice(db.Model):
    __tablename__ = "answer_choices"
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True
    )
    option_id: Mapped[int] = mapped_column(ForeignKey("options.id"), primary_key=True)
    answer: Mapped[Answer] = relationship(back_populates="choices")
    option: Mapped[Option] = relationship()


class ConfidenceRating(db.Model):
    __tablename__ = "confidence_ratings"
    __table_args__ = (
        UniqueConstraint("attempt_id", "theme_id", "stage"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        one_of("stage", ConfidenceStage),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(10))
    rating: Mapped[int]
    attempt: Mapped[Attempt] = relationship(back_populates="confidence")
    theme: Mapped[Theme] = relationship()


class Reflection(db.Model):
    __tablename__ = "reflections"
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempt: Mapped[Attempt] = relationship(back_populates="reflection")
