"""An attempt's life: start, rate confidence, answer, submit, complete.

Functions flush but never commit: the view or command that calls them owns
the transaction.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cache

from sqlalchemy import and_, bindparam, func, inspect, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased, joinedload, lazyload, make_transient_to_detached, undefer
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from quiz.draw import Drawn
from quiz.extensions import db
from quiz.models import (
    Answer,
    Attempt,
    AttemptQuestion,
    AttemptState,
    Briefing,
    ConfidenceStage,
    Question,
    QuestionKind,
    QuestionVersion,
    Reflection,
    User,
)
from quiz.models.attempts import OPEN_STATES
from quiz.models.people import utcnow
from quiz.scoring import score_question
from quiz.services import completion, confidence, drawing, one_question, theme_totals
from quiz.services.confidence import ThemeToRate
from quiz.services.one_question import AskedQuestion
from quiz.services.results import (  # noqa: F401 (the result, read through this module too)
    AnsweredQuestion,
    AttemptResult,
    ThemeResult,
    attempt_result,
    result_of,
)

REFLECTION_MAX_LENGTH = 2000


class AttemptError(ValueError):
    """Something a practitioner asked for cannot happen; the message says why."""


def _with_content(version_path):
    """What a question page, check answers and the result read of a version, joined in."""
    return version_path.options(
        joinedload(QuestionVersion.options),
        joinedload(QuestionVersion.void),
        joinedload(QuestionVersion.question).joinedload(Question.theme),
    )


# Loaded a row at a time, an attempt costs four statements per question (version, options,
# void, theme): 88 for the result page. Loaded as below, a page costs at most three:
# - the briefing, its assignment and the latest attempt with its number of questions
#   (quiz.web.access.get_assigned_briefing_or_404, with JOURNEY_LOADING);
# - the question page and an answer: the one question asked for, with the answer given so
#   far (question_at), as plain rows;
# - check answers, submit, the result and the completion record: every question with its
#   options and answer, as plain rows (results.attempt_result);
# - the briefing page of an attempt in progress: every question, when first read.
_QUESTIONS_WHEN_READ = _with_content(
    lazyload(Attempt.questions).joinedload(AttemptQuestion.version)
)
JOURNEY_LOADING = (
    undefer(Attempt.question_count),
    lazyload(Attempt.answers).joinedload(Answer.choices),
    _QUESTIONS_WHEN_READ,
)


def latest_attempt_id(user_id, briefing_id):
    """The id of the person's latest attempt at the briefing, as a subquery (the last
    started; of two started at the same moment, the later one)."""
    other = aliased(Attempt)  # not the attempts of a statement it is part of
    return (
        select(other.id)
        .where(other.user_id == user_id, other.briefing_id == briefing_id)
        .order_by(other.started_at.desc(), other.id.desc())
        .limit(1)
        .scalar_subquery()
    )


# The statements every question page and answer runs are built once, with their values as
# parameters: building one with its loader options (and SQLAlchemy's cache key for it) costs
# more CPU than running it.


@cache
def _latest_attempt_statement():
    return (
        select(Attempt)
        .where(Attempt.id == latest_attempt_id(bindparam("user_id"), bindparam("briefing_id")))
        .options(*JOURNEY_LOADING)
    )


def latest_attempt(user: User, briefing: Briefing) -> Attempt | None:
    found = db.session.scalars(
        _latest_attempt_statement(), {"user_id": user.id, "briefing_id": briefing.id}
    )
    return found.unique().first()


_NOT_READ = object()  # the latest attempt, when the caller has not read it


def start_or_resume(user: User, briefing: Briefing, latest=_NOT_READ) -> Attempt:
    """The person's open or finished attempt, or a new one fixed to the questions drawn for
    them today (quiz/draw.py), with any refresh questions from earlier briefings. latest:
    their latest attempt at the briefing (or None), when the caller has it already."""
    existing = latest_attempt(user, briefing) if latest is _NOT_READ else latest
    if existing is not None:
        return existing
    # Nobody starts twice: a person with an attempt resumes it or retakes (below).
    return _begin(user, briefing, drawing.draw_for(user, briefing, number=0, refresh=True))


def retake(user: User, briefing: Briefing, *, weak_themes_only: bool, latest=_NOT_READ) -> Attempt:
    """A new attempt after a completed one, drawing questions not yet seen first: of every
    theme, or only of the themes below the pass mark last time. An open one is resumed.
    latest: as for start_or_resume."""
    if latest is _NOT_READ:
        latest = latest_attempt(user, briefing)
    if latest is not None and latest.state != AttemptState.COMPLETED:
        return latest
    if latest is None:
        raise AttemptError("Start the self-assessment first.")
    themes = None
    if weak_themes_only:
        themes = [t.theme_id for t in attempt_result(latest).themes if not t.passed]
        if not themes:
            raise AttemptError("Every theme reached the pass mark last time.")
    number = drawing.attempts_so_far(user, briefing)
    drawn = drawing.draw_for(user, briefing, number=number, theme_ids=themes, refresh=False)
    return _begin(user, briefing, drawn, themes_only=weak_themes_only)


def _begin(
    user: User, briefing: Briefing, drawn: list[Drawn], themes_only: bool = False
) -> Attempt:
    if not any(not d.from_earlier_briefing for d in drawn):
        raise AttemptError("This briefing has no published questions yet.")
    values = {
        "user_id": user.id,
        "briefing_id": briefing.id,
        "state": AttemptState.IN_PROGRESS,
        "started_at": utcnow(),
        "themes_only": themes_only,
    }
    dialect = db.session.get_bind().dialect.name
    attempt_id = db.session.execute(_insert_attempt(dialect), values).scalar()
    if attempt_id is None:
        # A second tab started it at the same moment: the database's one-open-attempt index
        # decided, and we use the winner.
        return latest_attempt(user, briefing)
    # The new attempt as the ORM would have saved it, without the flush in a savepoint that
    # saving it took (a third of starting's CPU, and two more statements). Nothing is rated
    # yet: the next step needs nothing read to know it.
    attempt = Attempt(
        id=attempt_id, **values, submitted_at=None, completed_at=None, score=None, max_score=None
    )
    attempt.confidence = []
    make_transient_to_detached(attempt)
    db.session.add(attempt)
    # One statement for all the questions; the attempt loads them when they are first read.
    db.session.execute(
        _insert_questions(),
        [
            {
                "attempt_id": attempt_id,
                "position": i,
                "version_id": d.candidate.version_id,
                "from_earlier_briefing": d.from_earlier_briefing,
                "refresh_of_theme_id": d.refresh_of,
            }
            for i, d in enumerate(drawn, start=1)
        ],
    )
    completion.track(attempt, started=True)
    return attempt


@cache
def _insert_attempt(dialect_name: str):
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id: no id when an open attempt exists."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    table = Attempt.__table__
    return (
        dialect.insert(table)
        .on_conflict_do_nothing(
            index_elements=[table.c.user_id, table.c.briefing_id], index_where=text(OPEN_STATES)
        )
        .returning(table.c.id)
    )


@cache
def _insert_questions():
    # With RETURNING, SQLAlchemy sends the rows as one multi-row INSERT (insertmanyvalues);
    # without it, psycopg sends one INSERT a row (17 -> 10 round trips to start, PostgreSQL).
    table = AttemptQuestion.__table__
    return table.insert().returning(table.c.id)


def _require_state(attempt: Attempt, state: AttemptState, message: str) -> None:
    if attempt.state != state:
        raise AttemptError(message)


def record_confidence(
    attempt: Attempt,
    stage: ConfidenceStage,
    ratings: dict[int, int],
    themes: list[ThemeToRate] | None = None,
) -> None:
    """Save a rating per theme; themes: themes_to_rate(attempt, stage), when already read."""
    if themes is None:
        themes = themes_to_rate(attempt, stage)
    if set(ratings) != {t.id for t in themes}:
        raise AttemptError("Rate your confidence on every theme.")
    if any(r not in range(1, 6) for r in ratings.values()):
        raise AttemptError("Confidence is a number from 1 to 5.")
    if stage == ConfidenceStage.BEFORE:
        _require_state(
            attempt, AttemptState.IN_PROGRESS, "You have already submitted your answers."
        )
    confidence.save(attempt.id, stage, ratings, themes)
    if "confidence" not in inspect(attempt).unloaded:
        db.session.expire(attempt, ["confidence"])
    theme_totals.track([attempt.id])


def themes_to_rate(attempt: Attempt, stage: ConfidenceStage) -> list[ThemeToRate]:
    """The briefing's themes in order, each with its rating at this stage: one statement."""
    return confidence.themes_to_rate(attempt.id, attempt.briefing_id, stage)


