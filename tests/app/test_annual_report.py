"""The partnership's annual report: reach, learning, confidence change and team meetings
over a year, on a small partnership whose figures are known (tests/app/annual_partnership.py),
on the page and in its downloads, for trainers and admins only."""

import csv
import io
from datetime import date, datetime

import pytest

from quiz.extensions import db
from quiz.models import Assignment, AuditEvent, MeetingLog
from quiz.services import annual_report as service
from quiz.services.annual_report import Period
from tests.app import annual_partnership
from tests.app.annual_partnership import YEAR
from tests.app.test_report_queries import statements_for
from tests.conftest import html, text_of
from tests.seed import SEED_TITLE
from tests.workbooks import sheet_names, sheet_rows

ANNUAL_STATEMENTS = 5  # reach: assignments, completions; learning; confidence; meetings
PER_THEME = annual_partnership.QUESTIONS_PER_THEME


@pytest.fixture
def partnership(bank):
    return annual_partnership.build(bank)


def _cells(page, caption: str) -> list[list[str]]:
    table = page.find("caption", string=caption).parent
    return [
        [c.get_text(" ", strip=True) for c in r.find_all(["th", "td"])]
        for r in table.select("tbody tr")
    ]


def test_the_financial_year_runs_april_to_march():
    assert service.financial_year(date(2026, 3, 31)) == Period(date(2025, 4, 1), date(2026, 3, 31))
    assert service.financial_year(date(2026, 4, 1)) == Period(date(2026, 4, 1), date(2027, 3, 31))
    assert service.year_before(Period(date(2024, 2, 29), date(2025, 3, 31))) == Period(
        date(2023, 2, 28), date(2024, 3, 31)
    )


def test_reach_counts_people_who_first_completed_within_the_year(partnership):
    reach = service.reach(YEAR)
    assert [
        (r.agency, r.teams_assigned, r.teams_reached, r.people_assigned, r.people_completed)
        for r in reach
    ] == [("Health Trust", 1, 1, 2, 1), ("Test Council", 1, 1, 6, 5)]
    assert [r.completion_percent for r in reach] == [50, 83]
    assert {r.briefing for r in reach} == {SEED_TITLE}
    # The next year: the briefing was due before it began, so it reached nobody there,
    # though the Assessment Team met about it on 2 April.
    next_year = Period(date(2026, 4, 1), date(2027, 3, 31))
    assert service.reach(next_year) == []
    assert [(m.team, m.attendances, m.actions) for m in service.meetings(next_year)] == [
        ("Assessment Team", 2, 1)
    ]


def test_learning_and_confidence_by_theme_over_the_year(partnership):
    learning = service.learning(YEAR)
    assert len(learning) == 4  # every theme of the seed briefing
    # Six people: four got every answer right, two every answer wrong.
    assert {(r.answers, r.right, r.people, r.right_percent) for r in learning} == {
        (6 * PER_THEME, 4 * PER_THEME, 6, 67)
    }
    confidence = service.confidence(YEAR)
    # Before: (3 x 2 + 2 x 4 + 3) / 6; after: (3 x 3 + 2 x 5 + 4) / 6.
    assert {(r.shown_before, r.shown_after, r.change, r.people) for r in confidence} == {
        (2.8, 3.8, 1.0, 6)
    }


def test_meetings_held_in_the_year_with_their_attendances_and_actions(partnership):
    assert [
        (m.agency, m.team, m.meetings, m.attendances, m.actions, m.actions_owned_and_dated)
        for m in service.meetings(YEAR)
    ] == [
        ("Health Trust", "Health Visitors", 1, 0, 0, 0),
        ("Test Council", "Assessment Team", 1, 3, 2, 1),
    ]


def test_a_theme_shows_from_five_people_and_is_hidden_below(partnership):
    # A day short of the year: the Health Visitor who finished on its last day is left
    # out, and five people remain: shown.
    five = Period(YEAR.start, date(2026, 3, 30))
    assert {(r.people, r.right_percent) for r in service.learning(five)} == {(5, 60)}
    assert {r.shown_before for r in service.confidence(five)} == {2.8}  # (3 x 2 + 2 x 4) / 5
    # The year before: only the person who finished on its last minute. Hidden.
    before = service.year_before(YEAR)
    learning = service.learning(before)
    assert {(r.people, r.hidden, r.right_percent) for r in learning} == {(1, True, None)}
    confidence = service.confidence(before)
    assert {(r.shown_before, r.shown_after, r.change) for r in confidence} == {(None, None, None)}
    assert service.reach(before) == []  # assigned only in May 2025


def test_a_period_with_nothing_in_it_is_empty(partnership):
    report = service.annual_report(Period(date(2020, 4, 1), date(2021, 3, 31)))
    assert (report.reach, report.learning, report.confidence, report.meetings) == ([], [], [], [])


def test_the_report_costs_the_same_statements_whatever_the_size(partnership, bank, make_team):
    assert statements_for(lambda: service.annual_report(YEAR)) == ANNUAL_STATEMENTS
    for number in range(3):
        more = make_team(f"More {number}")
        db.session.add_all(
            [
                Assignment(
                    briefing=bank,
                    team=more,
                    due_on=date(2025, 9, 1),
                    created_at=datetime(2025, 8, 1),
                ),
                MeetingLog(team=more, briefing=bank, held_on=date(2025, 9, 2)),
            ]
        )
    db.session.commit()
    report = statements_for(lambda: service.annual_report(YEAR))
    assert report == ANNUAL_STATEMENTS
    assert (len(service.reach(YEAR)), len(service.meetings(YEAR))) == (2 + 1, 2 + 3)


