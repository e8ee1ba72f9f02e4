"""The practitioner's record: "Your records", a completion record, and it as a PDF."""

from __future__ import annotations

import io
import sqlite3
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import AuditEvent, MeetingLog
from quiz.services import attempts
from quiz.services.cpd_records import cpd_minutes
from tests.app.test_practice_queries import statements
from tests.completions import REFLECTION, complete_briefing
from tests.conftest import html, text_of
from tests.seed import SEED_QUESTION_COUNT, SEED_QUESTIONS_PER_THEME, SEED_THEMES, SEED_TITLE

QUESTIONS = SEED_QUESTION_COUNT


def score(points: int) -> str:
    """A score as the pages write it: "12 of 21 (57%)"."""
    return f"{points} of {QUESTIONS} ({round(100 * points / QUESTIONS)}%)"


def audit_events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.get_data()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def practitioner(login_as, assigned):
    client, user = login_as("practitioner")
    return client, user


def test_no_records_yet_says_how_to_get_one(practitioner):
    client, _ = practitioner
    page = text_of(client.page("/records/"))
    assert "You have not completed a briefing yet" in page


def test_your_records_lists_each_completion_with_a_link_to_its_record(practitioner, bank):
    client, user = practitioner
    attempt = complete_briefing(user, bank, right=12)
    page = client.page("/records/")
    row = page.find("tbody").find("tr")
    cells = [text_of(cell) for cell in row.find_all(["th", "td"])]
    assert cells[0] == SEED_TITLE
    assert cells[2] == score(12)
    link = row.find("a")
    assert link["href"] == f"/records/{attempt.id}"
    assert client.get(link["href"]).status_code == 200


def test_an_unfinished_attempt_has_no_record(practitioner, bank):
    client, user = practitioner
    attempt = attempts.start_or_resume(user, bank)
    db.session.commit()
    assert "You have not completed a briefing yet" in text_of(client.page("/records/"))
    assert client.get(f"/records/{attempt.id}").status_code == 404
    assert client.get(f"/records/{attempt.id}/record.pdf").status_code == 404


def test_retakes_show_the_first_completion_with_the_best_and_latest_scores(practitioner, bank):
    client, user = practitioner
    first = complete_briefing(user, bank, right=8, started_at=datetime(2026, 3, 2, 9, 0))
    best = complete_briefing(user, bank, started_at=datetime(2026, 4, 6, 9, 0), retake=True)
    latest = complete_briefing(
        user, bank, right=12, started_at=datetime(2026, 5, 4, 9, 0), retake=True
    )
    page = client.page("/records/")
    rows = page.find("tbody").find_all("tr")
    assert len(rows) == 1, "one row per briefing, however many times it was done"
    cells = [text_of(cell) for cell in rows[0].find_all(["th", "td"])]
    assert cells[1] == "2 March 2026"
    assert cells[2] == f"Best {score(QUESTIONS)}, latest {score(12)}"
    links = [a["href"] for a in rows[0].find_all("a")]
    assert links == [f"/records/{a.id}" for a in (first, best, latest)]


def test_the_record_holds_what_a_cpd_entry_needs(practitioner, bank, app):
    client, user = practitioner
    attempt = complete_briefing(
        user, bank, right=12, before=2, after=4, started_at=datetime(2026, 3, 3, 10, 0)
    )
    page = client.page(f"/records/{attempt.id}")
    summary = {
        text_of(row.find("dt")): text_of(row.find("dd"))
        for row in page.select(".govuk-summary-list__row")
    }
    assert summary["Name"] == user.name
    assert summary["Partnership"] == app.config["PARTNERSHIP_NAME"]
    assert summary["Briefing"] == SEED_TITLE
    assert "7-minute briefing" in summary["Source"]
    assert summary["Date completed"] == "3 March 2026"
    assert summary["Started"] == "3 March 2026 at 10:00am"
    # An answer a minute, submitted a minute after the last, finished a minute after that.
    assert summary["Answers submitted"] == f"3 March 2026 at 10:{QUESTIONS + 1:02d}am"
    assert summary["Time spent"] == f"{QUESTIONS + 2} minutes"
    cpd = cpd_minutes(timedelta(minutes=QUESTIONS + 2))
    assert summary["CPD minutes"].startswith(f"{cpd} minutes")
    assert summary["Score"] == score(12).replace(" (", " right (")
    assert summary["Team meeting attended"] == "None recorded"
    for theme in SEED_THEMES:
        assert theme in summary["Learning themes"]
    table = page.find("table")
    first_row = [text_of(c) for c in table.find("tbody").find("tr").find_all(["th", "td"])]
    first_theme = SEED_QUESTIONS_PER_THEME[0]  # all right: the first 12 include them
    assert first_row == [SEED_THEMES[0], f"{first_theme} of {first_theme}", "2", "4", "+2"]
    text = text_of(page)
    assert REFLECTION in text
    assert "How to use this record" in text
    for part in ("What you did", "What you learned", "Impact on your practice"):
        assert part in text


