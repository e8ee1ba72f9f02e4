"""The partnership's completion for trainers and administrators: by agency, team and
briefing, filtered by status, agency and due date; and every person's row for the export.

The summary is one aggregate statement over the completion table (a row per assignment),
whose rows the page then pages through; the export streams person rows from the database
as they are written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from quiz.extensions import db
from quiz.models import Agency, Assignment, Briefing, Completion, Team, User
from quiz.scoring import percent
from quiz.services.completion import Progress, progress_sql
from quiz.services.supervision import (
    COMPLETION_COLUMNS,
    BriefingCompletion,
    CompletionFields,
    PersonBriefingRow,
    briefing_completions,
    person_briefing_row,
)

EXPORT_BATCH = 1000


@dataclass(frozen=True)
class Filters:
    status: Progress | None = None
    agency_id: int | None = None
    due_from: date | None = None
    due_to: date | None = None

    def where(self) -> list:
        conditions = []
        if self.agency_id is not None:
            conditions.append(Team.agency_id == self.agency_id)
        if self.due_from is not None:
            conditions.append(Assignment.due_on >= self.due_from)
        if self.due_to is not None:
            conditions.append(Assignment.due_on <= self.due_to)
        return conditions


@dataclass(frozen=True)
class PartnershipRow:
    agency: str
    team: str
    counts: BriefingCompletion

    def has(self, status: Progress) -> bool:
        c = self.counts
        return {
            Progress.COMPLETED: c.completed,
            Progress.ANSWERING: c.answering,
            Progress.SUBMITTED: c.submitted,
            Progress.NOT_STARTED: c.not_started,
            Progress.OVERDUE: c.overdue,
        }[status] > 0


@dataclass(frozen=True)
class Total:
    """Completion summed over a group of assignments (an agency's, a briefing's)."""

    name: str
    people: int  # person-briefing pairs: a person assigned two briefings counts twice
    completed: int
    overdue: int

    @property
    def completion_percent(self) -> int:
        return percent(self.completed, self.people) if self.people else 0


def summary(filters: Filters, today: date) -> list[PartnershipRow]:
    """Every assignment the filters keep, with its counts, by agency then team.

    Four statements whatever the size: the teams, then quiz.services.supervision's three
    (head counts, assignments, completion counts grouped by team and briefing). Counting
    grouped completions is far quicker than joining every member to every assignment.
    """
    query = select(Team.id, Team.name, Agency.name).join(Agency, Team.agency_id == Agency.id)
    if filters.agency_id is not None:
        query = query.where(Team.agency_id == filters.agency_id)
    teams = {team_id: (agency, team) for team_id, team, agency in db.session.execute(query)}
    rows = [
        PartnershipRow(*teams[counts.team_id], counts)
        for counts in briefing_completions(list(teams), today)
        if (filters.due_from is None or counts.due_on >= filters.due_from)
        and (filters.due_to is None or counts.due_on <= filters.due_to)
    ]
    if filters.status is not None:
        rows = [r for r in rows if r.has(filters.status)]
    rows.sort(key=lambda r: (r.agency, r.team, r.counts.due_on, r.counts.title))
    return rows


def totals(rows: list[PartnershipRow], key) -> list[Total]:
    """The rows summed by key (lambda r: r.agency, or r.counts.title), in name order."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        total = sums[key(row)]
        total[0] += row.counts.members
        total[1] += row.counts.completed
        total[2] += row.counts.overdue
    return [Total(name, *sums[name]) for name in sorted(sums)]


def agencies() -> list[tuple[int, str]]:
    return list(db.session.execute(select(Agency.id, Agency.name).order_by(Agency.name)).all())


def export_row_count(filters: Filters, today: date) -> int:
    return db.session.scalar(
        select(func.count()).select_from(_people_query(filters, today).subquery())
    )


def _people_query(filters: Filters, today: date):
    query = (
        select(
            User.id.label("user_id"),
            User.name.label("name"),
            User.email.label("email"),
            Team.name.label("team"),
            Agency.name.label("agency"),
            Briefing.title.label("title"),
            Assignment.due_on.label("due_on"),
            *COMPLETION_COLUMNS,
        )  # fmt: skip
        .select_from(Assignment)
        .join(Team, Assignment.team_id == Team.id)
        .join(Agency, Team.agency_id == Agency.id)
        .join(Briefing, Assignment.briefing_id == Briefing.id)
        .join(User, and_(User.team_id == Assignment.team_id, User.active.is_(True)))
        .outerjoin(
            Completion,
            and_(Completion.user_id == User.id, Completion.briefing_id == Assignment.briefing_id),
        )
        .where(*filters.where())
    )
    if filters.status is not None:
        query = query.where(progress_sql(Assignment.due_on, today) == filters.status.value)
    return query


def people_rows(
    filters: Filters, today: date, session: Session | None = None
) -> Iterator[PersonBriefingRow]:
    """Every person's row for every assignment the filters keep, read in batches (in
    session, when the rows are read after the request that asked for them has ended)."""
    query = _people_query(filters, today).order_by(
        Agency.name, Team.name, Assignment.due_on, Briefing.title, User.name, User.id
    )
    result = (session or db.session).execute(query.execution_options(yield_per=EXPORT_BATCH))
    # Plain rows, not ORM objects: nothing piles up in the session while they stream. Each
    # unpacked by position, as the team report does: reading a row's fields by name costs more.
    for user_id, name, email, team, agency, title, due_on, *completion in result:
        yield person_briefing_row(
            (user_id, name, email), team, agency, title, due_on,
            CompletionFields._make(completion), today,
        )  # fmt: skip
