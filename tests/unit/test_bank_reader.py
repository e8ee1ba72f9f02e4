"""The question bank reader: folders of briefing.txt + questions.yaml, problems as path:line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quiz.bank import (
    BankError,
    Problem,
    check_report,
    read_bank,
    read_briefing_folder,
)
from quiz.briefings import BriefingError, parse_briefing_file
from quiz.question import OptionContent
from tests.seed import QUESTIONS_DIR, SEED_SLUG

BRIEFING = """\
7-minute Briefing

01 Background

Some text.

03 Key Learning Themes

- Theme one text
- Theme two text
"""

# Line numbers matter: the tests below assert them. Keep this block aligned with them.
VALID = """\
briefing: joe
themes:
  - theme: Theme one text
    questions:
      - id: q-one
        kind: single
        role: Health visitor
        scenario: >-
          A baby cries a lot.
          Mum seems low.
        prompt: What should you do now?
        options:
          - id: a
            text: Ask about her mood
            correct: true
            feedback: Curiosity helps.
          - id: b
            text: Wait and see
            correct: false
            feedback: Waiting leaves the child at risk.
  - theme: Theme two text
    questions:
      - id: q-two
        kind: true_false
        role: GP
        scenario: "A parent was in care as a child.   "
        prompt: This alone means the child is at risk.
        options:
          - id: true
            text: True
            correct: false
            feedback: Care history is not a risk by itself.
          - id: false
            text: False
            correct: true
            feedback: |
              Ask about support, without assuming.
"""

FEEDBACK = "has no feedback; every option needs feedback that explains why"


@pytest.fixture
def bank_root(tmp_path, monkeypatch):
    """A questions/ folder in a temporary working directory, so paths show as relative."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "questions"
    root.mkdir()
    return root


@pytest.fixture
def make_folder(bank_root):
    """make_folder(yaml_text, slug=, briefing=) writes a briefing folder; None leaves a file out."""

    def make(yaml_text: str | None = VALID, slug: str = "joe", briefing: str | None = BRIEFING):
        folder = bank_root / slug
        folder.mkdir()
        if briefing is not None:
            (folder / "briefing.txt").write_text(briefing, encoding="utf-8")
        if yaml_text is not None:
            text = textwrap.dedent(yaml_text).lstrip("\n")
            (folder / "questions.yaml").write_text(text, encoding="utf-8")
        return folder

    return make


def variant(*replacements: tuple[str, str]) -> str:
    """VALID with exact text replaced (each must occur exactly once)."""
    text = VALID
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def problems(folder: Path) -> list[tuple[int, str]]:
    with pytest.raises(BankError) as caught:
        read_briefing_folder(folder)
    return [(p.line, p.message) for p in caught.value.problems]


# -- a good folder ------------------------------------------------------------------------------


def test_a_valid_folder_reads_back_questions_options_and_lines(make_folder):
    folder = make_folder()

    bank = read_briefing_folder(folder)

    assert bank.slug == "joe"
    assert bank.folder == folder
    assert bank.briefing_text == BRIEFING
    assert bank.briefing.learning_themes == ("Theme one text", "Theme two text")
    one, two = bank.questions
    assert (one.key, one.theme, one.question.kind, one.question.role, one.line) == (
        "q-one",
        "Theme one text",
        "single",
        "Health visitor",
        5,
    )
    assert one.question.scenario == "A baby cries a lot. Mum seems low."
    assert one.question.prompt == "What should you do now?"
    assert one.question.options == (
        OptionContent("a", "Ask about her mood", True, "Curiosity helps."),
        OptionContent("b", "Wait and see", False, "Waiting leaves the child at risk."),
    )
    assert (two.key, two.question.kind, two.line) == ("q-two", "true_false", 23)
    # trailing spaces stripped
    assert two.question.scenario == "A parent was in care as a child."


def test_ids_and_text_are_read_as_written_not_as_yaml_booleans(make_folder):
    two = read_briefing_folder(make_folder()).questions[1]

    assert [(o.key, o.text, o.correct) for o in two.question.options] == [
        ("true", "True", False),
        ("false", "False", True),
    ]
    assert two.question.options[1].feedback == "Ask about support, without assuming."  # no newline


def test_content_is_everything_but_the_line(make_folder, bank_root):
    first = read_briefing_folder(make_folder()).questions[0]
    moved_text = "# a comment\n" + VALID.replace("briefing: joe", "briefing: moved")
    moved = read_briefing_folder(make_folder(moved_text, slug="moved")).questions[0]

    assert first.line == 5 and moved.line == 6
    assert first.content_hash() == moved.content_hash()
    assert first.question == moved.question


def test_check_report_counts_questions_per_theme_in_briefing_order_including_zero(make_folder):
    only_theme_one = VALID.split("  - theme: Theme two text")[0]
    bank = [read_briefing_folder(make_folder(only_theme_one))]

    assert bank[0].questions_for("Theme two text") == ()
    assert check_report(bank) == {
        "briefings": [
            {
                "slug": "joe",
                "themes": [
                    {"theme": "Theme one text", "questions": 1},
                    {"theme": "Theme two text", "questions": 0},
                ],
            }
        ]
    }


