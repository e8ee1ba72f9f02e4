"""The partnership's learning over time and across briefings, for trainers and admins.

Completion per month, from the completion table's first_completed_at; for one briefing,
the share right per theme in each agency (or in each team of one agency) and confidence
before and after per theme; and every theme of every published briefing, hardest first,
so the learning the workforce finds hardest shows across reviews. Each is a fixed number of
grouped statements whatever the size, and reads the same on SQLite and PostgreSQL.

As on a team's theme picture (quiz.services.theme_picture), a share is shown only when at
least MIN_PEOPLE people answered: fewer would point at individuals, and would be noise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, extract, func, select

from quiz.charts import HeatCell, HeatMap, HeatRow, Pair, PairedBarChart, Period, TimeChart
from quiz.extensions import db
from quiz.library import load_library
from quiz.models import (
    Agency,
    Assignment,
    Attempt,
    AttemptState,
    Briefing,
    BriefingStatus,
    Completion,
    ConfidenceStage,
    Team,
    Theme,
    ThemeTag,
    ThemeTotal,
    User,
)
from quiz.scoring import percent
from quiz.services.theme_picture import CONFIDENT_AT, LOW_ACCURACY_PERCENT, MIN_PEOPLE

MAX_MONTHS = 120
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_SUBMITTED = (AttemptState.SUBMITTED, AttemptState.COMPLETED)


class BadPeriod(ValueError):
    """The period asked for cannot be drawn; the message says why, for the person."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def label(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)


def months_between(first: date, last: date) -> list[Month]:
    """Every month from first's to last's; a bad period raises BadPeriod naming its field."""
    if last < first:
        raise BadPeriod("to", "The end of the period must be on or after its start.")
    if last.year == date.max.year:  # the month after it could not be written as a date
        raise BadPeriod("to", f"Enter an end before the year {date.max.year}.")
    months = [Month.of(first)]
    while months[-1] != Month.of(last):
        if len(months) == MAX_MONTHS:
            raise BadPeriod("from", f"Choose a period of at most {MAX_MONTHS // 12} years.")
        months.append(months[-1].next())
    return months


def _in_scope(query, agency_id: int | None):
    """Only active people in teams (of the agency, when one is chosen)."""
    query = query.join(Team, User.team_id == Team.id).where(User.active.is_(True))
    if agency_id is not None:
        query = query.where(Team.agency_id == agency_id)
    return query


def completion_over_time(first: date, last: date, agency_id: int | None = None) -> list[Period]:
    """A Period per month from first to last: briefings completed in it by people they were
    assigned to, and how many of everyone's assigned briefings were completed by its end.

    Two statements: the assigned person-briefing pairs, and completions counted by month
    (every month up to last, so the running total includes those before the period).
    """
    months = months_between(first, last)
    assigned = db.session.scalar(
        _in_scope(
            select(func.count())
            .select_from(Assignment)
            .join(User, User.team_id == Assignment.team_id),
            agency_id,
        )
    )
    year = extract("year", Completion.first_completed_at)
    month = extract("month", Completion.first_completed_at)
    query = _in_scope(
        select(year, month, func.count())
        .select_from(Completion)
        .join(User, Completion.user_id == User.id)
        .join(
            Assignment,
            and_(
                Assignment.team_id == User.team_id,
                Assignment.briefing_id == Completion.briefing_id,
            ),
        )
        .where(Completion.first_completed_at.is_not(None))
        .where(Completion.first_completed_at < _day_after(months[-1]))
        .group_by(year, month),
        agency_id,
    )
    counted = {Month(int(y), int(m)): n for y, m, n in db.session.execute(query)}
    so_far = sum(n for m, n in counted.items() if (m.year, m.month) < (first.year, first.month))
    periods = []
    for each in months:
        so_far += counted.get(each, 0)
        periods.append(Period(each.label, counted.get(each, 0), so_far, assigned or 0))
    return periods


def _day_after(month: Month) -> date:
    following = month.next()
    return date(following.year, following.month, 1)


def completion_chart(periods: list[Period], scope: str) -> TimeChart:
    return TimeChart(
        "completion-over-time",
        f"Briefings completed each month, {scope}",
        "Briefings completed in each month, and the share of everyone's assigned briefings "
        "completed by its end.",
        tuple(periods),
    )


# One briefing's themes by agency or team.


@dataclass(frozen=True)
class Group:
    """A column of the heat map: an agency, or one agency's team."""

    id: int
    name: str


