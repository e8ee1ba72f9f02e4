"""Comparing a people file with the database, in a handful of queries and without writing."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Agency, Role, Team, User, team_supervisors
from quiz.people_file import ROLE, SUPERVISOR_EMAIL, TEAM, PeopleFile, PersonRow, RowProblem
from quiz.professions import NAMES_FOR_PEOPLE as PROFESSION_NAMES
from quiz.professions import Profession, from_job_title
from quiz.services.people_import.model import ImportPreview, Leaver, Outcome, RowPreview


def name_key(name: str) -> str:
    """Agencies and teams are matched without case and extra spaces."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class _Person:
    id: int
    email: str
    name: str
    role: str
    team_id: int | None
    active: bool
    profession: str | None


@dataclass
class _Directory:
    """What the database holds, read once: agencies, teams, people and who supervises what."""

    # name_key(name) -> (id, name) and (id, name, agency id)
    agencies: dict[str, tuple[int, str]] = field(default_factory=dict)
    agency_names: dict[int, str] = field(default_factory=dict)
    teams: dict[str, tuple[int, str, int]] = field(default_factory=dict)
    team_names: dict[int, str] = field(default_factory=dict)
    team_agency: dict[int, int] = field(default_factory=dict)
    people: dict[str, _Person] = field(default_factory=dict)  # lower-case email -> person
    supervises: set[tuple[int, int]] = field(default_factory=set)  # (user id, team id)

    @classmethod
    def load(cls) -> _Directory:
        found = cls()
        for agency_id, name in db.session.execute(select(Agency.id, Agency.name)):
            found.agencies[name_key(name)] = (agency_id, name)
            found.agency_names[agency_id] = name
        for team_id, name, agency_id in db.session.execute(
            select(Team.id, Team.name, Team.agency_id)
        ):
            found.teams[name_key(name)] = (team_id, name, agency_id)
            found.team_names[team_id] = name
            found.team_agency[team_id] = agency_id
        columns = (
            User.id,
            User.email,
            User.name,
            User.role,
            User.team_id,
            User.active,
            User.profession,
        )
        for values in db.session.execute(select(*columns)):
            person = _Person(*values)
            found.people[person.email.lower()] = person
        found.supervises = {
            (user_id, team_id)
            for user_id, team_id in db.session.execute(
                select(team_supervisors.c.user_id, team_supervisors.c.team_id)
            )
        }
        return found


def preview(people_file: PeopleFile, actor: User | None = None, source: str = "") -> ImportPreview:
    """Each row's outcome and the leavers; writes nothing."""
    directory = _Directory.load()
    problems = {row.number: list(row.problems) for row in people_file.rows}
    rows = people_file.rows
    _check_professions(rows, problems)
    _check_teams(rows, directory, problems)
    if actor is not None:
        for row in rows:
            if row.email == actor.email.lower() and row.role != Role.ADMIN:
                problems[row.number].append(
                    RowProblem(ROLE, "you cannot take away your own administrator role")
                )
    _check_supervisors(rows, directory, problems)
    previews = _outcomes(rows, directory, problems)
    return ImportPreview(
        rows=tuple(previews), leavers=tuple(_leavers(rows, directory, actor)), source=source
    )


PROFESSION = "profession"


def row_profession(row: PersonRow) -> Profession | None:
    """The profession the optional ``profession`` column gives (a name from our list or a
    job title that names one); None when blank or absent (the import then leaves a
    person's profession as it is)."""
    return from_job_title(row.extra.get(PROFESSION, ""))


def _check_professions(rows, problems: dict[int, list[RowProblem]]) -> None:
    for row in rows:
        written = row.extra.get(PROFESSION, "").strip()
        if written and row_profession(row) is None:
            shown = written if len(written) <= 40 else written[:39] + "…"
            problems[row.number].append(
                RowProblem(PROFESSION, f"unknown profession '{shown}' (use {PROFESSION_NAMES})")
            )


def _check_teams(rows, directory: _Directory, problems: dict[int, list[RowProblem]]) -> None:
    """A team belongs to one agency: the database's, else the first good row's that names it."""
    claimed: dict[str, tuple[str, int]] = {}  # new team key -> (agency key, row number)
    for row in rows:
        if problems[row.number]:
            continue
        agency_key, team_key = name_key(row.agency), name_key(row.team)
        existing = directory.teams.get(team_key)
        if existing is not None:
            team_id, team_name, agency_id = existing
            if directory.agencies.get(agency_key, (None,))[0] != agency_id:
                owner = directory.agency_names[agency_id]
                problems[row.number].append(
                    RowProblem(TEAM, f"{team_name} is a team of {owner}, not of {row.agency}")
                )
            continue
        agency, number = claimed.setdefault(team_key, (agency_key, row.number))
        if agency != agency_key:
            problems[row.number].append(
                RowProblem(TEAM, f"row {number} puts {row.team} in another agency")
            )


