"""Issue 7's "done when", tried as a new administrator would, without JavaScript: import a
300-row staff list with five bad rows, see each bad row named, import the good ones,
invite them, and one of them sets a password through the emailed link and signs in; the
next import deactivates a leaver, whose open session stops working at once.

The email goes through a real SMTP server on 127.0.0.1 (tests/mailserver.py).
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from quiz.extensions import db
from quiz.models import Agency, Team
from quiz.services.accounts import create_user
from tests.browser.conftest import LiveApp, Person, axe_check, sign_in

ADMIN = Person("ada.admin@example.org", "Ada Admin")
NEW_PASSWORD = "harbour kettle lantern"
HEADER = "name,email,agency,team,role,supervisor_email"
TEAMS = ("Assessment Team", "Child Protection Team", "Early Help Team")
# Spreadsheet row (the header is row 1) -> the bad line there, and the column it names.
BAD_ROWS = {
    12: ("Mo Missing,,Test Council,Assessment Team,practitioner,", "email"),
    57: ("Ivy Invalid,not-an-email,Test Council,Assessment Team,practitioner,", "email"),
    140: ("Dan Double,person0003@example.org,Test Council,Early Help Team,practitioner,", "email"),
    201: ("Max Manager,max.manager@example.org,Test Council,Assessment Team,manager,", "role"),
    288: ("Tia Team,tia.team@example.org,Test Council,School Nursing,practitioner,", "team"),
}
ROWS = 300


def staff_file(live: LiveApp, leaving: Person | None = None) -> str:
    """300 rows: the two practitioners already there, 293 new people, 5 bad rows."""
    lines = [HEADER]
    existing = [live.practitioner, live.colleague]
    number = 0
    for row in range(2, ROWS + 2):
        if row in BAD_ROWS:
            lines.append(BAD_ROWS[row][0])
        elif existing:
            person = existing.pop(0)
            if person != leaving:
                lines.append(
                    f"{person.name},{person.email},Test Council,Assessment Team,practitioner,"
                )
        else:
            number += 1
            team = TEAMS[number % len(TEAMS)]
            email = f"person{number:04}@example.org"
            lines.append(f"Person {number:04},{email},Test Council,{team},practitioner,")
    return "\n".join(lines) + "\n"


@pytest.fixture
def journey(live_app: LiveApp, mail_server):
    with live_app.app.app_context():
        create_user(ADMIN.email, ADMIN.name, ADMIN.password, "admin")
        # A team of another agency, for the row that names it under Test Council.
        db.session.add(Team(name="School Nursing", agency=Agency(name="Health Trust")))
        db.session.commit()
        db.session.remove()
    live_app.app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=mail_server.port, BASE_URL=live_app.base_url
    )
    return live_app, mail_server


def upload(page, live: LiveApp, path) -> None:
    page.goto(live.url("/admin/people/import"))
    page.get_by_label("Upload a CSV file").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()
    assert page.title().startswith("Check the import"), page.title()


def test_import_invite_set_a_password_and_a_leaver_is_signed_out(browser, journey, tmp_path):
    live, mail = journey
    first_file, second_file = tmp_path / "staff.csv", tmp_path / "staff-later.csv"
    first_file.write_text(staff_file(live), encoding="utf-8")
    second_file.write_text(staff_file(live, leaving=live.colleague), encoding="utf-8")
    contexts = [browser.new_context(java_script_enabled=False) for _ in range(3)]
    admin_context, newcomer_context, leaver_context = contexts
    try:
        leaver = leaver_context.new_page()
        sign_in(leaver, live, live.colleague)

        page = admin_context.new_page()
        page.set_default_timeout(30_000)
        sign_in(page, live, ADMIN)

        # The file: every bad row named by its number and column.
        upload(page, live, first_file)
        axe_check(page)
        expect(page.get_by_role("heading", name="5 rows cannot be imported")).to_be_visible()
        refused = page.get_by_role("region", name="Rows that cannot be imported")
        cells = refused.locator("tbody tr").evaluate_all(
            "rows => rows.map(r => [r.cells[0].innerText, r.cells[2].innerText])"
        )
        assert cells == [[str(row), column] for row, (_, column) in BAD_ROWS.items()]
        expect(refused).to_contain_text("Row 6 has this email already")
        expect(refused).to_contain_text("Unknown role 'manager'")
        with page.expect_navigation():
            page.get_by_role("button", name="Import only the good rows").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "People imported: 293 new, 0 changed, 2 unchanged, 5 refused and not imported"
        )

        # Invite everyone who has no password yet.
        invite = page.get_by_role("button", name="Invite the 293 people who have no password yet")
        axe_check(page)
        started = time.perf_counter()
        with page.expect_navigation():
            invite.click()
        print(f"\n293 invitations through SMTP took {time.perf_counter() - started:.2f} s")
        expect(page.locator(".govuk-notification-banner")).to_contain_text("293 invitations sent.")
        expect(page.get_by_role("button", name="Invite the")).to_have_count(0)
        assert len(mail.received) == 293
        page.goto(live.url("/admin/people/emails"))
        expect(page.locator("#results-count")).to_contain_text("293 emails")
        axe_check(page)

        # A person from the file sets a password through the emailed link, then signs in.
        [invitation] = mail.to("person0100@example.org")
        assert invitation.subject == "Set your password for Briefing Quiz"
        link = invitation.password_link()
        assert link.startswith(live.base_url + "/set-password/")
        newcomer = newcomer_context.new_page()
        newcomer.goto(link)
        expect(newcomer.get_by_role("heading", name="Set your password")).to_be_visible()
        axe_check(newcomer)
        newcomer.get_by_label("New password").fill("password1234")
        with newcomer.expect_navigation():
            newcomer.get_by_role("button", name="Set password").click()
        expect(newcomer.locator(".govuk-error-summary")).to_contain_text("too common")
        axe_check(newcomer)
        newcomer.get_by_label("New password").fill(NEW_PASSWORD)
        with newcomer.expect_navigation():
            newcomer.get_by_role("button", name="Set password").click()
        assert newcomer.url == live.url("/sign-in")
        expect(newcomer.locator(".govuk-notification-banner")).to_contain_text(
            "Your password is set"
        )
        sign_in(newcomer, live, Person("person0100@example.org", "Person 0100", NEW_PASSWORD))
        expect(newcomer.get_by_role("heading", level=1)).to_have_text("Your briefings")
        # The link worked once.
        newcomer.goto(link)
        expect(
            newcomer.get_by_role("heading", name="This link has already been used")
        ).to_be_visible()
        axe_check(newcomer)

        # The next import: the colleague is not in it, is deactivated, and is signed out.
        upload(page, live, second_file)
        leavers = page.get_by_role("region", name="People not in the file")
        expect(leavers).to_contain_text(live.colleague.email)
        page.get_by_label("Deactivate the people listed above").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Import only the good rows").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("1 deactivated")
        leaver.reload()
        assert "/sign-in" in leaver.url
    finally:
        for context in contexts:
            context.close()


def test_forgotten_password_by_email_without_javascript(browser, journey):
    live, mail = journey
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live.url("/sign-in"))
        with page.expect_navigation():
            page.get_by_role("link", name="Forgotten your password?").click()
        axe_check(page)
        page.get_by_label("Email address").fill(live.practitioner.email)
        with page.expect_navigation():
            page.get_by_role("button", name="Send me a link").click()
        expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
        axe_check(page)
        # The email goes once the page has been sent: give the server a moment.
        deadline = time.monotonic() + 10
        while not mail.to(live.practitioner.email) and time.monotonic() < deadline:
            time.sleep(0.05)
        [reset] = mail.to(live.practitioner.email)
        page.goto(reset.password_link())
        expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
        page.get_by_label("New password").fill(NEW_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Set password").click()
        sign_in(page, live, Person(live.practitioner.email, live.practitioner.name, NEW_PASSWORD))
        page.goto(live.url("/set-password/not-a-real-link"))
        expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
        axe_check(page)
    finally:
        context.close()


def test_a_supervisor_reminds_the_people_not_done_without_javascript(browser, journey):
    live, mail = journey
    live.complete_briefing(live.practitioner)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, live, live.supervisor)
        with live.app.app_context():
            team_id = db.session.query(Team).filter_by(name="Assessment Team").one().id
            db.session.remove()
        page.goto(live.url(f"/teams/{team_id}/reminders"))
        axe_check(page)
        boxes = page.get_by_role("checkbox")
        expect(boxes).to_have_count(1)
        expect(page.get_by_label(live.colleague.name)).to_be_checked()
        page.get_by_label(live.colleague.name).uncheck()
        with page.expect_navigation():
            page.get_by_role("button", name="Send reminders").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Choose at least one person to remind"
        )
        axe_check(page)
        page.get_by_label(live.colleague.name).check()
        with page.expect_navigation():
            page.get_by_role("button", name="Send reminders").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "Reminders sent to 1 person."
        )
        axe_check(page)
        [reminder] = mail.to(live.colleague.email)
        assert live.supervisor.email in reminder.recipients
    finally:
        context.close()
