"""The partnership's annual report for its board: over a period (a financial year, April to
March, unless the trainer chooses other dates), who the learning reached, how they scored
on each theme, how their confidence changed, and the team meetings held with the actions
agreed.

Five grouped statements whatever the size of the partnership: two for reach, one each for
learning, confidence and meetings. Reach counts today's active members of each team, as
every completion report does (past membership is not kept). A briefing counts for a team
in the period when it was assigned by the period's end and due on or after its start.
Scores and confidence count every attempt submitted (or completed) in the period,
leavers included: they did the learning. A theme's figures are hidden when fewer than
MIN_PEOPLE people gave them, as on the team's theme page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, and_, case, func, select

from quiz.extensions import db
from quiz.models import (
    Agency,
    Assignment,
    Attempt,
    AttemptState,
    Briefing,
    Completion,
    MeetingAction,
    MeetingLog,
    Team,
    Theme,
    ThemeTotal,
    User,
    meeting_log_attendees,
)
from quiz.scoring import percent
from quiz.services.theme_picture import MIN_PEOPLE

FINANCIAL_YEAR_STARTS = 4  # April


@dataclass(frozen=True)
class Period:
    """From start to end, both days included."""

    start: date
    end: date

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.start, time.min)

    @property
    def ends_before(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time.min)

    def holds(self, moment):
        """A SQL condition: the datetime column moment falls within the period."""
        return and_(moment >= self.starts_at, moment < self.ends_before)


def financial_year(today: date) -> Period:
    """The financial year (April to March) that today falls in."""
    first = today.year if today.month >= FINANCIAL_YEAR_STARTS else today.year - 1
    return Period(date(first, FINANCIAL_YEAR_STARTS, 1), date(first + 1, 3, 31))


def year_before(period: Period) -> Period:
    """The same days a year earlier (29 February becomes the 28th)."""
    return Period(_years_earlier(period.start), _years_earlier(period.end))


def _years_earlier(day: date) -> date:
    if (day.month, day.day) == (2, 29):
        day = day.replace(day=28)
    return day.replace(year=day.year - 1)


@dataclass(frozen=True)
class ReachRow:
    agency: str
    briefing: str
    teams_assigned: int
    teams_reached: int  # teams where at least one person completed in the period
    people_assigned: int
    people_completed: int  # people whose first completion fell within the period

    @property
    def completion_percent(self) -> int:
        return percent(self.people_completed, self.people_assigned)


@dataclass(frozen=True)
class LearningRow:
    briefing: str
    position: int
    theme: str
    answers: int
    right: int
    people: int

    @property
    def hidden(self) -> bool:
        return self.people < MIN_PEOPLE

    @property
    def right_percent(self) -> int | None:
        return None if self.hidden else percent(self.right, self.answers)


@dataclass(frozen=True)
class ConfidenceRow:
    """Mean confidence (1 to 5) on a theme before answering and after finishing."""

    briefing: str
    position: int
    theme: str
    before: float | None
    after: float | None
    people: int

    @property
    def hidden(self) -> bool:
        return self.people < MIN_PEOPLE

    @property
    def shown_before(self) -> float | None:
        return None if self.hidden or self.before is None else round(self.before, 1)

    @property
    def shown_after(self) -> float | None:
        return None if self.hidden or self.after is None else round(self.after, 1)

    @property
    def change(self) -> float | None:
        if self.shown_before is None or self.shown_after is None:
            return None
        return round(self.after - self.before, 1)


@dataclass(frozen=True)
class MeetingRow:
    agency: str
    team: str
    briefing: str
    meetings: int
    attendances: int  # each person at each meeting
    actions: int
    actions_owned_and_dated: int


@dataclass(frozen=True)
class AnnualReport:
    period: Period
    reach: list[ReachRow]
    learning: list[LearningRow]
    confidence: list[ConfidenceRow]
    meetings: list[MeetingRow]


def annual_report(period: Period) -> AnnualReport:
    return AnnualReport(
        period, reach(period), learning(period), confidence(period), meetings(period)
    )


def _assigned_in(period: Period) -> list:
    """Assignments that count in the period: made by its end, due on or after its start."""
    return [
        Assignment.created_at < period.ends_before,
        Assignment.due_on >= period.start,
    ]


def reach(period: Period) -> list[ReachRow]:
    """Per briefing and agency: teams and people assigned, and who completed in the period."""
    members = (
        select(User.team_id, func.count(User.id).label("people"))
        .where(User.active.is_(True))
        .group_by(User.team_id)
        .subquery()
    )
    assigned = db.session.execute(
        select(
            Agency.id,
            Agency.name,
            Briefing.id,
            Briefing.title,
            func.count(Assignment.id),
            func.sum(func.coalesce(members.c.people, 0)),
        )
        .select_from(Assignment)
        .join(Team, Assignment.team_id == Team.id)
        .join(Agency, Team.agency_id == Agency.id)
        .join(Briefing, Assignment.briefing_id == Briefing.id)
        .outerjoin(members, members.c.team_id == Assignment.team_id)
        .where(*_assigned_in(period))
        .group_by(Agency.id, Agency.name, Briefing.id, Briefing.title)
    ).all()
    completed = {
        (agency_id, briefing_id): (teams, people)
        for agency_id, briefing_id, teams, people in db.session.execute(
            select(
                Team.agency_id,
                Completion.briefing_id,
                func.count(func.distinct(User.team_id)),
                func.count(Completion.user_id),
            )
            .select_from(Completion)
            .join(User, Completion.user_id == User.id)
            .join(
                Assignment,
                (Assignment.team_id == User.team_id)
                & (Assignment.briefing_id == Completion.briefing_id),
            )
            .join(Team, User.team_id == Team.id)
            .where(
                User.active.is_(True),
                period.holds(Completion.first_completed_at),
                *_assigned_in(period),
            )
            .group_by(Team.agency_id, Completion.briefing_id)
        )
    }
    rows = []
    for agency_id, agency, briefing_id, title, teams, people in assigned:
        teams_reached, people_completed = completed.get((agency_id, briefing_id), (0, 0))
        rows.append(
            ReachRow(agency, title, teams, teams_reached, int(people or 0), people_completed)
        )
    return sorted(rows, key=lambda r: (r.briefing, r.agency))


def _named(scores) -> Select:
    """A grouped subquery of figures by theme_id, with each theme's briefing and words.

    Grouping in a subquery first keeps the planner reading attempts, then their theme
    totals. (When the reports read answers, joined directly, SQLite started from the themes
    and built an index on every answer for each report: ten times slower on 79,000.)"""
    return (
        select(Briefing.title, Theme.position, Theme.text, *scores.c[1:])
        .select_from(scores)
        .join(Theme, Theme.id == scores.c.theme_id)
        .join(Briefing, Theme.briefing_id == Briefing.id)
        .order_by(Briefing.title, Theme.position)
    )


def learning(period: Period) -> list[LearningRow]:
    """Per briefing and theme: answers given in attempts submitted in the period."""
    scores = (
        select(
            ThemeTotal.theme_id.label("theme_id"),
            func.sum(ThemeTotal.answered).label("answers"),
            func.sum(ThemeTotal.correct).label("right"),
            func.count(func.distinct(case((ThemeTotal.answered > 0, Attempt.user_id)))).label(
                "people"
            ),
        )
        .select_from(Attempt)
        .join(ThemeTotal, ThemeTotal.attempt_id == Attempt.id)
        .where(
            Attempt.state.in_((AttemptState.SUBMITTED, AttemptState.COMPLETED)),
            period.holds(Attempt.submitted_at),
        )
        .group_by(ThemeTotal.theme_id)
        .having(func.sum(ThemeTotal.answered) > 0)
        .subquery()
    )
    return [
        LearningRow(title, position, theme, int(answers), int(right), people)
        for title, position, theme, answers, right, people in db.session.execute(_named(scores))
    ]


def confidence(period: Period) -> list[ConfidenceRow]:
    """Per briefing and theme: confidence before and after, over attempts completed in the
    period (each gives both)."""
    rated = ThemeTotal.confidence_before.is_not(None) | ThemeTotal.confidence_after.is_not(None)
    ratings = (
        select(
            ThemeTotal.theme_id.label("theme_id"),
            func.avg(ThemeTotal.confidence_before).label("before"),
            func.avg(ThemeTotal.confidence_after).label("after"),
            func.count(func.distinct(case((rated, Attempt.user_id)))).label("people"),
        )
        .select_from(Attempt)
        .join(ThemeTotal, ThemeTotal.attempt_id == Attempt.id)
        .where(Attempt.state == AttemptState.COMPLETED, period.holds(Attempt.completed_at))
        .group_by(ThemeTotal.theme_id)
        .having(func.count(case((rated, 1))) > 0)
        .subquery()
    )
    return [
        ConfidenceRow(title, position, theme, _float(before), _float(after), people)
        for title, position, theme, before, after, people in db.session.execute(_named(ratings))
    ]


def _float(value) -> float | None:
    # PostgreSQL's average of integers is a Decimal.
    return float(value) if value is not None else None


def meetings(period: Period) -> list[MeetingRow]:
    """Per agency, team and briefing: meeting logs held in the period, who attended, and the
    actions agreed (and how many have both an owner and a due date)."""
    attendances = (
        select(meeting_log_attendees.c.log_id, func.count().label("people"))
        .group_by(meeting_log_attendees.c.log_id)
        .subquery()
    )
    owned_and_dated = MeetingAction.owner_id.is_not(None) & MeetingAction.due_on.is_not(None)
    actions = (
        select(
            MeetingAction.log_id,
            func.count(MeetingAction.id).label("agreed"),
            func.sum(case((owned_and_dated, 1), else_=0)).label("complete"),
        )
        .group_by(MeetingAction.log_id)
        .subquery()
    )
    found = db.session.execute(
        select(
            Agency.name,
            Team.name,
            Briefing.title,
            func.count(MeetingLog.id),
            func.sum(func.coalesce(attendances.c.people, 0)),
            func.sum(func.coalesce(actions.c.agreed, 0)),
            func.sum(func.coalesce(actions.c.complete, 0)),
        )
        .select_from(MeetingLog)
        .join(Team, MeetingLog.team_id == Team.id)
        .join(Agency, Team.agency_id == Agency.id)
        .join(Briefing, MeetingLog.briefing_id == Briefing.id)
        .outerjoin(attendances, attendances.c.log_id == MeetingLog.id)
        .outerjoin(actions, actions.c.log_id == MeetingLog.id)
        .where(MeetingLog.held_on >= period.start, MeetingLog.held_on <= period.end)
        .group_by(Agency.id, Agency.name, Team.id, Team.name, Briefing.id, Briefing.title)
        .order_by(Agency.name, Team.name, Briefing.title)
    )
    return [
        MeetingRow(agency, team, title, held, int(people), int(agreed), int(complete))
        for agency, team, title, held, people, agreed, complete in found
    ]