def test_a_briefing_without_questions_yaml_is_fine_with_no_questions(make_folder):
    bank = read_briefing_folder(make_folder(None))

    assert bank.questions == ()


def test_read_bank_reads_every_briefing_folder_sorted_by_slug(make_folder, bank_root):
    make_folder(VALID.replace("briefing: joe", "briefing: zed"), slug="zed")
    make_folder(None, slug="abe")
    (bank_root / "notes").mkdir()  # neither file: not a briefing folder
    (bank_root / "README.md").write_text("not a folder")

    bank = read_bank(bank_root)

    assert [b.slug for b in bank] == ["abe", "zed"]
    assert [len(b.questions) for b in bank] == [0, 2]


# -- problems, one at a time --------------------------------------------------------------------

THEMES_LISTED = '"Theme one text"; "Theme two text"'


@pytest.mark.parametrize(
    ("replacements", "expected"),
    [
        pytest.param(
            [("briefing: joe", "briefing: jim")],
            (
                1,
                'briefing: "jim" does not match the folder name "joe"; '
                "they must be the same (or leave briefing: out)",
            ),
            id="briefing-not-folder-name",
        ),
        pytest.param(
            [("- theme: Theme one text", "- theme: Theme one")],
            (
                3,
                'theme "Theme one" is not one of the briefing\'s learning themes; '
                f"copy one of them exactly: {THEMES_LISTED}",
            ),
            id="unknown-theme",
        ),
        pytest.param(
            [("- id: q-two", "- id: q-one")],
            (23, 'question id "q-one" is already used on line 5; each question needs its own id'),
            id="duplicate-question-id",
        ),
        pytest.param(
            [("- id: b", "- id: a")],
            (
                17,
                'option id "a" is used twice in question "q-one" (first on line 13); '
                "each option needs its own id",
            ),
            id="duplicate-option-id",
        ),
        pytest.param(
            [("kind: single", "kind: dropdown")],
            (
                6,
                'question "q-one" has kind "dropdown"; kind must be one of '
                "single, multiple, true_false",
            ),
            id="unknown-kind",
        ),
        pytest.param(
            [
                (
                    "correct: true\n            feedback: Curiosity",
                    "correct: false\n            feedback: Curiosity",
                )
            ],
            (12, 'question "q-one": No option is marked right; mark the best answer as right'),
            id="no-correct-option",
        ),
        pytest.param(
            [
                (
                    "correct: false\n            feedback: Waiting",
                    "correct: true\n            feedback: Waiting",
                )
            ],
            (
                12,
                'question "q-one": A single best answer question has exactly one right '
                "option, but 2 are marked right (a, b)",
            ),
            id="single-with-two-correct",
        ),
        pytest.param(
            [("kind: single", "kind: multiple")],
            (
                12,
                'question "q-one": A multiple response question needs at least two right '
                "options, but a is marked right; mark another, or make it a single best "
                "answer question",
            ),
            id="multiple-with-one-correct",
        ),
        pytest.param(
            [("- id: true", "- id: yes-it-is")],
            (
                28,
                'question "q-two": A true or false question has two options, True and '
                "False (ids true and false); this one has yes-it-is, false",
            ),
            id="true-false-ids",
        ),
        pytest.param(
            [("            feedback: Waiting leaves the child at risk.\n", "")],
            (17, f'option "b" {FEEDBACK}'),
            id="missing-feedback",
        ),
        pytest.param(
            [("feedback: Waiting leaves the child at risk.", 'feedback: "  "')],
            (20, f'option "b" {FEEDBACK}'),
            id="empty-feedback",
        ),
        pytest.param(
            [("text: Wait and see", "text:")],
            (18, 'option "b" has an empty text'),
            id="empty-option-text",
        ),
        pytest.param(
            [("role: Health visitor", 'role: ""')],
            (7, 'question "q-one" has an empty role'),
            id="empty-role",
        ),
        pytest.param(
            [("prompt: What should you do now?", "prompt:")],
            (11, 'question "q-one" has an empty prompt'),
            id="empty-prompt",
        ),
        pytest.param(
            [("          A baby cries a lot.\n          Mum seems low.\n", "")],
            (8, 'question "q-one" has an empty scenario'),
            id="empty-scenario",
        ),
        pytest.param(
            [("- id: q-one", "- id: Q_One")],
            (
                5,
                'question id "Q_One" should use only lower-case letters, digits and hyphens, '
                "start with a letter or digit, and be at most 100 characters",
            ),
            id="bad-question-id",
        ),
        pytest.param(
            [
                (
                    "correct: false\n            feedback: Waiting",
                    'correct: "no"\n            feedback: Waiting',
                )
            ],
            (19, 'option "b": correct should be true or false, not "no"'),
            id="correct-not-boolean",
        ),
        pytest.param(
            [("        role: GP\n", "")],
            (23, 'question "q-two" has no role; add "role:"'),
            id="missing-role",
        ),
        pytest.param(
            [
                (
                    "          - id: b\n"
                    "            text: Wait and see\n"
                    "            correct: false\n"
                    "            feedback: Waiting leaves the child at risk.\n",
                    "",
                )
            ],
            (
                12,
                'question "q-one": A single best answer question has 2 to 8 options; '
                "this one has 1",
            ),
            id="too-few-options",
        ),
    ],
)
def test_each_problem_is_reported_on_its_line(make_folder, replacements, expected):
    assert problems(make_folder(variant(*replacements))) == [expected]


