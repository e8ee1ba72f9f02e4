"""Starting an attempt, on SQLite and PostgreSQL: the one-open-attempt index decides a race,
and the completion row is written whether or not the person had one."""

from __future__ import annotations

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Attempt, AttemptState, Completion
from quiz.services import attempts
from quiz.services.attempts import start_or_resume
from tests.completions import complete_briefing
from tests.database.test_bank_loading import load, practitioner, the_briefing


def test_a_second_tab_starting_at_the_same_moment_gets_the_open_attempt(db_app, count):
    load()
    user = practitioner("two-tabs@example.org")
    first = start_or_resume(user, the_briefing())
    db.session.commit()
    first_id = first.id
    # The other tab read "no attempt yet" before this one saved its own.
    second = start_or_resume(user, the_briefing(), None)
    db.session.commit()
    assert second.id == first_id
    assert count(Attempt) == 1


def test_a_new_attempt_is_as_saved_and_its_completion_row_written(db_app):
    load()
    user = practitioner("new@example.org")
    attempt = start_or_resume(user, the_briefing())
    assert attempt.confidence == [] and attempt.state == AttemptState.IN_PROGRESS
    db.session.commit()
    db.session.expire_all()
    saved = db.session.get(Attempt, attempt.id)
    assert (saved.user_id, saved.state, saved.themes_only) == (user.id, "in_progress", False)
    assert saved.started_at is not None and saved.submitted_at is None
    assert saved.question_count == len(saved.questions) > 0
    row = db.session.scalars(select(Completion).where(Completion.user_id == user.id)).one()
    assert (row.state, row.latest_attempt_id, row.attempts) == ("in_progress", saved.id, 1)
    assert (row.answered, row.question_count) == (0, saved.question_count)


def test_a_retake_updates_the_completion_row_it_finds(db_app):
    load()
    user = practitioner("again@example.org")
    finished = complete_briefing(user, the_briefing())
    row = db.session.scalars(select(Completion).where(Completion.user_id == user.id)).one()
    completed_at, best = row.first_completed_at, (row.best_score, row.best_max_score)
    retake = attempts.retake(user, the_briefing(), weak_themes_only=False)
    db.session.commit()
    db.session.expire_all()
    assert retake.id != finished.id
    row = db.session.scalars(select(Completion).where(Completion.user_id == user.id)).one()
    assert (row.state, row.latest_attempt_id, row.attempts) == ("in_progress", retake.id, 2)
    assert (row.answered, row.question_count) == (0, retake.question_count)
    assert row.first_completed_at == completed_at
    assert (row.best_score, row.best_max_score) == best
