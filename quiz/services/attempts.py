"""An attempt's life: start, rate confidence, answer, submit, complete.

Functions flush but never commit: the view or command that calls them owns
the transaction.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cache

from sqlalchemy import bindparam, insert, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, lazyload, undefer

from quiz.draw import Drawn, passes
from quiz.extensions import db
from quiz.models import (
    Answer,
    AnswerChoice,
    Attempt,
    AttemptQuestion,
    AttemptState,
    Briefing,
    ConfidenceRating,
    ConfidenceStage,
    Question,
    QuestionKind,
    QuestionVersion,
    Reflection,
    Theme,
    User,
)
from quiz.scoring import QuestionScore, score_question
from quiz.services import completion, drawing, theme_totals

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
# void, theme): 88 for the result page. Loaded as below, a page costs at most two:
# - the attempt, with its answers and their choices joined and its number of questions;
# - the question page and an answer: the one question asked for (question_at);
# - check answers, submit and the result: every question, when the list is first read.
ATTEMPT_LOADING = (
    joinedload(Attempt.answers).joinedload(Answer.choices),
    undefer(Attempt.question_count),
    _with_content(lazyload(Attempt.questions).joinedload(AttemptQuestion.version)),
)


# The statements every question page and answer runs are built once, with their values as
# parameters: building one with its loader options (and SQLAlchemy's cache key for it) costs
# more CPU than running it, 0.4 ms for the attempt's and 1.3 ms for a question's.


@cache
def _latest_attempt_statement():
    return (
        select(Attempt)
        .where(
            Attempt.user_id == bindparam("user_id"),
            Attempt.briefing_id == bindparam("briefing_id"),
        )
        .order_by(Attempt.started_at.desc(), Attempt.id.desc())
        .limit(1)
        .options(*ATTEMPT_LOADING)
    )


@cache
def _question_statement():
    return (
        select(AttemptQuestion)
        .where(
            AttemptQuestion.attempt_id == bindparam("attempt_id"),
            AttemptQuestion.position == bindparam("position"),
        )
        .options(
            _with_content(joinedload(AttemptQuestion.version)),
            # A refresh question names its earlier briefing: its title, joined in.
            joinedload(AttemptQuestion.version)
            .joinedload(QuestionVersion.question)
            .joinedload(Question.theme)
            .joinedload(Theme.briefing)
            .load_only(Briefing.id, Briefing.title),
        )
    )


def latest_attempt(user: User, briefing: Briefing) -> Attempt | None:
    found = db.session.scalars(
        _latest_attempt_statement(), {"user_id": user.id, "briefing_id": briefing.id}
    )
    return found.unique().first()


def start_or_resume(user: User, briefing: Briefing) -> Attempt:
    """The person's open or finished attempt, or a new one fixed to the questions drawn for
    them today (quiz/draw.py), with any refresh questions from earlier briefings."""
    existing = latest_attempt(user, briefing)
    if existing is not None:
        return existing
    # Nobody starts twice: a person with an attempt resumes it or retakes (below).
    return _begin(user, briefing, drawing.draw_for(user, briefing, number=0, refresh=True))


def retake(user: User, briefing: Briefing, *, weak_themes_only: bool) -> Attempt:
    """A new attempt after a completed one, drawing questions not yet seen first: of every
    theme, or only of the themes below the pass mark last time. An open one is resumed."""
    latest = latest_attempt(user, briefing)
    if latest is not None and latest.state != AttemptState.COMPLETED:
        return latest
    if latest is None:
        raise AttemptError("Start the self-assessment first.")
    themes = None
    if weak_themes_only:
        themes = [t.theme_id for t in result_of(latest).themes if not t.passed]
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
    attempt = Attempt(
        user_id=user.id,
        briefing_id=briefing.id,
        state=AttemptState.IN_PROGRESS,
        themes_only=themes_only,
    )
    try:
        # A second tab may start the same attempt at the same moment; the
        # database's one-open-attempt index decides, and we use the winner.
        with db.session.begin_nested():
            db.session.add(attempt)
            db.session.flush()
    except IntegrityError:
        winner = latest_attempt(user, briefing)
        if winner is None:
            raise
        return winner
    # One statement for all the questions (the ORM would send one per question); the
    # attempt loads them when they are first read.
    db.session.execute(
        insert(AttemptQuestion),
        [
            {
                "attempt_id": attempt.id,
                "position": i,
                "version_id": d.candidate.version_id,
                "from_earlier_briefing": d.from_earlier_briefing,
                "refresh_of_theme_id": d.refresh_of,
            }
            for i, d in enumerate(drawn, start=1)
        ],
    )
    completion.track(attempt, answered=0, questions=len(drawn))
    return attempt


def _require_state(attempt: Attempt, state: AttemptState, message: str) -> None:
    if attempt.state != state:
        raise AttemptError(message)


def record_confidence(attempt: Attempt, stage: ConfidenceStage, ratings: dict[int, int]) -> None:
    theme_ids = {t.id for t in attempt.briefing.themes}
    if set(ratings) != theme_ids:
        raise AttemptError("Rate your confidence on every theme.")
    if any(r not in range(1, 6) for r in ratings.values()):
        raise AttemptError("Confidence is a number from 1 to 5.")
    if stage == ConfidenceStage.BEFORE:
        _require_state(
            attempt, AttemptState.IN_PROGRESS, "You have already submitted your answers."
        )
    existing = {(c.theme_id, c.stage): c for c in attempt.confidence}
    for theme_id, rating in ratings.items():
        row = existing.get((theme_id, stage))
        if row is None:
            attempt.confidence.append(
                ConfidenceRating(theme_id=theme_id, stage=stage, rating=rating)
            )
        else:
            row.rating = rating
    db.session.flush()
    theme_totals.track([attempt.id])


def has_confidence(attempt: Attempt, stage: ConfidenceStage) -> bool:
    return any(c.stage == stage for c in attempt.confidence)


def confidence_ratings(attempt: Attempt, stage: ConfidenceStage) -> dict[int, int]:
    """The rating given to each theme (by theme id) at this stage."""
    return {c.theme_id: c.rating for c in attempt.confidence if c.stage == stage}


def question_at(attempt: Attempt, position: int) -> AttemptQuestion:
    if "questions" not in inspect(attempt).unloaded:
        item = next((i for i in attempt.questions if i.position == position), None)
    else:
        # A question page needs one question; loading them all would cost more than the
        # rest of its queries together. The page and record_answer both ask for it, so the
        # attempt keeps the ones it was asked for (an attempt's questions never change).
        asked = attempt.__dict__.setdefault("_questions_asked", {})
        if position not in asked:
            asked[position] = db.session.scalar(
                _question_statement(), {"attempt_id": attempt.id, "position": position}
            )
        item = asked[position]
    if item is None:
        raise AttemptError("There is no question with that number in this quiz.")
    return item


def question_count(attempt: Attempt) -> int:
    """How many questions the attempt has, counted by the database unless they are loaded."""
    if "questions" not in inspect(attempt).unloaded:
        return len(attempt.questions)
    return attempt.question_count


def answers_by_version(attempt: Attempt) -> dict[int, Answer]:
    return {a.version_id: a for a in attempt.answers}


def first_unanswered(attempt: Attempt) -> int | None:
    answered = answers_by_version(attempt)
    for item in attempt.questions:
        if item.version_id not in answered:
            return item.position
    return None


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


def step_after_answer(attempt: Attempt, position: int, *, from_check: bool) -> Step:
    """After saving an answer: the next question, or the check page when none is left
    or the person came from it to change one answer."""
    if from_check or position == question_count(attempt):
        return Step(Page.CHECK)
    return Step(Page.QUESTION, position + 1)


def record_answer(
    attempt: Attempt, position: int, version_id: int, option_ids: list[int]
) -> Answer:
    """Save (or change) the answer to one question; refuses anything that does not fit it."""
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
    version: QuestionVersion = item.version
    valid_ids = {o.id for o in version.options}
    chosen = set(option_ids)
    if not chosen:
        raise AttemptError("Choose an answer.")
    if not chosen <= valid_ids:
        raise AttemptError("Choose one of the options shown.")
    if version.kind != QuestionKind.MULTIPLE and len(chosen) != 1:
        raise AttemptError("Choose one answer.")
    score = score_question(version.correct_option_ids, chosen)
    answer = answers_by_version(attempt).get(version_id)
    first_answer = answer is None
    if answer is None:
        answer = Answer(version_id=version_id, is_correct=score.correct)
        attempt.answers.append(answer)
    answer.is_correct = score.correct
    answer.choices = [AnswerChoice(option_id=i) for i in sorted(chosen)]
    db.session.flush()
    if first_answer:  # a changed answer leaves "5 of 8" as it was
        _track(attempt)
    return answer


def submit(attempt: Attempt) -> None:
    if attempt.state != AttemptState.IN_PROGRESS:
        raise AttemptError("Your answers have already been submitted.")
    missing = first_unanswered(attempt)
    if missing is not None:
        raise AttemptError(f"Answer question {missing} before you submit.")
    result = result_of(attempt)
    attempt.score, attempt.max_score = result.points, result.max_points
    attempt.move_to(AttemptState.SUBMITTED)
    db.session.flush()
    _track(attempt)
    theme_totals.track([attempt.id])  # the answers now count in the theme reports


def complete(attempt: Attempt, after_ratings: dict[int, int], reflection: str) -> None:
    _require_state(attempt, AttemptState.SUBMITTED, "Submit your answers before you finish.")
    text = reflection.strip()
    if not text:
        raise AttemptError("Write a short reflection: what will you do differently?")
    if len(text) > REFLECTION_MAX_LENGTH:
        raise AttemptError(f"Keep your reflection under {REFLECTION_MAX_LENGTH} characters.")
    record_confidence(attempt, ConfidenceStage.AFTER, after_ratings)
    attempt.reflection = Reflection(text=text)
    attempt.move_to(AttemptState.COMPLETED)
    db.session.flush()
    _track(attempt)


def _track(attempt: Attempt) -> None:
    """The person's completion row (quiz.services.completion) follows the attempt."""
    completion.track(attempt, answered=len(attempt.answers), questions=question_count(attempt))


