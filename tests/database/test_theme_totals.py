"""The theme reports read the theme totals table, and give exactly the figures the answers
give: after retakes of weak themes, refresh questions from earlier briefings, attempts left
part way, a leaver, a question version voided after it was answered, and the migration that
fills the table from the answers already given. On SQLite and PostgreSQL.

The oracle below is how the reports counted before the table: every answer, its version,
its question and whether it was voided, and every confidence rating.
"""

from __future__ import annotations

from datetime import date

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import case, func, inspect, select

from quiz.extensions import db
from quiz.models import (
    Answer,
    Attempt,
    AttemptQuestion,
    AttemptState,
    ConfidenceRating,
    ConfidenceStage,
    Question,
    QuestionVersion,
    Team,
    Theme,
    ThemeTotal,
    User,
    VoidedVersion,
)
from quiz.services import annual_report, content, trends
from quiz.services.theme_picture import theme_picture
from tests.seed import ROOT
from tests.theme_partnership import varied_partnership

pytestmark = pytest.mark.postgres

THEME_TOTALS = "e5b2d8f41c7a"
BEFORE_THEME_TOTALS = (
    ScriptDirectory(str(ROOT / "migrations")).get_revision(THEME_TOTALS).down_revision
)
SUBMITTED = (AttemptState.SUBMITTED, AttemptState.COMPLETED)
IN_TEAMS = (User.active.is_(True), User.team_id.is_not(None))


def from_answers(*where, by=None) -> dict:
    """theme id (or (theme id, by)) -> (right, answered, people), from every answer."""
    keys = [Question.theme_id] + ([by] if by is not None else [])
    query = (
        select(
            *keys,
            func.sum(case((Answer.is_correct, 1), else_=0)),
            func.count(Answer.id),
            func.count(func.distinct(Attempt.user_id)),
        )
        .select_from(Attempt)
        .join(Answer, Answer.attempt_id == Attempt.id)
        .join(QuestionVersion, Answer.version_id == QuestionVersion.id)
        .join(Question, QuestionVersion.question_id == Question.id)
        .join(User, Attempt.user_id == User.id)
        .outerjoin(Team, User.team_id == Team.id)
        .outerjoin(VoidedVersion, VoidedVersion.version_id == QuestionVersion.id)
        .where(Attempt.state.in_(SUBMITTED), VoidedVersion.version_id.is_(None), *where)
        .group_by(*keys)
    )
    return {
        (key[0] if by is None else tuple(key)): (int(right), answered, people)
        for *key, right, answered, people in db.session.execute(query)
    }


def from_ratings(stage: str | None, *where) -> dict[int, tuple[float, int]]:
    """theme id -> (mean rating, people) from every rating at the stage (None: either; the
    mean is then not asked for)."""
    query = (
        select(
            ConfidenceRating.theme_id,
            func.avg(ConfidenceRating.rating),
            func.count(func.distinct(Attempt.user_id)),
        )
        .join(Attempt, ConfidenceRating.attempt_id == Attempt.id)
        .join(User, Attempt.user_id == User.id)
        .outerjoin(Team, User.team_id == Team.id)
        .where(*where)
        .group_by(ConfidenceRating.theme_id)
    )
    if stage is not None:
        query = query.where(ConfidenceRating.stage == stage)
    return {theme: (float(mean), people) for theme, mean, people in db.session.execute(query)}


def theme_names() -> dict[tuple[str, str], int]:
    """(briefing title, theme text) -> theme id."""
    return {
        (theme.briefing.title, theme.text): theme.id for theme in db.session.scalars(select(Theme))
    }


def rounded(found: tuple[float, int] | None) -> float | None:
    return round(found[0], 1) if found else None


