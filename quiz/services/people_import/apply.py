"""Writing a people import preview: one transaction, everything audited."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import func, select, update

from quiz.extensions import db
from quiz.models import Agency, LoginSession, Team, User, team_supervisors
from quiz.models.people import utcnow
from quiz.services.accounts import audit
from quiz.services.people_import.model import (
    ImportPreview,
    ImportRefused,
    ImportResult,
    Outcome,
    RowPreview,
)
from quiz.services.people_import.preview import name_key, row_profession

# How many values go in one SQL IN (...): well under SQLite's limit on parameters.
CHUNK = 900
IMPORTED = "people import"


def apply(
    preview: ImportPreview, only_good_rows: bool, deactivate_leavers: bool, actor: User | None
) -> ImportResult:
    """Write the preview's good rows (and deactivate its leavers, if asked); flush, never commit.

    The preview must have been made in this same transaction, so it still describes the
    database. Refuses (ImportRefused, nothing written) when a row is refused and
    only_good_rows is false.
    """
    refused = preview.refused
    if refused and not only_good_rows:
        raise ImportRefused(
            f"Nothing was imported: {_rows(len(refused))} refused. Correct "
            f"{'it' if len(refused) == 1 else 'them'}, or import only the good rows."
        )
    good = preview.good
    teams, agencies_created, teams_created = _agencies_and_teams(good, actor)
    created = _create_people(good, teams, actor)
    changed = _change_people([r for r in good if r.outcome == Outcome.CHANGED], teams, actor)
    _add_supervisors([r for r in good if r.adds_supervision], teams, actor)
    deactivated = (
        _deactivate([leaver.id for leaver in preview.leavers], actor) if (deactivate_leavers) else 0
    )
    result = ImportResult(
        created=created,
        changed=changed,
        unchanged=preview.count(Outcome.UNCHANGED),
        refused=len(refused),
        deactivated=deactivated,
        agencies_created=agencies_created,
        teams_created=teams_created,
    )
    audit(actor, "people.import", preview.source or "people file", result.summary())
    db.session.flush()
    return result


def _rows(count: int) -> str:
    return "1 row is" if count == 1 else f"{count} rows are"


def _chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _agencies_and_teams(good: list[RowPreview], actor) -> tuple[dict[str, Team], int, int]:
    """Every team a good row names, by key; new ones (and their agencies) created."""
    agencies = {name_key(a.name): a for a in db.session.scalars(select(Agency))}
    teams = {name_key(t.name): t for t in db.session.scalars(select(Team))}
    new_agencies, new_teams = [], []
    for preview_row in good:
        row = preview_row.row
        agency_key, team_key = name_key(row.agency), name_key(row.team)
        if agency_key not in agencies:
            agencies[agency_key] = Agency(name=" ".join(row.agency.split()))
            new_agencies.append(agencies[agency_key])
        if team_key not in teams:
            teams[team_key] = Team(name=" ".join(row.team.split()), agency=agencies[agency_key])
            new_teams.append(teams[team_key])
    db.session.add_all(new_agencies + new_teams)
    db.session.flush()
    for agency in new_agencies:
        audit(actor, "agency.create", f"agency:{agency.id}", f"{agency.name} ({IMPORTED})")
    for team in new_teams:
        audit(actor, "team.create", f"team:{team.id}", f"{team.name} in {team.agency.name}")
    return teams, len(new_agencies), len(new_teams)


def _create_people(good: list[RowPreview], teams: dict[str, Team], actor) -> int:
    new = [r.row for r in good if r.outcome == Outcome.NEW]
    people = [
        User(
            email=row.email,
            name=row.name,
            # No password: they set one through an invitation (services/password_links.py).
            password_hash=None,
            role=row.role,
            team=teams[name_key(row.team)],
            profession=row_profession(row),
        )
        for row in new
    ]
    db.session.add_all(people)
    db.session.flush()
    for user in people:
        detail = f"{user.email} as {user.role} in {user.team.name} ({IMPORTED})"
        audit(actor, "user.create", f"user:{user.id}", detail)
    return len(people)


def _users_by_id(ids: Iterable[int]) -> dict[int, User]:
    found = {}
    for chunk in _chunks(ids):
        found.update({u.id: u for u in db.session.scalars(select(User).where(User.id.in_(chunk)))})
    return found


def _change_people(changed: list[RowPreview], teams: dict[str, Team], actor) -> int:
    people = _users_by_id(r.person_id for r in changed)
    for preview_row in changed:
        row, user = preview_row.row, people[preview_row.person_id]
        if user.role != row.role:
            audit(actor, "user.role", f"user:{user.id}", f"{user.role} → {row.role} ({IMPORTED})")
        user.name, user.role, user.team = row.name, row.role, teams[name_key(row.team)]
        user.profession = row_profession(row) or user.profession
        detail = "; ".join(preview_row.changes) + f" ({IMPORTED})"
        audit(actor, "user.update", f"user:{user.id}", detail[:2000])
    db.session.flush()
    return len(changed)


def _add_supervisors(rows: list[RowPreview], teams: dict[str, Team], actor) -> None:
    emails = {r.row.supervisor_email for r in rows}
    supervisors: dict[str, User] = {}
    for chunk in _chunks(emails):
        for user in db.session.scalars(select(User).where(func.lower(User.email).in_(chunk))):
            supervisors[user.email.lower()] = user
    links = []
    for preview_row in rows:
        supervisor = supervisors[preview_row.row.supervisor_email]
        team = teams[name_key(preview_row.row.team)]
        links.append({"user_id": supervisor.id, "team_id": team.id})
        detail = f"{supervisor.email} supervises {team.name} ({IMPORTED})"
        audit(actor, "team.supervisor.add", f"team:{team.id}", detail)
        # The link is written below, past the ORM: forget the lists it would change.
        db.session.expire(supervisor, ["supervised_teams"])
        db.session.expire(team, ["supervisors"])
    if links:
        db.session.execute(team_supervisors.insert(), links)


def _deactivate(ids: list[int], actor) -> int:
    """Deactivate these people and end their sessions at once; never the actor."""
    ids = [i for i in ids if actor is None or i != actor.id]
    now = utcnow()
    for user in _users_by_id(ids).values():
        user.active = False
        audit(actor, "user.deactivate", f"user:{user.id}", f"{user.email}: not in the file")
    for chunk in _chunks(ids):
        db.session.execute(
            update(LoginSession)
            .where(LoginSession.user_id.in_(chunk), LoginSession.ended_at.is_(None))
            .values(ended_at=now)
        )
    db.session.flush()
    return len(ids)
