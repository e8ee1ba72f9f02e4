"""The practitioner's records read the same on SQLite and PostgreSQL (ordering, grouping)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from quiz.extensions import db
from quiz.models import Agency, Team
from quiz.services.accounts import create_user
from quiz.services.cpd_records import completions_of, cpd_minutes, load_completion, record_of
from tests.completions import complete_briefing
from tests.conftest import load_seed_bank
from tests.seed import PASSWORD, SEED_QUESTION_COUNT, SEED_TITLE

pytestmark = pytest.mark.postgres


def test_completions_and_a_record_on_both_databases(db_app):
    briefing = load_seed_bank()
    team = Team(name="Assessment Team", agency=Agency(name="Test Council"))
    db.session.add(team)
    db.session.flush()
    person = create_user("p@example.org", "Pat", PASSWORD, "practitioner", team=team)
    other = create_user("o@example.org", "Olu", PASSWORD, "practitioner", team=team)
    db.session.commit()
    first = complete_briefing(person, briefing, right=8, started_at=datetime(2026, 3, 2, 9))
    complete_briefing(person, briefing, started_at=datetime(2026, 4, 6, 9), retake=True)
    complete_briefing(other, briefing)

    [group] = completions_of(person)
    assert group.briefing_title == SEED_TITLE
    assert [c.points for c in group.completions] == [8, SEED_QUESTION_COUNT]
    assert group.first.attempt_id == first.id
    assert group.best.points == SEED_QUESTION_COUNT

    record = record_of(load_completion(first.id), "A Partnership")
    assert (record.person, record.team, record.agency) == ("Pat", "Assessment Team", "Test Council")
    # An answer a minute, then submitted and finished a minute apart.
    spent = timedelta(minutes=SEED_QUESTION_COUNT + 2)
    assert (record.points, record.time_spent) == (8, spent)
    assert record.cpd_minutes == cpd_minutes(spent)
    assert [t.confidence_change for t in record.themes] == [2, 2, 2, 2]
