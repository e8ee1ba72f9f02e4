"""Upgrading fills the completion table from the attempts already made."""

from __future__ import annotations

from datetime import datetime

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import insert, select

from quiz.extensions import db
from quiz.models import Agency, Attempt, Briefing, Completion, Team, User
from tests.seed import ROOT

pytestmark = pytest.mark.postgres

COMPLETIONS = "c3f1a7d9e2b4"
BEFORE_COMPLETIONS = (
    ScriptDirectory(str(ROOT / "migrations")).get_revision(COMPLETIONS).down_revision
)


def test_upgrade_backfills_one_row_per_person_and_briefing(migrations):
    migrations.downgrade(BEFORE_COMPLETIONS)
    team = Team(name="Team", agency=Agency(name="Agency"))
    briefing = Briefing(slug="b", title="B", source_text="x", status="published")
    retaker = User(email="r@example.org", name="Retaker", team=team)
    starter = User(email="s@example.org", name="Starter", team=team)
    db.session.add_all([team, briefing, retaker, starter])
    db.session.flush()
    day = datetime(2026, 11, 1, 9, 0)
    attempt = Attempt.__table__
    db.session.execute(
        insert(attempt),
        [
            # Completed once at 6 of 8, then retaken: submitted at 4 of 8.
            dict(user_id=retaker.id, briefing_id=briefing.id, state="completed",
                 started_at=day, submitted_at=day, completed_at=day.replace(hour=10),
                 score=6, max_score=8),
            dict(user_id=retaker.id, briefing_id=briefing.id, state="submitted",
                 started_at=day.replace(day=2), submitted_at=day.replace(day=2, hour=11),
                 completed_at=None, score=4, max_score=8),
            dict(user_id=starter.id, briefing_id=briefing.id, state="in_progress",
                 started_at=day.replace(day=3), submitted_at=None, completed_at=None,
                 score=None, max_score=None),
        ],
    )  # fmt: skip
    db.session.commit()

    migrations.upgrade("head")

    rows = {
        row.user_id: row
        for row in db.session.scalars(
            select(Completion).where(Completion.briefing_id == briefing.id)
        )
    }
    assert set(rows) == {retaker.id, starter.id}
    again = rows[retaker.id]
    assert again.state == "submitted" and again.attempts == 2
    assert again.first_completed_at == day.replace(hour=10)
    assert (again.latest_score, again.latest_max_score) == (4, 8)
    assert (again.best_score, again.best_max_score) == (6, 8)
    assert again.last_activity_at == day.replace(day=2, hour=11)
    started = rows[starter.id]
    assert started.state == "in_progress" and started.attempts == 1 and started.answered == 0
    assert started.first_completed_at is None and started.best_score is None
