"""One person's history for their supervisor: every briefing, what they answered and the
feedback they saw, their confidence before and after, their reflections and completions.

A fixed number of statements however many briefings and attempts they have (the
attempts' questions, options, answers, ratings and reflections each load in one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from quiz.extensions import db
from quiz.models import (
    Answer,
    Assignment,
    Attempt,
    AttemptQuestion,
    AttemptState,
    Briefing,
    Completion,
    ConfidenceRating,
    ConfidenceStage,
    Question,
    QuestionVersion,
    User,
)
from quiz.services.attempts import AttemptResult, result_of
from quiz.services.supervision import PersonBriefingRow, person_briefing_row

# Confident at 4 or 5 out of 5 before answering, yet right under half the time.
CONFIDENT_AT = 4
LOW_ACCURACY_PERCENT = 50


@dataclass(frozen=True)
class ThemeConfidence:
    theme: str
    before: int | None
    after: int | None
    percent_right: int | None

    @property
    def confidently_wrong(self) -> bool:
        return (
            self.before is not None
            and self.before >= CONFIDENT_AT
            and self.percent_right is not None
            and self.percent_right < LOW_ACCURACY_PERCENT
        )


@dataclass(frozen=True)
class AttemptRecord:
    attempt: Attempt
    result: AttemptResult
    themes: list[ThemeConfidence]
    reflection: str | None
    reflected_on: datetime | None

    @property
    def finished_at(self) -> datetime:
        return self.attempt.completed_at or self.attempt.submitted_at


@dataclass(frozen=True)
class AttemptTheme:
    """A row of one attempt's themes table, saying whose attempt it was and at what."""

    person: str
    briefing: str
    finished_at: datetime
    theme: ThemeConfidence


@dataclass(frozen=True)
class BriefingHistory:
    briefing: Briefing
    row: PersonBriefingRow | None  # None when no longer assigned to their team
    attempts: list[AttemptRecord] = field(default_factory=list)


@dataclass(frozen=True)
class PersonRecord:
    person: User
    briefings: list[BriefingHistory]

    @property
    def rows(self) -> list[PersonBriefingRow]:
        return [b.row for b in self.briefings if b.row is not None]

    @property
    def weakest_themes(self) -> list[tuple[str, ThemeConfidence]]:
        """Themes of their latest submitted attempts where they were right under half the
        time, weakest first, with the briefing's title."""
        found = [
            (h.briefing.title, t)
            for h in self.briefings
            if h.attempts
            for t in h.attempts[0].themes
            if t.percent_right is not None and t.percent_right < LOW_ACCURACY_PERCENT
        ]
        return sorted(found, key=lambda pair: pair[1].percent_right)

    @property
    def confidently_wrong(self) -> list[tuple[str, ThemeConfidence]]:
        return [
            (h.briefing.title, t)
            for h in self.briefings
            if h.attempts
            for t in h.attempts[0].themes
            if t.confidently_wrong
        ]

    @property
    def prompts(self) -> list[str]:
        """Questions a supervisor might ask, from their weakest and confidently wrong themes."""
        asked = [
            f"You felt sure about “{t.theme}” ({title}) before answering, and the feedback "
            "said otherwise. What surprised you?"
            for title, t in self.confidently_wrong
        ]
        wrong = {id(t) for _, t in self.confidently_wrong}
        asked += [
            f"“{t.theme}” ({title}) was hard ({t.percent_right}% right). Where does it come "
            "up in your cases, and what would help?"
            for title, t in self.weakest_themes
            if id(t) not in wrong
        ]
        overdue = [r.briefing for r in self.rows if r.overdue]
        if overdue:
            asked.append("Overdue: " + ", ".join(overdue) + ". What is getting in the way?")
        return asked

    def attempt_themes(self, attempt_id: int) -> list[AttemptTheme] | None:
        """The themes table of one of their submitted attempts, as the page shows it; None
        when the attempt is not one of theirs."""
        for history in self.briefings:
            for record in history.attempts:
                if record.attempt.id == attempt_id:
                    return [
                        AttemptTheme(
                            self.person.name, history.briefing.title, record.finished_at, theme
                        )
                        for theme in record.themes
                    ]
        return None

    @property
    def reflections(self) -> list[tuple[str, AttemptRecord]]:
        found = [(h.briefing.title, a) for h in self.briefings for a in h.attempts if a.reflection]
        return sorted(found, key=lambda pair: pair[1].reflected_on, reverse=True)


ATTEMPT_CONTENT = (
    selectinload(Attempt.questions)
    .joinedload(AttemptQuestion.version)
    .options(
        joinedload(QuestionVersion.void),
        joinedload(QuestionVersion.question).joinedload(Question.theme),
        selectinload(QuestionVersion.options),
    ),
    selectinload(Attempt.answers).selectinload(Answer.choices),
    selectinload(Attempt.confidence).joinedload(ConfidenceRating.theme),
    selectinload(Attempt.reflection),
)


def _attempt_record(attempt: Attempt) -> AttemptRecord:
    result = result_of(attempt)
    ratings = {(c.theme.text, c.stage): c.rating for c in attempt.confidence}
    themes = [
        ThemeConfidence(
            score.theme,
            ratings.get((score.theme, ConfidenceStage.BEFORE)),
            ratings.get((score.theme, ConfidenceStage.AFTER)),
            score.percent if score.max_points else None,
        )
        for score in result.themes
    ]
    reflection = attempt.reflection
    return AttemptRecord(
        attempt,
        result,
        themes,
        reflection.text if reflection else None,
        reflection.created_at if reflection else None,
    )


def person_record(person: User, today: date) -> PersonRecord:
    team = person.team
    assignments = {
        briefing.id: (briefing, due_on)
        for briefing, due_on in db.session.execute(
            select(Briefing, Assignment.due_on)
            .join(Assignment, Assignment.briefing_id == Briefing.id)
            .where(Assignment.team_id == person.team_id)
            .order_by(Assignment.due_on, Briefing.title)
        )
    }
    completions = {
        c.briefing_id: c
        for c in db.session.scalars(
            select(Completion)
            .where(Completion.user_id == person.id)
            .options(joinedload(Completion.briefing))
        )
    }
    attempts = db.session.scalars(
        select(Attempt)
        .where(
            Attempt.user_id == person.id,
            Attempt.state.in_([AttemptState.SUBMITTED, AttemptState.COMPLETED]),
        )
        .order_by(Attempt.started_at.desc(), Attempt.id.desc())
        .options(*ATTEMPT_CONTENT)
    ).all()
    by_briefing: dict[int, list[AttemptRecord]] = {}
    for attempt in attempts:
        by_briefing.setdefault(attempt.briefing_id, []).append(_attempt_record(attempt))
    histories = []
    for briefing_id, (briefing, due_on) in assignments.items():
        row = person_briefing_row(
            person, team.name if team else "", team.agency.name if team else "",
            briefing.title, due_on, completions.get(briefing_id), today,
        )  # fmt: skip
        histories.append(BriefingHistory(briefing, row, by_briefing.get(briefing_id, [])))
    # Briefings they did while in another team, or no longer assigned, are still theirs.
    for briefing_id, completion in completions.items():
        if briefing_id not in assignments:
            histories.append(
                BriefingHistory(completion.briefing, None, by_briefing.get(briefing_id, []))
            )
    return PersonRecord(person, histories)
