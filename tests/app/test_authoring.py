"""Trainers add a scenario question, preview it and publish it."""

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import AuditEvent, Question, QuestionStatus
from tests.app.journey import error_summary
from tests.conftest import html, text_of


def _question_form(**overrides):
    data = {
        "role": "School nurse",
        "scenario": "You are a school nurse. A seven-year-old says her arm hurts "
        "because Dad was cross.",
        "prompt": "What should you do now?",
        "correct": "b",
    }
    for key in "abcd":
        data[f"option_{key}"] = f"Option {key} text"
        data[f"feedback_{key}"] = f"Why option {key} is or is not right."
    data.update(overrides)
    return data


def test_trainer_adds_previews_and_publishes_a_question(login_as, bank):
    trainer, _ = login_as("trainer")
    theme = bank.themes[2]
    index = trainer.page("/authoring/")
    assert theme.text in text_of(index)
    url = f"/authoring/themes/{theme.id}/questions/new"
    response = trainer.submit(url, _question_form())
    assert response.status_code == 302
    preview = trainer.page(response.headers["Location"])
    assert "School nurse" in text_of(preview)
    assert "B (best answer)" in text_of(preview)
    question = db.session.scalar(select(Question).where(Question.key == "school-nurse-1"))
    assert question.status == QuestionStatus.DRAFT
    assert question.current_version.options[1].is_correct

    publish_url = f"/authoring/questions/{question.id}/publish"
    response = trainer.submit(publish_url, form_url=f"/authoring/questions/{question.id}")
    assert response.status_code == 302
    db.session.expire_all()
    assert question.status == QuestionStatus.PUBLISHED
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "question.draft" in actions and "question.publish" in actions


def test_missing_fields_are_named(login_as, bank):
    trainer, _ = login_as("trainer")
    url = f"/authoring/themes/{bank.themes[0].id}/questions/new"
    response = trainer.submit(url, _question_form(scenario="", feedback_c="", correct=""))
    assert response.status_code == 200
    summary = error_summary(response)
    assert "Enter the scenario" in summary
    assert "Enter the feedback on option C" in summary
    assert "Choose which option is the best answer" in summary
    assert db.session.scalar(select(Question).where(Question.key.like("school-nurse%"))) is None


def test_draft_questions_do_not_reach_practitioners(login_as, assigned):
    trainer, _ = login_as("trainer")
    theme = assigned.briefing.themes[0]
    trainer.submit(f"/authoring/themes/{theme.id}/questions/new", _question_form())
    from tests.app.journey import rate, start

    client, _ = login_as("practitioner")
    start(client, assigned.briefing.slug)
    rate(client, assigned.briefing.slug, assigned.briefing.themes)
    check = html(client.get(f"/briefings/{assigned.briefing.slug}/check"))
    assert len(check.select(".govuk-summary-list__row")) == 16


def test_unknown_theme_is_not_found(login_as, bank):
    trainer, _ = login_as("trainer")
    assert trainer.get("/authoring/themes/9999/questions/new").status_code == 404
