"""`flask reminders send`: the daily reminders, for cron."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext

from quiz.extensions import db
from quiz.services.reminders import due_for_reminder, send_reminders


@click.group("reminders")
def reminders_group():
    """Email people with an overdue or soon-due briefing."""


@reminders_group.command("send")
@click.option("--dry-run", is_flag=True, help="List who would be reminded; send nothing.")
@with_appcontext
def send_command(dry_run: bool):
    """Remind everyone with an overdue briefing, or one due within REMINDER_DAYS_BEFORE_DUE
    days, copying their supervisors; each person at most once per briefing in
    REMINDER_EVERY_DAYS days."""
    today = date.today()
    items = due_for_reminder(today)
    for item in items:
        state = "overdue" if item.overdue(today) else "due"
        click.echo(f"{item.email}\t{item.briefing_slug}\t{state} {item.due_on.isoformat()}")
    if dry_run:
        click.echo(f"{len(items)} reminders would be sent (dry run: nothing sent).")
        return
    db.session.commit()  # only read so far: no transaction held while the mail goes out
    sending = send_reminders(items, today, actor=None)
    db.session.commit()
    click.echo(
        f"{sending.sent} sent, {sending.console} written to the console, {sending.failed} failed."
    )
    if sending.failed:
        raise SystemExit(1)