def has_confidence(attempt: Attempt, stage: ConfidenceStage) -> bool:
    return any(c.stage == stage for c in attempt.confidence)


def confidence_ratings(attempt: Attempt, stage: ConfidenceStage) -> dict[int, int]:
    """The rating given to each theme (by theme id) at this stage."""
    return {c.theme_id: c.rating for c in attempt.confidence if c.stage == stage}


def question_at(attempt: Attempt, position: int) -> AskedQuestion:
    """The question at this position, in one statement. The page and record_answer both ask
    for it, so the attempt keeps the ones it was asked for until an answer is saved."""
    asked = attempt.__dict__.setdefault("_questions_asked", {})
    if position not in asked:
        rows = db.session.execute(
            one_question.statement(), {"attempt_id": attempt.id, "position": position}
        ).all()
        asked[position] = one_question.from_rows(rows) if rows else None
    item = asked[position]
    if item is None:
        raise AttemptError("There is no question with that number in this quiz.")
    return item


def question_count(attempt: Attempt) -> int:
    """How many questions the attempt has, counted by the database unless they are loaded."""
    if "questions" not in inspect(attempt).unloaded:
        return len(attempt.questions)
    return attempt.question_count


def first_unanswered(attempt: Attempt) -> int | None:
    """The position of the first question not answered yet: from the questions and answers
    when they are loaded, else asked of the database (loading them to see costs more)."""
    unloaded = inspect(attempt).unloaded
    if "questions" in unloaded or "answers" in unloaded:
        return db.session.execute(
            _first_unanswered_statement(), {"attempt_id": attempt.id}
        ).scalar()
    answered = {a.version_id for a in attempt.answers}
    return next((i.position for i in attempt.questions if i.version_id not in answered), None)


