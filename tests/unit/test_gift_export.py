"""Writing our questions as GIFT, reading them back, and the `flask gift` commands."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from quiz.bank.reader import read_bank
from quiz.cli.gift import gift_group
from quiz.gift.convert import StorableQuestion, to_storable
from quiz.gift.reader import parse_gift
from quiz.gift.writer import QuestionToExport, escape, write_gift
from quiz.question import OptionContent, QuestionContent, QuestionKind
from tests.seed import QUESTIONS_DIR, SEED_SLUG


def option(key: str, text: str, correct: bool, feedback: str) -> OptionContent:
    return OptionContent(key, text, correct, feedback)


def single(key="hv-visit", theme="Voice of the child", **changes) -> QuestionToExport:
    content = QuestionContent(
        kind=QuestionKind.SINGLE,
        role="Health visitor",
        scenario='You are a health visitor. Mum says: "he fell".',
        prompt="What should you do now?",
        options=(
            option("a", "Accept it", False, "Be curious."),
            option("b", "Ask the child", True, "His voice."),
            option("c", "Wait", False, "Too late."),
        ),
    )
    return QuestionToExport(key, theme, replace(content, **changes))


def read_back(questions: list[QuestionToExport], category: str | None = None):
    result = parse_gift(write_gift(questions, category))
    assert result.problems == [], result.problems
    return result


def same_content(original: QuestionToExport, stored: StorableQuestion) -> None:
    assert stored.key == original.key
    assert stored.content.kind == original.content.kind
    assert stored.content.scenario == original.content.scenario
    assert stored.content.prompt == original.content.prompt
    assert [(o.text, o.correct, o.feedback) for o in stored.content.options] == [
        (o.text, o.correct, o.feedback) for o in original.content.options
    ]


# -- the writer -----------------------------------------------------------------------------


def test_escape_special_characters_as_moodle_does():
    assert escape("a\\b#c=d~e{f}g:h\ni\r") == "a\\\\b\\#c\\=d\\~e\\{f\\}g\\:h\\ni"


def test_single_best_answer_layout():
    text = write_gift([single()], "joe-aged-six/theme 1")
    assert text.startswith("$CATEGORY: joe-aged-six/theme 1\n\n")
    assert "// [id:hv-visit]\n" in text
    assert "// role: Health visitor\n" in text
    assert "::hv-visit::[markdown]You are a health visitor. Mum says\\: " in text
    assert "\\n\\nWhat should you do now?{\n" in text
    assert "\t~Accept it#Be curious.\n\t=Ask the child#His voice.\n\t~Wait#Too late.\n}\n" in text


def test_no_category_line_without_a_category():
    assert "$CATEGORY" not in write_gift([single()])


def test_single_best_answer_reads_back_as_moodle_multichoice():
    [question] = read_back([single()], "b/theme 1").questions
    data = question.to_moodle()
    assert data["qtype"] == "multichoice" and data["single"] == 1
    assert data["questiontextformat"] == 4  # [markdown]
    assert data["name"] == "hv-visit" and data["idnumber"] == "hv-visit"
    assert data["category"] == "b/theme 1"
    assert [a["fraction"] for a in data["answers"]] == [0.0, 1.0, 0.0]
    assert [a["format"] for a in data["answers"]] == [4, 4, 4]


@pytest.mark.parametrize(
    ("right", "weight", "fraction"),
    [
        (2, "50", 0.5),
        (3, "33.33333", 0.3333333),
        (4, "25", 0.25),
        (5, "20", 0.2),
        (6, "16.66667", 0.1666667),
        (7, "14.28571", 0.1428571),
    ],
)
def test_multiple_response_weights_share_100_between_the_right_answers(right, weight, fraction):
    options = tuple(
        option(chr(97 + i), f"option {i}", i < right, "Why.") for i in range(min(right + 1, 8))
    )
    question = single(kind=QuestionKind.MULTIPLE, options=options)
    text = write_gift([question])
    assert text.count(f"~%{weight}%") == right
    assert "~%-100%" in text
    [read] = read_back([question]).questions
    assert read.single is False
    assert [a.fraction for a in read.answers] == [fraction] * right + [-1.0] * (
        len(options) - right
    )


def test_multiple_response_with_every_option_right():
    options = tuple(option(k, k, True, "Yes.") for k in "ab")
    [read] = read_back([single(kind=QuestionKind.MULTIPLE, options=options)]).questions
    assert [a.fraction for a in read.answers] == [0.5, 0.5]


@pytest.mark.parametrize("true_is_right", [True, False])
def test_true_false_writes_wrong_answer_feedback_first(true_is_right):
    question = single(
        kind=QuestionKind.TRUE_FALSE,
        options=(
            option("true", "True", true_is_right, "About true."),
            option("false", "False", not true_is_right, "About false."),
        ),
    )
    text = write_gift([question])
    if true_is_right:
        assert "{TRUE#About false.#About true.}" in text
    else:
        assert "{FALSE#About true.#About false.}" in text
    [read] = read_back([question]).questions
    assert read.qtype == "truefalse" and read.correctanswer is true_is_right
    assert (read.feedbacktrue.text, read.feedbackfalse.text) == ("About true.", "About false.")
    same_content(question, to_storable(read))


def test_true_false_without_feedback():
    question = single(
        kind=QuestionKind.TRUE_FALSE,
        options=(
            option("true", "True", False, ""),
            option("false", "False", True, "Right."),
        ),
    )
    assert "{FALSE##Right.}" in write_gift([question])
    [read] = read_back([question]).questions
    assert (read.feedbacktrue.text, read.feedbackfalse.text) == ("", "Right.")


def test_special_characters_survive_the_round_trip():
    tricky = "C:\\temp {a} ~b =c #d #### e -> f: g\nnew line \\n not a new line 50% [x]"
    question = single(
        key="tricky",
        scenario=tricky,
        prompt="Who? (=, ~, #, {, }, :)",
        options=(
            option("a", "[html] is text here", True, tricky),
            option("b", "%50%looks like a weight", False, "#1"),
            option("c", "x -> y", False, "=2"),
        ),
    )
    [read] = read_back([question]).questions
    same_content(question, to_storable(read))


def test_texts_are_trimmed():
    question = single(scenario="  Padded.  ")
    [read] = read_back([question]).questions
    assert to_storable(read).content.scenario == "Padded."


def test_unknown_kind_cannot_be_written():
    with pytest.raises(ValueError, match="essay"):
        write_gift([single(kind="essay")])


def test_round_trip_of_the_real_bank():
    bank = read_bank(QUESTIONS_DIR)
    questions = [
        QuestionToExport(q.key, q.theme, q.question)
        for briefing in bank
        for q in briefing.questions
    ]
    assert questions
    result = read_back(questions, "joe-aged-six/theme 1")
    assert len(result.questions) == len(questions)
    kinds = set()
    for original, read in zip(questions, result.questions, strict=True):
        kinds.add(read.kind)
        assert read.idnumber == original.key
        same_content(original, to_storable(read))
    assert kinds == set(QuestionKind)


# -- flask gift -----------------------------------------------------------------------------


@pytest.fixture
def cli(app):
    app.cli.add_command(gift_group)
    runner = app.test_cli_runner()

    def run(*args):
        return runner.invoke(args=["gift", *args])

    return run


SAMPLE = """\
$CATEGORY: top/Safeguarding

