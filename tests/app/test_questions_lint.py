"""`flask questions lint`: the question checker over the bank folder and the library's seeds."""

import json
import shutil

import pytest

from tests.seed import BANK_BEFORE_REVISION, QUESTIONS_DIR, SEED_QUESTION_COUNT, SEED_SLUG


@pytest.fixture
def lint(app):
    runner = app.test_cli_runner()

    def run(*args):
        return runner.invoke(args=["questions", "lint", *args])

    return run


def test_the_shipped_bank_passes_the_checker(lint):
    result = lint(str(QUESTIONS_DIR))
    assert result.exit_code == 0, result.output
    assert f"0 of {SEED_QUESTION_COUNT} questions have flaws" in result.output


def test_the_library_seeds_pass_the_checker(lint):
    result = lint("--library")
    assert result.exit_code == 0, result.output


def test_json_names_each_flawed_question_and_gives_the_bank_figures(lint):
    """The bank before the revision had the cues the checker looks for."""
    result = lint(str(BANK_BEFORE_REVISION), "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    flawed = {q["key"]: [f["code"] for f in q["flaws"]] for q in report["questions"] if q["flaws"]}
    assert "reasons-only-wrong" in flawed["voice-teacher-drawing-disclosure"]
    assert {q["briefing"] for q in report["questions"]} == {SEED_SLUG}
    bank = report["bank"]
    assert bank["longest_is_right"] == {"count": 8, "of": 14, "share": 0.57}
    assert sum(bank["right_positions"].values()) == 14
    assert "longest-often-right" in [f["code"] for f in bank["flaws"]]
    assert bank["briefings"][SEED_SLUG]["single_answer"] == 14
    assert all(set(f) == {"code", "message"} for q in report["questions"] for f in q["flaws"])


def test_text_output_says_how_to_fix_each_flaw(lint):
    result = lint(str(BANK_BEFORE_REVISION))
    assert result.exit_code == 1
    assert (
        f"{SEED_SLUG}/voice-teacher-drawing-disclosure: [reasons-only-wrong] Options 2 and 3 "
        "give a reason" in result.output
    )
    assert "Give reasons on right and wrong options alike, or on none." in result.output


def test_a_bank_that_cannot_be_read_exits_2(lint, tmp_path):
    bank = tmp_path / "bank"
    shutil.copytree(QUESTIONS_DIR, bank)
    (bank / SEED_SLUG / "questions.yaml").write_text("themes: [\n")
    result = lint(str(bank))
    assert result.exit_code == 2


def test_help_says_what_the_exit_code_means(lint):
    result = lint("--help")
    assert "1 when flaws are found" in " ".join(result.output.split())


def test_a_folder_and_the_library_together_are_refused(lint):
    result = lint(str(QUESTIONS_DIR), "--library")
    assert result.exit_code == 2
    assert "not both" in result.output
