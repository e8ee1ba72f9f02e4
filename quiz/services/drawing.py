"""What the draw (quiz/draw.py) needs from the database, read in a few statements.

Reads only: the attempts service (quiz/services/attempts.py) saves what is drawn.
"""

from __future__ import annotations

from functools import cache, lru_cache

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import aliased

from quiz import draw
from quiz.extensions import db
from quiz.models import (
    Answer,
    Attempt,
    AttemptQuestion,
    AttemptState,
    Briefing,
    BriefingStatus,
    Option,
    Question,
    QuestionStatus,
    QuestionVersion,
    Theme,
    ThemeTag,
    User,
)

_other_version = aliased(QuestionVersion)


def _option_texts():
    """A version's options' text in one string (counted as the texts one by one: words never
    run across the spaces between them), as a column of its row."""
    return (
        select(func.aggregate_strings(Option.text, " "))
        .where(Option.version_id == QuestionVersion.id)
        .scalar_subquery()
    )


def _seen_by_person():
    """Whether the person (the parameter seen_by) was asked the question in any attempt."""
    asked = aliased(QuestionVersion)
    return (
        select(AttemptQuestion.id)
        .join(asked, asked.id == AttemptQuestion.version_id)
        .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
        .where(Attempt.user_id == bindparam("seen_by"), asked.question_id == Question.id)
        .exists()
    )


def _candidates_statement(*where, order_by, words: bool = False):
    """Published questions' current versions (their highest number) as plain rows: question,
    version, theme, role, whether the person was asked it before, and with words the
    version's text for counting them. Read as objects with their versions and options, the
    candidates were half of the briefing page's time."""
    current = (
        select(func.max(_other_version.number))
        .where(_other_version.question_id == Question.id)
        .scalar_subquery()
    )
    text = (QuestionVersion.scenario, QuestionVersion.prompt, _option_texts()) if words else ()
    return (
        select(
            Question.id,
            QuestionVersion.id,
            Question.theme_id,
            QuestionVersion.role,
            _seen_by_person(),
            *text,
        )
        .join(QuestionVersion, QuestionVersion.question_id == Question.id)
        .join(Theme, Theme.id == Question.theme_id)
        .where(
            Question.status == QuestionStatus.PUBLISHED, QuestionVersion.number == current, *where
        )
        .order_by(*order_by)
    )


@cache
def _briefing_candidates_statement(words: bool):
    return _candidates_statement(
        Question.briefing_id == bindparam("briefing_id"),
        order_by=(Theme.position, Question.position, Question.id),
        words=words,
    )


def _candidates(rows, seen: set[int]) -> list[draw.Candidate]:
    """The candidates of the rows; the questions among them seen before added to seen."""
    seen.update(row[0] for row in rows if row[4])
    return [draw.Candidate(*row[:4], _words(*row[5:])) for row in rows]


def _words(*texts: str | None) -> int:
    return sum(_words_of_text(t) for t in texts if t)


@lru_cache(maxsize=4096)
def _words_of_text(text: str) -> int:
    # The same few hundred texts, counted on every briefing page: counting them again
    # (a regular expression over each) cost more than reading them.
    return draw.word_count(text)


def briefing_candidates(
    user: User, briefing: Briefing, words: bool = True
) -> tuple[list[draw.Candidate], set[int]]:
    """The briefing's published questions, in theme then bank order, with their words
    counted or not; and those of them the person was asked before (all the draw needs to
    know of what they have seen). One statement."""
    rows = db.session.execute(
        _briefing_candidates_statement(words), {"briefing_id": briefing.id, "seen_by": user.id}
    ).all()
    seen: set[int] = set()
    return _candidates(rows, seen), seen


@cache
def _attempt_words_statement():
    return (
        select(QuestionVersion.scenario, QuestionVersion.prompt, _option_texts())
        .join(AttemptQuestion, AttemptQuestion.version_id == QuestionVersion.id)
        .where(AttemptQuestion.attempt_id == bindparam("attempt_id"))
    )


def attempt_words(attempt_id: int) -> int:
    """The words a person reads to answer an attempt's questions (scenario, question and
    options), in one statement of plain rows rather than its questions as objects."""
    rows = db.session.execute(_attempt_words_statement(), {"attempt_id": attempt_id})
    return sum(_words(*row) for row in rows)


def attempts_so_far(user: User, briefing: Briefing) -> int:
    return len(
        db.session.scalars(
            select(Attempt.id).where(Attempt.user_id == user.id, Attempt.briefing_id == briefing.id)
        ).all()
    )


def seed_for(user: User, briefing: Briefing, number: int) -> str:
    """The same person, briefing and attempt number always draw the same questions."""
    return f"{user.id}/{briefing.id}/{number}"


@cache
def _earlier_answers_statement():
    return (
        select(
            Attempt.id,
            Attempt.submitted_at,
            Question.theme_id,
            Answer.is_correct,
            AttemptQuestion.refresh_of_theme_id,
            AttemptQuestion.from_earlier_briefing,
            Briefing.pass_mark_percent,
        )
        .join(AttemptQuestion, AttemptQuestion.attempt_id == Attempt.id)
        .join(QuestionVersion, QuestionVersion.id == AttemptQuestion.version_id)
        .join(Question, Question.id == QuestionVersion.question_id)
        .join(Briefing, Briefing.id == Question.briefing_id)
        .outerjoin(
            Answer,
            (Answer.attempt_id == Attempt.id) & (Answer.version_id == AttemptQuestion.version_id),
        )
        .where(
            Attempt.user_id == bindparam("user_id"),
            Attempt.state.in_([AttemptState.SUBMITTED, AttemptState.COMPLETED]),
            or_(
                Attempt.briefing_id != bindparam("briefing_id"),
                AttemptQuestion.from_earlier_briefing,
            ),
        )
    )


