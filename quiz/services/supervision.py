"""What supervisors open the app for: their teams at a glance, and one team in full.

Both read the completion table (quiz.services.completion), never the attempts: the team
report costs one statement and the landing page three, whatever the number of people,
briefings or attempts.
"""

from __future__ import annotations

from collections import Counter, defaultdict, namedtuple
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, select

from quiz.extensions import db
from quiz.models import Agency, Assignment, AttemptState, Briefing, Completion, Team, User
from quiz.scoring import percent
from quiz.services.completion import URGENCY, Progress, Standing, standing_of


@dataclass(frozen=True)
class BriefingCompletion:
    """One briefing assigned to one team: how far its people have got."""

    team_id: int
    briefing_id: int
    title: str
    due_on: date
    members: int
    completed: int
    answering: int
    submitted: int
    today: date

    @property
    def not_started(self) -> int:
        return max(0, self.members - self.completed - self.answering - self.submitted)

    @property
    def overdue(self) -> int:
        return self.members - self.completed if self.today > self.due_on else 0

    @property
    def completion_percent(self) -> int:
        return percent(self.completed, self.members) if self.members else 0


@dataclass(frozen=True)
class TeamCard:
    team: Team
    members: int
    briefings: list[BriefingCompletion]

    @property
    def overdue(self) -> int:
        return sum(b.overdue for b in self.briefings)


def _members_per_team(team_ids: list[int]) -> dict[int, int]:
    return dict(
        db.session.execute(
            select(User.team_id, func.count(User.id))
            .where(User.team_id.in_(team_ids), User.active.is_(True))
            .group_by(User.team_id)
        ).all()
    )


def _not_completed(state: str):
    return case(
        ((Completion.first_completed_at.is_(None) & (Completion.state == state)), 1), else_=0
    )


def briefing_completions(team_ids: list[int], today: date) -> list[BriefingCompletion]:
    """Every assignment of these teams with its counts, in three statements."""
    if not team_ids:
        return []
    members = _members_per_team(team_ids)
    assignments = db.session.execute(
        select(Assignment.team_id, Briefing.id, Briefing.title, Assignment.due_on)
        .join(Briefing, Assignment.briefing_id == Briefing.id)
        .where(Assignment.team_id.in_(team_ids))
        .order_by(Assignment.due_on, Briefing.title)
    ).all()
    counts = {
        (team_id, briefing_id): (completed or 0, answering or 0, submitted or 0)
        for team_id, briefing_id, completed, answering, submitted in db.session.execute(
            select(
                User.team_id,
                Completion.briefing_id,
                func.sum(case((Completion.first_completed_at.is_not(None), 1), else_=0)),
                func.sum(_not_completed(AttemptState.IN_PROGRESS)),
                func.sum(_not_completed(AttemptState.SUBMITTED)),
            )
            .join(User, Completion.user_id == User.id)
            .join(
                Assignment,
                (Assignment.team_id == User.team_id)
                & (Assignment.briefing_id == Completion.briefing_id),
            )
            .where(User.team_id.in_(team_ids), User.active.is_(True))
            .group_by(User.team_id, Completion.briefing_id)
        )
    }
    return [
        BriefingCompletion(
            team_id,
            briefing_id,
            title,
            due_on,
            members.get(team_id, 0),
            *counts.get((team_id, briefing_id), (0, 0, 0)),
            today=today,
        )
        for team_id, briefing_id, title, due_on in assignments
    ]


def team_cards(teams: list[Team], today: date) -> list[TeamCard]:
    """Each team with its completion per briefing; teams with most overdue first."""
    by_team: dict[int, list[BriefingCompletion]] = defaultdict(list)
    completions = briefing_completions([t.id for t in teams], today)
    for row in completions:
        by_team[row.team_id].append(row)
    members = Counter({row.team_id: row.members for row in completions})
    cards = [TeamCard(t, members[t.id], by_team[t.id]) for t in teams]
    return sorted(cards, key=lambda c: (-c.overdue, c.team.name))


# The completion row's columns that person_briefing_row() reads, for queries that select
# them beside the person and the assignment (an outer join leaves them all None).
COMPLETION_COLUMNS = [
    getattr(Completion, name).label(name)
    for name in (
        "state", "first_completed_at", "answered", "question_count", "attempts",
        "latest_score", "latest_max_score", "best_score", "best_max_score", "last_activity_at",
    )
]  # fmt: skip
# Those columns as a plain named tuple: reading a field of a result row by name costs about
# 0.8 µs, of a named tuple 0.03; a row of a report reads a dozen.
CompletionFields = namedtuple("CompletionFields", [c.name for c in COMPLETION_COLUMNS])


@dataclass(frozen=True)
class PersonBriefingRow:
    """One person and one briefing assigned to their team: a row of the team report."""

    user_id: int
    name: str
    email: str
    team: str
    agency: str
    briefing: str
    due_on: date
    standing: Standing
    attempts: int = 0
    latest_score: int | None = None
    latest_max_score: int | None = None
    best_score: int | None = None
    best_max_score: int | None = None
    completed_at: datetime | None = None
    last_activity_at: datetime | None = None

    @property
    def progress(self) -> Progress:
        return self.standing.progress

    @property
    def overdue(self) -> bool:
        return self.standing.progress is Progress.OVERDUE

    @property
    def latest_percent(self) -> int | None:
        return percent(self.latest_score, self.latest_max_score) if self.latest_max_score else None

    @property
    def best_percent(self) -> int | None:
        return percent(self.best_score, self.best_max_score) if self.best_max_score else None


