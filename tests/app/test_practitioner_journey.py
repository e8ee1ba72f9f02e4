"""The practitioner's journey through the web pages, with CSRF on."""

from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Answer, Attempt, AttemptState, ConfidenceRating
from tests.app.journey import answer, answer_all, error_summary, question_page, rate, start
from tests.conftest import html, text_of
from tests.seed import SEED_DRAWN_COUNT as QUESTION_COUNT


def test_your_briefings_lists_the_assigned_briefing_as_not_started(login_as, assigned):
    client, _ = login_as("practitioner")
    page = text_of(client.page("/"))
    assert assigned.briefing.title in page
    assert "Not started" in page
    assert f"Due {assigned.due_on.day}" in page


def test_briefing_page_shows_sections_in_number_order_with_themes(login_as, assigned):
    client, _ = login_as("practitioner")
    page = client.page(f"/briefings/{assigned.briefing.slug}")
    headings = [h.get_text(" ", strip=True) for h in page.find_all("h2")]
    numbered = [h.split()[0] for h in headings if h[:2].isdigit()]
    assert numbered == ["01", "02", "03", "04", "05", "06", "07"]
    themes = [li.get_text(strip=True) for li in page.select(".app-theme-list__item")]
    assert themes == [t.text for t in assigned.briefing.themes]


def test_full_journey_records_completion_and_shows_feedback(login_as, assigned):
    client, user = login_as("practitioner")
    briefing = assigned.briefing
    slug = briefing.slug
    assert start(client, slug).headers["Location"].endswith(f"/briefings/{slug}/confidence")
    assert rate(client, slug, briefing.themes).headers["Location"].endswith("/questions/1")
    answer_all(client, slug, QUESTION_COUNT)

    check = client.page(f"/briefings/{slug}/check")
    assert "Not answered yet" not in text_of(check)
    assert len(check.select(".govuk-summary-list__row")) == QUESTION_COUNT

    response = client.submit(f"/briefings/{slug}/check")
    assert response.headers["Location"].endswith(f"/briefings/{slug}/result")
    result = client.page(f"/briefings/{slug}/result")
    result_text = text_of(result)
    assert "Your answers by learning theme" in result_text
    assert "Best answer:" in result_text or "Your answer, and a best answer:" in result_text
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == user.id))
    assert attempt.state == AttemptState.SUBMITTED
    assert f"You got {attempt.score} of {QUESTION_COUNT} questions right" in result_text

    response = client.submit(
        f"/briefings/{slug}/reflect",
        {
            **{f"theme_{t.id}": "4" for t in briefing.themes},
            "reflection": "I will see the child alone and record what they say.",
        },
    )
    completion_record = response.headers["Location"]
    assert completion_record == f"/records/{attempt.id}"
    # So does the briefing's record address.
    assert client.get(f"/briefings/{slug}/record").headers["Location"] == completion_record
    record = text_of(client.page(completion_record))
    assert "I will see the child alone and record what they say." in record
    assert user.name in record
    db.session.expire_all()
    assert attempt.state == AttemptState.COMPLETED
    assert attempt.completed_at is not None
    stages = db.session.scalars(
        select(ConfidenceRating.stage).where(ConfidenceRating.attempt_id == attempt.id)
    ).all()
    assert sorted(stages) == ["after"] * 4 + ["before"] * 4
    assert "Completed" in text_of(client.page("/"))


def test_score_counts_right_answers(login_as, assigned):
    client, user = login_as("practitioner")
    slug = assigned.briefing.slug
    start(client, slug)
    rate(client, slug, assigned.briefing.themes)
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == user.id))
    for item in attempt.questions:
        right = [str(o.id) for o in item.version.options if o.is_correct]
        wrong = [str(o.id) for o in item.version.options if not o.is_correct][:1]
        choice = wrong if item.position <= 3 else right
        answer(client, slug, item.position, choice if len(choice) > 1 else choice[0])
    client.submit(f"/briefings/{slug}/check")
    db.session.expire_all()
    assert (attempt.score, attempt.max_score) == (QUESTION_COUNT - 3, QUESTION_COUNT)


