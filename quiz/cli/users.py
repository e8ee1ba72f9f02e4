"""``flask users``: create people who can sign in."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from quiz.cli.common import fail
from quiz.extensions import db
from quiz.models import Role


@click.group("users", help="Manage people who can sign in.")
def users_group():
    pass


@users_group.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([str(role) for role in Role]))
@click.option("--team", "team_name", help="The team the person belongs to.")
@click.option("--name", default="", help="Their name as reports should show it.")
@click.option("--supervises", multiple=True, help="A team they supervise (repeatable).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(email, role, team_name, name, supervises, password_stdin):
    """Create a person; asks for their password (or reads it from stdin)."""
    from quiz.models import Team
    from quiz.services.accounts import AccountError, create_user

    if password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)

    def team_named(team: str) -> Team:
        found = db.session.scalar(select(Team).where(Team.name == team))
        if found is None:
            fail(f"There is no team called '{team}'.")
        return found

    try:
        user = create_user(
            email,
            name,
            password,
            role,
            team=team_named(team_name) if team_name else None,
            supervises=[team_named(t) for t in supervises],
        )
    except AccountError as error:
        db.session.rollback()
        fail(str(error))
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role}).")