def test_a_trainer_reads_the_report_for_a_chosen_year(login_as, partnership):
    trainer, _ = login_as("trainer")
    page = trainer.page("/teams/partnership")
    link = page.find("a", string="The annual report")
    assert link["href"] == "/teams/partnership/annual-report"

    page = trainer.page("/teams/partnership/annual-report?start=2025-04-01&end=2026-03-31")
    assert "1 April 2025 to 31 March 2026" in text_of(page)
    assert _cells(page, "Reach by briefing and agency") == [
        [SEED_TITLE, "Health Trust", "1", "1", "2", "1 (50%)"],
        [SEED_TITLE, "Test Council", "1", "1", "6", "5 (83%)"],
    ]
    learning = _cells(page, "Right answers by learning theme")
    assert [r[2:] for r in learning] == [[str(6 * PER_THEME), "67%", "6"]] * 4
    confidence = _cells(page, "Confidence before and after by learning theme")
    assert [r[2:] for r in confidence] == [["2.8", "3.8", "+1.0", "6"]] * 4
    assert _cells(page, "Team meetings and actions agreed") == [
        ["Health Visitors", "Health Trust", SEED_TITLE, "1", "0", "0", "0"],
        ["Assessment Team", "Test Council", SEED_TITLE, "1", "3", "2", "1"],
    ]

    before = trainer.page("/teams/partnership/annual-report?start=2024-04-01&end=2025-03-31")
    hidden = _cells(before, "Right answers by learning theme")
    assert {r[3] for r in hidden} == {"Hidden (fewer than 5 people)"}
    assert "No briefings were assigned for this period." in text_of(before)


def test_the_current_financial_year_is_shown_first(login_as, partnership):
    trainer, _ = login_as("admin")
    page = trainer.page("/teams/partnership/annual-report")
    year = service.financial_year(date.today())
    assert page.find("input", id="start")["value"] == year.start.isoformat()
    assert page.find("input", id="end")["value"] == year.end.isoformat()


def test_each_table_downloads_with_the_same_rows_and_the_download_is_recorded(
    login_as, partnership
):
    trainer, _ = login_as("trainer")
    period = "start=2025-04-01&end=2026-03-31"
    response = trainer.get(f"/teams/partnership/annual-report/reach.csv?{period}")
    assert response.status_code == 200
    reach = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["Agency"], r["People completed"], r["Completed %"]) for r in reach] == [
        ("Health Trust", "1", "50"),
        ("Test Council", "5", "83"),
    ]
    meetings = trainer.get(f"/teams/partnership/annual-report/meetings.xlsx?{period}")
    rows = sheet_rows(meetings.get_data(), 1)
    assert rows[2][:7] == ["Test Council", "Assessment Team", SEED_TITLE, "1", "3", "2", "1"]

    workbook = trainer.get(f"/teams/partnership/annual-report.xlsx?{period}")
    assert workbook.status_code == 200
    assert (
        'filename="annual-report-2025-04-01-to-2026-03-31-'
        in workbook.headers["Content-Disposition"]
    )
    body = workbook.get_data()
    assert sheet_names(body) == ["Reach", "Learning by theme", "Confidence change", "Team meetings"]
    assert sheet_rows(body, 1)[1] == [SEED_TITLE, "Health Trust", "1", "1", "2", "1", "50"]
    assert sheet_rows(body, 3)[1][2:6] == ["2.8", "3.8", "1", "6"]
    assert len(sheet_rows(body, 2)) == 1 + 4 and len(sheet_rows(body, 4)) == 1 + 2

    recorded = [
        detail
        for (detail,) in db.session.query(AuditEvent.detail)
        .filter_by(action="report.export")
        .order_by(AuditEvent.id)
    ]
    assert len(recorded) == 3
    assert "annual report 2025-04-01 to 2026-03-31" in recorded[-1]
    assert recorded[-1].endswith(": 12 rows")  # 2 + 4 + 4 + 2


def test_a_bad_period_is_a_400_naming_the_field(login_as, partnership):
    trainer, _ = login_as("trainer")
    for query, message in (
        ("start=31/03/2025", "Enter the first day as a date like 2026-03-31."),
        ("end=2026-02-30", "Enter the last day as a date like 2026-03-31."),
        ("start=2026-04-01&end=2026-03-31", "The last day must be on or after the first day."),
        ("end=9999-12-31", "Enter a date between 2000 and 2099."),
    ):
        response = trainer.get(f"/teams/partnership/annual-report?{query}")
        assert response.status_code == 400, query
        assert message in text_of(html(response))
    assert trainer.get("/teams/partnership/annual-report.xlsx?start=x").status_code == 400
    assert trainer.get("/teams/partnership/annual-report/learning.csv?end=x").status_code == 400


def test_supervisors_and_practitioners_cannot_open_it(login_as, partnership):
    for role in ("supervisor", "practitioner"):
        person, _ = login_as(role)
        assert person.get("/teams/partnership/annual-report").status_code == 403
        assert person.get("/teams/partnership/annual-report.xlsx").status_code == 403
        assert person.get("/teams/partnership/annual-report/reach.csv").status_code == 403
