"""The trainer's preview shows a question exactly as practitioners see it, and submits nothing."""

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import QuestionKind, QuestionVersion
from tests.app.journey import question_page, rate, start


def answer_field(page):
    """The answer's form group: legend, hint and every option."""
    return page.find("input", attrs={"name": "answer"}).find_parent(class_="govuk-form-group")


def question_parts(page, heading_level: int):
    """What a practitioner reads of a question. The question page's legend is its <h1>, and
    its caption starts with "Question 3 of 8"; the preview's is neither, so those differ."""
    field = answer_field(page)
    legend = field.find("legend")
    assert (legend.find("h1") is not None) == (heading_level == 1)
    caption = legend.select_one(".app-question-caption")
    who = caption.get_text("\n", strip=True).split("\n")[-1]
    caption.extract()
    return {
        "role and theme": who,
        "question": legend.get_text(strip=True),
        "scenario": str(field.select_one(".app-scenario")),
        "hint": str(field.select_one(".govuk-hint")),
        "options": str(field.select_one(".govuk-radios, .govuk-checkboxes")),
    }


def test_preview_renders_the_practitioners_question(login_as, assigned):
    slug = assigned.briefing.slug
    practitioner, _ = login_as("practitioner")
    start(practitioner, slug)
    rate(practitioner, slug, assigned.briefing.themes)
    trainer, _ = login_as("trainer")
    for position in (1, 2, 3):
        seen, version_id, _ = question_page(practitioner, slug, position)
        version = db.session.get(QuestionVersion, int(version_id))
        preview = trainer.page(f"/authoring/questions/{version.question_id}")
        assert question_parts(preview, 2) == question_parts(seen, 1), position


@pytest.mark.parametrize(
    ("kind", "input_type"),
    [(QuestionKind.SINGLE, "radio"), (QuestionKind.MULTIPLE, "checkbox")],
)
def test_preview_asks_as_the_question_kind_asks(login_as, bank, kind, input_type):
    version = db.session.scalars(
        select(QuestionVersion).where(QuestionVersion.kind == kind).limit(1)
    ).one()
    trainer, _ = login_as("trainer")
    preview = trainer.page(f"/authoring/questions/{version.question_id}")
    options = answer_field(preview).find_all("input", attrs={"name": "answer"})
    assert {o["type"] for o in options} == {input_type}
    assert len(options) == len(version.options)


def test_preview_is_not_a_form(login_as, bank):
    trainer, _ = login_as("trainer")
    question_id = bank.themes[0].questions[0].id
    preview = trainer.page(f"/authoring/questions/{question_id}")
    field = answer_field(preview)
    assert field.find_parent("form") is None
    assert not preview.select(".govuk-inset-text button, .govuk-inset-text input[type=submit]")
