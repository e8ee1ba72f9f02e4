"""An administrator imports people from a CSV, as a new user would, without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from quiz.extensions import db
from quiz.services.accounts import create_user
from tests.browser.conftest import LiveApp, Person, axe_check, sign_in

ADMIN = Person("ada.admin@example.org", "Ada Admin")

# Excel's "CSV UTF-8" with semicolons; Cal Colleague is not in it, so is a leaver.
STAFF = (
    "\ufeffName;Email;Agency;Team;Role;Supervisor Email;Profession\n"
    "Pat Practitioner;pat.practitioner@example.org;Test Council;Assessment Team;practitioner;"
    "sue.supervisor@example.org;Social worker\n"
    "Nia New;nia.new@example.org;Test Council;Assessment Team;practitioner;"
    "sue.supervisor@example.org;Social worker\n"
    "Omar Other;omar@example.org;Test Council;Assessment Team;manager;;Team manager\n"
    "Pia Health;pia.health@example.org;Health Trust;School Nursing;practitioner;;Nurse\n"
    ";no-email;Test Council;Assessment Team;practitioner;;\n"
)


@pytest.fixture
def admin(live_app: LiveApp):
    with live_app.app.app_context():
        create_user(ADMIN.email, ADMIN.name, ADMIN.password, "admin")
        db.session.commit()
        db.session.remove()
    return ADMIN


def test_import_the_good_rows_and_the_leaver_is_signed_out(
    browser, live_app: LiveApp, admin, tmp_path
):
    live = live_app
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    leaver_context = browser.new_context()
    context = browser.new_context(java_script_enabled=False)
    try:
        leaver = leaver_context.new_page()
        sign_in(leaver, live, live.colleague)

        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live, admin)
        page.goto(live.url("/admin/people/import"))
        axe_check(page)
        page.get_by_label("Upload a CSV file").set_input_files(str(staff))
        page.get_by_role("button", name="Check the file").click()
        page.wait_for_load_state()
        assert page.title().startswith("Check the import"), page.title()
        axe_check(page)

        refused = page.get_by_role("region", name="Rows that cannot be imported")
        expect(refused.locator("tbody tr")).to_have_text(
            [
                "4 omar@example.org role Unknown role 'manager' (use practitioner, "
                "supervisor, trainer or admin)",
                "6 no-email name Missing name",
                "6 no-email email 'no-email' is not an email",
            ],
            use_inner_text=True,
        )
        leavers = page.get_by_role("region", name="People not in the file")
        expect(leavers).to_contain_text(live.colleague.email)
        expect(page.get_by_role("button", name="Import all")).to_have_count(0)

        page.get_by_label("Deactivate the people listed above").check()
        page.get_by_role("button", name="Import only the good rows").click()
        page.wait_for_load_state()
        assert page.url == live.url("/admin/people")
        # Pat is in already; the file's profession column gives her one, so she changes.
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "People imported: 2 new, 1 changed, 0 unchanged, 2 refused and not imported, "
            "1 deactivated"
        )
        expect(page.get_by_role("cell", name="nia.new@example.org")).to_be_visible()
        axe_check(page)

        # The leaver's session ended at once: their next page asks them to sign in.
        leaver.reload()
        assert "/sign-in" in leaver.url
    finally:
        context.close()
        leaver_context.close()


def test_a_file_that_is_not_csv_is_named_in_the_error_summary(
    page: Page, live_app: LiveApp, admin, tmp_path
):
    workbook = tmp_path / "staff.xlsx"
    workbook.write_bytes(b"PK\x03\x04 not really a workbook")
    sign_in(page, live_app, admin)
    page.goto(live_app.url("/admin/people/import"))
    page.get_by_label("Upload a CSV file").set_input_files(str(workbook))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: Import people"), page.title()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("This is an Excel workbook, not a CSV file")
    axe_check(page)
