"""The stable command-line interface."""

import json
import re
import shutil

import click
import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Agency, Team, User
from tests.seed import (
    QUESTIONS_DIR,
    ROOT,
    SEED_BRIEFING,
    SEED_QUESTION_COUNT,
    SEED_QUESTIONS_PER_THEME,
    SEED_SLUG,
    SEED_THEMES,
)


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def run(*args, input=None):
        return runner.invoke(args=list(args), input=input)

    return run


def test_briefing_parse_json_on_the_seed(cli):
    result = cli("briefing", "parse", str(SEED_BRIEFING), "--json")
    assert result.exit_code == 0
    parsed = json.loads(result.output)
    assert [s["number"] for s in parsed["sections"]] == ["01", "02", "07", "06", "05", "03", "04"]
    assert parsed["learning_themes"] == list(SEED_THEMES)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\xff", "not a text file"),
        (b"01 Background\n\nSome text.\n", "No learning themes found"),
    ],
)
def test_briefing_parse_refuses_bad_files(cli, tmp_path, content, expected):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = cli("briefing", "parse", str(path), "--json")
    assert result.exit_code != 0
    assert expected in result.output


def test_briefing_parse_missing_file(cli, tmp_path):
    result = cli("briefing", "parse", str(tmp_path / "nope.txt"))
    assert result.exit_code != 0 and "no such file" in result.output


def test_questions_check_json_counts_questions_per_theme(cli):
    result = cli("questions", "check", str(QUESTIONS_DIR), "--json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    [briefing] = report["briefings"]
    assert briefing["slug"] == SEED_SLUG
    assert [t["questions"] for t in briefing["themes"]] == list(SEED_QUESTIONS_PER_THEME)


def test_questions_check_reports_path_and_line(cli, tmp_path):
    bank = tmp_path / "bank"
    shutil.copytree(QUESTIONS_DIR, bank)
    path = bank / SEED_SLUG / "questions.yaml"
    lines = path.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if "feedback:" in line)
    indent = len(lines[number]) - len(lines[number].lstrip())
    lines[number] = lines[number].split("feedback:")[0] + "feedback: ''"
    # Drop the folded text that followed, so the file stays valid YAML.
    while len(lines[number + 1]) - len(lines[number + 1].lstrip()) > indent:
        del lines[number + 1]
    path.write_text("\n".join(lines) + "\n")
    result = cli("questions", "check", str(bank))
    assert result.exit_code != 0
    assert f"questions.yaml:{number + 1}:" in result.output
    assert "feedback" in result.output


def test_questions_load_is_idempotent(cli, app):
    first = cli("questions", "load", str(QUESTIONS_DIR))
    assert first.exit_code == 0 and f"questions created: {SEED_QUESTION_COUNT}" in first.output
    second = cli("questions", "load", str(QUESTIONS_DIR))
    assert "questions created: 0" in second.output
    assert f"questions unchanged: {SEED_QUESTION_COUNT}" in second.output


def test_questions_load_loads_nothing_from_a_broken_bank(cli, tmp_path):
    bank = tmp_path / "bank"
    shutil.copytree(QUESTIONS_DIR, bank)
    (bank / SEED_SLUG / "questions.yaml").write_text("themes: [\n")
    result = cli("questions", "load", str(bank))
    assert result.exit_code != 0 and "Nothing was loaded" in result.output


def test_users_create_reads_the_password_from_stdin(cli, app):
    db.session.add(Team(name="Early Help", agency=Agency(name="A")))
    db.session.commit()
    result = cli(
        "users",
        "create",
        "New.Person@Example.org",
        "--role",
        "practitioner",
        "--team",
        "Early Help",
        "--name",
        "New Person",
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "new.person@example.org"))
    assert user.team.name == "Early Help"
    assert user.password_hash.startswith("$argon2id$")


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["bad-email", "--role", "admin"], "a long enough password", "not an email address"),
        (["a@example.org", "--role", "admin"], "short", "at least 12 characters"),
        (
            ["a@example.org", "--role", "admin", "--team", "Nope"],
            "a long enough password",
            "no team",
        ),
    ],
)
def test_users_create_refuses_bad_input(cli, args, password, message):
    result = cli("users", "create", *args, input=password + "\n")
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(select(User)) is None


def test_demo_prints_sign_ins_and_is_idempotent(cli):
    first = cli("demo", "--json")
    assert first.exit_code == 0, first.output
    people = json.loads(first.output)
    assert {p["role"] for p in people} == {"practitioner", "supervisor", "trainer", "admin"}
    assert set(people[0]) == {"email", "password", "role", "name", "team"}
    count = len(db.session.scalars(select(User)).all())
    second = cli("demo", "--json")
    assert json.loads(second.output) == people
    assert len(db.session.scalars(select(User)).all()) == count


# Flask-Migrate's commands are Alembic's, documented there; the README names the one a
# deployment runs. Flask's own (run, shell, routes) live on the flask command, not app.cli.
NOT_OURS = {"db"}
OURS_AFTER_ALL = {"db upgrade", "db backup"}


def commands(group: click.Group, prefix: str = ""):
    """Every command under group as typed after `flask`, walking into subgroups."""
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}"


def our_commands(app) -> list[str]:
    return [c for c in commands(app.cli) if c.split()[0] not in NOT_OURS or c in OURS_AFTER_ALL]


def undocumented(app) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [
        command
        for command in our_commands(app)
        if not re.search(rf"flask --app wsgi {re.escape(command)}(?![\w-])", readme)
    ]


def test_the_command_list_comes_from_the_app(app):
    listed = our_commands(app)
    assert {"briefing parse", "questions load", "users create", "demo", "db upgrade"} <= set(listed)
    assert "db downgrade" not in listed


def test_readme_documents_every_command(app):
    assert undocumented(app) == [], "add these to the command table in README.md"


def test_a_new_command_fails_until_the_readme_documents_it(app):
    app.cli.add_command(click.Command("shiny", callback=lambda: None))
    assert undocumented(app) == ["shiny"]


def test_briefing_drafts_json_gives_tags_and_drafts_for_every_theme(cli):
    result = cli("briefing", "drafts", str(SEED_BRIEFING), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert len(report["themes"]) == len(SEED_THEMES)
    assert report["themes"][0]["tags"][0] == "care-experienced-parents"
    for theme in report["themes"]:
        assert theme["drafts"], theme["theme"]
        for draft in theme["drafts"]:
            assert draft["status"] == "draft"
            assert "Joe" not in json.dumps(draft)


def test_briefing_drafts_flags_a_theme_the_library_does_not_know(cli, tmp_path):
    path = tmp_path / "b.txt"
    path.write_text(
        "A briefing\n\n01 Key learning themes\n\n- The importance of the new IT system\n"
    )
    theme = json.loads(cli("briefing", "drafts", str(path), "--json").output)["themes"][0]
    assert theme["flagged"] and theme["tags"] == []
    assert [d["kind"] for d in theme["drafts"]] == ["reflection"]
