"""A practitioner's self-assessment in a real browser.

Keyboard use, no JavaScript, resuming on another device, error pages and a small phone.

Every page visited is checked with axe-core (WCAG 2.2 A and AA rules).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import REFLECTION, LiveApp, axe_check, sign_in
from tests.seed import SEED_TITLE as BRIEFING_TITLE


def _text(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def _path(live: LiveApp, suffix: str = "") -> re.Pattern:
    return re.compile(re.escape(live.url(f"/briefings/{live.slug}{suffix}")) + r"(\?.*)?$")


def press_button(page: Page, name: str) -> None:
    """Move focus to a form's button and press Enter, as a keyboard user would."""
    button = page.get_by_role("button", name=name, exact=True)
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def rate_confidence(page: Page, rating: int, keyboard: bool = True) -> None:
    """Rate every theme on the page 1–5: focus the first radio, Space, then arrow down."""
    names = page.locator("input.govuk-radios__input[name^='theme_']").evaluate_all(
        "els => [...new Set(els.map(e => e.name))]"
    )
    assert names, "no confidence questions on the page"
    for name in names:
        radios = page.locator(f"input[name='{name}']")
        if keyboard:
            radios.first.focus()
            page.keyboard.press("Space")
            for _ in range(rating - 1):
                page.keyboard.press("ArrowDown")
        else:
            radios.nth(rating - 1).check()
        expect(page.locator(f"input[name='{name}'][value='{rating}']")).to_be_checked()


def question_numbers(page: Page) -> tuple[int, int]:
    match = re.match(r"(?:Error: )?Question (\d+) of (\d+)", page.title())
    assert match, f"not a question page: {page.title()!r}"
    return int(match[1]), int(match[2])


def choose(page: Page, values: list[str], keyboard: bool = True) -> list[str]:
    """Choose these options of the question shown; returns their labels' text."""
    inputs = page.locator("input[name='answer']")
    all_values = inputs.evaluate_all("els => els.map(e => e.value)")
    kind = inputs.first.get_attribute("type")
    if kind == "radio":
        assert len(values) == 1, "a radio question takes one answer"
        if keyboard:
            inputs.first.focus()
            page.keyboard.press("Space")
            for _ in range(all_values.index(values[0])):
                page.keyboard.press("ArrowDown")
        else:
            page.locator(f"input[name='answer'][value='{values[0]}']").check()
    else:
        for value in values:
            box = page.locator(f"input[name='answer'][value='{value}']")
            if keyboard:
                box.focus()
                page.keyboard.press("Space")
            else:
                box.check()
    labels = []
    for value in all_values:
        box = page.locator(f"input[name='answer'][value='{value}']")
        if value in values:
            expect(box).to_be_checked()
            labels.append(
                _text(page.locator(f"label[for='{box.get_attribute('id')}']").inner_text())
            )
        else:
            expect(box).not_to_be_checked()
    return labels


def planned_answer(page: Page, live: LiveApp, wrong: bool = False) -> list[str]:
    """The right option ids for the question shown, or one wrong one."""
    version_id = int(page.locator("input[name='version_id']").input_value())
    right = live.correct[version_id]
    if not wrong:
        return [str(i) for i in sorted(right)]
    values = page.locator("input[name='answer']").evaluate_all("els => els.map(e => e.value)")
    return [next(v for v in values if int(v) not in right)]


def open_briefing_and_start(page: Page, live: LiveApp, button: str) -> None:
    page.get_by_role("link", name=BRIEFING_TITLE).click()
    page.wait_for_url(_path(live))
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(BRIEFING_TITLE)
    press_button(page, button)


def answer_until(page: Page, live: LiveApp, stop_at: int, keyboard: bool = True) -> None:
    """Answer each question rightly, from the one shown up to (not including) stop_at."""
    while True:
        position, total = question_numbers(page)
        if position >= stop_at:
            return
        axe_check(page)
        choose(page, planned_answer(page, live), keyboard=keyboard)
        press_button(page, "Save and continue")
        if position == total:
            page.wait_for_url(_path(live, "/check"))
            return
        page.wait_for_url(_path(live, f"/questions/{position + 1}"))