// [id:hv-1] [tag:voice]
::Visit::You are a health visitor.\\n\\nWhat next?{
    =Ask the child#Right.
    ~Wait#Too late.
}

::sa::Who is the lead agency? {=children's social care}

::e::What will you do differently? {}
"""


def test_import_dry_run_json(cli, tmp_path):
    path = tmp_path / "bank.gift"
    path.write_text(SAMPLE, encoding="utf-8")
    result = cli("import", str(path), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"questions", "problems", "unstorable"}
    assert data["problems"] == []
    first = data["questions"][0]
    assert first["qtype"] == "multichoice" and first["single"] == 1
    assert (first["name"], first["idnumber"], first["tags"]) == ("Visit", "hv-1", ["voice"])
    assert (first["category"], first["line"]) == ("top/Safeguarding", 4)
    assert [q["qtype"] for q in data["questions"]] == ["multichoice", "shortanswer", "essay"]
    assert data["unstorable"][0].startswith("line 9: 'sa' is a short answer question")
    assert data["unstorable"][1].startswith("line 11: 'e' is an essay question")


def test_import_dry_run_summary(cli, tmp_path):
    path = tmp_path / "bank.gift"
    path.write_text(SAMPLE, encoding="utf-8")
    result = cli("import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "3 questions, 0 problems" in result.output
    assert "single best answer" in result.output and "'Visit'" in result.output
    assert "cannot store" in result.output


def test_import_dry_run_with_problems_exits_1_and_names_the_line(cli, tmp_path):
    path = tmp_path / "bad.gift"
    path.write_text("Fine {T}\n\n::broken:: Pick {\n=a\n~b\n", encoding="utf-8")
    result = cli("import", str(path), "--dry-run")
    assert result.exit_code == 1
    assert f"{path}:3: 'broken' has a {{ that is never closed" in result.output
    result = cli("import", str(path), "--dry-run", "--json")
    assert result.exit_code == 1
    assert json.loads(result.output)["problems"][0]["line"] == 3


def test_import_without_a_briefing_says_which_option_is_missing(cli, tmp_path):
    path = tmp_path / "bank.gift"
    path.write_text(SAMPLE, encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert "--briefing SLUG" in result.output and "Nothing was imported" in result.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe?\x00{\x00T\x00}\x00", "UTF-16"),
        (b"Q {T}\x00\x01\x02", "not a text file"),
        (b"Caf\xe9 {T}", "not UTF-8"),
    ],
)
def test_import_refuses_files_that_are_not_utf8_text(cli, tmp_path, content, expected):
    path = tmp_path / "bad.gift"
    path.write_bytes(content)
    result = cli("import", str(path), "--dry-run")
    assert result.exit_code == 1
    assert str(path) in result.output and expected in result.output


def test_import_missing_file_and_folder(cli, tmp_path):
    result = cli("import", str(tmp_path / "nope.gift"), "--dry-run")
    assert result.exit_code == 1 and "nope.gift: no such file" in result.output
    result = cli("import", str(tmp_path), "--dry-run")
    assert result.exit_code == 1 and "folder" in result.output


def test_export_writes_published_questions_by_theme(cli, bank):
    result = cli("export", SEED_SLUG)
    assert result.exit_code == 0, result.output
    read = parse_gift(result.output)
    assert read.problems == []
    published = [q for t in bank.themes for q in t.questions if q.status == "published"]
    assert len(read.questions) == len(published)
    categories = {q.category for q in read.questions}
    assert categories == {f"{SEED_SLUG}/theme {t.position}" for t in bank.themes if t.questions}
    by_key = {q.key: q for q in published}
    for question in read.questions:
        stored = to_storable(question).content
        version = by_key[to_storable(question).key].current_version.content()
        assert (stored.kind, stored.role) == (version.kind, "")
        assert (stored.scenario, stored.prompt) == (version.scenario, version.prompt)
        assert [(o.text, o.correct, o.feedback) for o in stored.options] == [
            (o.text, o.correct, o.feedback) for o in version.options
        ]


def test_export_to_a_file(cli, bank, tmp_path):
    path = tmp_path / "out.gift"
    result = cli("export", SEED_SLUG, str(path))
    assert result.exit_code == 0, result.output
    assert f"to {path}" in result.output
    assert parse_gift(path.read_text(encoding="utf-8")).problems == []


def test_export_unknown_briefing(cli, bank):
    result = cli("export", "no-such-briefing")
    assert result.exit_code == 1
    assert "There is no briefing 'no-such-briefing'" in result.output
    assert SEED_SLUG in result.output
