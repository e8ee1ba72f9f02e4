"""Rows for every report. Pages and CSV downloads render the same rows."""

from __future__ import annotations

import csv
import enum
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import case, func, select

from quiz.extensions import db
from quiz.models import (
    Agency,
    Answer,
    Assignment,
    Attempt,
    AttemptState,
    Briefing,
    BriefingStatus,
    ConfidenceRating,
    ConfidenceStage,
    Question,
    QuestionVersion,
    Reflection,
    Team,
    Theme,
    User,
    VoidedVersion,
)
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
class ThemeInsight:
    """How a team did on one learning theme: right answers and confidence before and after."""

    position: int
    theme: str
    right: int
    answered: int
    confidence_before: float | None
    confidence_after: float | None

    @property
    def percent_right(self) -> int | None:
        return percent(self.right, self.answered) if self.answered else None


@dataclass(frozen=True)
class ReflectionRow:
    name: str
    written_on: date
    text: str


@dataclass(frozen=True)
class BriefingReport:
    briefing: Briefing
    due_on: date
    rows: list[TeamReportRow]
    themes: list[ThemeInsight] = field(default_factory=list)
    reflections: list[ReflectionRow] = field(default_factory=list)

    @property
    def hardest(self) -> list[ThemeInsight]:
        """Themes with answers, weakest first."""
        scored = [t for t in self.themes if t.answered]
        return sorted(scored, key=lambda t: (t.right / t.answered, t.position))

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
        member_ids = [m.id for m in members]
        reports.append(
            BriefingReport(
                briefing,
                assignment.due_on,
                rows,
                themes=_theme_insights(briefing.id, member_ids),
                reflections=_reflections(briefing.id, member_ids),
            )
        )
    return reports


_SUBMITTED = (AttemptState.SUBMITTED, AttemptState.COMPLETED)


def _theme_insights(briefing_id: int, member_ids: list[int]) -> list[ThemeInsight]:
    """Right answers and average confidence per theme for these people, in two queries."""
    scores = {
        theme_id: (right or 0, answered)
        for theme_id, right, answered in db.session.execute(
            select(
                Question.theme_id,
                func.sum(case((Answer.is_correct, 1), else_=0)),
                func.count(Answer.id),
            )
            .select_from(Attempt)
            .join(Answer, Answer.attempt_id == Attempt.id)
            .join(QuestionVersion, Answer.version_id == QuestionVersion.id)
            .join(Question, QuestionVersion.question_id == Question.id)
            .outerjoin(VoidedVersion, VoidedVersion.version_id == QuestionVersion.id)
            .where(
                Attempt.briefing_id == briefing_id,
                Attempt.user_id.in_(member_ids),
                Attempt.state.in_(_SUBMITTED),
                VoidedVersion.version_id.is_(None),
            )
            .group_by(Question.theme_id)
        )
    }
    confidence: dict[tuple[int, str], float] = {
        (theme_id, stage): float(average)
        for theme_id, stage, average in db.session.execute(
            select(
                ConfidenceRating.theme_id,
                ConfidenceRating.stage,
                func.avg(ConfidenceRating.rating),
            )
            .join(Attempt, ConfidenceRating.attempt_id == Attempt.id)
            .where(Attempt.briefing_id == briefing_id, Attempt.user_id.in_(member_ids))
            .group_by(ConfidenceRating.theme_id, ConfidenceRating.stage)
        )
    }
    themes = db.session.scalars(
        select(Theme).where(Theme.briefing_id == briefing_id).order_by(Theme.position)
    )
    return [
        ThemeInsight(
            theme.position,
            theme.text,
            *scores.get(theme.id, (0, 0)),
            confidence.get((theme.id, ConfidenceStage.BEFORE)),
            confidence.get((theme.id, ConfidenceStage.AFTER)),
        )
        for theme in themes
    ]


def _reflections(briefing_id: int, member_ids: list[int]) -> list[ReflectionRow]:
    rows = db.session.execute(
        select(User.name, Reflection.created_at, Reflection.text)
        .join(Attempt, Reflection.attempt_id == Attempt.id)
        .join(User, Attempt.user_id == User.id)
        .where(Attempt.briefing_id == briefing_id, Attempt.user_id.in_(member_ids))
        .order_by(Reflection.created_at.desc())
    )
    return [ReflectionRow(name, written.date(), text) for name, written, text in rows]


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


@dataclass(frozen=True)
class PartnershipRow:
    agency: str
    team_id: int
    team: str
    briefing: str
    due_on: date
    members: int
    completed: int
    overdue: int

    @property
    def completion_percent(self) -> int:
        return percent(self.completed, self.members)


def partnership_completion(today: date) -> list[PartnershipRow]:
    """Completion of every assignment, by agency and team, in two queries."""
    members = dict(
        db.session.execute(
            select(User.team_id, func.count(User.id))
            .where(User.active.is_(True), User.team_id.is_not(None))
            .group_by(User.team_id)
        ).all()
    )
    completed = dict(
        (((team_id, briefing_id), count))
        for team_id, briefing_id, count in db.session.execute(
            select(User.team_id, Attempt.briefing_id, func.count(func.distinct(Attempt.user_id)))
            .join(User, Attempt.user_id == User.id)
            .where(Attempt.state == AttemptState.COMPLETED, User.active.is_(True))
            .group_by(User.team_id, Attempt.briefing_id)
        )
    )
    rows = db.session.execute(
        select(Agency.name, Team.id, Team.name, Briefing.id, Briefing.title, Assignment.due_on)
        .join(Team, Assignment.team_id == Team.id)
        .join(Agency, Team.agency_id == Agency.id)
        .join(Briefing, Assignment.briefing_id == Briefing.id)
        .order_by(Agency.name, Team.name, Assignment.due_on)
    )
    result = []
    for agency, team_id, team, briefing_id, title, due_on in rows:
        size = members.get(team_id, 0)
        done = completed.get((team_id, briefing_id), 0)
        result.append(
            PartnershipRow(
                agency,
                team_id,
                team,
                title,
                due_on,
                size,
                done,
                overdue=(size - done) if today > due_on else 0,
            )
        )
    return result
