"""Agencies and their teams: creating, renaming and listing them with their head counts."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from quiz.extensions import db
from quiz.models import Agency, Team, User, team_supervisors
from quiz.services.accounts import audit
from quiz.services.listing import Page, page_of
from quiz.services.problems import FieldProblem

MAX_NAME_LENGTH = 200


class OrganisationError(FieldProblem):
    """A name that cannot be used, in words an administrator can act on."""

    def __init__(self, message: str):
        super().__init__("name", message)


def _clean_name(name: str, kind: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise OrganisationError(f"Enter the {kind}'s name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise OrganisationError(f"The name must be {MAX_NAME_LENGTH} characters or fewer")
    return cleaned


def _agency_named(name: str) -> Agency | None:
    return db.session.scalar(select(Agency).where(func.lower(Agency.name) == name.lower()))


def _team_named(name: str) -> Team | None:
    return db.session.scalar(select(Team).where(func.lower(Team.name) == name.lower()))


def _unique_agency_name(name: str, agency: Agency | None = None) -> str:
    name = _clean_name(name, "agency")
    same = _agency_named(name)
    if same is not None and (agency is None or same.id != agency.id):
        raise OrganisationError(f"There is already an agency called {same.name}")
    return name


def _unique_team_name(name: str, team: Team | None = None) -> str:
    # Team names are unique across the partnership, so reports never show two alike.
    name = _clean_name(name, "team")
    same = _team_named(name)
    if same is not None and (team is None or same.id != team.id):
        raise OrganisationError(f"There is already a team called {same.name} in {same.agency.name}")
    return name


def create_agency(name: str, actor: User | None) -> Agency:
    agency = Agency(name=_unique_agency_name(name))
    db.session.add(agency)
    db.session.flush()
    audit(actor, "agency.create", f"agency:{agency.id}", agency.name)
    return agency


def rename_agency(agency: Agency, name: str, actor: User | None) -> bool:
    """Rename the agency; False when the name is the same as before."""
    new_name = _unique_agency_name(name, agency)
    if new_name == agency.name:
        return False
    audit(actor, "agency.rename", f"agency:{agency.id}", f"{agency.name} → {new_name}")
    agency.name = new_name
    return True


def create_team(agency: Agency, name: str, actor: User | None) -> Team:
    team = Team(name=_unique_team_name(name), agency=agency)
    db.session.add(team)
    db.session.flush()
    audit(actor, "team.create", f"team:{team.id}", f"{team.name} in {agency.name}")
    return team


def rename_team(team: Team, name: str, actor: User | None) -> bool:
    """Rename the team; False when the name is the same as before."""
    new_name = _unique_team_name(name, team)
    if new_name == team.name:
        return False
    audit(actor, "team.rename", f"team:{team.id}", f"{team.name} → {new_name}")
    team.name = new_name
    return True


def _matching(column, search: str):
    return func.lower(column).contains(search.strip().lower(), autoescape=True)


def agencies_page(search: str, number: int | None) -> Page:
    """Agencies by name, each row (Agency, number of teams, number of active members)."""
    teams = select(func.count(Team.id)).where(Team.agency_id == Agency.id).scalar_subquery()
    members = (
        select(func.count(User.id))
        .join(Team, User.team_id == Team.id)
        .where(Team.agency_id == Agency.id, User.active.is_(True))
        .scalar_subquery()
    )
    query = select(Agency, teams, members).order_by(Agency.name, Agency.id)
    if search.strip():
        query = query.where(_matching(Agency.name, search))
    return page_of(query, number)


def teams_page(agency: Agency, search: str, number: int | None) -> Page:
    """The agency's teams by name, each row (Team, active members, supervisors)."""
    members = (
        select(func.count(User.id))
        .where(User.team_id == Team.id, User.active.is_(True))
        .scalar_subquery()
    )
    supervisors = (
        select(func.count(team_supervisors.c.user_id))
        .join(User, User.id == team_supervisors.c.user_id)
        .where(team_supervisors.c.team_id == Team.id, User.active.is_(True))
        .scalar_subquery()
    )
    query = (
        select(Team, members, supervisors)
        .where(Team.agency_id == agency.id)
        .order_by(Team.name, Team.id)
    )
    if search.strip():
        query = query.where(_matching(Team.name, search))
    return page_of(query, number)


def all_agencies() -> list[Agency]:
    return list(db.session.scalars(select(Agency).order_by(Agency.name)))


def all_teams() -> list[Team]:
    """Every team with its agency, by agency then team name, in one query."""
    query = (
        select(Team)
        .join(Team.agency)
        .options(contains_eager(Team.agency))
        .order_by(Agency.name, Team.name)
    )
    return list(db.session.scalars(query))
