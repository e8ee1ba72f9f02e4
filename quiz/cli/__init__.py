"""Flask commands. They call the same modules as the web pages; each group has its module."""

from __future__ import annotations

from flask import Flask
from flask_migrate.cli import db as database_group

from quiz.cli.briefing import briefing_group
from quiz.cli.database import backup_command
from quiz.cli.demo import demo_command
from quiz.cli.people import people_group
from quiz.cli.questions import questions_group
from quiz.cli.reminders import reminders_group
from quiz.cli.retention import retention_group
from quiz.cli.users import users_group


def register_cli(app: Flask) -> None:
    app.cli.add_command(briefing_group)
    app.cli.add_command(questions_group)
    app.cli.add_command(users_group)
    app.cli.add_command(demo_command)
    app.cli.add_command(people_group)
    app.cli.add_command(reminders_group)
    app.cli.add_command(retention_group)
    # Flask-Migrate's `flask db` group: the backup sits beside `flask db upgrade`.
    database_group.add_command(backup_command)

    from quiz.cli.gift import gift_group

    app.cli.add_command(gift_group)
