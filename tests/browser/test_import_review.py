"""The import review, in a real browser without JavaScript: every section, and the trainer's say
over which one lists the themes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from quiz.extensions import db
from quiz.models import Briefing
from quiz.services.accounts import create_user
from tests.browser.conftest import LiveApp, Person, axe_check, sign_in

TRAINER = Person("rex.reviewer@example.org", "Rex Reviewer")

BRIEFING = """\
7-minute briefing: Child V

1 Background

Child V, aged four, was taken to hospital with burns to the hand. Her mother said she
touched the oven.

4 What the review found

The nursery had seen two earlier marks and accepted the explanation each time.

5 Key learning

- Ask for the child's own account of an injury
- Share every injury with the health visitor

6 Questions for your team

- When did you last check an explanation against the injury?
"""

NO_THEMES = """\
Review briefing: Baby W

What happened

Baby W was found to have a fractured rib at ten weeks old. Nobody had met the father.

Why it matters

Fathers must be part of every assessment. Ask who lives at home.

- Every injury to a baby needs a same-day response
"""


@pytest.fixture
def trainer(live_app: LiveApp) -> Person:
    with live_app.app.app_context():
        create_user(TRAINER.email, TRAINER.name, TRAINER.password, "trainer")
        db.session.commit()
        db.session.remove()
    return TRAINER


@pytest.fixture
def page(browser) -> Page:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def press(page: Page, name: str) -> None:
    """Press a button with the keyboard and wait for the next page."""
    page.get_by_role("button", name=name, exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def paste(page: Page, live: LiveApp, text: str) -> None:
    page.goto(live.url("/authoring/briefings/import"))
    page.get_by_label("Or paste the briefing's text").fill(text)
    press(page, "Find the sections and themes")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the sections and learning themes"
    )


def test_trainer_sees_every_section_and_chooses_the_themes_section(
    page: Page, live_app: LiveApp, trainer
):
    live = live_app
    sign_in(page, live, trainer)
    paste(page, live, BRIEFING)
    axe_check(page)
    main = page.locator("main")
    expect(main).to_contain_text("The nursery had seen two earlier marks")
    expect(page.get_by_label("Heading of section 2 (numbered 4)")).to_have_value(
        "What the review found"
    )
    themes = page.get_by_role("group", name="Which section lists the learning themes?")
    expect(themes.get_by_label("Section 3: Key learning")).to_be_checked()
    expect(themes.get_by_label("Section 2: What the review found")).not_to_be_checked()

    # A heading left empty is named, and the trainer's other choices stay as they were.
    page.get_by_label("Heading of section 4 (numbered 6)").fill("")
    themes.get_by_label("None of them", exact=False).check()
    press(page, "Save as a draft briefing")
    axe_check(page)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a heading for section 4")
    expect(themes.get_by_label("None of them", exact=False)).to_be_checked()
    page.get_by_label("Heading of section 4 (numbered 6)").fill("Questions to talk about")
    themes.get_by_label("Section 3: Key learning").check()
    press(page, "Save as a draft briefing")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("saved as a draft")
    with live.app.app_context():
        briefing = db.session.query(Briefing).filter_by(title="7-minute briefing: Child V").one()
        saved = {s.heading: s.is_themes for s in briefing.sections}
        db.session.remove()
    assert saved == {
        "Background": False,
        "What the review found": False,
        "Key learning": True,
        "Questions to talk about": False,
    }


def test_trainer_ticks_suggested_themes_when_none_are_found(page: Page, live_app: LiveApp, trainer):
    live = live_app
    sign_in(page, live, trainer)
    paste(page, live, NO_THEMES)
    axe_check(page)
    expect(page.locator("main")).to_contain_text("We could not find the learning themes")
    suggested = page.get_by_role("group", name="Sentences that may be learning themes")
    suggested.get_by_label("Every injury to a baby needs a same-day response").check()
    suggested.get_by_label("Fathers must be part of every assessment.").check()
    press(page, "Save as a draft briefing")
    axe_check(page)
    expect(
        page.get_by_role("heading", level=2, name="Theme 1: Every injury", exact=False)
    ).to_be_visible()
    expect(
        page.get_by_role("heading", level=2, name="Theme 2: Fathers must", exact=False)
    ).to_be_visible()