def assert_reports_match_the_answers(known) -> None:
    briefings = [known.earlier.id, known.later.id]
    names = theme_names()

    for agency_id in (None, known.council.id):
        scope = (*IN_TEAMS, Attempt.briefing_id.in_(briefings))
        if agency_id is not None:
            scope += (Team.agency_id == agency_id,)
        scores, before = from_answers(*scope), from_ratings(ConfidenceStage.BEFORE, *scope)
        hardest = trends.hardest_themes(agency_id)
        assert len(hardest) == 4
        for row in hardest:
            theme_id = names[(row.briefing, row.theme)]
            assert (row.right, row.answered, row.people) == scores.get(theme_id, (0, 0, 0))
            assert row.confidence_before == rounded(before.get(theme_id))

    for briefing in (known.earlier, known.later):
        themes = sorted(briefing.themes, key=lambda t: t.position)
        scope = (*IN_TEAMS, Attempt.briefing_id == briefing.id)
        for agency_id, by in ((None, Team.agency_id), (known.council.id, Team.id)):
            columns = trends.groups(agency_id)
            where = scope + ((Team.agency_id == agency_id,) if agency_id is not None else ())
            scores = from_answers(*where, by=by)
            heat = trends.theme_heat_map(briefing, agency_id, None)
            for theme, row in zip(themes, heat.rows, strict=True):
                assert [(c.right, c.answered, c.people) for c in row.cells] == [
                    scores.get((theme.id, group.id), (0, 0, 0)) for group in columns
                ]
        before = from_ratings(ConfidenceStage.BEFORE, *scope)
        after = from_ratings(ConfidenceStage.AFTER, *scope)
        pairs = trends.confidence_chart(briefing, None).pairs
        assert [(p.before, p.after, p.people) for p in pairs] == [
            (
                rounded(before.get(t.id)),
                rounded(after.get(t.id)),
                min((f[1] for f in (before.get(t.id), after.get(t.id)) if f), default=0),
            )
            for t in themes
        ]

    period = annual_report.financial_year(date.today())
    submitted = from_answers(period.holds(Attempt.submitted_at))
    assert {
        names[(r.briefing, r.theme)]: (r.right, r.answers, r.people)
        for r in annual_report.learning(period)
    } == submitted
    completed = (Attempt.state == AttemptState.COMPLETED, period.holds(Attempt.completed_at))
    before = from_ratings(ConfidenceStage.BEFORE, *completed)
    after = from_ratings(ConfidenceStage.AFTER, *completed)
    either = from_ratings(None, *completed)
    assert {
        names[(r.briefing, r.theme)]: (r.before, r.after, r.people)
        for r in annual_report.confidence(period)
    } == {
        theme_id: (
            before[theme_id][0] if theme_id in before else None,
            after[theme_id][0] if theme_id in after else None,
            people,
        )
        for theme_id, (_, people) in either.items()
    }

    for team in (known.assessment, known.visiting):
        scope = (Attempt.briefing_id.in_(briefings),)
        members = (User.team_id == team.id, User.active.is_(True))
        team_scores, everyone = from_answers(*scope, *members), from_answers(*scope)
        before = from_ratings(ConfidenceStage.BEFORE, *scope, *members)
        picture = theme_picture(team, date.today())
        assert len(picture.rows) == 4
        for row in picture.rows:
            theme_id = names[(row.briefing, row.theme)]
            assert (row.team_right, row.team_answered, row.team_people) == team_scores.get(
                theme_id, (0, 0, 0)
            )
            assert (row.partnership_right, row.partnership_answered) == everyone.get(
                theme_id, (0, 0, 0)
            )[:2]
            assert row.confidence_before == (before[theme_id][0] if theme_id in before else None)


def assert_the_partnership_varies_as_described(known) -> None:
    """The cases the figures must survive are really there."""
    refresh_answers = db.session.scalar(
        select(func.count(Answer.id))
        .join(
            AttemptQuestion,
            (AttemptQuestion.attempt_id == Answer.attempt_id)
            & (AttemptQuestion.version_id == Answer.version_id),
        )
        .where(AttemptQuestion.from_earlier_briefing.is_(True))
    )
    assert refresh_answers >= 3
    assert db.session.scalar(select(func.count()).where(Attempt.themes_only.is_(True))) == 2
    open_with_answers = db.session.scalar(
        select(func.count(func.distinct(Attempt.id)))
        .join(Answer, Answer.attempt_id == Attempt.id)
        .where(Attempt.state == AttemptState.IN_PROGRESS)
    )
    assert open_with_answers == 1


def test_the_reports_give_the_figures_the_answers_give(db_app):
    known = varied_partnership()
    assert_the_partnership_varies_as_described(known)
    assert_reports_match_the_answers(known)

    # A version of "Seeing the child" answered in both briefings' attempts (as a refresh
    # question in "later") is voided: the reports follow in the same transaction.
    answered = db.session.scalar(
        select(Answer.version_id)
        .join(QuestionVersion, Answer.version_id == QuestionVersion.id)
        .join(Question, QuestionVersion.question_id == Question.id)
        .join(Attempt, Answer.attempt_id == Attempt.id)
        .where(Question.theme_id == known.seeing, Attempt.briefing_id == known.later.id)
        .limit(1)
    )
    before_void = from_answers(*IN_TEAMS)[known.seeing]
    content.void_version(
        db.session.get(QuestionVersion, answered), "Two right answers.", known.trainer
    )
    after_void = next(r for r in trends.hardest_themes() if r.theme == "Seeing the child")
    assert (after_void.right, after_void.answered) != before_void[:2]
    assert_reports_match_the_answers(known)
    db.session.commit()
    assert_reports_match_the_answers(known)


def _totals() -> set[tuple]:
    return set(
        db.session.execute(
            select(
                ThemeTotal.attempt_id,
                ThemeTotal.theme_id,
                ThemeTotal.answered,
                ThemeTotal.correct,
                ThemeTotal.confidence_before,
                ThemeTotal.confidence_after,
            )
        ).all()
    )


def test_the_migration_fills_the_table_as_the_attempts_kept_it(db_app, migrations):
    known = varied_partnership()
    version = known.earlier.themes[0].questions[0].current_version
    content.void_version(version, "Misleading wording.", known.trainer)
    db.session.commit()
    kept = _totals()
    assert len(kept) > 20
    db.session.commit()  # nothing left reading the table the downgrade drops

    migrations.downgrade(BEFORE_THEME_TOTALS)
    assert "theme_totals" not in inspect(db.engine).get_table_names()
    migrations.upgrade("head")

    assert _totals() == kept
    assert_reports_match_the_answers(known)
