"""The question checker's warnings on the trainer's preview and edit pages: seen, and clean
for axe."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from quiz.extensions import db
from quiz.models import Briefing
from quiz.question import QuestionContent, QuestionKind, lettered
from quiz.services.accounts import create_user
from quiz.services.content import create_draft
from tests.browser.conftest import LiveApp, Person, axe_check, sign_in

TRAINER = Person("tess.trainer@example.org", "Tess Trainer")
FLAWED = QuestionContent(
    kind=QuestionKind.SINGLE,
    role="School nurse",
    scenario="You are a school nurse. A seven-year-old says her arm hurts because Dad was cross.",
    prompt="Which of these should you not do?",
    options=lettered(
        [
            ("Always accept a parent's account of an injury.", False, "Why not."),
            ("Ask her lots of questions, so that you know the facts.", False, "Why not."),
            ("Tell her father first, because he should know.", False, "Why not."),
            (
                "Make sure she sees a doctor today, write down what she said in her own words, "
                "and tell the designated safeguarding lead at once.",
                True,
                "Why.",
            ),
        ]
    ),
)


def test_a_trainer_sees_the_checkers_warnings_beside_the_question(page: Page, live_app: LiveApp):
    with live_app.app.app_context():
        trainer = create_user(TRAINER.email, TRAINER.name, TRAINER.password, "trainer")
        briefing = db.session.query(Briefing).filter_by(slug=live_app.slug).one()
        question_id = create_draft(briefing.themes[1], FLAWED, trainer).id
        db.session.commit()
        db.session.remove()
    sign_in(page, live_app, TRAINER)
    for path in (f"/authoring/questions/{question_id}", f"/authoring/questions/{question_id}/edit"):
        page.goto(live_app.url(path))
        warnings = page.locator("#question-flaws")
        expect(warnings.get_by_role("heading")).to_have_text("Things to check in this question")
        expect(warnings.locator("li").first).to_contain_text("The right option (4) is the longest")
        expect(warnings).to_contain_text('Option 1 says "always"')
        expect(warnings).to_contain_text('The question asks a negative ("not")')
        axe_check(page)
