"""The stable command-line interface."""

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Agency, Team, User
from tests.conftest import QUESTIONS_DIR

SEED = QUESTIONS_DIR / "joe-aged-six" / "briefing.txt"


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def run(*args, input=None):
        return runner.invoke(args=list(args), input=input)

    return run


def test_briefing_parse_json_on_the_seed(cli):
    result = cli("briefing", "parse", str(SEED), "--json")
    assert result.exit_code == 0
    parsed = json.loads(result.output)
    assert [s["number"] for s in parsed["sections"]] == ["01", "02", "07", "06", "05", "03", "04"]
    assert parsed["learning_themes"][2] == "Lack of appropriate response to physical abuse"
    assert len(parsed["learning_themes"]) == 4


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
    assert briefing["slug"] == "joe-aged-six"
    assert [t["questions"] for t in briefing["themes"]] == [4, 4, 4, 4]


def test_questions_check_reports_path_and_line(cli, tmp_path):
    bank = tmp_path / "bank"
    shutil.copytree(QUESTIONS_DIR, bank)
    path = bank / "joe-aged-six" / "questions.yaml"
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
    assert first.exit_code == 0 and "questions created: 16" in first.output
    second = cli("questions", "load", str(QUESTIONS_DIR))
    assert "questions created: 0" in second.output and "questions unchanged: 16" in second.output


def test_questions_load_loads_nothing_from_a_broken_bank(cli, tmp_path):
    bank = tmp_path / "bank"
    shutil.copytree(QUESTIONS_DIR, bank)
    (bank / "joe-aged-six" / "questions.yaml").write_text("themes: [\n")
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


def test_readme_documents_every_command():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for command in ("briefing parse", "questions check", "questions load", "demo", "users create"):
        assert command in readme


def test_briefing_drafts_json_gives_tags_and_drafts_for_every_theme(cli):
    result = cli("briefing", "drafts", str(SEED), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert len(report["themes"]) == 4
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
