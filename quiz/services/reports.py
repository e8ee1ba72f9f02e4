"""The practitioner's own statuses ("Your briefings").

Supervisors' and the partnership's reports read the completion table instead: see
quiz.services.completion, supervision, person_record, theme_picture and partnership.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import (
    Assignment,
    Attempt,
    AttemptState,
    Briefing,
    BriefingStatus,
    User,
)


class Status(enum.StrEnum):
    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    COMPLETED = "Completed"
    OVERDUE = "Overdue"


def status_of(attempt: Attempt | None, due_on: date, today: date) -> Status:
    if attempt is not None and attempt.state == AttemptState.COMPLETED:
        return Status.COMPLETED
    if today > due_on:
        return Status.OVERDUE
    if attempt is None:
        return Status.NOT_STARTED
    return Status.IN_PROGRESS


def _latest_attempts(
    user_ids: list[int], briefing_ids: list[int]
) -> dict[tuple[int, int], Attempt]:
    """The newest attempt per (person, briefing), in one query."""
    if not user_ids or not briefing_ids:
        return {}
    attempts = db.session.scalars(
        select(Attempt)
        .where(Attempt.user_id.in_(user_ids), Attempt.briefing_id.in_(briefing_ids))
        .order_by(Attempt.started_at, Attempt.id)
    )
    latest: dict[tuple[int, int], Attempt] = {}
    for attempt in attempts:
        latest[(attempt.user_id, attempt.briefing_id)] = attempt
    return latest


@dataclass(frozen=True)
class MyBriefingRow:
    briefing: Briefing
    due_on: date
    status: Status
    attempt: Attempt | None


def my_briefings(user: User, today: date) -> list[MyBriefingRow]:
    if user.team_id is None:
        return []
    assignments = db.session.execute(
        select(Assignment, Briefing)
        .join(Briefing, Assignment.briefing_id == Briefing.id)
        .where(Assignment.team_id == user.team_id, Briefing.status == BriefingStatus.PUBLISHED)
        .order_by(Assignment.due_on, Briefing.title)
    ).all()
    latest = _latest_attempts([user.id], [b.id for _, b in assignments])
    rows = []
    for assignment, briefing in assignments:
        attempt = latest.get((user.id, briefing.id))
        rows.append(
            MyBriefingRow(
                briefing, assignment.due_on, status_of(attempt, assignment.due_on, today), attempt
            )
        )
    return rows
