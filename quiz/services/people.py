"""People as an administrator manages them: adding, changing, deactivating, finding.

Deactivating never deletes: a person's answers, reflections and the reports built on them
stay. It ends every session they have at once, and reactivating does not bring those back.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from quiz.extensions import db
from quiz.models import LoginSession, Role, Team, User, team_supervisors
from quiz.models.people import Agency
from quiz.professions import Profession
from quiz.services.accounts import (
    EMAIL_PATTERN,
    audit,
    deactivate_user,
    find_user,
    normalise_email,
)
from quiz.services.listing import Page, page_of
from quiz.services.problems import FieldProblem

MAX_NAME_LENGTH = 200
MAX_EMAIL_LENGTH = 320

ROLE_LABELS = {
    Role.PRACTITIONER: "Practitioner",
    Role.SUPERVISOR: "Supervisor",
    Role.TRAINER: "Trainer",
    Role.ADMIN: "Administrator",
}


class PersonStatus(enum.StrEnum):
    """Whether someone can sign in, and if not, why."""

    ACTIVE = "active"
    NO_PASSWORD = "no-password"
    DEACTIVATED = "deactivated"

    @property
    def label(self) -> str:
        return {
            PersonStatus.ACTIVE: "Active",
            PersonStatus.NO_PASSWORD: "No password yet",
            PersonStatus.DEACTIVATED: "Deactivated",
        }[self]


def status_of(person: User) -> PersonStatus:
    if not person.active:
        return PersonStatus.DEACTIVATED
    if person.password_hash is None:
        return PersonStatus.NO_PASSWORD
    return PersonStatus.ACTIVE


@dataclass(frozen=True)
class PersonDetails:
    """What an administrator says about a person. The agency is the agency of their team."""

    name: str
    email: str
    role: str
    agency: Agency | None = None
    team: Team | None = None
    supervises: tuple[Team, ...] = ()
    profession: str | None = None  # a quiz.professions.Profession; None when not known


class PeopleError(FieldProblem):
    """A person's details cannot be saved as they stand; `problems` names every field to fix
    (PersonDetails' field names), the first one also as this error's own field and message."""

    def __init__(self, problems: list[FieldProblem]):
        super().__init__(problems[0].field, str(problems[0]))
        self.problems = problems


def _same_person(person: User | None, actor: User | None) -> bool:
    # By id: the actor may be Flask-Login's proxy for the person, never the same object.
    return person is not None and actor is not None and person.id == actor.id


def _gives_up_own_admin_role(details: PersonDetails, person: User | None, actor) -> bool:
    return _same_person(person, actor) and person.role == Role.ADMIN and details.role != Role.ADMIN


def _problems(
    details: PersonDetails, person: User | None, actor: User | None
) -> list[FieldProblem]:
    found = []

    def problem(field: str, message: str) -> None:
        found.append(FieldProblem(field, message))

    if not details.name:
        problem("name", "Enter their full name")
    elif len(details.name) > MAX_NAME_LENGTH:
        problem("name", f"The name must be {MAX_NAME_LENGTH} characters or fewer")

    if not details.email:
        problem("email", "Enter their email address")
    elif len(details.email) > MAX_EMAIL_LENGTH or not EMAIL_PATTERN.match(details.email):
        problem("email", "Enter an email address in the right format, like name@example.org")
    else:
        same = find_user(details.email)
        if same is not None and (person is None or same.id != person.id):
            problem("email", f"{same.name} already has the email address {details.email}")

    if details.role not in set(Role):
        problem("role", "Choose their role")
    elif _gives_up_own_admin_role(details, person, actor):
        # Without this the last administrator could lock everyone out of this page.
        problem("role", "You cannot take away your own administrator role")

    team, agency = details.team, details.agency
    if team is not None and agency is None:
        problem("agency", f"Choose {team.agency.name}, the agency of {team.name}")
    elif team is not None and team.agency_id != agency.id:
        problem(
            "team",
            f"{team.name} is a team of {team.agency.name}, not {agency.name}. "
            f"Choose a team of {agency.name}",
        )
    elif team is None and agency is not None:
        problem("team", f"Choose their team in {agency.name}, or choose No agency")

    if details.profession is not None and details.profession not in set(Profession):
        problem("profession", "Choose their profession from the list")

    if details.supervises and details.role != Role.SUPERVISOR:
        problem(
            "supervises",
            "Only supervisors supervise teams. "
            "Choose Supervisor as their role, or untick the teams",
        )
    return found


def _cleaned(details: PersonDetails) -> PersonDetails:
    return PersonDetails(
        name=" ".join((details.name or "").split()),
        email=normalise_email(details.email or ""),
        role=details.role,
        agency=details.agency,
        team=details.team,
        supervises=tuple(sorted(set(details.supervises), key=lambda t: t.name)),
        profession=details.profession or None,
    )


def _checked(details: PersonDetails, person: User | None, actor: User | None) -> PersonDetails:
    details = _cleaned(details)
    problems = _problems(details, person, actor)
    if problems:
        raise PeopleError(problems)
    return details


def create_person(details: PersonDetails, actor: User | None) -> User:
    """Add someone who cannot sign in until they have set a password."""
    details = _checked(details, None, actor)
    person = User(
        email=details.email,
        name=details.name,
        password_hash=None,
        role=details.role,
        team=details.team,
        supervised_teams=list(details.supervises),
        profession=details.profession,
    )
    db.session.add(person)
    db.session.flush()
    audit(actor, "user.create", f"user:{person.id}", f"{person.email} as {person.role}")
    return person


def _described(person: User) -> dict[str, str]:
    return {
        "name": person.name,
        "email": person.email,
        "role": person.role,
        "team": person.team.name if person.team else "none",
        "supervises": ", ".join(t.name for t in person.supervised_teams) or "none",
        "profession": person.profession or "none",
    }


def update_person(person: User, details: PersonDetails, actor: User | None) -> bool:
    """Change what is known about the person; False when nothing changed."""
    details = _checked(details, person, actor)
    before = _described(person)
    person.name = details.name
    person.email = details.email
    person.role = details.role
    person.team = details.team
    person.supervised_teams = list(details.supervises)
    person.profession = details.profession
    after = _described(person)
    changes = [f"{key}: {was} → {after[key]}" for key, was in before.items() if was != after[key]]
    if changes:
        audit(actor, "user.update", f"user:{person.id}", "; ".join(changes)[:2000])
    if before["role"] != after["role"]:
        # Its own action too, so a search of the log for role changes finds every one.
        audit(actor, "user.role", f"user:{person.id}", f"{before['role']} → {after['role']}")
    return bool(changes)


def change_own_profession(person: User, profession: str | None) -> bool:
    """A person says what they do ("Your account"); False when nothing changed."""
    if profession is not None and profession not in set(Profession):
        raise PeopleError([FieldProblem("profession", "Choose your profession from the list")])
    if person.profession == profession:
        return False
    before = person.profession or "none"
    person.profession = profession
    audit(person, "user.update", f"user:{person.id}", f"profession: {before} → {profession}")
    return True


def deactivate(person: User, actor: User | None) -> None:
    """Stop the person signing in, and sign them out everywhere now. Nothing is deleted."""
    if _same_person(person, actor):
        raise PeopleError([FieldProblem("You cannot deactivate yourself")])
    if not person.active:
        return
    deactivate_user(person, actor)


def reactivate(person: User, actor: User | None) -> None:
    """Let the person sign in again (with their password, if they have set one)."""
    if person.active:
        return
    person.active = True
    audit(actor, "user.reactivate", f"user:{person.id}", person.email)


def last_signed_in(person: User) -> datetime | None:
    return db.session.scalar(
        select(func.max(LoginSession.created_at)).where(LoginSession.user_id == person.id)
    )


@dataclass(frozen=True)
class PeopleFilter:
    """What the People list is narrowed to; None or "" means everyone."""

    search: str = ""
    agency_id: int | None = None
    team_id: int | None = None
    role: Role | None = None
    status: PersonStatus | None = None

    @property
    def narrowed(self) -> bool:
        return any(value not in (None, "") for value in vars(self).values())


def _supervises(*conditions) -> exists:
    return (
        select(team_supervisors.c.user_id)
        .join(Team, Team.id == team_supervisors.c.team_id)
        .where(team_supervisors.c.user_id == User.id, *conditions)
        .exists()
    )


# The SQL twin of status_of().
_STATUS_CONDITIONS = {
    PersonStatus.ACTIVE: User.active.is_(True) & User.password_hash.is_not(None),
    PersonStatus.NO_PASSWORD: User.active.is_(True) & User.password_hash.is_(None),
    PersonStatus.DEACTIVATED: User.active.is_(False),
}


def people_query(chosen: PeopleFilter):
    """Everyone the filter lets through, by name. A team or agency filter finds the people
    in those teams and the people who supervise them."""
    query = select(User).order_by(User.name, User.id)
    search = chosen.search.strip().lower()
    if search:
        query = query.where(
            or_(
                func.lower(User.name).contains(search, autoescape=True),
                func.lower(User.email).contains(search, autoescape=True),
            )
        )
    if chosen.team_id is not None:
        query = query.where(
            or_(User.team_id == chosen.team_id, _supervises(Team.id == chosen.team_id))
        )
    if chosen.agency_id is not None:
        teams_of_agency = select(Team.id).where(Team.agency_id == chosen.agency_id)
        query = query.where(
            or_(
                User.team_id.in_(teams_of_agency),
                _supervises(Team.agency_id == chosen.agency_id),
            )
        )
    if chosen.role is not None:
        query = query.where(User.role == chosen.role)
    if chosen.status is not None:
        query = query.where(_STATUS_CONDITIONS[chosen.status])
    return query


def people_page(chosen: PeopleFilter, number: int | None) -> Page:
    """One page of people, each with their team, its agency and the teams they supervise,
    in three queries however many are shown."""
    return page_of(
        people_query(chosen),
        number,
        loading=(
            joinedload(User.team).joinedload(Team.agency),
            selectinload(User.supervised_teams),
        ),
    )
