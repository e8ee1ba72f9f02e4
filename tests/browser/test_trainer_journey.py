"""A trainer imports a briefing, readies its questions and assigns it, in a real browser.

Then a practitioner of the assigned team completes it. Also: Word and scanned-PDF
uploads, and the question form without JavaScript.

Every page visited is checked with axe-core (WCAG 2.2 A and AA rules).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from quiz.extensions import db
from quiz.models import Briefing, QuestionStatus
from quiz.services.accounts import create_user
from tests.browser.conftest import REFLECTION, LiveApp, Person, axe_check, sign_in
from tests.documents import make_docx, make_image_only_pdf, make_pdf

TRAINER = Person("tia.trainer@example.org", "Tia Trainer")
TEAM = "Assessment Team"
TITLE = "7-minute briefing: Baby R"
SLUG = "7-minute-briefing-baby-r"

# A fictional briefing, laid out as the usual seven numbered boxes would be in a PDF.
BRIEFING_LINES = [
    TITLE,
    "01 Why this briefing",
    "A local review looked at how agencies responded to a bruise on a baby.",
    "02 Background",
    "Baby R was a five-month-old boy who lived with his mother and her new partner.",
    "A health visitor saw a small bruise on his ear and accepted that he had rolled into the cot.",
    "Two weeks later he was taken to hospital with a fractured arm.",
    "03 Key learning themes",
    "- A bruise on a baby who is not independently mobile was explained away",
    "- Information held by the GP, nursery and police was not shared",
    "- Nobody asked about the man living in the home, the mother's new partner",
    "04 Questions for your team",
    "Do you know the bruising protocol for babies who are not yet mobile?",
    "Who else lives in or visits the homes of the families you work with?",
    "05 Further reading",
    "The partnership's bruising protocol and information-sharing guidance.",
]
FOUND_THEMES = [line[2:] for line in BRIEFING_LINES if line.startswith("- ")]
# The trainer adds what the background says: agencies never met to put the picture together.
RENAMED_THEME = (
    "Information held by the GP, nursery and police was not shared, "
    "and no strategy meeting was held"
)
ROLE_SUFFIX = " (locality team)"
EXTRA_SENTENCE = "It is late on a Friday afternoon."


def _text(value: str) -> str:
    return re.sub(r"\s+", " ", value.replace("\u2019", "'")).strip()


@pytest.fixture
def trainer(live_app: LiveApp) -> Person:
    """A trainer with no team of their own, as trainers usually are."""
    with live_app.app.app_context():
        create_user(TRAINER.email, TRAINER.name, TRAINER.password, "trainer")
        db.session.commit()
        db.session.remove()
    return TRAINER


def press(page: Page, name: str) -> None:
    """Press a form's button with the keyboard and wait for the next page."""
    button = page.get_by_role("button", name=name, exact=True)
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def click_link(page: Page, name: str, scope=None) -> None:
    with page.expect_navigation():
        (scope or page).get_by_role("link", name=name, exact=True).click()


def success_banner(page: Page):
    return page.locator(".govuk-notification-banner--success")


