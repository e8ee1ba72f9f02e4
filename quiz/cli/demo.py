"""``flask demo``: a demo partnership with known sign-ins, for trying the app only."""

from __future__ import annotations

import json
from datetime import date

import click
from flask import current_app
from sqlalchemy import select

from quiz.extensions import db


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