def test_practitioner_completes_a_briefing_by_keyboard(page: Page, live_app: LiveApp):
    live = live_app
    sign_in(page, live, live.practitioner)

    # Your briefings; the skip link is the first Tab stop and moves focus to <main>.
    page.wait_for_url(live.url("/"))
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your briefings")
    task = page.locator(".govuk-task-list__item", has_text=BRIEFING_TITLE)
    expect(task.locator(".govuk-task-list__status")).to_have_text("Not started")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to main content")
    expect(skip).to_have_attribute("href", "#main-content")
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_id("main-content")

    open_briefing_and_start(page, live, "Start the self-assessment")

    page.wait_for_url(_path(live, "/confidence"))
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("How confident are you?")
    rate_confidence(page, 3)
    press_button(page, "Continue")

    # Question 1 wrong on purpose, the rest right; Back once on question 3.
    page.wait_for_url(_path(live, "/questions/1"))
    chosen: dict[int, list[str]] = {}
    went_back = False
    while True:
        position, total = question_numbers(page)
        axe_check(page)
        if position == 3 and not went_back:
            went_back = True
            page.get_by_role("link", name="Back", exact=True).click()
            page.wait_for_url(_path(live, "/questions/2"))
            axe_check(page)
            for label in chosen[2]:
                expect(page.get_by_label(label, exact=True)).to_be_checked()
            assert page.locator("input[name='answer']:checked").count() == len(chosen[2])
            press_button(page, "Save and continue")
            page.wait_for_url(_path(live, "/questions/3"))
            continue
        values = planned_answer(page, live, wrong=position == 1)
        chosen[position] = choose(page, values)
        press_button(page, "Save and continue")
        if position == total:
            break
        page.wait_for_url(_path(live, f"/questions/{position + 1}"))
    assert went_back and len(chosen) == total

    page.wait_for_url(_path(live, "/check"))
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    rows = page.locator(".govuk-summary-list__row")
    expect(rows).to_have_count(total)
    for position, labels in chosen.items():
        row = rows.nth(position - 1)
        expect(row.locator(".govuk-summary-list__key")).to_contain_text(f"Question {position}")
        value = row.locator(".govuk-summary-list__value")
        if len(labels) == 1:
            assert _text(value.inner_text()) == labels[0]
        else:  # several answers, as a list
            assert [_text(t) for t in value.locator("li").all_inner_texts()] == labels
    press_button(page, "Submit your answers")

    page.wait_for_url(_path(live, "/result"))
    axe_check(page)
    expect(page.locator(".govuk-panel")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(f"You got {total - 1} of {total} questions right")
    # Feedback on each answer, folded away; open one with the keyboard.
    feedback = page.locator("details.govuk-details")
    expect(feedback).to_have_count(total)
    expect(feedback.first.locator("summary")).to_contain_text("(not right)")
    expect(feedback.nth(1).locator("summary")).to_contain_text("(right)")
    expect(feedback.first.locator(".govuk-tag")).to_have_text("Not right")
    feedback.first.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(feedback.first.locator(".govuk-details__text")).to_be_visible()
    page.get_by_role("button", name="Continue to your reflection").click()

    page.wait_for_url(_path(live, "/reflect"))
    axe_check(page)
    rate_confidence(page, 4)
    page.get_by_label("What will you do differently in your practice").fill(REFLECTION)
    press_button(page, "Finish")

    page.wait_for_url(re.compile(r".*/records/\d+$"))
    axe_check(page)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Well done")
    expect(page.get_by_role("heading", level=1)).to_have_text(BRIEFING_TITLE)
    expect(page.locator("main")).to_contain_text(REFLECTION)
    score = page.locator(".govuk-summary-list__row", has_text="Score")
    percent = round(100 * (total - 1) / total)
    expect(score.locator("dd")).to_have_text(f"{total - 1} of {total} right ({percent}%)")

    page.get_by_role("link", name="Your briefings").click()
    page.wait_for_url(live.url("/"))
    axe_check(page)
    expect(task.locator(".govuk-task-list__status")).to_have_text("Completed")


def test_the_whole_journey_works_without_javascript(browser, live_app: LiveApp):
    live = live_app
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live, live.practitioner)
        assert not page.evaluate("document.body.classList.contains('js-enabled')")
        page.wait_for_url(live.url("/"))
        axe_check(page)
        open_briefing_and_start(page, live, "Start the self-assessment")

        page.wait_for_url(_path(live, "/confidence"))
        axe_check(page)
        rate_confidence(page, 2, keyboard=False)
        page.get_by_role("button", name="Continue").click()

        page.wait_for_url(_path(live, "/questions/1"))
        _, total = question_numbers(page)
        answer_until(page, live, stop_at=total + 1, keyboard=False)

        axe_check(page)
        expect(page.locator(".govuk-summary-list__row")).to_have_count(total)
        page.get_by_role("button", name="Submit your answers").click()

        page.wait_for_url(_path(live, "/result"))
        axe_check(page)
        expect(page.locator("main")).to_contain_text(f"You got {total} of {total} questions right")
        page.get_by_role("button", name="Continue to your reflection").click()

        page.wait_for_url(_path(live, "/reflect"))
        axe_check(page)
        rate_confidence(page, 5, keyboard=False)
        page.get_by_label("What will you do differently in your practice").fill(REFLECTION)
        page.get_by_role("button", name="Finish").click()

        page.wait_for_url(re.compile(r".*/records/\d+$"))
        axe_check(page)
        expect(page.locator("main")).to_contain_text(REFLECTION)
    finally:
        context.close()