def open_import_page(page: Page, live: LiveApp) -> None:
    """From wherever the trainer is: Questions in the menu, then "Import a briefing"."""
    nav = page.get_by_role("navigation", name="Menu")
    click_link(page, "Questions", nav)
    assert page.url == live.url("/authoring/")
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Scenario questions")
    # A link styled as a button has the role of a button, so Space must work on it too.
    page.get_by_role("button", name="Import a briefing", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert page.url == live.url("/authoring/briefings/import")
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a briefing")


def upload(page: Page, name: str, mime: str, data: bytes) -> None:
    page.get_by_label("Upload the briefing").set_input_files(
        {"name": name, "mimeType": mime, "buffer": data}
    )
    press(page, "Find the sections and themes")


def themes_box(page: Page):
    return page.get_by_label("Learning themes, one per line")


def theme_lines(page: Page) -> list[str]:
    return [_text(t) for t in themes_box(page).input_value().splitlines() if t.strip()]


def coverage_row(page: Page, position: int, theme: str):
    table = page.get_by_role("table", name="Published and draft questions per learning theme")
    return table.get_by_role("row").filter(has_text=f"{position}. {theme}")


def question_links(page: Page, position: int, theme: str):
    """The links to a theme's questions, listed under its heading on the coverage page."""
    heading = page.get_by_role("heading", level=2, name=f"Theme {position}: {theme}", exact=True)
    expect(heading).to_have_count(1)
    return heading.locator("xpath=following-sibling::ul[1]").get_by_role("link")


def test_trainer_imports_readies_and_assigns_a_briefing(page: Page, live_app: LiveApp, trainer):
    live = live_app
    page.set_default_timeout(10_000)
    sign_in(page, live, trainer)
    # A trainer has no team of their own, so lands on Team reports.
    assert page.url == live.url("/teams/")
    axe_check(page)
    open_import_page(page, live)

    # Upload the PDF; nothing is saved until the trainer has checked the themes.
    upload(page, "baby-r.pdf", "application/pdf", make_pdf(BRIEFING_LINES))
    assert page.url == live.url("/authoring/briefings/import")
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the sections and learning themes"
    )
    expect(page.locator("main")).to_contain_text("We found 5 sections and 3 learning themes")
    expect(page.get_by_label("Title", exact=True)).to_have_value(TITLE)
    expect(page.get_by_label("Short name")).to_have_value(SLUG)
    assert theme_lines(page) == [_text(t) for t in FOUND_THEMES]
    headings = page.locator("input[name^='heading-']")
    assert [headings.nth(i).input_value() for i in range(headings.count())] == [
        "Why this briefing",
        "Background",
        "Key learning themes",
        "Questions for your team",
        "Further reading",
    ]

    # Fix the second theme by editing its line, then save the draft.
    lines = themes_box(page).input_value().splitlines()
    lines[1] = RENAMED_THEME
    themes_box(page).fill("\n".join(lines))
    press(page, "Save as a draft briefing")
    assert page.url == live.url(f"/authoring/briefings/{SLUG}")
    axe_check(page)
    expect(success_banner(page)).to_contain_text("saved as a draft")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".govuk-caption-l")).to_contain_text("Draft")
    # As stored: the PDF reader gives typographic apostrophes, and the page shows them.
    themes = [line.strip() for line in lines if line.strip()]
    assert [_text(t) for t in themes] == [FOUND_THEMES[0], RENAMED_THEME, FOUND_THEMES[2]]
    for position, theme in enumerate(themes, start=1):
        cells = coverage_row(page, position, theme).get_by_role("cell")
        expect(cells).to_have_text(
            ["0", "2", "2 more needed", f"Add a question to theme {position}"]
        )
        expect(question_links(page, position, theme)).to_have_count(2)
    expect(page.get_by_role("button", name="Publish this briefing")).to_have_count(0)
    expect(page.get_by_role("link", name="Assign this briefing to teams")).to_have_count(0)

    # Each library draft: preview it, edit its role and scenario, publish it.
    for position, theme in enumerate(themes, start=1):
        for n in range(2):
            link = question_links(page, position, theme).nth(n)
            prompt = _text(link.inner_text())
            with page.expect_navigation():
                link.click()
            assert re.fullmatch(re.escape(live.url("/authoring/questions/")) + r"\d+", page.url)
            axe_check(page)
            expect(page.locator(".govuk-caption-l")).to_have_text(
                re.compile(r"^Draft · version 1 · Theme: ")
            )
            click_link(page, "Edit this question")
            assert page.url.endswith("/edit")
            axe_check(page)
            expect(page.get_by_role("heading", level=1)).to_have_text("Edit a scenario question")
            role_box = page.get_by_label("Practitioner role in the scenario")
            role = role_box.input_value()
            role_box.fill(role + ROLE_SUFFIX)
            scenario = page.get_by_label("Scenario", exact=True)
            scenario.fill(scenario.input_value().rstrip() + " " + EXTRA_SENTENCE)
            press(page, "Save and preview")

            axe_check(page)
            expect(success_banner(page)).to_contain_text("Saved as a new version")
            expect(page.locator(".govuk-caption-l")).to_contain_text("Draft · version 2")
            # As practitioners see it: the role in the caption above the question.
            expect(page.locator(".app-question-caption")).to_contain_text(role + ROLE_SUFFIX)
            expect(page.locator(".app-scenario")).to_contain_text(EXTRA_SENTENCE)
            press(page, "Publish this question")
            axe_check(page)
            expect(success_banner(page)).to_contain_text("The question is published")
            expect(page.locator(".govuk-caption-l")).to_contain_text("Published · version 2")
            expect(page.get_by_role("button", name="Retire this question")).to_be_visible()

            click_link(page, "Back to the briefing")
            assert page.url == live.url(f"/authoring/briefings/{SLUG}")
            axe_check(page)
            item = question_links(page, position, theme).nth(n).locator("xpath=..")
            expect(item).to_have_text(
                re.compile(re.escape(f"{prompt} ({role}{ROLE_SUFFIX}, published)") + "$")
            )
        cells = coverage_row(page, position, theme).get_by_role("cell")
        expect(cells).to_have_text(["2", "0", "Enough", f"Add a question to theme {position}"])

    # Every theme has enough: publish the briefing, then assign it.
    press(page, "Publish this briefing")
    assert page.url == live.url(f"/authoring/briefings/{SLUG}")
    axe_check(page)
    expect(success_banner(page)).to_contain_text("The briefing is published")
    expect(page.locator(".govuk-caption-l")).to_contain_text("Published")
    expect(page.get_by_role("button", name="Publish this briefing")).to_have_count(0)
    click_link(page, "Assign this briefing to teams")
    assert page.url == live.url(f"/authoring/briefings/{SLUG}/assign")
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Assign to teams")
    due = date.today() + timedelta(days=21)
    page.get_by_role("group", name="Teams").get_by_label(TEAM, exact=True).check()
    date_group = page.get_by_role("group", name="Due date")
    date_group.get_by_label("Day").fill(str(due.day))
    date_group.get_by_label("Month").fill(str(due.month))
    date_group.get_by_label("Year").fill(str(due.year))
    press(page, "Assign")
    assert page.url == live.url(f"/authoring/briefings/{SLUG}")
    axe_check(page)
    due_text = f"{due:%-d %B %Y}"
    expect(success_banner(page)).to_contain_text(f"Assigned to {TEAM}, due {due_text}")

    # The practitioner sees what was published: the edited version of each question.
    with live.app.app_context():
        briefing = db.session.query(Briefing).filter_by(slug=SLUG).one()
        correct = {
            q.current_version.id: set(q.current_version.correct_option_ids)
            for t in briefing.themes
            for q in t.questions
            if q.status == QuestionStatus.PUBLISHED
        }
        db.session.remove()
    assert len(correct) == 6

    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    axe_check(page)
    expect(success_banner(page)).to_contain_text("You have signed out")

    complete_as_practitioner(page, live, themes, correct, due_text)


