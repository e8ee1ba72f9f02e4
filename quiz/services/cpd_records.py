"""The practitioner's record: every completion, and one completion as CPD evidence.

A completion record says what a social worker needs for their Social Work England CPD
record: what they did (the briefing, its source, when and for how long), what they learned
(score and confidence by theme) and the impact on their practice (their reflection), plus
the team meeting where they discussed it. Read only: nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import and_, bindparam, select

from quiz.extensions import db
from quiz.models import (
    Agency,
    Attempt,
    AttemptState,
    Briefing,
    ConfidenceRating,
    ConfidenceStage,
    MeetingLog,
    Reflection,
    Team,
    Theme,
    User,
    meeting_log_attendees,
)
from quiz.services.results import AttemptResult, attempt_result

# A gap longer than this between two recorded steps is a break, not time spent: the same
# length as the idle sign-out (IDLE_TIMEOUT_MINUTES), after which nobody is still working.
BREAK_AFTER = timedelta(minutes=30)
# CPD minutes are the time spent rounded to the nearest this many minutes, and at least this.
CPD_ROUNDING_MINUTES = 5


# The list of completions --------------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    """One completed attempt, as the list shows it."""

    attempt_id: int
    completed_at: datetime
    points: int
    max_points: int

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max_points) if self.max_points else 0


@dataclass(frozen=True)
class BriefingCompletions:
    """Every completion of one briefing by one person, first first (retakes come later)."""

    briefing_title: str
    completions: list[Completion]

    @property
    def first(self) -> Completion:
        return self.completions[0]

    @property
    def latest(self) -> Completion:
        return self.completions[-1]

    @property
    def best(self) -> Completion:
        # The earliest of equal bests: the first time they did that well.
        return max(self.completions, key=lambda c: (c.percent, -c.completed_at.timestamp()))


def completions_of(user: User) -> list[BriefingCompletions]:
    """The person's completed briefings, most recently first completed first. One query."""
    rows = db.session.execute(
        select(
            Attempt.id,
            Attempt.briefing_id,
            Briefing.title,
            Attempt.completed_at,
            Attempt.score,
            Attempt.max_score,
        )
        .join(Briefing, Briefing.id == Attempt.briefing_id)
        .where(Attempt.user_id == user.id, Attempt.state == AttemptState.COMPLETED)
        .order_by(Attempt.completed_at, Attempt.id)
    ).all()
    by_briefing: dict[int, BriefingCompletions] = {}
    for attempt_id, briefing_id, title, completed_at, score, max_score in rows:
        group = by_briefing.setdefault(briefing_id, BriefingCompletions(title, []))
        group.completions.append(Completion(attempt_id, completed_at, score or 0, max_score or 0))
    return sorted(by_briefing.values(), key=lambda g: g.first.completed_at, reverse=True)


# One completion record ----------------------------------------------------------------


@dataclass(frozen=True)
class ThemeRecord:
    """One learning theme: the score on its questions and the confidence either side."""

    theme: str
    points: int
    max_points: int
    confidence_before: int | None
    confidence_after: int | None

    @property
    def confidence_change(self) -> int | None:
        if self.confidence_before is None or self.confidence_after is None:
            return None
        return self.confidence_after - self.confidence_before


@dataclass(frozen=True)
class MeetingAttended:
    """A team meeting about the briefing that the person attended (the meeting log)."""

    held_on: date
    team: str
    facilitator: str


@dataclass(frozen=True)
class CompletionRecord:
    attempt_id: int
    person: str
    team: str
    agency: str
    partnership: str
    briefing_title: str
    briefing_slug: str
    briefing_source: str
    started_at: datetime
    submitted_at: datetime
    completed_at: datetime
    time_spent: timedelta
    cpd_minutes: int
    points: int
    max_points: int
    themes: list[ThemeRecord]
    reflection: str
    meetings: list[MeetingAttended]
    # Below the briefing's pass mark: what a retake of only those themes would ask about.
    themes_below_pass_mark: tuple[str, ...] = ()

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max_points) if self.max_points else 0

    @property
    def filename(self) -> str:
        """The PDF's name: what and when, so a folder of them sorts and reads well."""
        return f"cpd-record-{self.briefing_slug}-{self.completed_at:%Y-%m-%d}.pdf"


