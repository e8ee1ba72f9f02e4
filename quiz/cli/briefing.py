"""``flask briefing``: what the parser and the theme library make of a briefing file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from quiz.cli.common import fail


@click.group("briefing", help="Work with briefing files.")
def briefing_group():
    pass


def _parsed_or_fail(file: Path):
    from quiz.briefings import BriefingError, parse_briefing_file

    if not file.exists():
        fail(f"{file}: no such file")
    try:
        return parse_briefing_file(file)
    except BriefingError as error:
        fail(f"{file}: {error}")


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
