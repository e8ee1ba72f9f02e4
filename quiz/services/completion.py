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
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, insert, literal, or_, select, update

from quiz.extensions import db
from quiz.models import Attempt, AttemptState, Completion
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


def track(attempt: Attempt, *, answered: int, questions: int) -> None:
    """Bring the completion row of attempt's person and briefing up to date with it.

    One UPDATE; an INSERT as well the first time. Called after the attempt is flushed.
    """
    now = utcnow()
    attempts_made = (
        select(func.count(Attempt.id))
        .where(Attempt.user_id == attempt.user_id, Attempt.briefing_id == attempt.briefing_id)
        .scalar_subquery()
    )
    values: dict = {
        "state": attempt.state,
        "latest_attempt_id": attempt.id,
        "answered": answered,
        "question_count": questions,
        "attempts": attempts_made,
        "last_activity_at": now,
    }
    if attempt.completed_at is not None:
        values["first_completed_at"] = func.coalesce(
            Completion.first_completed_at, attempt.completed_at
        )
    if attempt.score is not None and attempt.max_score:
        score, out_of = attempt.score, attempt.max_score
        # A better share than the best so far (compared without division: score/out_of).
        better = or_(
            Completion.best_max_score.is_(None),
            Completion.best_max_score == 0,
            Completion.best_score * out_of < score * Completion.best_max_score,
        )
        values |= {
            "latest_score": score,
            "latest_max_score": out_of,
            "best_score": case((better, score), else_=Completion.best_score),
            "best_max_score": case((better, out_of), else_=Completion.best_max_score),
        }
    changed = db.session.execute(
        update(Completion)
        .where(
            and_(
                Completion.user_id == attempt.user_id,
                Completion.briefing_id == attempt.briefing_id,
            )
        )
        .values(values)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount:
        return
    first = {
        **values,
        "user_id": attempt.user_id,
        "briefing_id": attempt.briefing_id,
        "first_completed_at": attempt.completed_at,
    }
    if "best_score" in first:
        first["best_score"], first["best_max_score"] = attempt.score, attempt.max_score
    db.session.execute(insert(Completion).values(first))
