"""A supervisor, without JavaScript, finds their overdue people, opens one person's
answers and reflection, and downloads the team's table as CSV and XLSX."""

from __future__ import annotations

import csv
import zipfile
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from quiz.extensions import db
from quiz.models import Assignment, Briefing, User
from quiz.services import attempts
from quiz.services.accounts import create_user
from tests.browser.conftest import REFLECTION, LiveApp, Person, axe_check, sign_in
from tests.seed import SEED_DRAWN_COUNT


def _overdue_with_one_halfway(live: LiveApp) -> None:
    """The practitioner has finished; the colleague answered 3 questions; it is now late."""
    live.complete_briefing(live.practitioner)
    with live.app.app_context():
        colleague = db.session.query(User).filter_by(email=live.colleague.email).one()
        briefing = db.session.query(Briefing).filter_by(slug=live.slug).one()
        attempt = attempts.start_or_resume(colleague, briefing)
        attempts.record_confidence(attempt, "before", {t.id: 4 for t in briefing.themes})
        for item in attempt.questions[:3]:
            first = [item.version.options[0].id]
            attempts.record_answer(attempt, item.position, item.version_id, first)
        db.session.query(Assignment).update({"due_on": date.today() - timedelta(days=2)})
        db.session.commit()
        db.session.remove()


def test_supervisor_chases_understands_and_downloads_without_javascript(
    browser, live_app: LiveApp, tmp_path
):
    live = live_app
    _overdue_with_one_halfway(live)
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live, live.supervisor)
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Team reports").click()
        page.wait_for_url(live.url("/teams/"))
        axe_check(page)
        main = page.locator("main")
        expect(main).to_contain_text("1 overdue")

        main.get_by_role("link", name="Assessment Team", exact=True).click()
        page.wait_for_load_state()
        axe_check(page)
        people = main.get_by_role("table", name="People, most overdue first")
        first = people.locator("tbody tr").first
        expect(first).to_contain_text(live.colleague.name)
        expect(first).to_contain_text("1 overdue")

        # Only the overdue rows: choose the status, press Show (a plain GET form).
        page.get_by_label("Status", exact=True).select_option(label="Overdue")
        page.get_by_role("button", name="Show").click()
        page.wait_for_load_state()
        axe_check(page)
        rows = main.get_by_role("table", name="Each person's status on each briefing")
        expect(rows.locator("tbody tr")).to_have_count(1)
        expect(rows.locator("tbody tr")).to_contain_text(
            f"Overdue 3 of {SEED_DRAWN_COUNT} answered"
        )

        downloads = main.locator("p", has_text="Download these rows")
        with page.expect_download() as csv_download:
            downloads.get_by_role("link", name="CSV file of these rows").click()
        with open(csv_download.value.path(), newline="", encoding="utf-8") as f:
            found = list(csv.DictReader(f))
        assert [(r["Name"], r["Status"], r["Answered"]) for r in found] == [
            (live.colleague.name, "Overdue", "3")
        ]
        with page.expect_download() as xlsx_download:
            downloads.get_by_role("link", name="spreadsheet (XLSX) of these rows").click()
        assert xlsx_download.value.suggested_filename.endswith(".xlsx")
        with zipfile.ZipFile(xlsx_download.value.path()) as book:
            sheet = book.read("xl/worksheets/sheet1.xml").decode()
        assert live.colleague.name in sheet and live.practitioner.name not in sheet

        # One person: their answers, the feedback they saw, and their reflection.
        people.get_by_role("link", name=live.practitioner.name).click()
        page.wait_for_load_state()
        axe_check(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(live.practitioner.name)
        expect(main).to_contain_text(REFLECTION)
        answers = main.locator("details").first
        answers.locator("summary").click()  # opens without JavaScript: it is <details>
        expect(answers).to_contain_text("Their answer, and a best answer:")
        expect(answers.locator(".app-feedback").first).to_be_visible()
        records = main.get_by_role("table", name=f"Completion records of {live.practitioner.name}")
        expect(records).to_contain_text("Completed")
        axe_check(page)
    finally:
        context.close()


def test_team_report_tables_scroll_on_a_small_phone(page: Page, live_app: LiveApp):
    live = live_app
    _overdue_with_one_halfway(live)
    sign_in(page, live, live.supervisor)
    page.goto(live.url("/teams/"))
    page.get_by_role("link", name="Assessment Team", exact=True).click()
    page.wait_for_load_state()
    page.set_viewport_size({"width": 320, "height": 640})
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths == {"scroll": 320, "inner": 320}, widths
    region = page.get_by_role("region", name="Each person's status on each briefing")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "the table fits after all"
    region.focus()
    expect(region).to_be_focused()
    page.goto(live.url("/teams/1/themes"))
    axe_check(page)


TRAINER = Person("tia.trainer@example.org", "Tia Trainer")


def test_trainer_filters_the_partnership_and_downloads_every_row(page: Page, live_app: LiveApp):
    live = live_app
    _overdue_with_one_halfway(live)
    with live.app.app_context():
        create_user(TRAINER.email, TRAINER.name, TRAINER.password, "trainer")
        db.session.commit()
        db.session.remove()
    sign_in(page, live, TRAINER)  # sets up the authenticator app trainers must have
    page.goto(live.url("/teams/partnership"))
    axe_check(page)
    page.get_by_label("Has people who are").select_option(label="Overdue")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    axe_check(page)
    table = page.get_by_role("table", name="Completion by agency and team")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.locator("tbody tr")).to_contain_text("1 of 2 (50%)")
    with page.expect_download() as everyone:
        page.get_by_role("link", name="CSV file of every person's status (the full export)").click()
    with open(everyone.value.path(), newline="", encoding="utf-8") as f:
        found = list(csv.DictReader(f))
    # Filtered by status: only the person who is overdue.
    assert [r["Name"] for r in found] == [live.colleague.name]
