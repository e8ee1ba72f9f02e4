"""``flask db backup``: a consistent copy of a SQLite database while the app keeps running."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import click

from quiz.cli.common import fail
from quiz.extensions import db


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(file: Path):
    """Copy the SQLite database to FILE with SQLite's online backup (PostgreSQL: pg_dump)."""
    if db.engine.dialect.name != "sqlite":
        fail(
            "flask db backup copies a SQLite database. For PostgreSQL use pg_dump, "
            "as the README describes."
        )
    if file.exists():
        fail(f"{file} already exists. Choose a new file name, so no backup is overwritten.")
    if not file.parent.is_dir():
        fail(f"There is no folder {file.parent}.")
    # Written beside the target and renamed at the end: a backup cut short never looks whole.
    partial = file.with_name(f".{file.name}.partial-{os.getpid()}")
    source = db.engine.raw_connection()
    try:
        target = sqlite3.connect(partial)
        try:
            # Page by page, taking the read lock only briefly each time, so people can keep
            # answering while it runs; pages written meanwhile are copied again.
            source.driver_connection.backup(target, pages=1024)
        finally:
            target.close()
        os.replace(partial, file)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        fail(f"The backup failed: {error}")
    finally:
        source.close()
    click.echo(f"Backed up the database to {file} ({file.stat().st_size:,} bytes).")