def test_resume_on_another_device_lands_on_the_next_question(browser, live_app: LiveApp):
    live = live_app
    first = browser.new_context()
    try:
        page = first.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live, live.practitioner)
        page.wait_for_url(live.url("/"))
        axe_check(page)
        open_briefing_and_start(page, live, "Start the self-assessment")
        page.wait_for_url(_path(live, "/confidence"))
        axe_check(page)
        rate_confidence(page, 3)
        press_button(page, "Continue")
        page.wait_for_url(_path(live, "/questions/1"))
        answer_until(page, live, stop_at=3)
        page.wait_for_url(_path(live, "/questions/3"))
    finally:
        first.close()

    second = browser.new_context()
    try:
        page = second.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live, live.practitioner)
        page.wait_for_url(live.url("/"))
        axe_check(page)
        row = page.locator(".govuk-task-list__item", has_text=BRIEFING_TITLE)
        expect(row.locator(".govuk-task-list__status")).to_have_text("In progress")
        open_briefing_and_start(page, live, "Continue where you left off")
        page.wait_for_url(_path(live, "/questions/3"))
        axe_check(page)
        assert question_numbers(page)[0] == 3
        expect(page.locator("input[name='answer']:checked")).to_have_count(0)
        page.get_by_role("link", name="Back", exact=True).click()
        page.wait_for_url(_path(live, "/questions/2"))
        axe_check(page)
        expect(page.locator("input[name='answer']:checked")).not_to_have_count(0)
    finally:
        second.close()


def test_errors_are_summarised_focused_and_linked(page: Page, live_app: LiveApp):
    live = live_app
    page.goto(live.url("/sign-in"))
    axe_check(page)
    press_button(page, "Sign in")
    assert page.title().startswith("Error: "), page.title()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Enter your email address")).to_have_attribute(
        "href", "#email"
    )
    axe_check(page)

    sign_in(page, live, live.practitioner)
    page.wait_for_url(live.url("/"))
    axe_check(page)
    open_briefing_and_start(page, live, "Start the self-assessment")

    # Several errors at once on the confidence page, one per theme.
    page.wait_for_url(_path(live, "/confidence"))
    axe_check(page)
    press_button(page, "Continue")
    page.wait_for_url(_path(live, "/confidence"))
    assert page.title().startswith("Error: "), page.title()
    expect(summary).to_be_focused()
    themes = page.locator("fieldset").count()
    expect(summary.locator("a")).to_have_count(themes)
    expect(page.locator(".govuk-error-message")).to_have_count(themes)
    axe_check(page)
    rate_confidence(page, 3)
    press_button(page, "Continue")

    # The question page, submitted without an answer.
    page.wait_for_url(_path(live, "/questions/1"))
    axe_check(page)
    press_button(page, "Save and continue")
    page.wait_for_url(_path(live, "/questions/1"))
    assert page.title().startswith("Error: Question 1 of "), page.title()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    link = summary.get_by_role("link", name="Choose an answer")
    expect(link).to_have_attribute("href", "#answer")
    error = page.locator(".govuk-form-group--error .govuk-error-message")
    expect(error).to_contain_text("Choose an answer")
    fieldset = page.locator("fieldset")
    described_by = fieldset.get_attribute("aria-describedby") or ""
    assert error.get_attribute("id") in described_by.split(), described_by
    axe_check(page)

    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#answer")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#answer")).to_be_checked()
    press_button(page, "Save and continue")
    page.wait_for_url(_path(live, "/questions/2"))
    axe_check(page)


def test_question_page_fits_a_small_phone(browser, live_app: LiveApp):
    live = live_app
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)

        def fits() -> None:
            widths = page.evaluate(
                "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
            )
            # A mobile browser widens its layout viewport to fit wide content, so
            # innerWidth must still be the phone's width, as well as the page fitting it.
            assert widths["inner"] == 375, f"{page.url} was zoomed out to fit: {widths}"
            assert widths["scroll"] <= widths["inner"], f"{page.url} scrolls sideways: {widths}"
            axe_check(page)

        sign_in(page, live, live.practitioner)
        page.wait_for_url(live.url("/"))
        fits()
        open_briefing_and_start(page, live, "Start the self-assessment")
        page.wait_for_url(_path(live, "/confidence"))
        fits()
        rate_confidence(page, 3)
        press_button(page, "Continue")
        page.wait_for_url(_path(live, "/questions/1"))
        fits()
        press_button(page, "Save and continue")
        page.wait_for_url(_path(live, "/questions/1"))
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        fits()
    finally:
        context.close()
