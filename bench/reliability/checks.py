"""What the database holds after a scenario, read straight from it.

`lost_or_doubled` compares it with what the server acknowledged; `half_saved` looks for
anything a transaction cut in the middle could leave behind: an answer without its
choices, a submitted attempt missing answers or its score, a completed one missing its
reflection or its second confidence ratings.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from quiz.models import (
    Answer,
    AnswerChoice,
    Attempt,
    AttemptQuestion,
    AttemptState,
    ConfidenceRating,
    ConfidenceStage,
    QuestionKind,
    QuestionVersion,
    Reflection,
    Theme,
    User,
)


class Stored:
    """A snapshot of the attempts, answers and choices in the database at url."""

    def __init__(self, url: str):
        engine = create_engine(url)
        try:
            with Session(engine) as session:
                self._read(session)
        finally:
            engine.dispose()

    def _read(self, session: Session) -> None:
        answers = session.execute(
            select(Answer.id, User.email, Answer.version_id, QuestionVersion.kind)
            .join(Attempt, Attempt.id == Answer.attempt_id)
            .join(User, User.id == Attempt.user_id)
            .join(QuestionVersion, QuestionVersion.id == Answer.version_id)
        ).all()
        choices: dict[int, set[int]] = {}
        for answer_id, option_id in session.execute(
            select(AnswerChoice.answer_id, AnswerChoice.option_id)
        ):
            choices.setdefault(answer_id, set()).add(option_id)
        self.answers = Counter(
            (email, version_id, frozenset(choices.get(answer_id, ())))
            for answer_id, email, version_id, _ in answers
        )
        self.answers_per_question = Counter((email, version) for _, email, version, _ in answers)
        self.answers_without_choices = sum(1 for a in answers if not choices.get(a[0]))
        self.single_answers_with_several_choices = sum(
            1
            for answer_id, _, _, kind in answers
            if kind != QuestionKind.MULTIPLE and len(choices.get(answer_id, ())) > 1
        )
        people = session.execute(
            select(User.email, Attempt.state, Reflection.id)
            .join(Attempt, Attempt.user_id == User.id)
            .outerjoin(Reflection, Reflection.attempt_id == Attempt.id)
        ).all()
        self.states = Counter(state for _, state, _ in people)
        self.attempts_per_person = Counter(email for email, _, _ in people)
        self.state_of = {email: state for email, state, _ in people}
        self.reflected = {email for email, _, reflection in people if reflection is not None}

        done = select(Attempt.id).where(Attempt.state != AttemptState.IN_PROGRESS)
        asked = dict(
            session.execute(
                select(AttemptQuestion.attempt_id, func.count())
                .where(AttemptQuestion.attempt_id.in_(done))
                .group_by(AttemptQuestion.attempt_id)
            ).all()
        )
        answered = dict(
            session.execute(
                select(Answer.attempt_id, func.count())
                .where(Answer.attempt_id.in_(done))
                .group_by(Answer.attempt_id)
            ).all()
        )
        self.submitted_missing_answers = sum(
            1 for attempt_id, n in asked.items() if answered.get(attempt_id, 0) != n
        )
        self.submitted_without_score = session.scalar(
            select(func.count()).where(
                Attempt.state != AttemptState.IN_PROGRESS, Attempt.score.is_(None)
            )
        )
        completed = select(Attempt.id).where(Attempt.state == AttemptState.COMPLETED)
        reflected = set(
            session.scalars(
                select(Reflection.attempt_id).where(Reflection.attempt_id.in_(completed))
            )
        )
        after_ratings = Counter(
            session.scalars(
                select(ConfidenceRating.attempt_id).where(
                    ConfidenceRating.stage == ConfidenceStage.AFTER,
                    ConfidenceRating.attempt_id.in_(completed),
                )
            )
        )
        themes = session.scalar(
            select(func.count(Theme.id)).where(
                Theme.briefing_id == select(Attempt.briefing_id).limit(1).scalar_subquery()
            )
        )
        completed_ids = list(session.scalars(completed))
        self.completed_without_reflection = sum(1 for i in completed_ids if i not in reflected)
        self.completed_without_ratings = sum(
            1 for i in completed_ids if after_ratings.get(i, 0) != themes
        )
        self.half_finished_completions = session.scalar(
            select(func.count()).where(
                Attempt.state != AttemptState.COMPLETED,
                Attempt.id.in_(select(Reflection.attempt_id)),
            )
        )

    @property
    def completed(self) -> int:
        return self.states.get(AttemptState.COMPLETED, 0)

    def half_saved(self) -> dict[str, int]:
        """Anything only part of a transaction could have left; all zero when sound."""
        return {
            "answers_without_choices": self.answers_without_choices,
            "single_answers_with_several_choices": self.single_answers_with_several_choices,
            "submitted_missing_answers": self.submitted_missing_answers,
            "submitted_without_score": self.submitted_without_score,
            "completed_without_reflection": self.completed_without_reflection,
            "completed_without_ratings": self.completed_without_ratings,
            "reflections_on_unfinished_attempts": self.half_finished_completions,
            "people_with_two_attempts": sum(1 for n in self.attempts_per_person.values() if n > 1),
        }

    def lost_or_doubled(self, acknowledged: list[tuple[str, int, frozenset[int]]]) -> dict:
        """Each answer the server acknowledged is stored once, with the choices last sent."""
        last: dict[tuple[str, int], frozenset[int]] = {}
        for email, version_id, options in acknowledged:
            last[(email, version_id)] = options
        lost = sum(
            1
            for (email, version), options in last.items()
            if self.answers[(email, version, options)] != 1
        )
        doubled = sum(1 for n in self.answers_per_question.values() if n > 1)
        return {
            "answers_acknowledged": len(acknowledged),
            "answers_lost": lost,
            "answers_stored_twice": doubled,
        }