def complete_as_practitioner(
    page: Page, live: LiveApp, themes: list[str], correct: dict[int, set[int]], due: str
) -> None:
    base = live.url(f"/briefings/{SLUG}")
    sign_in(page, live, live.practitioner)
    assert page.url == live.url("/")
    axe_check(page)
    task = page.locator(".govuk-task-list__item", has_text=TITLE)
    expect(task.locator(".govuk-task-list__hint")).to_have_text(f"Due {due}")
    expect(task.locator(".govuk-task-list__status")).to_have_text("Not started")
    click_link(page, TITLE)
    assert page.url == base
    axe_check(page)
    expect(page.locator("main .app-themes li")).to_have_text(themes)
    press(page, "Start the self-assessment")

    assert page.url == base + "/confidence"
    axe_check(page)
    groups = page.get_by_role("group")
    expect(groups).to_have_count(3)
    for i in range(3):
        groups.nth(i).locator("input[type='radio'][value='3']").check()
    press(page, "Continue")

    total = len(correct)
    for position in range(1, total + 1):
        assert page.url == f"{base}/questions/{position}"
        axe_check(page)
        assert page.title().startswith(f"Question {position} of {total}: ")
        # The question is the heading; the role the trainer wrote is in its caption.
        expect(page.get_by_role("heading", level=1).locator(".govuk-caption-l")).to_contain_text(
            ROLE_SUFFIX
        )
        expect(page.locator(".app-scenario")).to_contain_text(EXTRA_SENTENCE)
        version_id = int(page.locator("input[name='version_id']").input_value())
        (right,) = correct[version_id]
        page.locator(f"input[name='answer'][value='{right}']").check()
        press(page, "Save and continue")

    assert page.url == base + "/check"
    axe_check(page)
    expect(page.locator(".govuk-summary-list__row")).to_have_count(total)
    press(page, "Submit your answers")

    assert page.url == base + "/result"
    axe_check(page)
    expect(page.locator("main")).to_contain_text(f"You got {total} of {total} questions right")
    press(page, "Continue to your reflection")

    assert page.url == base + "/reflect"
    axe_check(page)
    for i in range(3):
        page.get_by_role("group").nth(i).locator("input[type='radio'][value='4']").check()
    page.get_by_label("What will you do differently in your practice").fill(REFLECTION)
    press(page, "Finish")

    assert re.search(r"/records/\d+$", page.url), page.url
    axe_check(page)
    expect(success_banner(page)).to_contain_text("Well done")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    score = page.locator(".govuk-summary-list__row", has_text="Score")
    expect(score.locator("dd")).to_have_text(f"{total} of {total} right (100%)")
    expect(page.locator("main")).to_contain_text(REFLECTION)