def groups(agency_id: int | None) -> list[Group]:
    """The agencies, or the teams of the chosen agency, by name."""
    if agency_id is None:
        query = select(Agency.id, Agency.name).order_by(Agency.name)
    else:
        query = select(Team.id, Team.name).where(Team.agency_id == agency_id).order_by(Team.name)
    return [Group(*found) for found in db.session.execute(query)]


def _themes_of(briefing_id: int) -> list[tuple[int, str]]:
    return list(
        db.session.execute(
            select(Theme.id, Theme.text)
            .where(Theme.briefing_id == briefing_id)
            .order_by(Theme.position)
        ).all()
    )


def _people(agency_id: int | None):
    """The ids of active people in teams (of the agency, when one is chosen)."""
    query = select(User.id).join(Team, User.team_id == Team.id).where(User.active.is_(True))
    if agency_id is not None:
        query = query.where(Team.agency_id == agency_id)
    return query


def _answers_by(group_column, briefing_ids, agency_id: int | None):
    """(theme id, group) -> (right, answered, people) over submitted attempts, counting
    questions that were not voided (quiz.services.theme_totals); group_column says what a
    group is (None: everyone).

    The people are a subquery rather than a join: joined, SQLite walked every question
    against every person, ten times slower on the benchmark's partnership (bench/reports.py).
    """
    columns = [ThemeTotal.theme_id] + ([group_column] if group_column is not None else [])
    query = (
        select(
            *columns,
            func.sum(ThemeTotal.correct),
            func.sum(ThemeTotal.answered),
            func.count(func.distinct(case((ThemeTotal.answered > 0, Attempt.user_id)))),
        )
        .select_from(Attempt)
        .join(ThemeTotal, ThemeTotal.attempt_id == Attempt.id)
        .where(
            Attempt.briefing_id.in_(briefing_ids),
            Attempt.state.in_(_SUBMITTED),
            Attempt.user_id.in_(_people(agency_id)),
        )
        .group_by(*columns)
        .having(func.sum(ThemeTotal.answered) > 0)
    )
    if group_column is not None:
        query = query.join(User, Attempt.user_id == User.id).join(Team, User.team_id == Team.id)
    found = {}
    for row in db.session.execute(query):
        *key, right, answered, people = row
        found[tuple(key) if group_column is not None else key[0]] = (
            int(right), int(answered), people,
        )  # fmt: skip
    return found


def theme_heat_map(briefing: Briefing, agency_id: int | None, agency_name: str | None) -> HeatMap:
    """The share right per theme of the briefing in each agency, or in each team of the
    chosen agency. Three statements: the groups, the themes, the answers grouped."""
    columns = groups(agency_id)
    group_column = Team.agency_id if agency_id is None else Team.id
    scores = _answers_by(group_column, [briefing.id], agency_id)
    rows = tuple(
        HeatRow(
            text,
            tuple(
                HeatCell(*scores.get((theme_id, group.id), (0, 0, 0)), minimum_people=MIN_PEOPLE)
                for group in columns
            ),
        )
        for theme_id, text in _themes_of(briefing.id)
    )
    across = f"the teams of {agency_name}" if agency_name else "agencies"
    return HeatMap(
        "theme-heat-map",
        f"Share of answers right by theme across {across}: {briefing.title}",
        "Each cell is the share of answers right on a theme in one "
        + ("team." if agency_name else "agency."),
        tuple(group.name for group in columns),
        rows,
    )


def _mean_and_people(rating):
    """The mean of a rating column and how many people gave it."""
    return func.avg(rating), func.count(func.distinct(case((rating.is_not(None), Attempt.user_id))))


