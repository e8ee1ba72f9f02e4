"""The briefing page from plain rows: its text (quiz/services/briefing_text.py) and the words
of the questions drawn (quiz/services/drawing.py) as the briefing's objects give them."""

from __future__ import annotations

from types import SimpleNamespace as NS

from flask import render_template

from quiz.draw import word_count
from quiz.extensions import db
from quiz.models import Attempt, User
from quiz.services import drawing
from quiz.services.briefing_text import text_of
from quiz.web.practice.forms import RetakeForm, StartForm
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


def test_the_briefing_page_from_rows_is_the_page_from_the_briefing(app, assigned):
    briefing = assigned.briefing

    def page(shown) -> str:
        with app.test_request_context(f"/briefings/{briefing.slug}"):
            return render_template(
                "practice/briefing.html",
                briefing=shown,
                assignment=assigned,
                attempt=None,
                status=NS(value="Not started"),
                minutes=20,
                back_to_question=None,
                form=StartForm(),
                retake_form=RetakeForm(),
            )

    rows = text_of(briefing)
    assert [s.heading for s in rows.reading_order()] == [
        s.heading for s in briefing.reading_order()
    ]
    assert [(t.id, t.position, t.text) for t in rows.themes] == [
        (t.id, t.position, t.text) for t in briefing.themes
    ]
    app.config["WTF_CSRF_ENABLED"] = False  # no token, which differs from page to page
    assert page(rows) == page(briefing)
