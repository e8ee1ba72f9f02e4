"""Reading people's results is recorded: report pages and CSV downloads, with who and when."""

import threading

import pytest
from sqlalchemy import select, text

from quiz.extensions import db
from quiz.models import AuditEvent
from quiz.web.supervision import routes as supervision_routes


def events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.mark.parametrize("role", ["supervisor", "trainer", "admin"])
def test_opening_a_team_report_is_recorded(login_as, assigned, team, role):
    client, viewer = login_as(role)
    assert client.get(f"/teams/{team.id}").status_code == 200
    [event] = events("report.view")
    assert (event.actor_id, event.subject) == (viewer.id, f"team:{team.id}")
    assert team.name in event.detail and event.at is not None


def test_downloading_the_csv_is_recorded_with_its_size(login_as, make_user, assigned, team):
    for _ in range(3):
        make_user("practitioner", team=team)
    client, supervisor = login_as("supervisor")
    response = client.get(f"/teams/{team.id}/progress.csv")
    assert response.status_code == 200
    [event] = events("report.export")
    assert (event.actor_id, event.subject) == (supervisor.id, f"team:{team.id}")
    assert "3 rows" in event.detail and ".csv" in event.detail


def test_the_partnership_page_and_item_analysis_are_recorded(login_as, assigned):
    client, trainer = login_as("trainer")
    assert client.get("/teams/partnership").status_code == 200
    assert client.get(f"/authoring/briefings/{assigned.briefing.slug}/analysis").status_code == 200
    subjects = {(e.actor_id, e.subject) for e in events("report.view")}
    assert subjects == {
        (trainer.id, "partnership"),
        (trainer.id, f"briefing:{assigned.briefing.id}"),
    }


def test_a_refused_report_records_nothing(login_as, make_team, assigned):
    other_team = make_team()
    client, _ = login_as("supervisor")
    assert client.get(f"/teams/{other_team.id}").status_code == 404
    assert client.get(f"/teams/{other_team.id}/progress.csv").status_code == 404
    practitioner, _ = login_as("practitioner")
    assert practitioner.get("/teams/partnership").status_code == 403
    assert events("report.view") == events("report.export") == []


def test_a_report_is_recorded_when_someone_writes_while_it_is_built(
    login_as, assigned, team, monkeypatch
):
    """On SQLite a report page takes the write lock first, as a form does (see extensions)."""
    client, supervisor = login_as("supervisor")
    real_report = supervision_routes.team_report
    engine = db.engine
    failures: list[Exception] = []
    other_done = threading.Event()

    def another_person_saves():
        try:
            with engine.connect() as connection, connection.begin():
                connection.execute(text("INSERT INTO agencies (name) VALUES ('Meanwhile')"))
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            failures.append(error)
        finally:
            other_done.set()

    def report_while_someone_saves(*args):
        rows = real_report(*args)
        other = threading.Thread(target=another_person_saves)
        other.start()
        other_done.wait(0.5)  # without the write lock, the other write commits here
        return rows

    monkeypatch.setattr(supervision_routes, "team_report", report_while_someone_saves)
    assert client.get(f"/teams/{team.id}").status_code == 200
    other_done.wait(20)
    assert failures == []
    assert [e.actor_id for e in events("report.view")] == [supervisor.id]
