"""An administrator reads the audit log and downloads a person's data, without JavaScript,
by keyboard, with axe-core clean on every page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from quiz.extensions import db
from quiz.models import User
from quiz.services.accounts import create_user
from tests.browser.conftest import LiveApp, Person, axe_check, sign_in

ADMIN = Person("rita.records@example.org", "Rita Records")


@pytest.fixture
def admin(live_app: LiveApp) -> Person:
    with live_app.app.app_context():
        create_user(ADMIN.email, ADMIN.name, ADMIN.password, "admin")
        db.session.commit()
        db.session.remove()
    return ADMIN


def follow(page: Page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_the_audit_log_and_a_persons_data_without_javascript(browser, live_app: LiveApp, admin):
    live = live_app
    pat = live.practitioner
    with_js = browser.new_context()
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    try:
        sign_in(with_js.new_page(), live, pat)  # an event about Pat to find
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live, admin)
        page.goto(live.url("/admin/people"))
        follow(page, "Audit log")
        assert page.title().startswith("Audit log")
        axe_check(page)
        expect(page.locator("main tbody")).to_contain_text("Signed in")

        page.get_by_label("Person", exact=True).fill("pat.practitioner")
        page.get_by_label("Action", exact=True).select_option("sign-in")
        page.get_by_label("From", exact=True).fill("1/1/2020")
        page.get_by_label("To", exact=True).focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        rows = page.locator("main tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(pat.email)
        expect(rows.first).to_contain_text("127.0.0.1")
        axe_check(page)

        page.get_by_label("From", exact=True).fill("not a date")
        with page.expect_navigation():
            page.get_by_role("button", name="Search the log").click()
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Enter the start date as a date")
        axe_check(page)

        with page.expect_download() as download:
            page.goto(live.url("/admin/audit-log?action=sign-in"))
            page.get_by_role("link", name="Download these events as a CSV file").click()
        assert download.value.suggested_filename.startswith("audit-log-")

        with live.app.app_context():
            pat_id = db.session.query(User.id).filter_by(email=pat.email).scalar()
            db.session.remove()
        page.goto(live.url(f"/admin/people/{pat_id}"))
        axe_check(page)
        with page.expect_download() as download:
            page.get_by_role("link", name=f"Download all their data as JSON for {pat.name}").click()
        data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert data["profile"]["email"] == pat.email
        with page.expect_download() as download:
            page.get_by_role(
                "link", name=f"Download all their data as a CSV file for {pat.name}"
            ).click()
        assert download.value.suggested_filename.endswith(".csv")

        follow(page, "Their events in the audit log")
        expect(page.locator("main tbody tr").first).to_contain_text("Person's data downloaded")
        axe_check(page)
    finally:
        context.close()
        with_js.close()
