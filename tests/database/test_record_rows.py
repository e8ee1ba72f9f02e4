"""A completion record read as rows in one statement reads the same on SQLite and
PostgreSQL: its themes in the briefing's order with the ratings either side, and the team
meetings about the briefing that the person attended, newest first."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, select

from quiz.extensions import db
from quiz.models import Agency, AuditEvent, ConfidenceRating, ConfidenceStage, MeetingLog, Team
from quiz.services.accounts import create_user
from quiz.services.cpd_records import MeetingAttended, load_completion, record_of
from tests.app.test_report_queries import count_queries
from tests.completions import complete_briefing
from tests.conftest import Browser, load_seed_bank, text_of
from tests.seed import PASSWORD, SEED_QUESTION_COUNT, SEED_THEMES

pytestmark = pytest.mark.postgres


def test_a_record_with_its_meetings_and_ratings_on_both_databases(db_app):
    briefing = load_seed_bank()
    team = Team(name="Assessment Team", agency=Agency(name="Test Council"))
    other_team = Team(name="Child Protection", agency=team.agency)
    db.session.add_all([team, other_team])
    db.session.flush()
    person = create_user("p@example.org", "Pat", PASSWORD, "practitioner", team=team)
    lead = create_user("s@example.org", "Sam", PASSWORD, "supervisor")
    db.session.commit()
    attempt = complete_briefing(person, briefing, right=8, before=2, after=5)
    # No rating after on the first theme: the record says so rather than losing the theme.
    first_theme = briefing.themes[0]
    db.session.execute(
        delete(ConfidenceRating).where(
            ConfidenceRating.attempt_id == attempt.id,
            ConfidenceRating.theme_id == first_theme.id,
            ConfidenceRating.stage == ConfidenceStage.AFTER,
        )
    )
    meetings = [
        MeetingLog(team=team, briefing=briefing, held_on=date(2026, 2, 6), facilitator_id=lead.id),
        MeetingLog(team=other_team, briefing=briefing, held_on=date(2026, 2, 20)),
        MeetingLog(team=team, briefing=briefing, held_on=date(2026, 2, 27)),  # not there
    ]
    for log in meetings[:2]:
        log.attendees = [person]
    db.session.add_all(meetings)
    attempt_id = attempt.id
    db.session.commit()

    with count_queries() as executed:
        record = record_of(load_completion(attempt_id), "A Partnership")
    assert len(executed) == 2  # the record's rows; the questions and answers as rows

    assert [t.theme for t in record.themes] == list(SEED_THEMES)
    assert (record.themes[0].confidence_before, record.themes[0].confidence_after) == (2, None)
    assert [t.confidence_change for t in record.themes[1:]] == [3] * (len(SEED_THEMES) - 1)
    assert sum(t.points for t in record.themes) == record.points == 8
    assert sum(t.max_points for t in record.themes) == record.max_points == SEED_QUESTION_COUNT
    assert record.meetings == [
        MeetingAttended(date(2026, 2, 20), "Child Protection", ""),
        MeetingAttended(date(2026, 2, 6), "Assessment Team", "Sam"),
    ]
    assert (record.person, record.team, record.agency) == ("Pat", "Assessment Team", "Test Council")
    assert record.reflection

    assert load_completion(attempt_id + 1) is None


def test_the_record_page_for_its_owner_and_their_supervisor_on_both_databases(db_app, monkeypatch):
    """The owner's view only reads; their supervisor's is recorded in a transaction of its
    own, after the reading ends, and so is the PDF."""
    from quiz.web.records import routes

    briefing = load_seed_bank()
    team = Team(name="Assessment Team", agency=Agency(name="Test Council"))
    db.session.add(team)
    db.session.flush()
    person = create_user("p@example.org", "Pat", PASSWORD, "practitioner", team=team)
    supervisor = create_user("s@example.org", "Sam", PASSWORD, "supervisor", supervises=[team])
    db.session.commit()
    attempt_id = complete_briefing(person, briefing).id
    monkeypatch.setattr(routes, "pdf_of", lambda page: b"%PDF-drawn")

    owner = Browser(db_app)
    owner.sign_in(person)
    assert "Pat" in text_of(owner.page(f"/records/{attempt_id}"))
    assert owner.get(f"/records/{attempt_id}/record.pdf").get_data() == b"%PDF-drawn"
    viewer = Browser(db_app)
    viewer.sign_in(supervisor)
    assert "Pat" in text_of(viewer.page(f"/records/{attempt_id}"))

    events = db.session.execute(
        select(AuditEvent.actor_id, AuditEvent.action, AuditEvent.subject)
        .where(AuditEvent.action.in_(["report.view", "report.export"]))
        .order_by(AuditEvent.id)
    ).all()
    subject = f"attempt:{attempt_id}"
    assert [tuple(e) for e in events] == [
        (person.id, "report.export", subject),
        (supervisor.id, "report.view", subject),
    ]
