"""Flask commands. They call the same modules as the web pages."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import select

from quiz.extensions import db


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def register_cli(app: Flask) -> None:
    app.cli.add_command(briefing_group)
    app.cli.add_command(questions_group)
    app.cli.add_command(users_group)
    app.cli.add_command(demo_command)

    from quiz.cli.gift import gift_group

    app.cli.add_command(gift_group)


@click.group("briefing", help="Work with briefing files.")
def briefing_group():
    pass


def _parsed_or_fail(file: Path):
    from quiz.briefings import BriefingError, parse_briefing_file

    if not file.exists():
        _fail(f"{file}: no such file")
    try:
        return parse_briefing_file(file)
    except BriefingError as error:
        _fail(f"{file}: {error}")


@briefing_group.command("parse")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def parse_command(file: Path, as_json: bool):
    """Find the sections and learning themes in a briefing FILE."""
    parsed = _parsed_or_fail(file)
    if as_json:
        click.echo(json.dumps(parsed.to_json(), indent=2, ensure_ascii=False))
        return
    click.echo(parsed.title)
    for section in parsed.sections:
        click.echo(f"  {section.number or '--'} {section.heading}")
    click.echo("Learning themes:")
    for number, theme in enumerate(parsed.learning_themes, start=1):
        click.echo(f"  {number}. {theme}")


@briefing_group.command("drafts")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def drafts_command(file: Path, as_json: bool):
    """Library tags and draft scenario questions for every learning theme of a briefing FILE."""
    from quiz.library import draft_briefing

    parsed = _parsed_or_fail(file)
    proposals = draft_briefing(parsed)
    if as_json:
        report = {"title": parsed.title, "themes": [p.to_json() for p in proposals]}
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    for number, proposal in enumerate(proposals, start=1):
        tags = ", ".join(proposal.tags) or "no library theme"
        click.echo(f"{number}. {proposal.theme}\n   tags: {tags}")
        if proposal.flagged:
            click.echo(f"   for the trainer: {proposal.reason}")
        for draft in proposal.drafts:
            question = draft.question
            click.echo(f"   draft ({question.kind}, {question.role}): {question.prompt}")


def _bank_dir(directory: str | None) -> Path:
    return Path(directory or current_app.config["QUESTIONS_DIR"])


@click.group("questions", help="Check and load the question bank folder.")
def questions_group():
    pass


@questions_group.command("check")
@click.argument("directory", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def check_command(directory: str | None, as_json: bool):
    """Validate the question bank in DIRECTORY (default: questions/)."""
    from quiz.bank.reader import BankError, check_report, read_bank

    try:
        bank = read_bank(_bank_dir(directory))
    except BankError as error:
        _fail(str(error))
    report = check_report(bank)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    for briefing in report["briefings"]:
        click.echo(briefing["slug"])
        for theme in briefing["themes"]:
            click.echo(f"  {theme['questions']:3d}  {theme['theme']}")


@questions_group.command("load")
@click.argument("directory", required=False)
def load_command(directory: str | None):
    """Load or update the question bank from DIRECTORY into the database."""
    from quiz.bank.reader import BankError, read_bank
    from quiz.services.bank_loading import LoadError, load_bank

    try:
        summary = load_bank(read_bank(_bank_dir(directory)))
    except (BankError, LoadError) as error:
        db.session.rollback()
        _fail(f"Nothing was loaded.\n{error}")
    db.session.commit()
    for line in summary.lines():
        click.echo(line)


@questions_group.command("export")
@click.argument("briefing")
@click.argument("directory", required=False)
@click.option("--force", is_flag=True, help="Replace files that are already there.")
def export_command(briefing: str, directory: str | None, force: bool):
    """Write BRIEFING's text and published questions to DIRECTORY/<slug>/ (default: questions/)."""
    from quiz.models import Briefing
    from quiz.services.bank_export import export_briefing

    found = db.session.scalar(select(Briefing).where(Briefing.slug == briefing))
    if found is None:
        _fail(f"There is no briefing '{briefing}'.")
    try:
        folder = export_briefing(found, _bank_dir(directory), overwrite=force)
    except FileExistsError as error:
        _fail(str(error))
    click.echo(f"Wrote {folder}/briefing.txt and {folder}/questions.yaml")


@click.group("users", help="Manage people who can sign in.")
def users_group():
    pass


@users_group.command("create")
@click.argument("email")
@click.option(
    "--role", required=True, type=click.Choice(["practitioner", "supervisor", "trainer", "admin"])
)
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
            _fail(f"There is no team called '{team}'.")
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
        _fail(str(error))
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role}).")


@click.command("demo")
@click.option("--json", "as_json", is_flag=True, help="Print the sign-ins as JSON.")
def demo_command(as_json: bool):
    """Create a demo partnership with known sign-ins (for trying the app only)."""
    from quiz.bank.reader import read_bank
    from quiz.models import Briefing
    from quiz.services.bank_loading import load_bank
    from quiz.services.demo import create_demo

    if db.session.scalar(select(Briefing).limit(1)) is None:
        load_bank(read_bank(current_app.config["QUESTIONS_DIR"]))
    people = create_demo(date.today())
    db.session.commit()
    if as_json:
        click.echo(json.dumps([p.sign_in() for p in people], indent=2))
        return
    click.echo("Demo sign-ins (for trying the app only):")
    for person in people:
        click.echo(f"  {person.role:<13} {person.email:<28} {person.password}")
