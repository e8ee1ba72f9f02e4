"""The drawn quiz in a real browser with JavaScript off, every page checked with axe-core:
a social worker's questions, reading the briefing again mid-question, a low score's result
and a retake of the themes below the pass mark, and a refresh question in the next briefing.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from quiz.extensions import db
from quiz.models import Team, User
from tests.app.small_bank import small_briefing
from tests.browser.conftest import REFLECTION, LiveApp, axe_check, sign_in
from tests.seed import DRAWN_PER_THEME, SEED_DRAWN_COUNT, SEED_TITLE


@pytest.fixture
def no_js(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def set_profession(live: LiveApp, profession: str) -> None:
    with live.app.app_context():
        user = db.session.query(User).filter_by(email=live.practitioner.email).one()
        user.profession = profession
        db.session.commit()
        db.session.remove()


def click(page: Page, role: str, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name, exact=True).first.click()
    axe_check(page)


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def answer_shown(page: Page, live: LiveApp, right: bool) -> str:
    """Choose the right options (or one wrong one) of the question shown, and save it."""
    version_id = int(page.locator("input[name='version_id']").input_value())
    values = page.locator("input[name='answer']").evaluate_all("els => els.map(e => e.value)")
    chosen = [v for v in values if (int(v) in live.correct[version_id]) == right]
    for value in chosen if right else chosen[:1]:
        page.locator(f"input[name='answer'][value='{value}']").check()
    theme = page.locator(".app-question-caption").inner_text()
    click(page, "button", "Save and continue")
    return theme


def rate_all(page: Page, rating: str = "3") -> None:
    for name in set(page.locator("input[name^='theme_']").evaluate_all("e => e.map(x => x.name)")):
        page.locator(f"input[name='{name}'][value='{rating}']").check()


def do_quiz(page: Page, live: LiveApp, right) -> list[str]:
    """From the confidence page to the completion record; right(caption) says which to get
    right. Returns each question's caption."""
    rate_all(page)
    click(page, "button", "Continue")
    captions = []
    while "/questions/" in page.url:
        caption = page.locator(".app-question-caption").inner_text()
        captions.append(caption)
        answer_shown(page, live, right(caption))
    expect(heading(page)).to_have_text("Check your answers")
    click(page, "button", "Submit your answers")
    return captions


def reflect(page: Page) -> None:
    click(page, "button", "Continue to your reflection")
    rate_all(page, "4")
    page.get_by_label("What will you do differently in your practice").fill(REFLECTION)
    click(page, "button", "Finish")


def test_a_social_worker_retakes_the_themes_below_the_pass_mark(no_js: Page, live_app: LiveApp):
    live, page = live_app, no_js
    sign_in(page, live, live.practitioner)
    # They say what they do on "Your account".
    page.goto(live.url("/account"))
    axe_check(page)
    click(page, "link", "Change your profession")
    expect(heading(page)).to_have_text("What is your profession?")
    page.get_by_label("Social worker", exact=True).check()
    click(page, "button", "Save")
    expect(page.locator("main")).to_contain_text("Your profession is saved")
    page.goto(live.url("/"))
    click(page, "link", SEED_TITLE)
    expect(page.locator("#self-assessment + p")).to_contain_text(re.compile(r"about \d+ minutes"))
    click(page, "button", "Start the self-assessment")
    rate_all(page)
    click(page, "button", "Continue")

    # The question is the page's heading; the role and theme sit in its caption.
    caption = page.locator(".app-question-caption")
    expect(caption).to_contain_text(f"Question 1 of {SEED_DRAWN_COUNT}")
    expect(heading(page)).to_contain_text("Theme:")
    # Read the briefing again with an answer chosen, then come back to it still chosen.
    second = page.locator("input[name='answer']").nth(1)
    second.check()
    chosen = second.get_attribute("value")
    click(page, "button", "Read the briefing again")
    expect(heading(page)).to_have_text(SEED_TITLE)
    click(page, "link", "Go back to your question")
    expect(page.locator(f"input[name='answer'][value='{chosen}']")).to_be_checked()

    first_theme = caption.inner_text().split("Theme: ")[1]
    # Right on the first theme only, so the other themes are below the pass mark.
    page.get_by_role("link", name="Back", exact=True).click()
    page.wait_for_url(re.compile(r".*/confidence$"))
    captions = do_quiz(page, live, lambda c: c.endswith(first_theme))
    assert len(captions) == SEED_DRAWN_COUNT

    expect(page.locator(".govuk-panel")).to_have_count(0)
    main = page.locator("main")
    expect(main).to_contain_text(f"You got {DRAWN_PER_THEME} of {SEED_DRAWN_COUNT} questions")
    expect(main.locator(".govuk-tag", has_text="Needs another look")).to_have_count(3)
    reflect(page)

    click(page, "button", "Try the themes that need another look")
    retaken = do_quiz(page, live, lambda c: True)
    assert len(retaken) == 3 * DRAWN_PER_THEME
    assert not any(c.endswith(first_theme) for c in retaken)
    expect(page.locator("main")).to_contain_text("You reached the pass mark on every theme")


def test_a_theme_got_wrong_comes_back_in_the_next_briefing(no_js: Page, live_app: LiveApp):
    live, page = live_app, no_js
    set_profession(live, "social_worker")
    with live.app.app_context():
        team = db.session.query(Team).one()
        later = small_briefing("later", {"Escalation": ["Social worker"]}, team=team)
        later_title = later.title
        for theme in later.themes:
            for question in theme.questions:
                version = question.current_version
                live.correct[version.id] = set(version.correct_option_ids)
        db.session.remove()
    sign_in(page, live, live.practitioner)
    click(page, "link", SEED_TITLE)
    click(page, "button", "Start the self-assessment")
    do_quiz(page, live, lambda c: False)
    reflect(page)

    page.goto(live.url("/"))
    axe_check(page)
    click(page, "link", later_title)
    click(page, "button", "Start the self-assessment")
    captions = do_quiz(page, live, lambda c: True)
    refreshed = [c for c in captions if "From an earlier briefing" in c]
    assert 1 <= len(refreshed) <= 2 and SEED_TITLE in refreshed[0]
    main = page.locator("main")
    expect(main).to_contain_text("You got 1 of 1 questions right")
    expect(main.get_by_role("heading", name="From earlier briefings")).to_be_visible()
