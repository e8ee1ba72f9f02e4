"""The trends' grouped statements give the same figures on SQLite and PostgreSQL (months
are read with extract(), averages come back as decimals on one and floats on the other)."""

from __future__ import annotations

from datetime import date

import pytest

from quiz.services import trends
from tests.trend_partnership import ASSIGNED, known_partnership

pytestmark = pytest.mark.postgres


def test_trends_read_the_same_on_every_database(db_app):
    known = known_partnership()
    periods = trends.completion_over_time(date(2026, 1, 1), date(2026, 3, 31))
    assert [(p.label, p.completed, p.completed_so_far) for p in periods] == [
        ("Jan 2026", 3, 7), ("Feb 2026", 5, 12), ("Mar 2026", 2, ASSIGNED),
    ]  # fmt: skip
    hardest = trends.hardest_themes()
    assert [(r.theme, r.right_percent, r.shown_confidence) for r in hardest] == [
        ("Escalation", 0, 2.0),
        ("Professional curiosity", 56, 4.4),
        ("Seeing the child", 56, 4.4),
    ]
    heat = trends.theme_heat_map(known.learning, None, None)
    assert [cell.figure for cell in heat.rows[0].cells] == ["hidden", "100%"]
    confidence = trends.confidence_chart(known.learning, known.council.id)
    assert confidence.table_rows()[0] == ("Seeing the child", "4.0", "5.0", "5")
