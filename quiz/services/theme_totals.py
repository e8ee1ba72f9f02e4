"""The theme totals table: each attempt's answers and confidence per theme, kept up to date.

track() is the one writer. It recounts an attempt's rows from its answers and ratings in
one statement, so a row is always what the answers say, whatever happened before:
quiz.services.attempts calls it when confidence is rated and when answers are submitted,
quiz.services.content when a question version is voided, in the same transaction;
recount_answers_to() when reloading the bank moves answered questions to another theme.

What counts, as the theme reports always counted it: answers in submitted (or completed)
attempts, to versions not voided, under their question's theme (a refresh question from an
earlier briefing counts for that briefing's theme); ratings at every stage of an attempt.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache

from sqlalchemy import (
    Select,
    and_,
    bindparam,
    case,
    delete,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite

from quiz.extensions import db
from quiz.models import (
    Answer,
    Attempt,
    AttemptState,
    ConfidenceRating,
    ConfidenceStage,
    Question,
    QuestionVersion,
    ThemeTotal,
    VoidedVersion,
)

_COUNTED = ("answered", "correct", "confidence_before", "confidence_after")


def _totals(given_attempts: bool) -> Select:
    """(attempt_id, theme_id, answered, correct, before, after) per attempt and theme: of
    the attempts given as the parameter attempt_ids, or of every attempt."""
    counts = VoidedVersion.version_id.is_(None)
    answers = (
        select(
            Answer.attempt_id.label("attempt_id"),
            Question.theme_id.label("theme_id"),
            case((counts, 1), else_=0).label("answered"),
            case((and_(counts, Answer.is_correct), 1), else_=0).label("correct"),
            null().label("confidence_before"),
            null().label("confidence_after"),
        )
        .join(Attempt, Answer.attempt_id == Attempt.id)
        .join(QuestionVersion, Answer.version_id == QuestionVersion.id)
        .join(Question, QuestionVersion.question_id == Question.id)
        .outerjoin(VoidedVersion, VoidedVersion.version_id == Answer.version_id)
        .where(Attempt.state != AttemptState.IN_PROGRESS)
    )
    ratings = select(
        ConfidenceRating.attempt_id,
        ConfidenceRating.theme_id,
        literal(0),
        literal(0),
        case((ConfidenceRating.stage == ConfidenceStage.BEFORE, ConfidenceRating.rating)),
        case((ConfidenceRating.stage == ConfidenceStage.AFTER, ConfidenceRating.rating)),
    )
    if given_attempts:
        attempt_ids = bindparam("attempt_ids", expanding=True)
        answers = answers.where(Answer.attempt_id.in_(attempt_ids))
        ratings = ratings.where(ConfidenceRating.attempt_id.in_(attempt_ids))
    found = union_all(answers, ratings).subquery()
    return select(
        found.c.attempt_id,
        found.c.theme_id,
        func.sum(found.c.answered),
        func.sum(found.c.correct),
        func.max(found.c.confidence_before),
        func.max(found.c.confidence_after),
    ).group_by(found.c.attempt_id, found.c.theme_id)


def track(attempt_ids: Collection[int]) -> None:
    """Recount these attempts' rows from their answers and ratings: one statement, after
    the changes are flushed. A row, once there, stays: answers and ratings are never
    removed (a voided answer leaves its theme's row, counting nothing)."""
    if not attempt_ids:
        return
    dialect = db.session.get_bind().dialect.name
    db.session.execute(_upsert(dialect), {"attempt_ids": list(attempt_ids)})


@cache
def _upsert(dialect_name: str):
    """track()'s statement, built once for each database (building it costs more than
    running it)."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    columns = ["attempt_id", "theme_id", *_COUNTED]
    upsert = dialect.insert(ThemeTotal.__table__).from_select(columns, _totals(given_attempts=True))
    return upsert.on_conflict_do_update(
        index_elements=["attempt_id", "theme_id"],
        set_={name: upsert.excluded[name] for name in _COUNTED},
    ).execution_options(synchronize_session=False)


def recount_answers_to(question_ids: Collection[int]) -> None:
    """After these questions moved to another theme: the attempts that answered them are
    counted again from scratch (their old theme's rows would otherwise keep the answers)."""
    if not question_ids:
        return
    db.session.flush()
    attempt_ids = db.session.scalars(
        select(Answer.attempt_id)
        .join(QuestionVersion, Answer.version_id == QuestionVersion.id)
        .where(QuestionVersion.question_id.in_(list(question_ids)))
        .distinct()
    ).all()
    if not attempt_ids:
        return
    db.session.execute(
        delete(ThemeTotal)
        .where(ThemeTotal.attempt_id.in_(attempt_ids))
        .execution_options(synchronize_session=False)
    )
    track(attempt_ids)


def track_all() -> None:
    """Fill the empty table from every attempt (for data written in bulk, as the benchmark
    does; the migration fills it with the same rule in plain SQL)."""
    columns = ["attempt_id", "theme_id", *_COUNTED]
    db.session.execute(ThemeTotal.__table__.insert().from_select(columns, _totals(False)))
