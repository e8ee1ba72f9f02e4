"""The team report's one statement gives the same report on both databases: each member
against each assignment, a team without people still lists its briefings and a team without
briefings still lists its people."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from quiz.extensions import db
from quiz.models import Agency, Assignment, Briefing, Completion, Team, User
from quiz.services.completion import Progress
from quiz.services.supervision import team_report

pytestmark = pytest.mark.postgres

TODAY = date(2026, 11, 30)


def _briefing(slug: str) -> Briefing:
    return Briefing(slug=slug, title=slug.title(), source_text="x", status="published")


def test_each_member_against_each_assignment_with_their_completion(db_app):
    agency = Agency(name="Council")
    team = Team(name="Team", agency=agency)
    early, late = _briefing("early"), _briefing("late")
    ann = User(email="a@example.org", name="Ann", team=team)
    bob = User(email="b@example.org", name="Bob", team=team)
    gone = User(email="g@example.org", name="Gone", team=team, active=False)
    db.session.add_all([team, early, late, ann, bob, gone])
    db.session.add_all(
        [
            Assignment(briefing=early, team=team, due_on=TODAY - timedelta(days=1)),
            Assignment(briefing=late, team=team, due_on=TODAY + timedelta(days=7)),
        ]
    )
    db.session.flush()
    db.session.add(
        Completion(
            user_id=ann.id, briefing_id=early.id, state="completed", answered=8,
            question_count=8, attempts=1, first_completed_at=datetime(2026, 11, 20, 10),
            latest_score=6, latest_max_score=8, best_score=6, best_max_score=8,
            last_activity_at=datetime(2026, 11, 20, 10),
        )
    )  # fmt: skip
    db.session.commit()

    report = team_report(team, TODAY)
    assert [(r.name, r.briefing, r.progress) for r in report.rows] == [
        ("Bob", "Early", Progress.OVERDUE),
        ("Ann", "Late", Progress.NOT_STARTED),
        ("Bob", "Late", Progress.NOT_STARTED),
        ("Ann", "Early", Progress.COMPLETED),
    ]
    assert {r.agency for r in report.rows} == {"Council"}
    assert [(b.title, b.members, b.completed, b.overdue) for b in report.briefings] == [
        ("Early", 2, 1, 1),
        ("Late", 2, 0, 0),
    ]
    assert [(p.name, p.assigned, p.completed, p.overdue) for p in report.people] == [
        ("Bob", 2, 0, 1),
        ("Ann", 2, 1, 0),
    ]
    only_late = team_report(team, TODAY, briefing_id=late.id, progress=Progress.NOT_STARTED)
    assert [r.name for r in only_late.rows] == ["Ann", "Bob"]


def test_a_team_without_people_or_without_briefings(db_app):
    agency = Agency(name="Council")
    empty, idle = Team(name="Empty", agency=agency), Team(name="Idle", agency=agency)
    briefing = _briefing("only")
    db.session.add_all([empty, idle, briefing, User(email="i@example.org", name="Ida", team=idle)])
    db.session.add(Assignment(briefing=briefing, team=empty, due_on=TODAY))
    db.session.commit()

    nobody = team_report(empty, TODAY)
    assert [(b.title, b.members) for b in nobody.briefings] == [("Only", 0)]
    assert nobody.people == [] and nobody.rows == []

    nothing = team_report(idle, TODAY)
    assert nothing.briefings == [] and nothing.rows == []
    assert [(p.name, p.assigned) for p in nothing.people] == [("Ida", 0)]
