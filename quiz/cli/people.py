"""``flask people import``: the people CSV import, as on the administrator's pages."""

from __future__ import annotations

import json
from pathlib import Path

import click

from quiz.cli.common import fail
from quiz.extensions import db


@click.group("people", help="Import people from a CSV file.")
def people_group():
    pass


@people_group.command("import")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what the import would do; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print every row and the leavers as JSON.")
@click.option(
    "--only-good-rows", is_flag=True, help="Import the good rows even when some are refused."
)
@click.option(
    "--deactivate-leavers",
    is_flag=True,
    help="Deactivate the active people of the file's agencies whom the file does not name.",
)
def import_command(path: Path, dry_run, as_json, only_good_rows, deactivate_leavers):
    """Import people from FILE (name,email,agency,team,role,supervisor_email).

    Writes nothing when a row is refused, unless --only-good-rows; exits 1 then, and
    when the file cannot be read.
    """
    from quiz.people_file import MAX_BYTES, PeopleFileError, read_people_file
    from quiz.services.people_import import apply, preview

    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)  # one byte more than allowed is enough to refuse
    except OSError as error:
        fail(f"{path}: {error.strerror or error}")
    try:
        people_file = read_people_file(data)
    except PeopleFileError as error:
        fail(f"{path.name}: {error}")
    found = preview(people_file, source=path.name)
    blocked = bool(found.refused) and not only_good_rows
    result = None
    if dry_run or blocked:
        db.session.rollback()
    else:
        result = apply(found, only_good_rows, deactivate_leavers, actor=None)
        db.session.commit()

    if as_json:
        click.echo(json.dumps(_as_json(found, written=result is not None), indent=2))
    else:
        _print(found, deactivate_leavers)
        if result is not None:
            click.echo(f"Imported: {result.summary()}.")
        elif dry_run:
            click.echo("Nothing was written (--dry-run).")
    if blocked:
        count = len(found.refused)
        fail(
            f"Nothing {'would be' if dry_run else 'was'} imported: "
            f"{'1 row is' if count == 1 else f'{count} rows are'} refused. "
            "Correct the file, or add --only-good-rows to import the others."
        )


def _as_json(found, written: bool) -> dict:
    return {
        "rows": [
            {
                "row": r.number,
                "email": r.row.email or None,
                "outcome": str(r.outcome),
                "problems": [str(p) for p in r.problems],
                "changes": list(r.changes),
            }
            for r in found.rows
        ],
        "leavers": [
            {"email": p.email, "name": p.name, "team": p.team, "agency": p.agency}
            for p in found.leavers
        ],
        "written": written,
    }


def _print(found, deactivate_leavers: bool) -> None:
    from quiz.services.people_import import Outcome

    counts = ", ".join(f"{found.count(outcome)} {outcome}" for outcome in Outcome)
    click.echo(f"{found.source}: {len(found.rows)} rows: {counts}.")
    for r in found.in_table_order():
        if r.outcome == Outcome.REFUSED:
            for problem in r.problems:
                click.echo(f"  row {r.number}: refused: {problem}")
        elif r.outcome == Outcome.CHANGED:
            click.echo(f"  row {r.number}: {r.row.email}: {'; '.join(r.changes)}")
    if found.leavers:
        count = len(found.leavers)
        who = "1 active person" if count == 1 else f"{count} active people"
        click.echo(f"Leavers: {who} of these agencies not in the file:")
        for p in found.leavers:
            click.echo(f"  {p.name} <{p.email}>, {p.team}, {p.agency}")
        if not deactivate_leavers:
            click.echo("They stay active: add --deactivate-leavers to deactivate them.")
