"""The briefing page's "about N minutes": the words of the questions drawn, counted from
plain rows (quiz/services/drawing.py) as from the questions' versions and options."""

from __future__ import annotations

from quiz.draw import word_count
from quiz.extensions import db
from quiz.models import Attempt, User
from quiz.services import drawing
from tests.app.journey import start


def test_the_words_counted_before_and_after_starting_are_those_of_the_questions(login_as, assigned):
    client, user = login_as("practitioner")
    briefing = assigned.briefing
    expected = drawing.expected_words(db.session.get(User, user.id), briefing)
    start(client, briefing.slug)
    attempt = db.session.query(Attempt).filter_by(user_id=user.id).one()
    by_objects = sum(
        word_count(q.version.scenario, q.version.prompt, *(o.text for o in q.version.options))
        for q in attempt.questions
    )
    assert drawing.attempt_words(attempt.id) == by_objects == expected > 0