@dataclass(frozen=True)
class RecordBriefing:
    """What a record shows of the briefing, named as Briefing names it."""

    title: str
    slug: str
    pass_mark_percent: int


@dataclass(frozen=True)
class RatedTheme:
    """One of the briefing's themes with the person's confidence either side."""

    id: int
    text: str
    before: int | None
    after: int | None


@dataclass(frozen=True)
class CompletedAttempt:
    """A completed attempt as its record reads it, plain data, named as Attempt names it
    (results.attempt_result reads the id and the briefing's pass mark of either)."""

    id: int
    user_id: int
    started_at: datetime
    submitted_at: datetime | None
    completed_at: datetime
    briefing: RecordBriefing
    person: str
    team: str
    agency: str
    reflection: str
    themes: tuple[RatedTheme, ...]
    meetings: tuple[MeetingAttended, ...]


def load_completion(attempt_id: int) -> CompletedAttempt | None:
    """A completed attempt with everything its record shows but its questions and answers
    (record_of reads those as the result's rows), in one statement; or None."""
    rows = db.session.execute(_completion_statement(), {"attempt_id": attempt_id}).all()
    if not rows:
        return None
    first = rows[0]
    themes: dict[int, RatedTheme] = {}
    meetings: dict[int, MeetingAttended] = {}
    for row in rows:
        if row.theme_id is not None and row.theme_id not in themes:
            themes[row.theme_id] = RatedTheme(row.theme_id, row.theme, row.before, row.after)
        if row.log_id is not None and row.log_id not in meetings:
            meetings[row.log_id] = MeetingAttended(row.held_on, row.log_team, row.facilitator or "")
    return CompletedAttempt(
        id=first.id,
        user_id=first.user_id,
        started_at=first.started_at,
        submitted_at=first.submitted_at,
        completed_at=first.completed_at,
        briefing=RecordBriefing(first.title, first.slug, first.pass_mark_percent),
        person=first.person,
        team=first.team or "",
        agency=first.agency or "",
        reflection=first.reflection or "",
        themes=tuple(themes.values()),
        meetings=tuple(meetings.values()),
    )


attempt_t, user_t, team_t, agency_t, briefing_t, reflection_t, theme_t, rating_t, log_t = (
    m.__table__
    for m in (
        Attempt,
        User,
        Team,
        Agency,
        Briefing,
        Reflection,
        Theme,
        ConfidenceRating,
        MeetingLog,
    )
)


@cache
def _completion_statement():
    # Built once, with a parameter. A row per team meeting about the briefing that the person
    # attended (its log; one or two) and per theme of the briefing, with the ratings given
    # before and after; the attempt's own columns repeat on each. The meeting logs come
    # before the themes so that SQLite reads them once, not once for every theme.
    before, after = rating_t.alias("before"), rating_t.alias("after")
    log_team, facilitator = team_t.alias("log_team"), user_t.alias("facilitator")
    attended = (
        select(meeting_log_attendees.c.log_id)
        .where(
            meeting_log_attendees.c.log_id == log_t.c.id,
            meeting_log_attendees.c.user_id == attempt_t.c.user_id,
        )
        .exists()
    )

    def rating(stage: ConfidenceStage, alias):
        return and_(
            alias.c.attempt_id == attempt_t.c.id,
            alias.c.theme_id == theme_t.c.id,
            alias.c.stage == stage,
        )

    return (
        select(
            attempt_t.c.id,
            attempt_t.c.user_id,
            attempt_t.c.started_at,
            attempt_t.c.submitted_at,
            attempt_t.c.completed_at,
            briefing_t.c.title,
            briefing_t.c.slug,
            briefing_t.c.pass_mark_percent,
            user_t.c.name.label("person"),
            team_t.c.name.label("team"),
            agency_t.c.name.label("agency"),
            reflection_t.c.text.label("reflection"),
            theme_t.c.id.label("theme_id"),
            theme_t.c.text.label("theme"),
            before.c.rating.label("before"),
            after.c.rating.label("after"),
            log_t.c.id.label("log_id"),
            log_t.c.held_on,
            log_team.c.name.label("log_team"),
            facilitator.c.name.label("facilitator"),
        )
        .select_from(attempt_t)
        .join(user_t, user_t.c.id == attempt_t.c.user_id)
        .outerjoin(team_t, team_t.c.id == user_t.c.team_id)
        .outerjoin(agency_t, agency_t.c.id == team_t.c.agency_id)
        .join(briefing_t, briefing_t.c.id == attempt_t.c.briefing_id)
        .outerjoin(reflection_t, reflection_t.c.attempt_id == attempt_t.c.id)
        .outerjoin(log_t, and_(log_t.c.briefing_id == attempt_t.c.briefing_id, attended))
        .outerjoin(log_team, log_team.c.id == log_t.c.team_id)
        .outerjoin(facilitator, facilitator.c.id == log_t.c.facilitator_id)
        .outerjoin(theme_t, theme_t.c.briefing_id == briefing_t.c.id)
        .outerjoin(before, rating(ConfidenceStage.BEFORE, before))
        .outerjoin(after, rating(ConfidenceStage.AFTER, after))
        .where(
            attempt_t.c.id == bindparam("attempt_id"),
            attempt_t.c.state == AttemptState.COMPLETED,
        )
        .order_by(theme_t.c.position, log_t.c.held_on.desc(), log_t.c.id.desc())
    )


