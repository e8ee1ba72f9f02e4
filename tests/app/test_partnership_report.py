"""Trainers and admins see completion across the partnership, filtered, paged, exported."""

import csv
import io
from datetime import date, timedelta

from quiz.extensions import db
from quiz.models import Agency, Assignment, Team
from tests.app.progress import take
from tests.conftest import html, text_of


def _cells(page, caption: str) -> list[list[str]]:
    table = page.find("caption", string=caption).parent
    return [
        [c.get_text(" ", strip=True) for c in r.find_all(["th", "td"])]
        for r in table.select("tbody tr")
    ]


def _csv(response) -> list[dict]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_completion_by_agency_team_and_briefing(login_as, make_user, team, make_team, assigned):
    take(make_user("practitioner", team=team, name="Dana Done"), assigned.briefing)
    make_user("practitioner", team=team, name="Nat Notyet")
    trainer, _ = login_as("trainer")
    page = trainer.page("/teams/partnership")
    [row] = _cells(page, "Completion by agency and team")
    assert row[0] == "Test Council" and row[1] == team.name
    assert row[4] == "1 of 2 (50%)" and row[6] == "0"
    assert _cells(page, "Completion by agency") == [["Test Council", "2", "1 (50%)", "0"]]
    supervisor, _ = login_as("supervisor")
    assert supervisor.get("/teams/partnership").status_code == 403


def test_filters_by_status_agency_and_due_date_and_exports_what_they_keep(
    login_as, make_user, team, assigned
):
    late = Team(name="Late Team", agency=Agency(name="Health Trust"))
    db.session.add(late)
    db.session.add(
        Assignment(briefing=assigned.briefing, team=late, due_on=date.today() - timedelta(1))
    )
    db.session.commit()
    make_user("practitioner", team=late, name="Lou Late")
    make_user("practitioner", team=team, name="Nat Notyet")
    trainer, _ = login_as("trainer")

    overdue = trainer.page("/teams/partnership?status=overdue")
    assert [r[1] for r in _cells(overdue, "Completion by agency and team")] == ["Late Team"]
    agency_id = db.session.query(Agency.id).filter_by(name="Test Council").scalar()
    by_agency = trainer.page(f"/teams/partnership?agency={agency_id}")
    assert [r[1] for r in _cells(by_agency, "Completion by agency and team")] == [team.name]
    soon = (date.today() + timedelta(1)).isoformat()
    by_date = trainer.page(f"/teams/partnership?due_from={soon}")
    assert [r[1] for r in _cells(by_date, "Completion by agency and team")] == [team.name]

    people = _csv(trainer.get("/teams/partnership/people.csv?status=overdue"))
    assert [(p["Name"], p["Team"], p["Status"]) for p in people] == [
        ("Lou Late", "Late Team", "Overdue")
    ]
    everyone = _csv(trainer.get("/teams/partnership/people.csv"))
    assert sorted(p["Name"] for p in everyone) == ["Lou Late", "Nat Notyet"]
    summary = _csv(trainer.get(f"/teams/partnership/summary.csv?agency={agency_id}"))
    assert [(s["Team"], s["People"], s["Not started"]) for s in summary] == [(team.name, "1", "1")]
    xlsx = trainer.get("/teams/partnership/people.xlsx")
    assert xlsx.status_code == 200 and xlsx.get_data()[:2] == b"PK"


def test_a_bad_date_is_a_400_naming_the_field(login_as, assigned):
    trainer, _ = login_as("trainer")
    response = trainer.get("/teams/partnership?due_to=31/02/2026")
    assert response.status_code == 400
    assert "Enter the last due date as a date like 2026-03-31." in text_of(html(response))
    assert trainer.get("/teams/partnership/people.csv?agency=x").status_code == 400


def test_the_summary_is_paged(login_as, make_team, assigned):
    for number in range(105):
        db.session.add(
            Assignment(
                briefing=assigned.briefing,
                team=make_team(f"Team {number:03}"),
                due_on=date.today(),
            )
        )
    db.session.commit()
    trainer, _ = login_as("trainer")
    first = trainer.page("/teams/partnership")
    assert len(_cells(first, "Completion by agency and team")) == 100
    assert "Showing 1 to 100 of 106 assignments" in text_of(first)
    second = trainer.page("/teams/partnership?page=2")
    assert len(_cells(second, "Completion by agency and team")) == 6


def test_the_full_export_gives_a_persons_row_as_their_team_report_does(
    login_as, make_user, team, assigned
):
    take(make_user("practitioner", team=team, name="Dana Done"), assigned.briefing)
    make_user("practitioner", team=team, name="Nat Notyet")
    trainer, _ = login_as("trainer")
    everyone = _csv(trainer.get("/teams/partnership/people.csv"))
    team_rows = _csv(trainer.get(f"/teams/{team.id}/progress.csv"))
    assert sorted(everyone, key=lambda r: r["Name"]) == sorted(team_rows, key=lambda r: r["Name"])
    [done] = [r for r in everyone if r["Name"] == "Dana Done"]
    assert (done["Status"], done["Attempts"], done["First completed on"]) == (
        "Completed", "1", date.today().isoformat(),
    )  # fmt: skip
    assert done["Latest %"] and done["Best %"] == done["Latest %"]
    [waiting] = [r for r in everyone if r["Name"] == "Nat Notyet"]
    assert (waiting["Status"], waiting["Attempts"], waiting["Latest %"]) == ("Not started", "0", "")
