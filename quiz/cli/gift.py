"""``flask gift``: check Moodle GIFT files and export a briefing's questions as GIFT.

The reading, converting and writing live in quiz.gift; these commands only find the file or
the briefing, call it, and report.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from sqlalchemy import select

from quiz.extensions import db
from quiz.gift.convert import unstorable_report
from quiz.gift.model import GiftFileError
from quiz.gift.reader import read_gift_file
from quiz.gift.writer import QuestionToExport, write_gift

NO_BRIEFING = (
    "Say which briefing the questions are for: --briefing SLUG (and --theme N for questions "
    "not under a '$CATEGORY: SLUG/theme N' line). Nothing was imported.\n"
    "Run it with --dry-run to check the file and see which questions Briefing Quiz could store."
)


def _fail(message: str, code: int = 1) -> None:
    click.echo(message, err=True)
    sys.exit(code)


@click.group("gift", help="Check Moodle GIFT question files; export questions as GIFT.")
def gift_group():
    pass


@gift_group.command("import")
@click.argument("file")
@click.option(
    "--dry-run", is_flag=True, help="Check the file and show what it holds; store nothing."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--briefing", "briefing_slug", help="Store the questions as drafts of this briefing.")
@click.option("--theme", type=int, help="Theme number for questions without a theme category.")
def import_command(
    file: str, dry_run: bool, as_json: bool, briefing_slug: str | None, theme: int | None
):
    """Read a GIFT FILE as Moodle would; without --dry-run, store its questions as drafts."""
    try:
        gift = read_gift_file(Path(file))
    except GiftFileError as error:
        _fail(str(error))
    if not dry_run:
        _store(gift, briefing_slug, theme)
        return
    unstorable = unstorable_report(gift)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "questions": [q.to_moodle() for q in gift.questions],
                    "problems": [p.to_json() for p in gift.problems],
                    "unstorable": unstorable,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        _print_summary(gift, unstorable)
    if gift.problems:
        sys.exit(1)


def _store(gift, briefing_slug: str | None, theme: int | None) -> None:
    from quiz.models import Briefing
    from quiz.services.gift_import import GiftImportError, import_gift

    if not briefing_slug:
        _fail(NO_BRIEFING, code=2)
    briefing = db.session.scalar(select(Briefing).where(Briefing.slug == briefing_slug))
    if briefing is None:
        _fail(f"There is no briefing '{briefing_slug}'. Nothing was imported.")
    try:
        result = import_gift(gift, briefing, theme)
    except GiftImportError as error:
        db.session.rollback()
        _fail("Nothing was imported:\n" + "\n".join(f"  {p}" for p in error.problems))
    db.session.commit()
    click.echo(
        f"Imported {_count(len(result.created), 'question')} into {briefing.slug} as drafts: "
        "preview and publish them in the app."
    )
    for line in result.missing_feedback:
        click.echo(f"  {line}")
    if result.unstorable:
        click.echo("Not imported (Briefing Quiz cannot store these):")
        for line in result.unstorable:
            click.echo(f"  {gift.source}: {line}")


def _print_summary(gift, unstorable: list[str]) -> None:
    click.echo(
        f"{gift.source}: {_count(len(gift.questions), 'question')}, "
        f"{_count(len(gift.problems), 'problem')}"
    )
    for question in gift.questions:
        click.echo(f"  line {question.line:<5} {question.kind_label:<20} '{question.name}'")
    if gift.problems:
        click.echo("Problems (a question with a problem is not read; fix them and check again):")
        for problem in gift.problems:
            click.echo(f"  {gift.source}:{problem.line}: {problem.message}")
    if unstorable:
        click.echo("Questions Briefing Quiz cannot store:")
        for line in unstorable:
            click.echo(f"  {line}")


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


@gift_group.command("export")
@click.argument("briefing")
@click.argument("file", required=False)
def export_command(briefing: str, file: str | None):
    """Write BRIEFING's published questions as GIFT to FILE (default: standard output)."""
    from quiz.models import Briefing, published_questions

    found = db.session.scalar(select(Briefing).where(Briefing.slug == briefing))
    if found is None:
        slugs = db.session.scalars(select(Briefing.slug).order_by(Briefing.slug)).all()
        known = f" The briefings are: {', '.join(slugs)}." if slugs else " There are no briefings."
        _fail(f"There is no briefing '{briefing}'.{known}")

    sections: list[tuple[str, list[QuestionToExport]]] = []
    count = 0
    for question in db.session.scalars(published_questions(found.id)):
        version = question.current_version
        if version is None:
            continue
        category = f"{found.slug}/theme {question.theme.position}"
        if not sections or sections[-1][0] != category:
            sections.append((category, []))
        sections[-1][1].append(
            QuestionToExport(question.key, question.theme.text, version.content())
        )
        count += 1
    if not count:
        _fail(f"Briefing '{briefing}' has no published questions, so there is nothing to export.")

    title = " ".join(found.title.split())
    header = (
        f"// {title}\n// Exported from Briefing Quiz: the published questions, current versions.\n"
    )
    text = "\n".join([header, *(write_gift(qs, category) for category, qs in sections)])
    if file is None:
        click.echo(text, nl=False)
        return
    try:
        Path(file).write_text(text, encoding="utf-8")
    except OSError as error:
        _fail(f"{file}: cannot write this file: {error.strerror or error}")
    click.echo(f"Wrote {_count(count, 'question')} from '{briefing}' to {file}.")