def test_word_upload_is_read_and_a_scan_is_explained(page: Page, live_app: LiveApp, trainer):
    live = live_app
    page.set_default_timeout(10_000)
    sign_in(page, live, trainer)
    axe_check(page)
    open_import_page(page, live)

    docx = make_docx(
        [
            ("Title", "7-minute briefing: Child T"),
            ("Heading 1", "01 Background"),
            ("Normal", "Child T was a seven-year-old girl who often missed school."),
            ("Heading 1", "02 Key learning themes"),
            ("List Bullet", "Missed health appointments were not followed up"),
            ("List Bullet", "Nobody spoke to the child on her own"),
            ("Heading 1", "03 Questions for your team"),
            ("Normal", "When did you last see a child on their own?"),
        ]
    )
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    upload(page, "child-t.docx", mime, docx)
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the sections and learning themes"
    )
    expect(page.get_by_label("Title", exact=True)).to_have_value("7-minute briefing: Child T")
    assert theme_lines(page) == [
        "Missed health appointments were not followed up",
        "Nobody spoke to the child on her own",
    ]
    expect(page.locator("main")).to_contain_text("We found 3 sections and 2 learning themes")

    click_link(page, "Start again")
    assert page.url == live.url("/authoring/briefings/import")
    axe_check(page)
    upload(page, "scan.pdf", "application/pdf", make_image_only_pdf())
    assert page.url == live.url("/authoring/briefings/import")
    assert page.title().startswith("Error: Import a briefing"), page.title()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link")).to_contain_text("scan.pdf has no text layer")
    expect(page.locator(".govuk-error-message")).to_contain_text("no text layer")
    axe_check(page)


def test_question_form_without_javascript(browser, live_app: LiveApp, trainer):
    live = live_app
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live, trainer)
        assert not page.evaluate("document.body.classList.contains('js-enabled')")
        axe_check(page)
        page.goto(live.url(f"/authoring/briefings/{live.slug}"))
        axe_check(page)
        click_link(page, "Add a question to theme 1")
        assert re.fullmatch(
            re.escape(live.url("/authoring/themes/")) + r"\d+/questions/new", page.url
        )
        axe_check(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Add a scenario question")
        expect(page.get_by_label("Single best answer")).to_be_checked()

        # Leave out the question and option B's feedback.
        page.get_by_label("Practitioner role in the scenario").fill("School nurse")
        page.get_by_label("Scenario", exact=True).fill(
            "You are a school nurse. A pupil tells you that home is noisy and "
            "that they are often hungry in the mornings."
        )
        page.get_by_label("Option A", exact=True).fill("Ask the pupil more about home, gently.")
        page.get_by_label("Feedback on option A").fill("Right: hear the child's own account.")
        page.get_by_label("Option B", exact=True).fill("Wait to see if it happens again.")
        page.get_by_label("Option A is a right answer").check()
        page.get_by_role("button", name="Save and preview").click()
        page.wait_for_load_state()

        assert page.title().startswith("Error: Add a scenario question"), page.title()
        summary = page.locator(".govuk-error-summary")
        links = summary.get_by_role("link")
        expect(links).to_have_text(
            [
                "Enter the question",
                "Enter the feedback on option B: why it is or is not right",
            ]
        )
        expect(links.first).to_have_attribute("href", "#prompt")
        expect(links.nth(1)).to_have_attribute("href", "#feedback_b")
        expect(page.locator(".govuk-error-message")).to_have_count(2)
        expect(page.locator("#feedback_b")).to_have_attribute(
            "aria-describedby", re.compile(r"\bfeedback_b-error\b")
        )
        expect(page.locator("#prompt")).to_have_attribute(
            "aria-describedby", re.compile(r"\bprompt-error\b")
        )
        # What was typed is kept.
        expect(page.get_by_label("Practitioner role in the scenario")).to_have_value("School nurse")
        expect(page.get_by_label("Option A is a right answer")).to_be_checked()
        axe_check(page)

        page.get_by_label("Question", exact=True).fill("What should you do now?")
        page.get_by_label("Feedback on option B").fill("Not quite: hunger is a sign to act on.")
        page.get_by_role("button", name="Save and preview").click()
        page.wait_for_load_state()
        assert re.fullmatch(re.escape(live.url("/authoring/questions/")) + r"\d+", page.url)
        assert page.title().startswith("Preview: What should you do now?"), page.title()
        axe_check(page)
        expect(page.locator(".govuk-caption-l")).to_contain_text("Draft · version 1")
        expect(page.locator(".app-question-caption")).to_contain_text("School nurse")
        expect(page.get_by_role("group", name="What should you do now?")).to_be_visible()
        feedback = page.locator(".govuk-summary-list__row")
        expect(feedback.first.locator("dt")).to_have_text("A (best answer)")
        expect(feedback.nth(1).locator("dd")).to_contain_text("hunger is a sign to act on")
    finally:
        context.close()
