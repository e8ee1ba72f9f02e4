"""The annual report's grouped statements give the same figures on SQLite and PostgreSQL
(averages, distinct counts, sums over outer-joined subqueries, period boundaries)."""

from __future__ import annotations

import pytest

from quiz.services.annual_report import annual_report, year_before
from tests.app import annual_partnership
from tests.app.annual_partnership import QUESTIONS_PER_THEME, YEAR
from tests.conftest import load_seed_bank

pytestmark = pytest.mark.postgres


def test_the_year_on_both_databases(db_app):
    annual_partnership.build(load_seed_bank())
    report = annual_report(YEAR)
    assert [
        (r.agency, r.teams_assigned, r.teams_reached, r.people_assigned, r.people_completed)
        for r in report.reach
    ] == [("Health Trust", 1, 1, 2, 1), ("Test Council", 1, 1, 6, 5)]
    assert {(r.answers, r.right, r.people) for r in report.learning} == {
        (6 * QUESTIONS_PER_THEME, 4 * QUESTIONS_PER_THEME, 6)
    }
    assert {(r.shown_before, r.shown_after, r.change) for r in report.confidence} == {
        (2.8, 3.8, 1.0)
    }
    assert all(isinstance(r.before, float) for r in report.confidence)
    assert [
        (m.team, m.meetings, m.attendances, m.actions, m.actions_owned_and_dated)
        for m in report.meetings
    ] == [("Health Visitors", 1, 0, 0, 0), ("Assessment Team", 1, 3, 2, 1)]
    before = annual_report(year_before(YEAR))
    assert {(r.people, r.right_percent) for r in before.learning} == {(1, None)}
