"""`flask people import`: the stable command-line interface to the people import."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import User
from quiz.services.demo import create_demo
from tests.seed import ROOT

SAMPLE = str(ROOT / "demo" / "people-sample.csv")


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def run(*args):
        return runner.invoke(args=["people", "import", *args])

    return run


@pytest.fixture
def demo(app):
    create_demo(date.today())
    db.session.commit()


def users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_dry_run_json_gives_every_row_and_the_leavers(cli, demo):
    before = users()
    result = cli(SAMPLE, "--dry-run", "--json")
    assert result.exit_code == 1  # rows are refused and --only-good-rows was not given
    assert "Nothing would be imported: 6 rows are refused" in result.stderr
    report = json.loads(result.stdout)
    assert len(report["rows"]) == 50 and report["written"] is False
    assert report["rows"][0] == {
        "row": 2,
        "email": "practitioner@example.org",
        "outcome": "unchanged",
        "problems": [],
        "changes": [],
    }
    refused = {r["row"]: r["problems"] for r in report["rows"] if r["outcome"] == "refused"}
    assert refused[14] == ["email: missing email"]
    assert refused[29] == ["email: row 7 has this email already"]
    assert {r["outcome"] for r in report["rows"]} == {"new", "changed", "unchanged", "refused"}
    assert [p["email"] for p in report["leavers"]] == ["health.visitor@example.org"]
    assert users() == before


def test_import_the_good_rows_then_again_changes_nothing(cli, demo):
    result = cli(SAMPLE, "--only-good-rows", "--deactivate-leavers")
    assert result.exit_code == 0, result.output
    assert (
        "Imported: 41 new, 1 changed, 2 unchanged, 6 refused and not imported, 1 deactivated"
        in (result.stdout)
    )
    again = json.loads(cli(SAMPLE, "--only-good-rows", "--json").stdout)
    assert {r["outcome"] for r in again["rows"]} == {"unchanged", "refused"}
    assert again["leavers"] == []


def test_refused_rows_stop_the_import(cli, demo):
    before = users()
    result = cli(SAMPLE)
    assert result.exit_code == 1
    assert "row 35: refused: role: unknown role 'manager'" in result.stdout
    assert "Nothing was imported" in result.stderr and "--only-good-rows" in result.stderr
    assert users() == before


def test_dry_run_with_only_good_rows_succeeds_and_writes_nothing(cli, demo):
    before = users()
    result = cli(SAMPLE, "--dry-run", "--only-good-rows")
    assert result.exit_code == 0, result.output
    assert "Nothing was written (--dry-run)." in result.stdout
    assert users() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\x00\x01\x02", "not a CSV file"),
        (b"first,last\nAna,Lee\n", "must be the header"),
    ],
)
def test_a_bad_file_exits_non_zero_with_a_clear_message(cli, tmp_path, content, message):
    path = tmp_path / "staff.csv"
    path.write_bytes(content)
    result = cli(str(path), "--json")
    assert result.exit_code == 1
    assert result.stderr.startswith("staff.csv: ") and message in result.stderr
    assert result.stdout == ""


def test_a_missing_file(cli, tmp_path):
    result = cli(str(tmp_path / "nope.csv"))
    assert result.exit_code == 1 and "No such file" in result.stderr
