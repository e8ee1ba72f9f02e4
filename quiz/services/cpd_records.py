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

from sqlalchemy import bindparam, select
from sqlalchemy.orm import defer, joinedload, selectinload

from quiz.extensions import db
from quiz.models import (
    Attempt,
    AttemptState,
    Briefing,
    ConfidenceStage,
    Team,
    User,
)
from quiz.services import attempts, meeting_logs

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


def load_completion(attempt_id: int) -> Attempt | None:
    """A completed attempt with everything its record shows but its questions and answers
    (record_of reads those as plain rows), or None."""
    return db.session.scalars(_completion_statement(), {"attempt_id": attempt_id}).unique().first()


@cache
def _completion_statement():
    # Built once, with a parameter: building it with its loader options cost more than it.
    return (
        select(Attempt)
        .where(Attempt.id == bindparam("attempt_id"), Attempt.state == AttemptState.COMPLETED)
        .options(
            selectinload(Attempt.confidence),
            joinedload(Attempt.reflection),
            joinedload(Attempt.user).joinedload(User.team).joinedload(Team.agency),
            joinedload(Attempt.briefing).options(
                defer(Briefing.source_text), joinedload(Briefing.themes)
            ),
        )
    )


def briefing_source(briefing: Briefing, partnership: str) -> str:
    """Where the briefing comes from, for the record.

    Briefings do not yet say which review they summarise, so this names the kind of
    document and who shared it; one place to change when they do.
    """
    return f"7-minute briefing on learning from a safeguarding review, shared by {partnership}"


def meetings_attended(attempt: Attempt) -> list[MeetingAttended]:
    """The team meetings about this attempt's briefing that its person attended (meeting logs)."""
    return [
        MeetingAttended(
            held_on=log.held_on,
            team=log.team.name,
            facilitator=log.facilitator.name if log.facilitator else "",
        )
        for log in meeting_logs.meetings_attended(attempt.user, attempt.briefing_id)
    ]


def record_of(attempt: Attempt, partnership: str) -> CompletionRecord:
    """The completion record of a completed attempt (see load_completion)."""
    if attempt.state != AttemptState.COMPLETED:
        raise ValueError("Only a completed attempt has a completion record")
    result = attempts.attempt_result(attempt)
    before = attempts.confidence_ratings(attempt, ConfidenceStage.BEFORE)
    after = attempts.confidence_ratings(attempt, ConfidenceStage.AFTER)
    scores = {t.theme: t for t in result.themes}
    themes = []
    for theme in attempt.briefing.themes:
        score = scores.get(theme.text)
        themes.append(
            ThemeRecord(
                theme=theme.text,
                points=score.points if score else 0,
                max_points=score.max_points if score else 0,
                confidence_before=before.get(theme.id),
                confidence_after=after.get(theme.id),
            )
        )
    spent = time_spent(attempt, result)
    user = attempt.user
    return CompletionRecord(
        attempt_id=attempt.id,
        person=user.name,
        team=user.team.name if user.team else "",
        agency=user.team.agency.name if user.team else "",
        partnership=partnership,
        briefing_title=attempt.briefing.title,
        briefing_slug=attempt.briefing.slug,
        briefing_source=briefing_source(attempt.briefing, partnership),
        started_at=attempt.started_at,
        submitted_at=attempt.submitted_at or attempt.completed_at,
        completed_at=attempt.completed_at,
        time_spent=spent,
        cpd_minutes=cpd_minutes(spent),
        points=result.points,
        max_points=result.max_points,
        themes=themes,
        reflection=attempt.reflection.text if attempt.reflection else "",
        meetings=meetings_attended(attempt),
        themes_below_pass_mark=tuple(t.theme for t in result.below_pass_mark),
    )


def time_spent(attempt: Attempt, result: attempts.AttemptResult) -> timedelta:
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