def briefing_source(partnership: str) -> str:
    """Where the briefing comes from, for the record.

    Briefings do not yet say which review they summarise, so this names the kind of
    document and who shared it; one place to change when they do.
    """
    return f"7-minute briefing on learning from a safeguarding review, shared by {partnership}"


def record_of(attempt: CompletedAttempt, partnership: str) -> CompletionRecord:
    """The completion record of a completed attempt (see load_completion)."""
    result = attempt_result(attempt)
    scores = {t.theme: t for t in result.themes}
    themes = []
    for theme in attempt.themes:
        score = scores.get(theme.text)
        themes.append(
            ThemeRecord(
                theme=theme.text,
                points=score.points if score else 0,
                max_points=score.max_points if score else 0,
                confidence_before=theme.before,
                confidence_after=theme.after,
            )
        )
    spent = time_spent(attempt, result)
    return CompletionRecord(
        attempt_id=attempt.id,
        person=attempt.person,
        team=attempt.team,
        agency=attempt.agency,
        partnership=partnership,
        briefing_title=attempt.briefing.title,
        briefing_slug=attempt.briefing.slug,
        briefing_source=briefing_source(partnership),
        started_at=attempt.started_at,
        submitted_at=attempt.submitted_at or attempt.completed_at,
        completed_at=attempt.completed_at,
        time_spent=spent,
        cpd_minutes=cpd_minutes(spent),
        points=result.points,
        max_points=result.max_points,
        themes=themes,
        reflection=attempt.reflection,
        meetings=list(attempt.meetings),
        themes_below_pass_mark=tuple(t.theme for t in result.below_pass_mark),
    )


def time_spent(attempt: CompletedAttempt, result: AttemptResult) -> timedelta:
    """The time spent on an attempt (with its result), from starting it to finishing the
    reflection.

    Only the moments a step was saved are known (start, each answer, submit, finish), so
    this adds up the gaps between them, leaving out any gap longer than BREAK_AFTER: a
    person who answered half on Monday and the rest on Tuesday did not spend a day on it.
    """
    moments = [attempt.started_at]
    moments += [q.answered_at for q in result.questions if q.answered_at is not None]
    moments += [m for m in (attempt.submitted_at, attempt.completed_at) if m is not None]
    return active_time(moments)


def active_time(moments: list[datetime], break_after: timedelta = BREAK_AFTER) -> timedelta:
    """The sum of the gaps between these moments (in any order), breaks left out."""
    ordered = sorted(moments)
    total = timedelta()
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        gap = later - earlier
        if gap <= break_after:
            total += gap
    return total


def cpd_minutes(spent: timedelta) -> int:
    """Time spent rounded to the nearest CPD_ROUNDING_MINUTES, and never less than that."""
    step = CPD_ROUNDING_MINUTES
    # Halves round up (12.5 minutes is 15), unlike round()'s banker's rounding.
    rounded = int(spent.total_seconds() / 60 / step + 0.5) * step
    return max(step, rounded)