@dataclass(frozen=True)
class AnsweredQuestion:
    position: int
    version: QuestionVersion
    theme: str
    chosen_ids: frozenset[int]
    score: QuestionScore
    theme_id: int = 0
    # Brought back from a theme got wrong in an earlier briefing: scored apart.
    from_earlier_briefing: bool = False


@dataclass(frozen=True)
class ThemeResult:
    """How the person did on one of this briefing's themes in this attempt."""

    theme_id: int
    position: int
    theme: str
    points: int
    max_points: int
    pass_mark_percent: int

    @property
    def passed(self) -> bool:
        return passes(self.points, self.max_points, self.pass_mark_percent)

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max_points) if self.max_points else 0


@dataclass(frozen=True)
class AttemptResult:
    questions: list[AnsweredQuestion]
    themes: list[ThemeResult]

    @property
    def own(self) -> list[AnsweredQuestion]:
        """This briefing's questions, the ones its score counts."""
        return [q for q in self.questions if not q.from_earlier_briefing]

    @property
    def refresh(self) -> list[AnsweredQuestion]:
        return [q for q in self.questions if q.from_earlier_briefing]

    @property
    def points(self) -> int:
        return sum(q.score.points for q in self.own)

    @property
    def max_points(self) -> int:
        return sum(q.score.max_points for q in self.own)

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max_points) if self.max_points else 0

    @property
    def below_pass_mark(self) -> list[ThemeResult]:
        return [t for t in self.themes if not t.passed]