def earlier_weak_themes(user: User, briefing: Briefing) -> list[int]:
    """Themes of the person's other briefings still below the pass mark (draw.weak_themes)."""
    rows = db.session.execute(
        _earlier_answers_statement(), {"user_id": user.id, "briefing_id": briefing.id}
    ).all()
    totals: dict[tuple[int, int], list] = {}
    refreshed = []
    for attempt_id, at, theme_id, correct, refresh_of, from_earlier, mark in rows:
        if from_earlier:
            if refresh_of is not None:
                refreshed.append(draw.RefreshAnswer(refresh_of, bool(correct), at))
            continue
        right, asked, _, _ = totals.setdefault((attempt_id, theme_id), [0, 0, at, mark])
        totals[attempt_id, theme_id][:2] = [right + bool(correct), asked + 1]
    outcomes = [
        draw.ThemeOutcome(theme_id, right, asked, at, mark)
        for (_, theme_id), (right, asked, at, mark) in totals.items()
    ]
    return draw.weak_themes(outcomes, refreshed)


def refresh_candidates(
    weak: list[int], briefing: Briefing, user: User
) -> tuple[dict[int, list[draw.Candidate]], set[int]]:
    """For each weak theme: published questions of it and of themes sharing a library tag
    with it, in published briefings other than this one; and those the person was asked."""
    seen: set[int] = set()
    if not weak:
        return {}, seen
    tags = db.session.execute(
        select(ThemeTag.theme_id, ThemeTag.library_id).where(ThemeTag.theme_id.in_(weak))
    ).all()
    tags_of: dict[int, set[str]] = {}
    for theme_id, library_id in tags:
        tags_of.setdefault(theme_id, set()).add(library_id)
    all_tags = {t for _, t in tags}
    linked_themes = select(ThemeTag.theme_id).where(ThemeTag.library_id.in_(all_tags))
    rows = db.session.execute(
        _candidates_statement(
            Briefing.status == BriefingStatus.PUBLISHED,
            Question.briefing_id != briefing.id,
            or_(Question.theme_id.in_(weak), Question.theme_id.in_(linked_themes)),
            order_by=(Question.briefing_id, Theme.position, Question.position, Question.id),
        ).join(Briefing, Briefing.id == Question.briefing_id),
        {"seen_by": user.id},
    ).all()
    candidates = _candidates(rows, seen)
    library_ids_of: dict[int, set[str]] = {}
    if candidates:
        their_tags = db.session.execute(
            select(ThemeTag.theme_id, ThemeTag.library_id).where(
                ThemeTag.theme_id.in_({c.theme_id for c in candidates})
            )
        )
        for theme_id, library_id in their_tags:
            library_ids_of.setdefault(theme_id, set()).add(library_id)
    by_theme: dict[int, list[draw.Candidate]] = {t: [] for t in weak}
    for candidate in candidates:
        theme_tags = library_ids_of.get(candidate.theme_id, set())
        for theme_id in weak:
            if candidate.theme_id == theme_id or theme_tags & tags_of.get(theme_id, set()):
                by_theme[theme_id].append(candidate)
    return by_theme, seen


def draw_for(
    user: User,
    briefing: Briefing,
    *,
    number: int,
    theme_ids: list[int] | None = None,
    refresh: bool,
) -> list[draw.Drawn]:
    """The questions a new attempt of this person at this briefing asks: the briefing's
    own (for the themes given, else all), then any refresh questions. number: how many
    attempts they made at it before."""
    seed = seed_for(user, briefing, number)
    candidates, seen = briefing_candidates(user, briefing, words=False)
    # Themes in the briefing's order, which the candidates come in.
    themes = theme_ids or list(dict.fromkeys(c.theme_id for c in candidates))
    own = draw.draw(
        candidates,
        themes,
        briefing.questions_per_theme,
        user.profession,
        seen,
        seed,
    )
    drawn = [draw.Drawn(c) for c in own]
    if refresh:
        weak = earlier_weak_themes(user, briefing)
        if weak:  # none: no refresh questions to look for
            candidates_by_theme, seen_earlier = refresh_candidates(weak, briefing, user)
            drawn += draw.draw_refresh(
                weak, candidates_by_theme, user.profession, seen | seen_earlier, seed
            )
    return drawn


def expected_words(user: User, briefing: Briefing) -> int:
    """The words of the questions a first attempt would draw now (no refresh counted)."""
    seed = seed_for(user, briefing, 0)
    candidates, seen = briefing_candidates(user, briefing)
    drawn = draw.draw(
        candidates,
        # The themes with questions, in the briefing's order (which the candidates come in),
        # as draw_for draws them: a theme without any adds nothing.
        list(dict.fromkeys(c.theme_id for c in candidates)),
        briefing.questions_per_theme,
        user.profession,
        seen,
        seed,
    )
    return sum(c.words for c in drawn)