def _check_supervisors(rows, directory: _Directory, problems: dict[int, list[RowProblem]]):
    """A supervisor must be in the database or on a good row of the file, and not a practitioner.

    A row refused here may be another row's supervisor, so refusals travel along the
    chain: each row is looked at again only when its supervisor's row is refused.
    """
    good = {row.email: row for row in rows if not problems[row.number]}
    waiting_on: dict[str, list[PersonRow]] = {}

    def check(row: PersonRow) -> RowProblem | None:
        email = row.supervisor_email
        in_file, in_database = good.get(email), directory.people.get(email)
        if in_file is not None:
            waiting_on.setdefault(email, []).append(row)
            role = in_file.role
        elif in_database is not None:
            if not in_database.active:
                return RowProblem(SUPERVISOR_EMAIL, f"{email} is deactivated")
            role = in_database.role
        else:
            return RowProblem(SUPERVISOR_EMAIL, f"{email} is not in the file or the database")
        if role == Role.PRACTITIONER:
            return RowProblem(SUPERVISOR_EMAIL, f"{email} is a practitioner, not a supervisor")
        return None

    def refuse(row: PersonRow, problem: RowProblem) -> None:
        problems[row.number].append(problem)
        if good.get(row.email) is row:
            del good[row.email]
            refused.append(row.email)

    refused: list[str] = []
    for row in rows:
        if row.supervisor_email and not problems[row.number]:
            problem = check(row)
            if problem is not None:
                refuse(row, problem)
    while refused:
        for row in waiting_on.pop(refused.pop(), []):
            if not problems[row.number]:
                problem = check(row)
                if problem is not None:
                    refuse(row, problem)


def _outcomes(rows, directory: _Directory, problems) -> list[RowPreview]:
    links_seen: set[tuple[str, str]] = set()
    previews = []
    for row in rows:
        if problems[row.number]:
            previews.append(RowPreview(row, Outcome.REFUSED, problems=tuple(problems[row.number])))
            continue
        team = directory.teams.get(name_key(row.team))
        # The first good row naming a supervisor and a team is the one that links them.
        link = (row.supervisor_email, name_key(row.team))
        adds_supervision = bool(row.supervisor_email) and link not in links_seen
        if adds_supervision:
            links_seen.add(link)
            supervisor = directory.people.get(row.supervisor_email)
            if supervisor is not None and team is not None:
                adds_supervision = (supervisor.id, team[0]) not in directory.supervises
        team_name = team[1] if team else row.team
        supervision = (
            [f"{row.supervisor_email} will supervise {team_name}"] if adds_supervision else []
        )
        person = directory.people.get(row.email)
        if person is None:
            previews.append(RowPreview(row, Outcome.NEW, adds_supervision=adds_supervision))
            continue
        changes = _changes(person, row, team, directory) + supervision
        previews.append(
            RowPreview(
                row,
                Outcome.CHANGED if changes else Outcome.UNCHANGED,
                changes=tuple(changes),
                notes=() if person.active else ("deactivated: the import does not reactivate",),
                person_id=person.id,
                adds_supervision=adds_supervision,
            )
        )
    return previews


def _changes(person: _Person, row: PersonRow, team, directory: _Directory) -> list[str]:
    """What the row changes about a person who has an account, as 'what: before → after'."""
    changes = []
    if team is None or person.team_id != team[0]:
        before = directory.team_names.get(person.team_id, "no team")
        changes.append(f"team: {before} → {team[1] if team else row.team}")
    if person.role != row.role:
        changes.append(f"role: {person.role} → {row.role}")
    if person.name != row.name:
        changes.append(f"name: {person.name} → {row.name}")
    profession = row_profession(row)
    if profession is not None and person.profession != profession:
        changes.append(f"profession: {person.profession or 'not known'} → {profession}")
    return changes


def _leavers(rows, directory: _Directory, actor: User | None) -> list[Leaver]:
    """Active people of the file's agencies whom no row names (refused rows count as named)."""
    agency_ids = {
        directory.agencies[name_key(row.agency)][0]
        for row in rows
        if name_key(row.agency) in directory.agencies
    }
    named = {row.email for row in rows}
    leavers = [
        Leaver(
            id=person.id,
            name=person.name,
            email=person.email,
            role=person.role,
            team=directory.team_names[person.team_id],
            agency=directory.agency_names[directory.team_agency[person.team_id]],
        )
        for email, person in directory.people.items()
        if person.active
        and person.team_id is not None
        and directory.team_agency[person.team_id] in agency_ids
        and email not in named
        and (actor is None or person.id != actor.id)
    ]
    return sorted(leavers, key=lambda leaver: (leaver.name.casefold(), leaver.email))