def test_leaving_and_returning_resumes_at_first_unanswered_question(login_as, assigned, app):
    client, user = login_as("practitioner")
    slug = assigned.briefing.slug
    start(client, slug)
    rate(client, slug, assigned.briefing.themes)
    answer(client, slug, 1)
    answer(client, slug, 2)
    # Another device: a new sign-in, then "Continue where you left off".
    from tests.conftest import Browser

    other = Browser(app)
    other.sign_in(user)
    assert "Continue where you left off" in text_of(other.page(f"/briefings/{slug}"))
    response = start(other, slug)
    assert response.headers["Location"].endswith(f"/briefings/{slug}/questions/3")


def test_back_shows_the_answer_already_given(login_as, assigned):
    client, _ = login_as("practitioner")
    slug = assigned.briefing.slug
    start(client, slug)
    rate(client, slug, assigned.briefing.themes)
    _, _, options = question_page(client, slug, 1)
    answer(client, slug, 1, options[2])
    page, _, _ = question_page(client, slug, 1)
    checked = page.find("input", attrs={"name": "answer", "checked": True})
    assert checked["value"] == options[2]
    assert page.find("a", class_="govuk-back-link")["href"].endswith("/confidence")
    confidence = client.page(f"/briefings/{slug}/confidence")
    assert confidence.find("input", attrs={"value": "3", "checked": True}) is not None


def test_changing_an_answer_keeps_one_answer_per_question(login_as, assigned):
    client, user = login_as("practitioner")
    slug = assigned.briefing.slug
    start(client, slug)
    rate(client, slug, assigned.briefing.themes)
    _, _, options = question_page(client, slug, 1)
    answer(client, slug, 1, options[0])
    answer(client, slug, 1, options[1])
    assert db.session.scalar(select(func.count(Answer.id))) == 1
    page, _, _ = question_page(client, slug, 1)
    assert page.find("input", attrs={"name": "answer", "checked": True})["value"] == options[1]


def test_multiple_response_question_takes_several_options(login_as, assigned):
    # Every question asked, so the bank's multiple-response questions are among them.
    assigned.briefing.questions_per_theme = max(len(t.questions) for t in assigned.briefing.themes)
    db.session.commit()
    client, user = login_as("practitioner")
    slug = assigned.briefing.slug
    start(client, slug)
    rate(client, slug, assigned.briefing.themes)
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == user.id))
    item = next(i for i in attempt.questions if i.version.kind == "multiple")
    right = [str(o.id) for o in item.version.options if o.is_correct]
    page, _, _ = question_page(client, slug, item.position)
    assert page.find("input", attrs={"type": "checkbox", "name": "answer"}) is not None
    response = answer(client, slug, item.position, right)
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.scalar(select(Answer).where(Answer.version_id == item.version_id))
    assert saved.is_correct and len(saved.choices) == len(right)


def test_confidence_must_be_given_for_every_theme(login_as, assigned):
    client, _ = login_as("practitioner")
    slug = assigned.briefing.slug
    start(client, slug)
    themes = assigned.briefing.themes
    response = client.submit(f"/briefings/{slug}/confidence", {f"theme_{themes[0].id}": "2"})
    assert response.status_code == 200
    assert "Rate your confidence on theme 2" in error_summary(response)
    assert html(response).title.string.startswith("Error:")
    response = client.submit(
        f"/briefings/{slug}/confidence", {f"theme_{t.id}": "9" for t in themes}
    )
    assert (
        response.status_code == 200
        and "Choose a number from 1 to 5 for theme 1" in error_summary(response)
    )


def test_reflection_is_required_to_finish(login_as, assigned):
    client, _ = login_as("practitioner")
    slug = assigned.briefing.slug
    start(client, slug)
    rate(client, slug, assigned.briefing.themes)
    answer_all(client, slug, QUESTION_COUNT)
    client.submit(f"/briefings/{slug}/check")
    response = client.submit(
        f"/briefings/{slug}/reflect",
        {**{f"theme_{t.id}": "4" for t in assigned.briefing.themes}, "reflection": "   "},
    )
    assert response.status_code == 200
    assert "Write a short reflection" in error_summary(response)


def test_briefing_not_assigned_to_the_team_is_not_found(login_as, assigned, make_team):
    client, _ = login_as("practitioner", team=make_team())
    assert client.get(f"/briefings/{assigned.briefing.slug}").status_code == 404
    assert "No briefings have been assigned" in text_of(client.page("/"))