@cache
def _first_unanswered_statement():
    aq, answer = AttemptQuestion.__table__, Answer.__table__
    return (
        select(func.min(aq.c.position))
        .select_from(aq)
        .outerjoin(
            answer,
            and_(answer.c.attempt_id == aq.c.attempt_id, answer.c.version_id == aq.c.version_id),
        )
        .where(aq.c.attempt_id == bindparam("attempt_id"), answer.c.id.is_(None))
    )


class Page(enum.StrEnum):
    """A page of the practitioner's journey, named as its view is."""

    BRIEFING = "briefing"
    CONFIDENCE = "confidence"
    QUESTION = "question"
    CHECK = "check"
    RESULT = "result"
    RECORD = "record"


@dataclass(frozen=True)
class Step:
    """Where a practitioner should be: a page and, for a question, its position."""

    page: Page
    position: int | None = None


def next_step(attempt: Attempt | None) -> Step:
    """The page that carries the attempt forward from where it stands."""
    if attempt is None:
        return Step(Page.BRIEFING)
    if attempt.state == AttemptState.COMPLETED:
        return Step(Page.RECORD)
    if attempt.state == AttemptState.SUBMITTED:
        return Step(Page.RESULT)
    if not has_confidence(attempt, ConfidenceStage.BEFORE):
        return Step(Page.CONFIDENCE)
    position = first_unanswered(attempt)
    if position is not None:
        return Step(Page.QUESTION, position)
    return Step(Page.CHECK)


def step_after_confidence(attempt: Attempt) -> Step:
    """After rating confidence before the questions (so the attempt is open): the first
    question not answered yet, or check answers when none is left."""
    position = first_unanswered(attempt)
    return Step(Page.CHECK) if position is None else Step(Page.QUESTION, position)


