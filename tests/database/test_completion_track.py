"""track() keeps one completion row per person and briefing, on both databases: counts
attempts, keeps the first completion and the best score across attempts."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Agency, Attempt, Briefing, Completion, Team, User
from quiz.services.completion import track

pytestmark = pytest.mark.postgres


def _row() -> Completion:
    db.session.expire_all()
    return db.session.scalars(select(Completion)).one()


def test_retakes_keep_the_first_completion_and_the_best_score(db_app):
    team = Team(name="Team", agency=Agency(name="Agency"))
    briefing = Briefing(slug="b", title="B", source_text="x", status="published")
    person = User(email="p@example.org", name="P", team=team)
    db.session.add_all([team, briefing, person])
    db.session.flush()

    first = Attempt(user_id=person.id, briefing_id=briefing.id, state="in_progress")
    db.session.add(first)
    db.session.flush()
    track(first)
    row = _row()
    # Answers and questions are counted from the attempt's rows (this one has none).
    assert (row.state, row.answered, row.question_count, row.attempts) == ("in_progress", 0, 0, 1)

    first.state, first.score, first.max_score = "submitted", 6, 8
    first.submitted_at = datetime(2026, 11, 1, 10)
    db.session.flush()
    track(first)
    first.state, first.completed_at = "completed", datetime(2026, 11, 1, 11)
    db.session.flush()
    track(first)

    again = Attempt(
        user_id=person.id, briefing_id=briefing.id, state="submitted", score=4, max_score=8,
        started_at=datetime(2026, 11, 2, 9), submitted_at=datetime(2026, 11, 2, 10),
    )  # fmt: skip
    db.session.add(again)
    db.session.flush()
    track(again)
    row = _row()
    assert row.state == "submitted" and row.attempts == 2
    assert row.latest_attempt_id == again.id
    assert row.first_completed_at == datetime(2026, 11, 1, 11)
    assert (row.latest_score, row.latest_max_score) == (4, 8)
    assert (row.best_score, row.best_max_score) == (6, 8)

    better = Attempt(
        user_id=person.id, briefing_id=briefing.id, state="completed", score=15, max_score=16,
        started_at=datetime(2026, 11, 3, 9), completed_at=datetime(2026, 11, 3, 11),
    )  # fmt: skip
    db.session.add(better)
    db.session.flush()
    track(better)
    row = _row()
    assert (row.best_score, row.best_max_score) == (15, 16)
    assert row.first_completed_at == datetime(2026, 11, 1, 11)
    assert row.attempts == 3
