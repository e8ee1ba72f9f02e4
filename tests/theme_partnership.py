"""A partnership whose attempts vary in every way the theme reports must count, made
through the attempt service, for the theme totals tests (the table, the migration's fill).

Two briefings, each assigned to Test Council's Assessment Team (six people) and Health
Trust's Health Visiting (three):
- "earlier": "Seeing the child" (three questions, tagged voice-of-the-child) and "Records"
  (two); two questions of each theme drawn.
- "later": "Escalation" (two questions) and "Supervision" (one).

People 0 to 2 get "Seeing the child" wrong, so "later" brings it back as refresh questions
(person 0 gets them wrong, 1 and 2 right); afterwards 0 and 1 retake its weak themes only.
People 3 to 6 get a mix right. Person 3 leaves "earlier" submitted, not reflected, and
person 5 "later". Person 7 rated confidence and answered two questions, then stopped;
person 8 rated confidence only. Person 4 did "earlier" a year ago. Person 6 has left.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from types import SimpleNamespace

from quiz.extensions import db
from quiz.models import Agency, Assignment, Attempt, AttemptQuestion, Briefing, Team
from quiz.services import attempts
from quiz.services.accounts import create_user
from tests.app.small_bank import small_briefing
from tests.seed import PASSWORD

REFLECTION = "I will ask the child what their day is like, and write down their words."


def _answer(attempt: Attempt, right: Callable[[AttemptQuestion], bool], count=None) -> None:
    items = list(attempt.questions)
    for item in items if count is None else items[:count]:
        options = item.version.options
        correct = [o.id for o in options if o.is_correct]
        wrong = [o.id for o in options if not o.is_correct][:1]
        attempts.record_answer(
            attempt, item.position, item.version_id, correct if right(item) else wrong
        )


def _rate(attempt: Attempt, stage: str, rating: int) -> None:
    briefing = db.session.get(Briefing, attempt.briefing_id)
    attempts.record_confidence(attempt, stage, {t.id: rating for t in briefing.themes})


def _take(person, briefing, right, *, before: int, after: int | None, count=None) -> Attempt:
    """Rate, answer (count questions, or all), submit and (unless after is None) complete."""
    attempt = attempts.start_or_resume(person, briefing)
    _rate(attempt, "before", before)
    _answer(attempt, right, count)
    if count is None:
        attempts.submit(attempt)
        if after is not None:
            briefing_themes = db.session.get(Briefing, attempt.briefing_id).themes
            attempts.complete(attempt, {t.id: after for t in briefing_themes}, REFLECTION)
    db.session.commit()
    return attempt


def varied_partnership() -> SimpleNamespace:
    council, trust = Agency(name="Test Council"), Agency(name="Health Trust")
    assessment = Team(name="Assessment Team", agency=council)
    visiting = Team(name="Health Visiting", agency=trust)
    db.session.add_all([assessment, visiting])
    db.session.commit()
    earlier = small_briefing(
        "earlier",
        {"Seeing the child": ["Social worker"] * 3, "Records": ["Social worker"] * 2},
        tags={"Seeing the child": ["voice-of-the-child"]},
        team=assessment,
    )
    later = small_briefing(
        "later",
        {"Escalation": ["Social worker"] * 2, "Supervision": ["Social worker"]},
        team=assessment,
    )
    earlier.questions_per_theme = later.questions_per_theme = 2
    for briefing in (earlier, later):
        db.session.add(Assignment(briefing=briefing, team=visiting, due_on=datetime.now().date()))
    people = [
        create_user(
            f"person{n}@example.org",
            f"Person {n}",
            PASSWORD,
            "practitioner",
            team=assessment if n < 6 else visiting,
        )
        for n in range(9)
    ]
    for person in people:
        person.profession = "social_worker"
    trainer = create_user("trainer@example.org", "Trainer", PASSWORD, "trainer")
    db.session.commit()
    seeing = earlier.themes[0].id

    def mixed(n: int):
        return lambda item: (n + item.position) % 3 != 0

    for n, person in enumerate(people[:7]):
        first = mixed(n) if n >= 3 else (lambda item: item.version.question.theme_id != seeing)
        _take(person, earlier, first, before=1 + n % 5, after=None if n == 3 else 2 + n % 4)
        if n < 3:
            refresh_right = n > 0
            _take(
                person,
                later,
                lambda item, r=refresh_right: r if item.from_earlier_briefing else True,
                before=3,
                after=4,
            )
        else:
            _take(person, later, mixed(n + 1), before=n % 5 + 1, after=None if n == 5 else 5)
    for person in people[:2]:
        retake = attempts.retake(person, earlier, weak_themes_only=True)
        _rate(retake, "before", 4)
        _answer(retake, lambda item: True)
        attempts.submit(retake)
        attempts.complete(retake, {t.id: 5 for t in earlier.themes}, REFLECTION)
        db.session.commit()
    _take(people[7], earlier, mixed(7), before=2, after=None, count=2)
    _take(people[8], earlier, mixed(8), before=5, after=None, count=0)

    a_year_ago = datetime.now() - timedelta(days=400)
    for attempt in db.session.query(Attempt).filter_by(user_id=people[4].id, briefing=earlier):
        attempt.submitted_at = attempt.completed_at = a_year_ago
    people[6].active = False
    db.session.commit()
    return SimpleNamespace(
        council=council, trust=trust, assessment=assessment, visiting=visiting,
        earlier=earlier, later=later, people=people, trainer=trainer, seeing=seeing,
    )  # fmt: skip
