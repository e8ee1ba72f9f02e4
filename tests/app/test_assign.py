"""Trainers assign published briefings to teams; supervisors to their own teams."""

from datetime import date, timedelta

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Assignment, AuditEvent
from tests.app.journey import error_summary
from tests.conftest import text_of


def _date_fields(day: date) -> dict:
    return {"due_on": [str(day.day), str(day.month), str(day.year)]}


def test_trainer_assigns_a_briefing_and_practitioners_see_it(login_as, bank, team):
    trainer, _ = login_as("trainer")
    url = f"/authoring/briefings/{bank.slug}/assign"
    due = date.today() + timedelta(days=10)
    response = trainer.submit(url, {"teams": [str(team.id)], **_date_fields(due)})
    assert response.status_code == 302
    assert f"Assigned to {team.name}" in text_of(trainer.page(response.headers["Location"]))
    assignment = db.session.scalar(select(Assignment))
    assert (assignment.team_id, assignment.due_on) == (team.id, due)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "briefing.assign"))
    practitioner, _ = login_as("practitioner")
    assert bank.title in text_of(practitioner.page("/"))


def test_assigning_again_moves_the_due_date(login_as, bank, team):
    trainer, _ = login_as("trainer")
    url = f"/authoring/briefings/{bank.slug}/assign"
    for days in (10, 20):
        trainer.submit(
            url, {"teams": [str(team.id)], **_date_fields(date.today() + timedelta(days))}
        )
    [assignment] = db.session.scalars(select(Assignment)).all()
    assert assignment.due_on == date.today() + timedelta(days=20)


def test_bad_assignments_are_explained(login_as, bank, team):
    trainer, _ = login_as("trainer")
    url = f"/authoring/briefings/{bank.slug}/assign"
    cases = [
        ({"teams": [], **_date_fields(date.today())}, "Choose at least one team"),
        ({"teams": [str(team.id)], "due_on": ["31", "2", "2027"]}, "must be a real date"),
        ({"teams": [str(team.id)], "due_on": ["", "", ""]}, "Enter the due date"),
        (
            {"teams": [str(team.id)], **_date_fields(date.today() - timedelta(days=1))},
            "today or in the future",
        ),
    ]
    for data, message in cases:
        response = trainer.submit(url, data)
        assert response.status_code == 200
        assert message in error_summary(response), data
    assert db.session.scalar(select(Assignment)) is None


def test_draft_briefings_cannot_be_assigned(login_as, make_user, team):
    from quiz.services.briefing_import import save_import

    trainer, user = login_as("trainer")
    draft = save_import("Draft", "draft", "text", ["One"], user)
    db.session.commit()
    response = trainer.submit(
        f"/authoring/briefings/{draft.slug}/assign",
        {"teams": [str(team.id)], **_date_fields(date.today())},
    )
    assert "Publish the briefing before assigning it" in error_summary(response)


def test_supervisor_assigns_to_their_own_team_only(login_as, bank, team, make_team):
    supervisor, _ = login_as("supervisor")
    report = text_of(supervisor.page(f"/teams/{team.id}"))
    assert "Assign a briefing to" in report
    url = f"/teams/{team.id}/assign?briefing={bank.slug}"
    due = date.today() + timedelta(days=5)
    assert supervisor.submit(url, {"teams": [str(team.id)], **_date_fields(due)}).status_code == 302
    other = make_team()
    assert supervisor.get(f"/teams/{other.id}/assign?briefing={bank.slug}").status_code == 404
    # A team id smuggled into the form is ignored: only the supervisor's team is offered.
    supervisor.submit(url, {"teams": [str(other.id)], **_date_fields(due)})
    assert [a.team_id for a in db.session.scalars(select(Assignment))] == [team.id]
