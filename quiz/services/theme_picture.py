"""The per-theme picture of a team, beside the partnership's, and a supervision agenda.

A team's share of right answers on a theme is shown only when at least five of its people
answered questions on it: fewer would point at individuals, and would be noise. A theme
is "confidently wrong" when the team rated its confidence high before answering and then
got it mostly wrong: the learning most worth a conversation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import case, func, literal, select

from quiz.extensions import db
from quiz.models import (
    Assignment,
    Attempt,
    AttemptState,
    Briefing,
    Reflection,
    Team,
    Theme,
    ThemeTotal,
    User,
)
from quiz.scoring import percent
from quiz.services.supervision import briefing_completions

MIN_PEOPLE = 5
CONFIDENT_AT = 4.0
LOW_ACCURACY_PERCENT = 60
WEAKEST_SHOWN = 3
REFLECTIONS_SHOWN = 10

_SUBMITTED = (AttemptState.SUBMITTED, AttemptState.COMPLETED)


@dataclass(frozen=True)
class ThemeRow:
    briefing: str
    position: int
    theme: str
    team_right: int
    team_answered: int
    team_people: int
    partnership_right: int
    partnership_answered: int
    confidence_before: float | None

    @property
    def hidden(self) -> bool:
        return self.team_people < MIN_PEOPLE

    @property
    def team_percent(self) -> int | None:
        if self.hidden or not self.team_answered:
            return None
        return percent(self.team_right, self.team_answered)

    @property
    def partnership_percent(self) -> int | None:
        if not self.partnership_answered:
            return None
        return percent(self.partnership_right, self.partnership_answered)

    @property
    def confidently_wrong(self) -> bool:
        return (
            self.team_percent is not None
            and self.confidence_before is not None
            and self.confidence_before >= CONFIDENT_AT
            and self.team_percent < LOW_ACCURACY_PERCENT
        )

    @property
    def shown_confidence(self) -> float | None:
        return None if self.hidden else self.confidence_before


@dataclass(frozen=True)
class AgendaReflection:
    name: str
    briefing: str
    written_at: datetime
    text: str


@dataclass(frozen=True)
class TeamAgenda:
    weakest: list[ThemeRow]
    confidently_wrong: list[ThemeRow]
    reflections: list[AgendaReflection]
    overdue: int
    prompts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ThemePicture:
    team: Team
    rows: list[ThemeRow]
    agenda: TeamAgenda


def _scores(briefing_ids, team_id: int | None) -> dict[int, tuple[int, int, int]]:
    """theme id -> (right, answered, people) over submitted attempts (answers to versions
    not voided, as quiz.services.theme_totals counts them), for a team; for the whole
    partnership people is not counted (0): counting distinct people over every attempt in
    the partnership would cost a sort the comparison does not need."""
    people = (
        func.count(func.distinct(case((ThemeTotal.answered > 0, Attempt.user_id))))
        if team_id is not None
        else literal(0)
    )
    query = (
        select(
            ThemeTotal.theme_id,
            func.sum(ThemeTotal.correct),
            func.sum(ThemeTotal.answered),
            people,
        )
        .select_from(Attempt)
        .join(ThemeTotal, ThemeTotal.attempt_id == Attempt.id)
        .where(Attempt.briefing_id.in_(briefing_ids), Attempt.state.in_(_SUBMITTED))
        .group_by(ThemeTotal.theme_id)
        .having(func.sum(ThemeTotal.answered) > 0)
    )
    if team_id is not None:
        query = query.join(User, Attempt.user_id == User.id).where(
            User.team_id == team_id, User.active.is_(True)
        )
    return {
        t: (int(right), int(answered), found)
        for t, right, answered, found in db.session.execute(query)
    }


def theme_picture(team: Team, today: date) -> ThemePicture:
    """Every theme of the team's briefings: the team's share right beside the partnership's."""
    assigned = select(Assignment.briefing_id).where(Assignment.team_id == team.id)
    themes = db.session.execute(
        select(Theme.id, Theme.position, Theme.text, Briefing.title)
        .join(Briefing, Theme.briefing_id == Briefing.id)
        .where(Theme.briefing_id.in_(assigned))
        .order_by(Briefing.title, Theme.position)
    ).all()
    team_scores = _scores(assigned, team.id)
    everyone = _scores(assigned, None)
    confidence = dict(
        db.session.execute(
            select(ThemeTotal.theme_id, func.avg(ThemeTotal.confidence_before))
            .select_from(Attempt)
            .join(ThemeTotal, ThemeTotal.attempt_id == Attempt.id)
            .join(User, Attempt.user_id == User.id)
            .where(
                User.team_id == team.id,
                User.active.is_(True),
                Attempt.briefing_id.in_(assigned),
                ThemeTotal.confidence_before.is_not(None),
            )
            .group_by(ThemeTotal.theme_id)
        ).all()
    )
    rows = [
        ThemeRow(
            title,
            position,
            text,
            *team_scores.get(theme_id, (0, 0, 0)),
            *everyone.get(theme_id, (0, 0, 0))[:2],
            float(confidence[theme_id]) if theme_id in confidence else None,
        )  # fmt: skip
        for theme_id, position, text, title in themes
    ]
    reflections = [
        AgendaReflection(*found)
        for found in db.session.execute(
            select(User.name, Briefing.title, Reflection.created_at, Reflection.text)
            .join(Attempt, Reflection.attempt_id == Attempt.id)
            .join(User, Attempt.user_id == User.id)
            .join(Briefing, Attempt.briefing_id == Briefing.id)
            .where(
                User.team_id == team.id, User.active.is_(True), Attempt.briefing_id.in_(assigned)
            )
            .order_by(Reflection.created_at.desc())
            .limit(REFLECTIONS_SHOWN)
        )
    ]
    overdue = sum(b.overdue for b in briefing_completions([team.id], today))
    return ThemePicture(team, rows, team_agenda(rows, reflections, overdue))


def team_agenda(
    rows: list[ThemeRow], reflections: list[AgendaReflection], overdue: int
) -> TeamAgenda:
    shown = [r for r in rows if r.team_percent is not None]
    weakest = sorted(shown, key=lambda r: (r.team_percent, r.briefing, r.position))[:WEAKEST_SHOWN]
    wrong = [r for r in rows if r.confidently_wrong]
    prompts = [
        f"We felt sure about “{r.theme}” ({r.briefing}) but often chose another answer. "
        "What did the feedback say, and where does this come up in our cases?"
        for r in wrong
    ]
    prompts += [
        f"“{r.theme}” was our hardest theme in {r.briefing} ({r.team_percent}% right). "
        "What would help us get it right in practice?"
        for r in weakest
        if r not in wrong
    ]
    if overdue:
        prompts.append(
            f"{overdue} briefing{'s are' if overdue != 1 else ' is'} overdue across the team. "
            "What is getting in the way, and what time can we protect for them?"
        )
    if reflections:
        prompts.append("Which of these reflections has someone already put into practice?")
    return TeamAgenda(weakest, wrong, reflections, overdue, prompts)
