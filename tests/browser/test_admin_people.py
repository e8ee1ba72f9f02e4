"""An administrator manages agencies, teams and people in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from quiz.extensions import db
from quiz.services.accounts import create_user
from tests.browser.conftest import LiveApp, Person, axe_check, sign_in

ADMIN = Person("ada.admin@example.org", "Ada Admin")


@pytest.fixture
def admin(live_app: LiveApp) -> Person:
    with live_app.app.app_context():
        create_user(ADMIN.email, ADMIN.name, ADMIN.password, "admin")
        db.session.commit()
        db.session.remove()
    return ADMIN


def press(page: Page, name: str) -> None:
    """Move focus to a button and press Enter, as a keyboard user would."""
    button = page.get_by_role("button", name=name, exact=True)
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def follow(page: Page, name: str, role: str = "link", scope=None) -> None:
    """Move focus to a link (or a link styled as a button) and press Enter."""
    (scope or page).get_by_role(role, name=name, exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_into(page: Page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


def test_admin_adds_a_team_and_a_person_by_keyboard(page: Page, live_app: LiveApp, admin):
    live = live_app
    page.set_default_timeout(10_000)
    sign_in(page, live, admin)
    follow(page, "People", scope=page.get_by_role("navigation", name="Menu"))
    page.wait_for_url(live.url("/admin/people"))
    axe_check(page)
    expect(page.locator("main tbody tr")).to_have_count(4)

    follow(page, "Agencies and teams")
    axe_check(page)
    follow(page, "Test Council")
    axe_check(page)
    follow(page, "Add a team", role="button")
    axe_check(page)
    type_into(page, "Add a team", "Family Support")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Family Support is added to Test Council"
    )
    axe_check(page)

    page.goto(live.url("/admin/people/new"))
    axe_check(page)
    press(page, "Add person")
    # The error summary takes focus and links to each field.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter their full name")
    axe_check(page)
    summary.get_by_role("link", name="Enter their full name").click()
    expect(page.get_by_label("Full name", exact=True)).to_be_focused()

    type_into(page, "Full name", "Sam Supervisor")
    type_into(page, "Email address", "sam@example.org")
    role = page.get_by_role("group", name="Role")
    role.get_by_label("Practitioner").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(role.get_by_label("Supervisor")).to_be_checked()
    page.get_by_label("Agency", exact=True).select_option(label="Test Council")
    page.get_by_label("Team", exact=True).select_option(label="Family Support (Test Council)")
    supervised = page.get_by_role("group", name="Teams they supervise")
    supervised.get_by_label("Assessment Team (Test Council)").focus()
    page.keyboard.press("Space")
    press(page, "Add person")

    page.wait_for_url(re.compile(re.escape(live.url("/admin/people/")) + r"\d+$"))
    axe_check(page)
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Sam Supervisor")
    expect(main).to_contain_text("they cannot sign in until they have set a password")
    expect(main.locator(".govuk-summary-list")).to_contain_text("Assessment Team")

    follow(page, "People", scope=page.get_by_role("navigation", name="Menu"))
    type_into(page, "Name or email address", "sam")
    page.get_by_label("Status", exact=True).select_option(label="No password yet")
    press(page, "Find people")
    axe_check(page)
    expect(page.locator("main tbody tr")).to_have_count(1)
    expect(page.locator("main tbody tr")).to_contain_text("No password yet")

    for path in (
        "/admin/people/1/edit",
        "/admin/agencies/new",
        "/admin/agencies/1/rename",
        "/admin/teams/1/rename",
    ):
        page.goto(live.url(path))
        axe_check(page)


def test_deactivation_without_javascript_signs_the_person_out(browser, live_app: LiveApp, admin):
    live = live_app
    leaver = browser.new_context()
    no_script = browser.new_context(java_script_enabled=False)
    try:
        leaver_page = leaver.new_page()
        leaver_page.set_default_timeout(10_000)
        sign_in(leaver_page, live, live.colleague)
        leaver_page.wait_for_url(live.url("/"))

        page = no_script.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live, admin)
        page.goto(live.url("/admin/people"))
        page.get_by_label("Role", exact=True).select_option(label="Practitioner")
        with page.expect_navigation():
            page.get_by_role("button", name="Find people").click()
        assert "role=practitioner" in page.url
        axe_check(page)
        with page.expect_navigation():
            page.get_by_role("link", name=live.colleague.name).click()
        axe_check(page)
        with page.expect_navigation():
            # A link that looks like a button: it leads to the check, it does not deactivate.
            page.get_by_role("button", name=f"Deactivate {live.colleague.name}").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Check before you deactivate {live.colleague.name}"
        )
        axe_check(page)
        with page.expect_navigation():
            page.get_by_role("button", name=f"Deactivate {live.colleague.name}").click()
        expect(page.locator("main")).to_contain_text("Deactivated: they cannot sign in")
        axe_check(page)

        leaver_page.reload()
        assert "/sign-in" in leaver_page.url

        with page.expect_navigation():
            page.get_by_role("button", name=f"Reactivate {live.colleague.name}").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "is active again"
        )
    finally:
        leaver.close()
        no_script.close()
