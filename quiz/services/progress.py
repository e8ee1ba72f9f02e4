"""How far a person has got with each briefing on their home page, in two statements."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Answer, Attempt, AttemptQuestion, AttemptState


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int
    state: str

    @property
    def left(self) -> str:
        """What is left before the attempt counts as completed, in a few words."""
        if self.state == AttemptState.COMPLETED:
            return ""
        if self.state == AttemptState.SUBMITTED:
            return "reflection to write"
        if self.answered < self.total:
            remaining = self.total - self.answered
            return f"{remaining} question{'s' if remaining != 1 else ''} to answer"
        return "answers to submit"


def progress_of(attempts: list[Attempt | None]) -> dict[int, Progress]:
    """Progress by attempt id, for the attempts given (None ones skipped)."""
    ids = [a.id for a in attempts if a is not None]
    if not ids:
        return {}
    totals = dict(
        db.session.execute(
            select(AttemptQuestion.attempt_id, func.count())
            .where(AttemptQuestion.attempt_id.in_(ids))
            .group_by(AttemptQuestion.attempt_id)
        ).all()
    )
    answered = dict(
        db.session.execute(
            select(Answer.attempt_id, func.count())
            .where(Answer.attempt_id.in_(ids))
            .group_by(Answer.attempt_id)
        ).all()
    )
    return {
        a.id: Progress(answered.get(a.id, 0), totals.get(a.id, 0), a.state)
        for a in attempts
        if a is not None
    }