def person_briefing_row(
    person: User | tuple, team: str, agency: str, briefing: str, due_on: date,
    row: Completion | Any | None, today: date,
) -> PersonBriefingRow:  # fmt: skip
    user_id, name, email = (
        (person.id, person.name, person.email) if isinstance(person, User) else person
    )
    standing = standing_of(row, due_on, today)
    if row is None or row.state is None:  # None, or an outer join's empty columns
        return PersonBriefingRow(user_id, name, email, team, agency, briefing, due_on, standing)
    # Positional, in the fields' order: a report builds hundreds of these per page.
    return PersonBriefingRow(
        user_id, name, email, team, agency, briefing, due_on, standing, row.attempts,
        row.latest_score, row.latest_max_score, row.best_score, row.best_max_score,
        row.first_completed_at, row.last_activity_at,
    )  # fmt: skip


@dataclass(frozen=True)
class PersonSummary:
    user_id: int
    name: str
    assigned: int
    completed: int
    overdue: int
    last_activity_at: datetime | None


@dataclass(frozen=True)
class TeamReport:
    team: Team
    briefings: list[BriefingCompletion]
    people: list[PersonSummary]
    rows: list[PersonBriefingRow] = field(default_factory=list)


def team_report(
    team: Team, today: date, briefing_id: int | None = None, progress: Progress | None = None
) -> TeamReport:
    """The team's people and briefings; rows filtered by briefing and status, overdue first.

    One statement: the team's agency, each active member against each assignment, and the
    completion row of each pair when there is one. The team is the starting point, joined
    to its members and to its assignments separately, so a team without people still lists
    its briefings and one without briefings still lists its people.
    """
    grid = db.session.execute(
        select(
            Agency.name.label("agency"),
            User.id.label("user_id"),
            User.name.label("name"),
            User.email.label("email"),
            Assignment.briefing_id.label("briefing_id"),
            Briefing.title.label("title"),
            Assignment.due_on.label("due_on"),
            *COMPLETION_COLUMNS,
        )
        .select_from(Team)
        .join(Agency, Team.agency_id == Agency.id)
        .outerjoin(User, and_(User.team_id == Team.id, User.active.is_(True)))
        .outerjoin(Assignment, Assignment.team_id == Team.id)
        .outerjoin(Briefing, Assignment.briefing_id == Briefing.id)
        .outerjoin(
            Completion,
            and_(Completion.user_id == User.id, Completion.briefing_id == Assignment.briefing_id),
        )
        .where(Team.id == team.id)
        .order_by(Assignment.due_on, Briefing.title, Assignment.id, User.name, User.id)
    ).all()
    # Members in name order and assignments by due date, each once, in the order read.
    # One pass, unpacking each row by position: attribute access on a row costs more.
    members: dict[int, tuple] = {}
    assignments: dict[int, tuple] = {}
    all_rows = []
    for row in grid:
        agency, user_id, name, email, briefing, title, due_on, *completion = row
        if user_id is not None:
            members.setdefault(user_id, (user_id, name, email))
        if briefing is not None:
            assignments.setdefault(briefing, (briefing, title, due_on))
            if user_id is not None:
                person = (user_id, name, email)
                all_rows.append(
                    (
                        briefing,
                        person_briefing_row(
                            person,
                            team.name,
                            agency,
                            title,
                            due_on,
                            CompletionFields._make(completion),
                            today,
                        ),  # fmt: skip
                    )
                )
    by_briefing: dict[int, list[PersonBriefingRow]] = defaultdict(list)
    by_person: dict[int, list[PersonBriefingRow]] = defaultdict(list)
    for b, r in all_rows:
        by_briefing[b].append(r)
        by_person[r.user_id].append(r)
    summaries = []
    for b, title, due_on in assignments.values():
        # By the latest attempt's state, as briefing_completions() counts in SQL.
        tally = Counter(
            "completed" if r.progress is Progress.COMPLETED else r.standing.state
            for r in by_briefing[b]
        )
        summaries.append(
            BriefingCompletion(
                team.id,
                b,
                title,
                due_on,
                len(members),
                tally["completed"],
                tally[AttemptState.IN_PROGRESS],
                tally[AttemptState.SUBMITTED],
                today,
            )  # fmt: skip
        )
    people = []
    for user_id, name, _ in members.values():
        theirs = by_person[user_id]
        activity = [r.last_activity_at for r in theirs if r.last_activity_at]
        people.append(
            PersonSummary(
                user_id,
                name,
                len(theirs),
                sum(1 for r in theirs if r.progress is Progress.COMPLETED),
                sum(1 for r in theirs if r.overdue),
                max(activity, default=None),
            )  # fmt: skip
        )
    people.sort(key=lambda p: (-p.overdue, p.name))
    rows = [
        r
        for b, r in all_rows
        if briefing_id in (None, b) and (progress is None or r.progress is progress)
    ]
    rows.sort(key=lambda r: (URGENCY[r.progress], r.due_on, r.name))
    return TeamReport(team, summaries, people, rows)
