"""A small partnership with known figures, for the trends tests (service, pages, PostgreSQL).

Two agencies: Test Council's Assessment Team (five people, sure and right on "learning",
unsure and wrong on "escalation") and Health Trust's Health Visiting (four people, sure but
wrong on "learning": too few to show on their own). A draft briefing nobody sees.
First completions: Health Visiting in December 2025; Assessment Team's "learning" three in
January and two in March 2026, its "escalation" all in February 2026.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace

from quiz.extensions import db
from quiz.models import Agency, Assignment, BriefingStatus, Completion, Team
from quiz.services.accounts import create_user
from tests.app.progress import take
from tests.app.small_bank import small_briefing
from tests.seed import PASSWORD

ASSIGNED = 14  # five people with two briefings, four with one


def known_partnership(assessment: Team | None = None) -> SimpleNamespace:
    if assessment is None:
        assessment = Team(name="Assessment Team", agency=Agency(name="Test Council"))
    visiting = Team(name="Health Visiting", agency=Agency(name="Health Trust"))
    db.session.add_all([assessment, visiting])
    db.session.commit()
    learning = small_briefing(
        "learning",
        {"Seeing the child": ["Social worker"], "Professional curiosity": ["Social worker"]},
        tags={"Seeing the child": ["voice-of-the-child"]},
        team=assessment,
    )
    db.session.add(
        Assignment(briefing=learning, team=visiting, due_on=date.today() + timedelta(days=7))
    )
    escalation = small_briefing("escalation", {"Escalation": ["Social worker"]}, team=assessment)
    draft = small_briefing("draft", {"Unpublished theme": ["Social worker"]})
    draft.status = BriefingStatus.DRAFT
    db.session.commit()

    def person(number: int, team: Team):
        return create_user(
            f"trend{number}@example.org", f"Person {number}", PASSWORD, "practitioner", team=team
        )

    sure = [person(n, assessment) for n in range(5)]
    unsure = [person(n, visiting) for n in range(5, 9)]
    db.session.commit()
    for someone in sure:
        take(someone, learning, right=True, confidence=4)
        take(someone, escalation, right=False, confidence=2)
    for someone in unsure:
        take(someone, learning, right=False, confidence=5)
    firsts = [
        *((p, learning, datetime(2025, 12, 10, 9)) for p in unsure),
        *((p, learning, datetime(2026, 1, 15, 9)) for p in sure[:3]),
        *((p, learning, datetime(2026, 3, 2, 9)) for p in sure[3:]),
        *((p, escalation, datetime(2026, 2, 20, 9)) for p in sure),
    ]
    for someone, briefing, moment in firsts:
        completion = db.session.get(Completion, (someone.id, briefing.id))
        completion.first_completed_at = moment
    db.session.commit()
    return SimpleNamespace(
        council=assessment.agency, trust=visiting.agency, assessment=assessment,
        visiting=visiting, learning=learning, escalation=escalation, draft=draft,
    )  # fmt: skip
