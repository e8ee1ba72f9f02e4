"""The question checker's warnings beside the question on the trainer's pages: advice, never
a block."""

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Question, QuestionStatus

FLAWED = {
    "role": "School nurse",
    "scenario": "You are a school nurse. A seven-year-old says her arm hurts because Dad was "
    "cross.",
    "prompt": "What should you do now?",
    "kind": "single",
    "correct_a": "y",
    "option_a": "Make sure she sees a doctor today, write down exactly what she said in her own "
    "words, tell the designated safeguarding lead at once and refer to children's social care.",
    "option_b": "Accept her father's account, as children fall over.",
    "option_c": "Ask her lots of questions, so that you know the facts.",
    "option_d": "Tell her father, because he should know first.",
}
for key in "abcd":
    FLAWED[f"feedback_{key}"] = f"Why option {key} is or is not right."


def warnings(page) -> list[str]:
    box = page.find(id="question-flaws")
    return [" ".join(li.get_text().split()) for li in box.find_all("li")] if box else []


def test_a_flawed_question_is_saved_with_warnings_and_can_still_be_published(login_as, bank):
    trainer, _ = login_as("trainer")
    response = trainer.submit(f"/authoring/themes/{bank.themes[2].id}/questions/new", FLAWED)
    assert response.status_code == 302
    preview = trainer.page(response.headers["Location"])
    found = warnings(preview)
    assert any(w.startswith("The right option (1) is the longest") for w in found)
    assert any("Give reasons on right and wrong options alike" in w for w in found)

    question = db.session.scalar(select(Question).where(Question.key == "school-nurse-1"))
    edit = trainer.page(f"/authoring/questions/{question.id}/edit")
    assert warnings(edit) == found

    response = trainer.submit(
        f"/authoring/questions/{question.id}/publish",
        form_url=f"/authoring/questions/{question.id}",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert question.status == QuestionStatus.PUBLISHED


def test_a_question_from_the_revised_bank_shows_no_warnings(login_as, bank):
    trainer, _ = login_as("trainer")
    question = db.session.scalar(select(Question).order_by(Question.id).limit(1))
    assert warnings(trainer.page(f"/authoring/questions/{question.id}")) == []
    assert warnings(trainer.page(f"/authoring/questions/{question.id}/edit")) == []