def test_a_yaml_syntax_error_is_reported_on_its_line(make_folder):
    broken = variant(("prompt: What should you do now?", "prompt: What: now?"))

    assert problems(make_folder(broken)) == [
        (
            11,
            "this is not valid YAML: mapping values are not allowed here; "
            "if the text has a colon in it, put it in quotes",
        )
    ]


def test_the_top_level_must_be_a_mapping(make_folder):
    assert problems(make_folder("- theme: Theme one text\n")) == [
        (
            1,
            'the file should start with "themes:" (a list of themes and their questions), '
            "but it is a list",
        ),
    ]


def test_lists_must_be_lists(make_folder):
    text = """\
    themes:
      - theme: Theme one text
        questions:
          id: q-one
    """
    assert problems(make_folder(text)) == [
        (4, '"questions:" should be a list of questions, but it is a mapping (key: value pairs)'),
    ]


def test_a_misspelt_key_is_unknown_and_leaves_the_real_one_missing(make_folder):
    text = variant(("prompt: What should you do now?", "promt: What should you do now?"))

    assert problems(make_folder(text)) == [
        (5, 'question "q-one" has no prompt; add "prompt:"'),
        (
            11,
            'this question has an unknown key "promt"; '
            "the keys are id, kind, role, scenario, prompt, options",
        ),
    ]


def test_questions_yaml_without_briefing_txt_is_reported_on_the_folder(make_folder):
    folder = make_folder(variant(("- id: b", "- id: B")), briefing=None)

    with pytest.raises(BankError) as caught:
        read_briefing_folder(folder)

    assert [str(p) for p in caught.value.problems] == [
        "questions/joe:1: this folder has questions.yaml but no briefing.txt; "
        "add the briefing text the questions are about",
        'questions/joe/questions.yaml:17: option id "B" should use only lower-case letters, '
        "digits and hyphens, start with a letter or digit, and be at most 40 characters",
    ]


def test_a_briefing_the_parser_rejects_is_reported_with_the_parsers_message(make_folder):
    folder = make_folder(briefing="Just some notes, no sections and no themes.\n")
    with pytest.raises(BriefingError) as rejected:
        parse_briefing_file(folder / "briefing.txt")

    with pytest.raises(BankError) as caught:
        read_briefing_folder(folder)

    assert caught.value.problems == [
        Problem("questions/joe/briefing.txt", 1, str(rejected.value)),
    ]


def test_read_bank_collects_every_problem_from_every_folder(make_folder, bank_root):
    make_folder(variant(("kind: single", "kind: best")), slug="b-second")
    make_folder(
        variant(
            ("briefing: joe", "briefing: a-first"),
            ("            feedback: Curiosity helps.\n", ""),
            ("role: GP", "role:"),
        ),
        slug="a-first",
    )

    with pytest.raises(BankError) as caught:
        read_bank(bank_root)

    assert str(caught.value).splitlines() == [
        f'questions/a-first/questions.yaml:13: option "a" {FEEDBACK}',
        'questions/a-first/questions.yaml:24: question "q-two" has an empty role',
        'questions/b-second/questions.yaml:1: briefing: "joe" does not match the folder name '
        '"b-second"; they must be the same (or leave briefing: out)',
        'questions/b-second/questions.yaml:6: question "q-one" has kind "best"; '
        "kind must be one of single, multiple, true_false",
    ]


def test_paths_outside_the_working_directory_are_shown_as_given(tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = tmp_path / "bank" / "joe"
    folder.mkdir(parents=True)
    (folder / "briefing.txt").write_text(BRIEFING, encoding="utf-8")
    (folder / "questions.yaml").write_text("themes: [\n", encoding="utf-8")
    monkeypatch.chdir(elsewhere)

    with pytest.raises(BankError) as caught:
        read_bank(tmp_path / "bank")

    [problem] = caught.value.problems
    assert problem.path == str(folder / "questions.yaml")
    assert problem.line == 2


def test_a_missing_bank_folder_is_a_problem(bank_root):
    with pytest.raises(BankError, match="questions/nowhere:1: the question bank folder"):
        read_bank(bank_root / "nowhere")


# -- the real bank ------------------------------------------------------------------------------


def test_the_real_bank_has_at_least_three_questions_per_theme():
    bank = {b.slug: b for b in read_bank(QUESTIONS_DIR)}

    joe = bank[SEED_SLUG]
    counts = {t: len(joe.questions_for(t)) for t in joe.briefing.learning_themes}
    assert len(counts) == 4
    assert all(n >= 3 for n in counts.values()), counts
