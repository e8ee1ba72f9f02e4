"""Rows for every report. Pages and CSV downloads render the same rows."""

from __future__ import annotations

import csv
import enum
import io
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Assignment, Attempt, AttemptState, Briefing, BriefingStatus, Team, User
from quiz.scoring import percent


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


@dataclass(frozen=True)
class TeamReportRow:
    team: str
    briefing: str
    due_on: date
    name: str
    email: str
    status: Status
    score: int | None
    max_score: int | None
    completed_on: date | None
    overdue: bool

    @property
    def score_percent(self) -> int | None:
        return percent(self.score, self.max_score) if self.max_score else None


@dataclass(frozen=True)
class BriefingReport:
    briefing: Briefing
    due_on: date
    rows: list[TeamReportRow]

    @property
    def completed(self) -> int:
        return sum(1 for r in self.rows if r.status is Status.COMPLETED)

    @property
    def completion_percent(self) -> int:
        return percent(self.completed, len(self.rows))


def team_report(team: Team, today: date) -> list[BriefingReport]:
    members = list(
        db.session.scalars(
            select(User).where(User.team_id == team.id, User.active.is_(True)).order_by(User.name)
        )
    )
    assignments = db.session.execute(
        select(Assignment, Briefing)
        .join(Briefing, Assignment.briefing_id == Briefing.id)
        .where(Assignment.team_id == team.id)
        .order_by(Assignment.due_on, Briefing.title)
    ).all()
    latest = _latest_attempts([m.id for m in members], [b.id for _, b in assignments])
    reports = []
    for assignment, briefing in assignments:
        rows = []
        for member in members:
            attempt = latest.get((member.id, briefing.id))
            status = status_of(attempt, assignment.due_on, today)
            finished = attempt is not None and attempt.state == AttemptState.COMPLETED
            submitted = attempt is not None and attempt.state != AttemptState.IN_PROGRESS
            rows.append(
                TeamReportRow(
                    team=team.name,
                    briefing=briefing.title,
                    due_on=assignment.due_on,
                    name=member.name,
                    email=member.email,
                    status=status,
                    score=attempt.score if submitted else None,
                    max_score=attempt.max_score if submitted else None,
                    completed_on=_day(attempt.completed_at) if finished else None,
                    overdue=status is Status.OVERDUE,
                )
            )
        reports.append(BriefingReport(briefing, assignment.due_on, rows))
    return reports


def _day(moment: datetime | None) -> date | None:
    return moment.date() if moment else None


CSV_HEADER = [
    "Team",
    "Briefing",
    "Due",
    "Name",
    "Email",
    "Status",
    "Score",
    "Out of",
    "Score %",
    "Completed on",
    "Overdue",
]


def _safe_cell(value: object) -> str:
    """Text a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def team_report_csv(reports: list[BriefingReport]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for report in reports:
        for r in report.rows:
            writer.writerow(
                [
                    _safe_cell(v)
                    for v in (
                        r.team,
                        r.briefing,
                        r.due_on.isoformat(),
                        r.name,
                        r.email,
                        r.status.value,
                        r.score,
                        r.max_score,
                        r.score_percent,
                        r.completed_on.isoformat() if r.completed_on else "",
                        "yes" if r.overdue else "no",
                    )
                ]
            )
    return out.getvalue()