def test_the_record_works_without_javascript_and_offers_the_pdf(practitioner, bank):
    client, user = practitioner
    attempt = complete_briefing(user, bank)
    page = client.page(f"/records/{attempt.id}")
    download = page.find("a", string=lambda s: s and "Download as PDF" in s)
    assert download["href"] == f"/records/{attempt.id}/record.pdf"
    # The print button needs JavaScript, so it is hidden until print.js shows it.
    printing = page.find("button", attrs={"data-module": "app-print"})
    assert printing.has_attr("hidden")
    assert page.find("script", src="/static/print.js") is not None


def test_the_pdf_is_the_record_and_its_download_is_recorded(practitioner, bank):
    client, user = practitioner
    attempt = complete_briefing(user, bank)
    response = client.get(f"/records/{attempt.id}/record.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.get_data().startswith(b"%PDF")
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "cpd-record-joe-aged-six-" in response.headers["Content-Disposition"]
    text = pdf_text(response)
    assert SEED_TITLE in text
    assert user.name in text
    assert "CPD minutes" in text
    # The page's menu, buttons and footer are not part of the record.
    for screen_only in ("Your briefings", "Sign out", "Download as PDF", "call 999"):
        assert screen_only not in text
    [event] = audit_events("report.export")
    assert (event.actor_id, event.subject) == (user.id, f"attempt:{attempt.id}")
    assert "cpd-record-joe-aged-six" in event.detail


def test_opening_ones_own_record_is_not_audited(practitioner, bank):
    client, user = practitioner
    attempt = complete_briefing(user, bank)
    response = client.get(f"/records/{attempt.id}")
    assert response.headers["Cache-Control"] == "no-store"
    assert audit_events("report.view") == []


def test_someone_elses_record_is_not_found(login_as, make_user, bank, team, assigned):
    owner = make_user("practitioner", team=team)
    attempt = complete_briefing(owner, bank)
    colleague, _ = login_as("practitioner")
    assert colleague.get(f"/records/{attempt.id}").status_code == 404
    assert colleague.get(f"/records/{attempt.id}/record.pdf").status_code == 404
    assert "You have not completed a briefing yet" in text_of(colleague.page("/records/"))


def test_another_teams_supervisor_cannot_see_the_record(login_as, make_user, make_team, bank, team):
    owner = make_user("practitioner", team=team)
    attempt = complete_briefing(owner, bank)
    stranger, _ = login_as("supervisor", supervises=[make_team()])
    assert stranger.get(f"/records/{attempt.id}").status_code == 404
    assert audit_events("report.view") == []


@pytest.mark.parametrize("role", ["supervisor", "trainer", "admin"])
def test_the_teams_supervisor_trainers_and_admins_see_it_and_are_recorded(
    login_as, make_user, bank, team, role
):
    owner = make_user("practitioner", team=team)
    attempt = complete_briefing(owner, bank)
    viewer, viewer_user = login_as(role)
    page = html(viewer.get(f"/records/{attempt.id}"))
    assert owner.name in text_of(page)
    # "Your records" is the owner's; others are not offered a way back to it.
    assert page.find("a", class_="govuk-back-link") is None
    [event] = audit_events("report.view")
    assert (event.actor_id, event.subject) == (viewer_user.id, f"attempt:{attempt.id}")


def test_the_records_pages_run_a_few_statements_however_many_completions(practitioner, bank):
    """Counted as in test_practice_queries: the sign-in check left out."""
    client, user = practitioner
    sign_in_check, _ = statements(client, "get", "/sign-in")
    attempt = complete_briefing(user, bank)
    one, _ = statements(client, "get", "/records/")
    for _ in range(3):
        complete_briefing(user, bank, retake=True)
    four, response = statements(client, "get", "/records/")
    assert response.status_code == 200
    assert one == four == sign_in_check + 1
    count, response = statements(client, "get", f"/records/{attempt.id}")
    assert response.status_code == 200
    # The attempt with its person, team, agency, briefing, reflection, the briefing's themes
    # with the ratings either side and the team meetings attended, as rows; its questions
    # with their content and answers, as rows.
    assert count - sign_in_check == 2


def test_others_can_save_while_a_pdf_is_drawn(practitioner, bank, app, monkeypatch):
    """Drawing takes most of a second: on SQLite it must not hold the write lock meanwhile."""
    from quiz.web.records import routes

    client, user = practitioner
    attempt = complete_briefing(user, bank)
    database = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")

    def draw_while_someone_saves(page: str) -> bytes:
        other = sqlite3.connect(database, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # "database is locked" if the lock were held
            other.execute("ROLLBACK")
        finally:
            other.close()
        return b"%PDF-drawn"

    monkeypatch.setattr(routes, "pdf_of", draw_while_someone_saves)
    response = client.get(f"/records/{attempt.id}/record.pdf")
    assert response.status_code == 200
    assert response.get_data() == b"%PDF-drawn"
    assert len(audit_events("report.export")) == 1


def test_the_record_names_the_team_meeting_the_person_attended(practitioner, bank, make_user, team):
    client, user = practitioner
    attempt = complete_briefing(user, bank, right=12)
    facilitator = make_user(role="supervisor", supervises=[team])
    log = MeetingLog(
        team=team, briefing=bank, held_on=date(2026, 2, 20), facilitator_id=facilitator.id
    )
    log.attendees = [user]
    elsewhere = MeetingLog(team=team, briefing=bank, held_on=date(2026, 2, 21))
    db.session.add_all([log, elsewhere])
    db.session.commit()
    page = client.page(f"/records/{attempt.id}")
    summary = {
        text_of(row.find("dt")): text_of(row.find("dd"))
        for row in page.select(".govuk-summary-list__row")
    }
    attended = summary["Team meeting attended"]
    assert "20 February 2026" in attended
    assert "21 February 2026" not in attended  # a meeting they were not at


def test_the_owner_may_try_again_from_the_record_and_others_may_not(
    practitioner, bank, login_as, team
):
    client, user = practitioner
    attempt = complete_briefing(user, bank, right=0)
    mine = text_of(client.page(f"/records/{attempt.id}"))
    assert "Try the themes that need another look" in mine
    assert "Try every theme again" in mine
    supervisor, _ = login_as("supervisor", supervises=[team])
    theirs = text_of(supervisor.page(f"/records/{attempt.id}"))
    assert "Try every theme again" not in theirs


def test_the_owner_reads_their_record_while_someone_else_holds_the_write_lock(
    practitioner, bank, app, monkeypatch
):
    """Their own record only reads: on SQLite it does not queue for the write lock."""
    client, user = practitioner
    attempt = complete_briefing(user, bank)
    monkeypatch.setenv("SQLITE_BUSY_TIMEOUT_MS", "50")
    db.engine.dispose()  # connections opened from now on wait only this long for the lock
    database = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        response = client.get(f"/records/{attempt.id}")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert response.status_code == 200
    assert user.name in text_of(html(response))


def test_someone_elses_record_is_recorded_when_another_save_comes_while_it_is_read(
    login_as, make_user, bank, team, app, monkeypatch
):
    """The reading takes no write lock, and the audit entry written after it still saves
    when someone else saved in between (on SQLite, a write after reads would then fail)."""
    from quiz.web.records import routes

    owner = make_user("practitioner", team=team)
    attempt = complete_briefing(owner, bank)
    colleague = make_user("practitioner", team=team).id
    supervisor, supervisor_user = login_as("supervisor", supervises=[team])
    database = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    page_of = routes._record_page

    def someone_saves_meanwhile(*args, **kwargs) -> str:
        page = page_of(*args, **kwargs)
        other = sqlite3.connect(database, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # "database is locked" if the lock were held
            # A change (SQLite writes nothing for an update to the same value).
            other.execute("UPDATE users SET name = 'Renamed' WHERE id = ?", (colleague,))
            other.execute("COMMIT")
        finally:
            other.close()
        return page

    monkeypatch.setattr(routes, "_record_page", someone_saves_meanwhile)
    response = supervisor.get(f"/records/{attempt.id}")
    assert response.status_code == 200
    [event] = audit_events("report.view")
    assert (event.actor_id, event.subject) == (supervisor_user.id, f"attempt:{attempt.id}")
    assert event.detail == f"completion record of {owner.name}"


def test_someone_elses_record_runs_a_few_more_statements(login_as, make_user, bank, team):
    """Whose it is and whether the viewer may see it; then the audit entry."""
    owner = make_user("practitioner", team=team)
    attempt = complete_briefing(owner, bank)
    supervisor, _ = login_as("supervisor", supervises=[team])
    sign_in_check, _ = statements(supervisor, "get", "/sign-in")
    count, response = statements(supervisor, "get", f"/records/{attempt.id}")
    assert response.status_code == 200
    # The owner's 2; the owner and their team, and the teams the viewer may see
    # (may_see_records_of); the audit entry.
    assert count - sign_in_check == 2 + 3 + 1


def test_the_address_finishing_a_briefing_leads_to_runs_one_statement(practitioner, bank):
    """/briefings/<slug>/record, where the reflection sends the person, then the record."""
    client, user = practitioner
    sign_in_check, _ = statements(client, "get", "/sign-in")
    attempt = complete_briefing(user, bank)
    count, response = statements(client, "get", f"/briefings/{bank.slug}/record")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/records/{attempt.id}"
    # The briefing with its assignment and the latest attempt.
    assert count - sign_in_check == 1