def step_after_answer(attempt: Attempt, position: int, *, from_check: bool) -> Step:
    """After saving an answer: the next question, or the check page when none is left
    or the person came from it to change one answer."""
    if from_check or position == question_count(attempt):
        return Step(Page.CHECK)
    return Step(Page.QUESTION, position + 1)


def record_answer(attempt: Attempt, position: int, version_id: int, option_ids: list[int]) -> int:
    """Save (or change) the answer to one question; refuses anything that does not fit it.
    Returns the answer's id."""
    _require_state(
        attempt,
        AttemptState.IN_PROGRESS,
        "Your answers have been submitted, so they can no longer be changed.",
    )
    item = question_at(attempt, position)
    if item.version_id != version_id:
        raise AttemptError(
            "That answer was for a different question. Please answer the question shown."
        )
    version = item.version
    valid_ids = {o.id for o in version.options}
    chosen = frozenset(option_ids)
    if not chosen:
        raise AttemptError("Choose an answer.")
    if not chosen <= valid_ids:
        raise AttemptError("Choose one of the options shown.")
    if version.kind != QuestionKind.MULTIPLE and len(chosen) != 1:
        raise AttemptError("Choose one answer.")
    correct = score_question(version.correct_option_ids, chosen).correct
    answer_id = one_question.save_answer(attempt.id, item, correct, chosen)
    # What the session holds of the attempt's answers is out of date now: read again.
    del attempt.__dict__["_questions_asked"][position]
    if "answers" not in inspect(attempt).unloaded:
        db.session.expire(attempt, ["answers"])
    if item.answer_id is None:  # a changed answer leaves "5 of 8" as it was
        completion.track(attempt)
    else:
        loaded = db.session.identity_map.get(identity_key(Answer, item.answer_id))
        if loaded is not None:
            db.session.expire(loaded)
    return answer_id


def submit(attempt: Attempt) -> None:
    if attempt.state != AttemptState.IN_PROGRESS:
        raise AttemptError("Your answers have already been submitted.")
    missing = first_unanswered(attempt)
    if missing is not None:
        raise AttemptError(f"Answer question {missing} before you submit.")
    result = attempt_result(attempt)
    attempt.score, attempt.max_score = result.points, result.max_points
    attempt.move_to(AttemptState.SUBMITTED)
    db.session.flush()
    completion.track(attempt)
    theme_totals.track([attempt.id])  # the answers now count in the theme reports


def complete(
    attempt: Attempt,
    after_ratings: dict[int, int],
    reflection: str,
    themes: list[ThemeToRate] | None = None,
) -> None:
    """Finish a submitted attempt; themes: themes_to_rate(attempt, AFTER), when already read."""
    _require_state(attempt, AttemptState.SUBMITTED, "Submit your answers before you finish.")
    text = reflection.strip()
    if not text:
        raise AttemptError("Write a short reflection: what will you do differently?")
    if len(text) > REFLECTION_MAX_LENGTH:
        raise AttemptError(f"Keep your reflection under {REFLECTION_MAX_LENGTH} characters.")
    record_confidence(attempt, ConfidenceStage.AFTER, after_ratings, themes)
    # A submitted attempt has no reflection yet (one is written only here, as it completes):
    # saved without reading the attempt's to replace it.
    db.session.execute(
        Reflection.__table__.insert(),
        {"attempt_id": attempt.id, "text": text, "created_at": utcnow()},
    )
    if "reflection" not in inspect(attempt).unloaded:
        db.session.expire(attempt, ["reflection"])
    attempt.move_to(AttemptState.COMPLETED)
    # Saved in one plain UPDATE (the unit of work cost as much as the rest of finishing):
    # the attempt holds the move as saved, so no flush writes it again.
    for name in ("state", "completed_at"):
        set_committed_value(attempt, name, getattr(attempt, name))
    db.session.execute(
        _complete_statement(), {"attempt_id": attempt.id, "at": attempt.completed_at}
    )
    completion.track(attempt)


@cache
def _complete_statement():
    table = Attempt.__table__
    return (
        table.update()
        .where(table.c.id == bindparam("attempt_id"))
        .values(state=AttemptState.COMPLETED, completed_at=bindparam("at"))
    )
