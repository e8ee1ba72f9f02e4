"""Who may see what, written once: role checks and scoped loaders."""

from __future__ import annotations

from functools import cache, wraps

from flask import abort, current_app
from flask_login import current_user, login_required
from sqlalchemy import bindparam, select
from sqlalchemy.orm import defer, joinedload

from quiz.extensions import db
from quiz.models import (
    Assignment,
    Attempt,
    Briefing,
    BriefingStatus,
    Role,
    Team,
    User,
    team_supervisors,
)
from quiz.services.attempts import JOURNEY_LOADING, latest_attempt_id


def role_required(*roles: str):
    """Signed-in people with one of these roles; admins may do everything."""
    allowed = (*roles, Role.ADMIN)

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*allowed):
                abort(403)
            return view(*args, **kwargs)

        # Kept on the view so the menu asks the very rule the page enforces (may_open).
        wrapped.allowed_roles = allowed
        return wrapped

    return decorator


def writes_when_read(view):
    """Mark a page that writes on GET (it records who viewed it in the audit log).

    On SQLite its transaction then takes the write lock when it begins, as a form post's
    does, instead of failing when another request wrote between its reads and its write.
    Put it under @role_required, which copies the mark onto the page it wraps.
    """
    view.writes_when_read = True
    return view


def get_briefing_or_404(slug: str, *, published_only: bool = False) -> Briefing:
    """A briefing by its slug; with published_only, drafts are not found."""
    query = select(Briefing).where(Briefing.slug == slug)
    if published_only:
        query = query.where(Briefing.status == BriefingStatus.PUBLISHED)
    return db.first_or_404(query)


def may_open(user, endpoint: str) -> bool:
    """Whether a signed-in person passes the access rule of the page at endpoint.

    A page with only @login_required is open to everyone signed in.
    """
    if not user.is_authenticated:
        return False
    allowed = getattr(current_app.view_functions[endpoint], "allowed_roles", None)
    return allowed is None or user.has_role(*allowed)


@cache
def _assigned_briefing_statement():
    # Built once, with parameters: every page of the practitioner's journey runs it.
    return (
        select(Briefing, Assignment, Attempt)
        .join(Assignment, Assignment.briefing_id == Briefing.id)
        .outerjoin(Attempt, Attempt.id == latest_attempt_id(bindparam("user_id"), Briefing.id))
        .where(
            Briefing.slug == bindparam("slug"),
            Briefing.status == BriefingStatus.PUBLISHED,
            Assignment.team_id == bindparam("team_id"),
        )
        # Its source text is what its sections were made from: no page of the journey reads it.
        .options(defer(Briefing.source_text), *JOURNEY_LOADING)
    )


def get_assigned_briefing_or_404(
    slug: str, for_user: User
) -> tuple[Briefing, Assignment, Attempt | None]:
    """A briefing assigned to the person's team, with its assignment and the person's latest
    attempt at it (None before they start): one statement."""
    row = db.session.execute(
        _assigned_briefing_statement(),
        {"slug": slug, "team_id": for_user.team_id, "user_id": for_user.id},
    ).first()
    if row is None:
        abort(404)
    return row[0], row[1], row[2]


def _visible_teams(user: User):
    """The query for the teams user may report on, each with its agency; None for nobody."""
    query = select(Team).options(joinedload(Team.agency, innerjoin=True))
    if user.role in (Role.ADMIN, Role.TRAINER):
        return query
    if user.role == Role.SUPERVISOR:
        return query.join(team_supervisors, team_supervisors.c.team_id == Team.id).where(
            team_supervisors.c.user_id == user.id
        )
    return None


def teams_visible_to(user: User) -> list[Team]:
    """The teams user may report on, by name, with their agencies: one statement."""
    query = _visible_teams(user)
    return [] if query is None else list(db.session.scalars(query.order_by(Team.name)))


def get_team_or_404(team_id: int, for_user: User) -> Team:
    """A team for_user may report on, with its agency, in one statement. Anyone else's: not
    found, as if absent."""
    query = _visible_teams(for_user)
    if query is None:
        abort(404)
    return db.first_or_404(query.where(Team.id == team_id))


def may_see_records_of(viewer: User, person: User) -> bool:
    """A person's completion records: their own; and, as their answers in a team report,
    their team's supervisors, trainers and admins."""
    if viewer.id == person.id or viewer.role in (Role.ADMIN, Role.TRAINER):
        return True
    return person.team is not None and person.team in teams_visible_to(viewer)


def get_person_or_404(user_id: int, for_user: User) -> User:
    """A person whose record for_user may read (may_see_records_of). Anyone else: not found,
    as if absent."""
    person = db.session.get(User, user_id)
    if person is None or not may_see_records_of(for_user, person):
        abort(404)
    return person