def confidence_chart(briefing: Briefing, agency_id: int | None) -> PairedBarChart:
    """Average confidence per theme of the briefing, before answering and after the results.
    Two statements: the themes, and ratings grouped by theme."""
    query = _in_scope(
        select(
            ThemeTotal.theme_id,
            *_mean_and_people(ThemeTotal.confidence_before),
            *_mean_and_people(ThemeTotal.confidence_after),
        )
        .select_from(Attempt)
        .join(ThemeTotal, ThemeTotal.attempt_id == Attempt.id)
        .join(User, Attempt.user_id == User.id)
        .where(Attempt.briefing_id == briefing.id)
        .group_by(ThemeTotal.theme_id),
        agency_id,
    )
    ratings: dict[tuple[int, str], tuple[float, int]] = {}
    for theme_id, mean_before, people_before, mean_after, people_after in db.session.execute(query):
        if people_before:
            ratings[(theme_id, ConfidenceStage.BEFORE)] = (float(mean_before), people_before)
        if people_after:
            ratings[(theme_id, ConfidenceStage.AFTER)] = (float(mean_after), people_after)
    pairs = []
    for theme_id, text in _themes_of(briefing.id):
        before = ratings.get((theme_id, ConfidenceStage.BEFORE))
        after = ratings.get((theme_id, ConfidenceStage.AFTER))
        # A pair is hidden when either of its stages was rated by too few people.
        people = min((found[1] for found in (before, after) if found), default=0)
        pairs.append(
            Pair(
                text,
                round(before[0], 1) if before else None,
                round(after[0], 1) if after else None,
                people,
                minimum_people=MIN_PEOPLE,
            )
        )
    return PairedBarChart(
        "confidence-before-after",
        f"Confidence before and after, by theme: {briefing.title}",
        "How sure people felt about each theme before answering and after seeing results.",
        tuple(pairs),
    )


# Every theme of every published briefing, hardest first.


@dataclass(frozen=True)
class HardTheme:
    briefing: str
    theme: str
    right: int
    answered: int
    people: int
    confidence_before: float | None
    recurring: tuple[str, ...]  # titles of the library themes it is tagged with

    @property
    def hidden(self) -> bool:
        return 0 < self.people < MIN_PEOPLE

    @property
    def right_percent(self) -> int | None:
        if self.hidden or not self.answered:
            return None
        return percent(self.right, self.answered)

    @property
    def shown_confidence(self) -> float | None:
        return None if self.hidden or self.confidence_before is None else self.confidence_before

    @property
    def confidently_wrong(self) -> bool:
        return (
            self.right_percent is not None
            and self.shown_confidence is not None
            and self.shown_confidence >= CONFIDENT_AT
            and self.right_percent < LOW_ACCURACY_PERCENT
        )


def hardest_themes(agency_id: int | None = None) -> list[HardTheme]:
    """Every theme of every published briefing, the lowest share right first; themes too
    few people answered come last. Four statements: themes, answers and confidence grouped
    by theme, and the themes' library tags."""
    published = select(Briefing.id).where(Briefing.status == BriefingStatus.PUBLISHED)
    themes = db.session.execute(
        select(Theme.id, Theme.text, Briefing.title)
        .join(Briefing, Theme.briefing_id == Briefing.id)
        .where(Briefing.status == BriefingStatus.PUBLISHED)
    ).all()
    scores = _answers_by(None, published, agency_id)
    confidence = dict(
        db.session.execute(
            _in_scope(
                select(ThemeTotal.theme_id, func.avg(ThemeTotal.confidence_before))
                .select_from(Attempt)
                .join(ThemeTotal, ThemeTotal.attempt_id == Attempt.id)
                .join(User, Attempt.user_id == User.id)
                .where(
                    Attempt.briefing_id.in_(published),
                    ThemeTotal.confidence_before.is_not(None),
                )
                .group_by(ThemeTotal.theme_id),
                agency_id,
            )
        ).all()
    )
    tags: dict[int, list[str]] = {}
    library = load_library()
    for theme_id, library_id in db.session.execute(
        select(ThemeTag.theme_id, ThemeTag.library_id)
        .join(Theme, ThemeTag.theme_id == Theme.id)
        .join(Briefing, Theme.briefing_id == Briefing.id)
        .where(Briefing.status == BriefingStatus.PUBLISHED)
        .order_by(ThemeTag.theme_id, ThemeTag.library_id)
    ):
        title = library.get(library_id).title if library_id in library else library_id
        tags.setdefault(theme_id, []).append(title)
    rows = [
        HardTheme(
            title,
            text,
            *scores.get(theme_id, (0, 0, 0)),
            round(float(confidence[theme_id]), 1) if theme_id in confidence else None,
            tuple(tags.get(theme_id, ())),
        )  # fmt: skip
        for theme_id, text, title in themes
    ]
    rows.sort(
        key=lambda r: (
            r.right_percent is None,
            r.right_percent if r.right_percent is not None else 0,
            -(r.shown_confidence or 0),
            r.briefing,
            r.theme,
        )
    )
    return rows


def published_briefings() -> list[tuple[int, str]]:
    return list(
        db.session.execute(
            select(Briefing.id, Briefing.title)
            .where(Briefing.status == BriefingStatus.PUBLISHED)
            .order_by(Briefing.title)
        ).all()
    )
