"""Assigning a briefing to teams with a due date."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Assignment, Briefing, BriefingStatus, Team, User
from quiz.services.accounts import audit
from quiz.services.problems import FieldProblem


class AssignmentError(FieldProblem):
    """The assignment cannot be made; the message says why."""


def assign(
    briefing: Briefing, teams: list[Team], due_on: date, actor: User, today: date
) -> list[Assignment]:
    """Assign (or move the due date of) a published briefing for each team."""
    if briefing.status != BriefingStatus.PUBLISHED:
        raise AssignmentError("teams", "Publish the briefing before assigning it to teams")
    if not teams:
        raise AssignmentError("teams", "Choose at least one team")
    if due_on < today:
        raise AssignmentError("due_on", "The due date must be today or in the future")
    existing = {
        a.team_id: a
        for a in db.session.scalars(select(Assignment).where(Assignment.briefing_id == briefing.id))
    }
    done = []
    for team in teams:
        assignment = existing.get(team.id)
        if assignment is None:
            assignment = Assignment(briefing=briefing, team=team, due_on=due_on)
            db.session.add(assignment)
        else:
            assignment.due_on = due_on
        done.append(assignment)
        audit(actor, "briefing.assign", f"team:{team.id}", f"{briefing.slug} due {due_on}")
    db.session.flush()
    return done


def assignable_briefings() -> list[Briefing]:
    """Briefings that may be assigned to teams: the published ones, by title."""
    return list(
        db.session.scalars(
            select(Briefing)
            .where(Briefing.status == BriefingStatus.PUBLISHED)
            .order_by(Briefing.title)
        )
    )


def due_dates(briefing: Briefing, teams: list[Team]) -> dict[int, date]:
    """The due date of the briefing for each of these teams that has it assigned."""
    return dict(
        db.session.execute(
            select(Assignment.team_id, Assignment.due_on).where(
                Assignment.briefing_id == briefing.id,
                Assignment.team_id.in_([t.id for t in teams]),
            )
        ).all()
    )
