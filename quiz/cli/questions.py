"""``flask questions``: check the question bank folder, load it, export a briefing to it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from quiz.cli.common import fail
from quiz.extensions import db


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
        fail(str(error))
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
        fail(f"Nothing was loaded.\n{error}")
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
        fail(f"There is no briefing '{briefing}'.")
    try:
        folder = export_briefing(found, _bank_dir(directory), overwrite=force)
    except FileExistsError as error:
        fail(str(error))
    click.echo(f"Wrote {folder}/briefing.txt and {folder}/questions.yaml")


@questions_group.command("lint")
@click.argument("directory", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option(
    "--library", is_flag=True, help="Check the library's seeds (quiz/library/themes.yaml) instead."
)
def lint_command(directory: str | None, as_json: bool, library: bool):
    """Check the questions in DIRECTORY (default: questions/) for item-writing flaws.

    Flaws are cues that let a reader answer without reading the scenario: the right option
    longest, reasons only on wrong options, "always" or "never", a negative question, options
    alike, an option echoing the scenario, and, across a briefing or the bank, right answers
    bunched in one position or too often the longest, most cautious or most active option.

    Exits with code 0 when nothing is found, 1 when flaws are found, 2 when the bank cannot
    be read.
    """
    from quiz.bank.reader import BankError, read_bank
    from quiz.library import load_library
    from quiz.question_lint import bank_report, has_flaws, library_report, report_lines

    if library and directory:
        raise click.UsageError("Give a folder or --library, not both.")
    if library:
        report = library_report(load_library())
    else:
        try:
            report = bank_report(read_bank(_bank_dir(directory)))
        except BankError as error:
            click.echo(str(error), err=True)
            sys.exit(2)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for line in report_lines(report):
            click.echo(line)
    sys.exit(1 if has_flaws(report) else 0)
