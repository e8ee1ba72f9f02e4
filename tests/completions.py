"""Completed attempts made through the attempt service, for tests that need finished work.

The quiz pages have their own tests; records, reports and the access matrix only need a
completion to exist, with known answers, ratings, reflection and times.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from quiz.extensions import db
from quiz.models import Attempt, AttemptQuestion, AttemptState, Briefing, ConfidenceStage, User
from quiz.services import attempts

REFLECTION = "I will see the child alone and ask about life at home in their own words."


def _new_attempt(user: User, briefing: Briefing) -> Attempt:
    """A fresh attempt even when one is finished (a retake), on the questions of today."""
    attempt = Attempt(user_id=user.id, briefing_id=briefing.id, state=AttemptState.IN_PROGRESS)
    db.session.add(attempt)
    db.session.flush()
    versions = [q.current_version for t in briefing.themes for q in t.questions]
    for position, version in enumerate((v for v in versions if v is not None), start=1):
        db.session.add(
            AttemptQuestion(attempt_id=attempt.id, position=position, version_id=version.id)
        )
    db.session.flush()
    db.session.refresh(attempt)
    return attempt


def complete_briefing(
    user: User,
    briefing: Briefing,
    *,
    right: int | None = None,
    before: int = 2,
    after: int = 4,
    reflection: str = REFLECTION,
    started_at: datetime | None = None,
    minutes_per_answer: float = 1,
    retake: bool = False,
) -> Attempt:
    """Complete the briefing: the first `right` questions right (all by default), the rest
    wrong; confidence `before` and `after` on every theme. With started_at, every step is
    dated from it: an answer every minutes_per_answer, submitted and finished a minute apart.
    """
    # Every question of the briefing, as the records' figures expect, not a drawn few.
    briefing.questions_per_theme = max(len(t.questions) for t in briefing.themes)
    attempt = _new_attempt(user, briefing) if retake else attempts.start_or_resume(user, briefing)
    attempts.record_confidence(
        attempt, ConfidenceStage.BEFORE, {t.id: before for t in briefing.themes}
    )
    for index, item in enumerate(attempt.questions):
        version = item.version
        correct = sorted(version.correct_option_ids)
        wrong = [o.id for o in version.options if o.id not in version.correct_option_ids]
        chosen = correct if right is None or index < right else wrong[:1]
        attempts.record_answer(attempt, item.position, version.id, chosen)
    attempts.submit(attempt)
    attempts.complete(attempt, {t.id: after for t in briefing.themes}, reflection)
    if started_at is not None:
        step = timedelta(minutes=minutes_per_answer)
        attempt.started_at = started_at
        for number, answer in enumerate(sorted(attempt.answers, key=_position(attempt)), 1):
            answer.answered_at = started_at + number * step
        attempt.submitted_at = started_at + len(attempt.answers) * step + timedelta(minutes=1)
        attempt.completed_at = attempt.submitted_at + timedelta(minutes=1)
    db.session.commit()
    return attempt


def _position(attempt: Attempt):
    positions = {item.version_id: item.position for item in attempt.questions}
    return lambda answer: positions[answer.version_id]
