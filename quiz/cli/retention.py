"""``flask retention apply``: pseudonymise the people who left longer ago than the period."""

from __future__ import annotations

import click
from flask import current_app

from quiz.extensions import db


@click.group("retention", help="Apply the retention period to people who have left.")
def retention_group():
    pass


@retention_group.command("apply")
@click.option("--dry-run", is_flag=True, help="Say whom it would anonymise; change nothing.")
def apply_command(dry_run: bool):
    """Anonymise the people deactivated more than RETENTION_DAYS_AFTER_LEAVING days ago.

    Their names, emails, sign-in details and reflections go; attempts, scores, dates and
    ratings stay, so completion figures do not change. Each real run is in the audit log.
    """
    from quiz.services.retention import apply_retention

    days = int(current_app.config["RETENTION_DAYS_AFTER_LEAVING"])
    run = apply_retention(days, dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    click.echo(f"Retention period: {days} days after leaving.")
    click.echo(("Dry run: " if dry_run else "") + run.summary() + ".")
    if run.people:
        click.echo("People: " + ", ".join(f"user {i}" for i in run.people))
