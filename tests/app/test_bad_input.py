"""Bad input gets a clear message and nothing is lost or half-saved."""

from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Answer, Attempt, AttemptState
from tests.app.journey import answer, answer_all, error_summary, question_page, rate, start
from tests.conftest import html, text_of
from tests.seed import SEED_DRAWN_COUNT


def _started(login_as, assigned):
    client, user = login_as("practitioner")
    slug = assigned.briefing.slug
    start(client, slug)
    rate(client, slug, assigned.briefing.themes)
    return client, user, slug


def _answers() -> int:
    return db.session.scalar(select(func.count(Answer.id)))


def test_expired_form_explains_and_saves_nothing(login_as, assigned):
    client, _, slug = _started(login_as, assigned)
    _, version_id, options = question_page(client, slug, 1)
    response = client.post(
        f"/briefings/{slug}/questions/1",
        data={"csrf_token": "stale-token", "version_id": version_id, "answer": options[0]},
    )
    assert response.status_code == 400
    assert "This page had expired" in text_of(html(response))
    assert _answers() == 0


def test_form_without_token_is_refused(login_as, assigned):
    client, _, slug = _started(login_as, assigned)
    _, version_id, options = question_page(client, slug, 1)
    response = client.post(
        f"/briefings/{slug}/questions/1", data={"version_id": version_id, "answer": options[0]}
    )
    assert response.status_code == 400
    assert _answers() == 0


def test_answer_meant_for_another_question_is_refused(login_as, assigned):
    client, _, slug = _started(login_as, assigned)
    _, other_version, other_options = question_page(client, slug, 2)
    response = client.submit(
        f"/briefings/{slug}/questions/1", {"version_id": other_version, "answer": other_options[0]}
    )
    assert response.status_code == 200
    assert "That answer was for a different question" in error_summary(response)
    assert _answers() == 0


def test_option_that_does_not_exist_is_refused(login_as, assigned):
    client, _, slug = _started(login_as, assigned)
    _, version_id, _ = question_page(client, slug, 1)
    for bad in ("999999", "not-a-number", ""):
        response = client.submit(
            f"/briefings/{slug}/questions/1", {"version_id": version_id, "answer": bad}
        )
        assert response.status_code == 200
        assert error_summary(response), bad
    assert _answers() == 0


def test_option_of_another_question_is_refused(login_as, assigned):
    client, _, slug = _started(login_as, assigned)
    _, version_id, _ = question_page(client, slug, 1)
    _, _, other_options = question_page(client, slug, 2)
    response = client.submit(
        f"/briefings/{slug}/questions/1", {"version_id": version_id, "answer": other_options[0]}
    )
    assert "Choose one of the options shown" in error_summary(response)
    assert _answers() == 0


def test_two_options_on_a_single_answer_question_are_refused(login_as, assigned):
    client, _, slug = _started(login_as, assigned)
    _, version_id, options = question_page(client, slug, 1)
    response = client.submit(
        f"/briefings/{slug}/questions/1", {"version_id": version_id, "answer": options[:2]}
    )
    assert "Choose one answer" in error_summary(response)
    assert _answers() == 0


def test_question_number_out_of_range_is_not_found(login_as, assigned):
    client, _, slug = _started(login_as, assigned)
    assert client.get(f"/briefings/{slug}/questions/99").status_code == 404
    assert client.get(f"/briefings/{slug}/questions/0").status_code == 404


def test_submitting_with_unanswered_questions_is_refused(login_as, assigned):
    client, user, slug = _started(login_as, assigned)
    answer(client, slug, 1)
    check = text_of(client.page(f"/briefings/{slug}/check"))
    assert "You have not answered question 2 yet" in check
    response = client.submit(f"/briefings/{slug}/check", form_url=f"/briefings/{slug}/questions/2")
    assert response.headers["Location"].endswith("/questions/2")
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == user.id))
    assert attempt.state == AttemptState.IN_PROGRESS


def test_second_submit_is_harmless(login_as, assigned):
    client, user, slug = _started(login_as, assigned)
    answer_all(client, slug, SEED_DRAWN_COUNT)
    token_page = f"/briefings/{slug}/check"
    token = client.csrf_token(token_page)
    first = client.post(token_page, data={"csrf_token": token})
    second = client.post(token_page, data={"csrf_token": token})
    assert first.headers["Location"].endswith("/result")
    assert second.status_code == 302 and second.headers["Location"].endswith("/result")
    db.session.expire_all()
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == user.id))
    assert attempt.state == AttemptState.SUBMITTED
    assert db.session.scalar(select(func.count(Attempt.id))) == 1


def test_answers_cannot_change_after_submitting(login_as, assigned):
    client, _, slug = _started(login_as, assigned)
    answer_all(client, slug, SEED_DRAWN_COUNT)
    client.submit(f"/briefings/{slug}/check")
    before = db.session.scalars(select(Answer.is_correct).order_by(Answer.id)).all()
    response = client.get(f"/briefings/{slug}/questions/1")
    assert response.status_code == 302 and response.headers["Location"].endswith("/result")
    assert db.session.scalars(select(Answer.is_correct).order_by(Answer.id)).all() == before


def test_starting_twice_keeps_one_attempt(login_as, assigned):
    client, _, slug = _started(login_as, assigned)
    start(client, slug)
    start(client, slug)
    assert db.session.scalar(select(func.count(Attempt.id))) == 1
