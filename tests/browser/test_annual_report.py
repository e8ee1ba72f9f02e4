"""A trainer opens the partnership's annual report without JavaScript, chooses the year,
and downloads the whole report as one spreadsheet and a table as CSV."""

from __future__ import annotations

import csv
from datetime import date

from playwright.sync_api import expect

from quiz.extensions import db
from quiz.models import Briefing, MeetingAction, MeetingLog, Team, User
from quiz.services.accounts import create_user
from quiz.services.annual_report import financial_year
from tests.browser.conftest import LiveApp, Person, axe_check, sign_in
from tests.seed import SEED_TITLE
from tests.workbooks import sheet_names, sheet_rows

TRAINER = Person("tia.trainer@example.org", "Tia Trainer")


def _a_year_of_work(live: LiveApp) -> None:
    """The practitioner has finished; the team met today and agreed one action."""
    live.complete_briefing(live.practitioner)
    with live.app.app_context():
        create_user(TRAINER.email, TRAINER.name, TRAINER.password, "trainer")
        team = db.session.query(Team).one()
        briefing = db.session.query(Briefing).filter_by(slug=live.slug).one()
        practitioner = db.session.query(User).filter_by(email=live.practitioner.email).one()
        db.session.add(
            MeetingLog(
                team=team, briefing=briefing, held_on=date.today(), attendees=[practitioner],
                actions=[MeetingAction(text="See the child alone", owner_id=practitioner.id,
                                       due_on=date.today())],
            )
        )  # fmt: skip
        db.session.commit()
        db.session.remove()


def test_trainer_downloads_the_annual_report_without_javascript(browser, live_app: LiveApp):
    live = live_app
    _a_year_of_work(live)
    year = financial_year(date.today())
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live, TRAINER)  # sets up the authenticator app trainers must have
        page.goto(live.url("/teams/partnership"))
        page.get_by_role("link", name="the annual report").click()
        page.wait_for_load_state()
        axe_check(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Annual report")
        reach = page.get_by_role("table", name="Reach by briefing and agency")
        expect(reach.locator("tbody tr")).to_have_count(1)
        expect(reach.locator("tbody tr")).to_contain_text("1 (50%)")

        # The year before has nothing yet; back to this year with the form, by keyboard.
        last_start = year.start.replace(year=year.start.year - 1)
        page.get_by_role("link", name=f"April {last_start.year} to March {year.start.year}").click()
        page.wait_for_load_state()
        expect(page.locator("main")).to_contain_text("No briefings were assigned for this period.")
        page.get_by_label("From").fill(year.start.isoformat())
        page.get_by_label("To").fill(year.end.isoformat())
        page.get_by_role("button", name="Show").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        axe_check(page)
        meetings = page.get_by_role("table", name="Team meetings and actions agreed")
        expect(meetings.locator("tbody tr")).to_contain_text("Assessment Team")

        with page.expect_download() as whole:
            page.get_by_role(
                "link", name="Download the whole report as a spreadsheet (XLSX)"
            ).click()
        assert whole.value.suggested_filename.startswith(
            f"annual-report-{year.start.isoformat()}-to-{year.end.isoformat()}"
        )
        with open(whole.value.path(), "rb") as f:
            body = f.read()
        assert sheet_names(body) == [
            "Reach", "Learning by theme", "Confidence change", "Team meetings"
        ]  # fmt: skip
        assert sheet_rows(body, 1)[1] == [SEED_TITLE, "Test Council", "1", "1", "2", "1", "50"]
        assert sheet_rows(body, 4)[1] == [
            "Test Council", "Assessment Team", SEED_TITLE, "1", "1", "1", "1"
        ]  # fmt: skip

        with page.expect_download() as reach_csv:
            page.get_by_role("link", name="CSV file of the reach table").click()
        with open(reach_csv.value.path(), newline="", encoding="utf-8") as f:
            found = list(csv.DictReader(f))
        assert [(r["Agency"], r["People completed"], r["Completed %"]) for r in found] == [
            ("Test Council", "1", "50")
        ]
    finally:
        context.close()
