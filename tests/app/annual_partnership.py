"""A small partnership with a known year, for the annual report's tests on both databases.

The financial year April 2025 to March 2026. Test Council's Assessment Team (6 people)
and Health Trust's Health Visitors (2 people) were assigned the seed briefing in May 2025,
due at the end of June; Health Trust's Quiet Team was never assigned it.

- In Assessment Team, five people finished on 1 June 2025: three got every answer right
  (confidence 2 before, 3 after), two got every answer wrong (4 before, 5 after). A sixth
  finished at 23:59 on 31 March 2025: the year before.
- In Health Visitors, one person finished at 23:30 on 31 March 2026, the year's last day,
  every answer right (3 before, 4 after); the other has not started.
- Meeting logs: Assessment Team met on 10 September 2025 (three attended, two actions,
  one with an owner and a due date) and on 2 April 2026 (the next year); Health Visitors
  met on 1 April 2025 (the year's first day), nobody ticked as attending, no actions.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import update

from quiz.extensions import db
from quiz.models import (
    Agency,
    Assignment,
    Briefing,
    Completion,
    MeetingAction,
    MeetingLog,
    Team,
    User,
)
from quiz.services.accounts import create_user
from quiz.services.annual_report import Period
from tests.app.progress import take
from tests.seed import PASSWORD

YEAR = Period(date(2025, 4, 1), date(2026, 3, 31))
QUESTIONS_PER_THEME = 2


def _person(name: str, team: Team) -> User:
    email = name.lower().replace(" ", ".") + "@example.org"
    return create_user(email, name, PASSWORD, "practitioner", team=team)


def _finished(person: User, briefing: Briefing, at: datetime, *, right: bool, confidence: int):
    attempt = take(person, briefing, right=right, confidence=confidence)
    attempt.submitted_at = attempt.completed_at = at
    db.session.execute(
        update(Completion)
        .where(Completion.user_id == person.id, Completion.briefing_id == briefing.id)
        .values(first_completed_at=at)
    )
    db.session.commit()


def build(briefing: Briefing) -> dict[str, Team]:
    briefing.questions_per_theme = QUESTIONS_PER_THEME
    # The app tests' `team` fixture is this team, when a test has asked for it.
    assessment = db.session.query(Team).filter_by(name="Assessment Team").first() or Team(
        name="Assessment Team", agency=Agency(name="Test Council")
    )
    trust = Agency(name="Health Trust")
    health = Team(name="Health Visitors", agency=trust)
    quiet = Team(name="Quiet Team", agency=trust)
    db.session.add_all([assessment, health, quiet])
    db.session.flush()
    for team in (assessment, health):
        db.session.add(
            Assignment(
                briefing=briefing, team=team, due_on=date(2025, 6, 30),
                created_at=datetime(2025, 5, 1, 9),
            )
        )  # fmt: skip
    db.session.commit()
    june = datetime(2025, 6, 1, 10)
    assessment_people = [_person(f"Assessor {n}", assessment) for n in range(1, 7)]
    _person("Quiet One", quiet)
    db.session.commit()
    for person in assessment_people[:3]:
        _finished(person, briefing, june, right=True, confidence=2)
    for person in assessment_people[3:5]:
        _finished(person, briefing, june, right=False, confidence=4)
    _finished(
        assessment_people[5], briefing, datetime(2025, 3, 31, 23, 59), right=True, confidence=2
    )
    visitor = _person("Visitor One", health)
    _person("Visitor Two", health)
    db.session.commit()
    _finished(visitor, briefing, datetime(2026, 3, 31, 23, 30), right=True, confidence=3)

    db.session.add_all(
        [
            MeetingLog(
                team=assessment, briefing=briefing, held_on=date(2025, 9, 10),
                attendees=assessment_people[:3],
                actions=[
                    MeetingAction(
                        text="Ask every child alone", owner_id=assessment_people[0].id,
                        due_on=date(2025, 10, 1),
                    ),
                    MeetingAction(text="Review supervision notes"),
                ],
            ),
            MeetingLog(
                team=assessment, briefing=briefing, held_on=date(2026, 4, 2),
                attendees=assessment_people[:2], actions=[MeetingAction(text="Next year")],
            ),
            MeetingLog(team=health, briefing=briefing, held_on=date(2025, 4, 1)),
        ]
    )  # fmt: skip
    db.session.commit()
    return {"assessment": assessment, "health": health, "quiet": quiet}
