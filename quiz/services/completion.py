"""The completion table: kept up to date as attempts change, and what its rows mean.

track() is the one writer. quiz.services.attempts calls it when an attempt starts, gains an
answer, is submitted and is completed, inside the same transaction, so a report never
disagrees with the attempts it summarises. progress_of() and progress_sql() are the one
rule for a row's status, in Python and in SQL.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Insert,
    Integer,
    Update,
    bindparam,
    case,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from quiz.extensions import db
from quiz.models import Answer, Attempt, AttemptQuestion, AttemptState, Completion
from quiz.models.people import utcnow


class Progress(enum.StrEnum):
    """What a person is doing about one assigned briefing, as a supervisor needs to know."""

    NOT_STARTED = "Not started"
    ANSWERING = "Answering"
    SUBMITTED = "Submitted, not reflected"
    COMPLETED = "Completed"
    OVERDUE = "Overdue"


# Overdue first: the order a supervisor chases people in.
URGENCY = {
    Progress.OVERDUE: 0,
    Progress.NOT_STARTED: 1,
    Progress.ANSWERING: 2,
    Progress.SUBMITTED: 3,
    Progress.COMPLETED: 4,
}


def progress_of(
    state: str | None, first_completed_at: datetime | None, due_on: date, today: date
) -> Progress:
    """A completion row's status on `today`; state None when they have not started."""
    if first_completed_at is not None:
        return Progress.COMPLETED
    if today > due_on:
        return Progress.OVERDUE
    if state is None:
        return Progress.NOT_STARTED
    if state == AttemptState.IN_PROGRESS:
        return Progress.ANSWERING
    return Progress.SUBMITTED


def progress_sql(due_on: ColumnElement, today: date) -> ColumnElement:
    """progress_of() in SQL, over completions outer-joined to an assignment's due date."""
    return case(
        (Completion.first_completed_at.is_not(None), literal(Progress.COMPLETED.value)),
        (due_on < today, literal(Progress.OVERDUE.value)),
        (Completion.state.is_(None), literal(Progress.NOT_STARTED.value)),
        (Completion.state == AttemptState.IN_PROGRESS, literal(Progress.ANSWERING.value)),
        else_=literal(Progress.SUBMITTED.value),
    )


@dataclass(frozen=True)
class Standing:
    """A status with how far they got: "Answering (5 of 8 answered)"."""

    progress: Progress
    state: str | None = None
    answered: int = 0
    question_count: int = 0

    @property
    def detail(self) -> str:
        if self.progress is Progress.COMPLETED or self.state is None:
            return ""
        if self.state == AttemptState.IN_PROGRESS:
            return f"{self.answered} of {self.question_count} answered"
        if self.progress is Progress.OVERDUE:
            return "submitted, not reflected"
        return ""

    @property
    def label(self) -> str:
        return f"{self.progress.value} ({self.detail})" if self.detail else self.progress.value


def standing_of(row: Completion | Any | None, due_on: date, today: date) -> Standing:
    if row is None or row.state is None:
        return Standing(progress_of(None, None, due_on, today))
    return Standing(
        progress_of(row.state, row.first_completed_at, due_on, today),
        row.state,
        row.answered,
        row.question_count,
    )


def track(attempt: Attempt, *, started: bool = False) -> None:
    """Bring the completion row of attempt's person and briefing up to date with it, its
    answers and questions counted by the database.

    One UPDATE, and an INSERT as well the first time; for an attempt just started (started),
    one INSERT that updates the row instead when there is one. Called after the attempt is
    written.
    """
    completed, scored = (
        attempt.completed_at is not None,
        bool(attempt.score is not None and attempt.max_score),
    )
    values = {
        "person": attempt.user_id,
        "of_briefing": attempt.briefing_id,
        "attempt": attempt.id,
        "new_state": attempt.state,
        "now": utcnow(),
        "completed": attempt.completed_at,
        "score": attempt.score,
        "out_of": attempt.max_score,
    }
    if started:
        db.session.execute(_upsert(db.session.get_bind().dialect.name), values)
        return
    update_row, insert_row = _statements(completed, scored)
    if db.session.execute(update_row, values).rowcount:
        return
    db.session.execute(insert_row, values)


_row = Completion.__table__


@cache
def _statements(completed: bool, scored: bool) -> tuple[Update, Insert]:
    """The UPDATE and the INSERT track() runs, built once for each kind of attempt: for one
    not completed, completed, scored or not (building one costs more than running it)."""
    values, first = _values(completed, scored)
    person, briefing = first["user_id"], first["briefing_id"]
    update_row = (
        update(_row).where(_row.c.user_id == person, _row.c.briefing_id == briefing).values(values)
    )
    return update_row, insert(_row).values(first)


@cache
def _upsert(dialect_name: str) -> Insert:
    """The row for a newly started attempt in one statement, whether there is one (from an
    earlier attempt) or not (a first attempt's: an UPDATE first would find nothing)."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    values, first = _values(completed=False, scored=False)
    upsert = dialect.insert(_row).values(first)
    return upsert.on_conflict_do_update(
        index_elements=[_row.c.user_id, _row.c.briefing_id],
        set_={name: upsert.excluded[name] for name in values},
    )


def _values(completed: bool, scored: bool) -> tuple[dict, dict]:
    """What an UPDATE sets and what an INSERT gives, by column name."""
    attempts, answers, questions = Attempt.__table__, Answer.__table__, AttemptQuestion.__table__
    person, briefing, attempt = bindparam("person"), bindparam("of_briefing"), bindparam("attempt")
    completed_at = bindparam("completed", type_=_row.c.first_completed_at.type)
    score, out_of = bindparam("score", type_=Integer), bindparam("out_of", type_=Integer)
    values: dict = {
        "state": bindparam("new_state", type_=_row.c.state.type),
        "latest_attempt_id": attempt,
        "answered": select(func.count()).where(answers.c.attempt_id == attempt).scalar_subquery(),
        "question_count": select(func.count())
        .where(questions.c.attempt_id == attempt)
        .scalar_subquery(),
        "attempts": select(func.count())
        .where(attempts.c.user_id == person, attempts.c.briefing_id == briefing)
        .scalar_subquery(),
        "last_activity_at": bindparam("now", type_=_row.c.last_activity_at.type),
    }
    first = {
        **values,
        "user_id": person,
        "briefing_id": briefing,
        "first_completed_at": completed_at,
    }
    if completed:
        values["first_completed_at"] = func.coalesce(_row.c.first_completed_at, completed_at)
    if scored:
        # A better share than the best so far (compared without division: score/out_of).
        better = or_(
            _row.c.best_max_score.is_(None),
            _row.c.best_max_score == 0,
            _row.c.best_score * out_of < score * _row.c.best_max_score,
        )
        latest = {"latest_score": score, "latest_max_score": out_of}
        values |= latest | {
            "best_score": case((better, score), else_=_row.c.best_score),
            "best_max_score": case((better, out_of), else_=_row.c.best_max_score),
        }
        first |= latest | {"best_score": score, "best_max_score": out_of}
    return values, first
