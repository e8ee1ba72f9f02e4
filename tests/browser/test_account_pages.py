"""Your account, changing a password, an authenticator app and the sign-in pauses, in a
real browser: each page works without mouse tricks and passes axe."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveApp, Person, axe_check, set_up_app, sign_in


def test_your_account_sessions_password_and_app(page: Page, live_app: LiveApp, browser):
    person = live_app.practitioner
    # The same person on a second device, to have a session to end.
    phone = browser.new_context().new_page()
    sign_in(phone, live_app, person)
    sign_in(page, live_app, person)

    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", name="Your sessions")).to_be_visible()
    axe_check(page)
    assert page.locator("table tbody tr").count() == 2
    with page.expect_navigation():
        page.get_by_role("button", name="End all other sessions").click()
    expect(page.get_by_text("You are now signed out everywhere else.")).to_be_visible()
    phone.reload()
    assert "/sign-in" in phone.url
    phone.context.close()

    page.get_by_role("link", name="Change your password").click()
    axe_check(page)
    page.get_by_label("Current password").fill(person.password)
    page.get_by_label("New password").fill("password1234")
    with page.expect_navigation():
        page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("too common")
    axe_check(page)
    page.get_by_label("Current password").fill(person.password)
    page.get_by_label("New password").fill("tangerine otter lamp")
    with page.expect_navigation():
        page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password has been changed")).to_be_visible()

    page.get_by_role("link", name="Set up your authenticator app").click()
    set_up_app(page)
    page.goto(live_app.url("/account/two-factor"))
    axe_check(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_app, Person(person.email, person.name, "tangerine otter lamp"))


def test_too_many_attempts_page(page: Page, live_app: LiveApp):
    for number in range(11):
        page.goto(live_app.url("/sign-in"))
        page.get_by_label("Email address", exact=True).fill("someone@example.org")
        page.get_by_label("Password", exact=True).fill(f"guess number {number}")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Too many attempts: try again in 5 minutes"
    )
    axe_check(page)
