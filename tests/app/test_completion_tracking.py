"""The completion row follows a person through the quiz, step by step, in the same save."""

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Completion
from tests.app.journey import answer, answer_all, rate, start
from tests.conftest import Browser
from tests.seed import SEED_DRAWN_COUNT


def _row(user, briefing) -> Completion | None:
    db.session.expire_all()
    return db.session.scalar(
        select(Completion).where(
            Completion.user_id == user.id, Completion.briefing_id == briefing.id
        )
    )


def test_each_step_updates_the_persons_completion_row(app, make_user, team, assigned):
    briefing = assigned.briefing
    person = make_user("practitioner", team=team)
    client = Browser(app)
    client.sign_in(person)
    assert _row(person, briefing) is None

    start(client, briefing.slug)
    row = _row(person, briefing)
    assert (row.state, row.answered, row.question_count, row.attempts) == (
        "in_progress",
        0,
        SEED_DRAWN_COUNT,
        1,
    )

    rate(client, briefing.slug, briefing.themes)
    answer(client, briefing.slug, 1)
    answer(client, briefing.slug, 2)
    assert _row(person, briefing).answered == 2
    answer(client, briefing.slug, 2)  # changing an answer is not another one
    assert _row(person, briefing).answered == 2

    answer_all(client, briefing.slug, SEED_DRAWN_COUNT, start_at=3)
    client.submit(f"/briefings/{briefing.slug}/check")
    row = _row(person, briefing)
    assert row.state == "submitted" and row.first_completed_at is None
    assert row.latest_max_score == SEED_DRAWN_COUNT
    assert (row.best_score, row.best_max_score) == (row.latest_score, row.latest_max_score)

    client.submit(
        f"/briefings/{briefing.slug}/reflect",
        {**{f"theme_{t.id}": "4" for t in briefing.themes}, "reflection": "Ask the child."},
    )
    row = _row(person, briefing)
    assert row.state == "completed" and row.first_completed_at is not None
    assert row.latest_attempt_id is not None and row.attempts == 1