def result_of(attempt: Attempt) -> AttemptResult:
    answered = answers_by_version(attempt)
    rows = []
    for item in attempt.questions:
        answer = answered.get(item.version_id)
        chosen = answer.chosen_option_ids if answer else frozenset()
        score = (
            score_question(item.version.correct_option_ids, chosen)
            if chosen
            else QuestionScore(correct=False, points=0)
        )
        if item.version.is_void:
            # Withdrawn by a trainer: shown with its feedback, but not counted either way.
            score = QuestionScore(correct=score.correct, points=0, max_points=0)
        theme = item.version.question.theme
        rows.append(
            AnsweredQuestion(
                item.position,
                item.version,
                theme.text,
                chosen,
                score,
                theme.id,
                item.from_earlier_briefing,
            )
        )
    return AttemptResult(rows, _theme_results(attempt, rows))


def _theme_results(attempt: Attempt, rows: list[AnsweredQuestion]) -> list[ThemeResult]:
    """Totals per theme of this briefing, in the briefing's theme order; themes the attempt
    did not ask (a retake of weak themes) are left out."""
    totals: dict[int, list] = {}
    for row in rows:
        if row.from_earlier_briefing:
            continue
        theme = row.version.question.theme
        entry = totals.setdefault(theme.id, [theme, 0, 0])
        entry[1] += row.score.points
        entry[2] += row.score.max_points
    mark = attempt.briefing.pass_mark_percent
    ordered = sorted(totals.values(), key=lambda e: e[0].position)
    return [ThemeResult(t.id, t.position, t.text, p, m, mark) for t, p, m in ordered]
