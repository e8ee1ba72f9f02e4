"""The one definition of a question: its rules, and a fingerprint that never drifts."""

import json

import pytest

from quiz.bank import read_bank
from quiz.question import (
    MAX_OPTIONS,
    OptionContent,
    QuestionContent,
    QuestionKind,
    lettered,
    problems,
    true_false,
)
from tests.seed import BANK_BEFORE_REVISION, QUESTIONS_DIR, ROOT, UNCHANGED_BY_REVISION


def question(kind=QuestionKind.SINGLE, options=None, **fields) -> QuestionContent:
    if options is None:
        options = lettered([("Ask", True, "Right."), ("Wait", False, "Wrong.")])
    values = {"role": "Health visitor", "scenario": "You visit.", "prompt": "What now?"}
    values.update(fields)
    return QuestionContent(kind=kind, options=tuple(options), **values)


def messages(content: QuestionContent, **kwargs) -> list[str]:
    return [p.message for p in problems(content, **kwargs)]


def test_a_sound_question_has_no_problems():
    assert problems(question()) == []
    assert problems(question(QuestionKind.TRUE_FALSE, true_false(False, "No.", "Yes."))) == []


def test_up_to_eight_options_and_never_more():
    eight = lettered([(f"Option {i}", i == 0, "Why.") for i in range(MAX_OPTIONS)])
    assert problems(question(options=eight)) == []
    nine = (*eight, OptionContent("i", "Option 9", False, "Why."))
    assert messages(question(options=nine)) == [
        "A single best answer question has 2 to 8 options; this one has 9"
    ]
    with pytest.raises(ValueError):
        lettered([("x", False, "")] * (MAX_OPTIONS + 1))


@pytest.mark.parametrize(
    ("kind", "rights", "expected"),
    [
        (QuestionKind.SINGLE, [], "No option is marked right; mark the best answer as right"),
        (
            QuestionKind.SINGLE,
            [0, 1],
            "A single best answer question has exactly one right option, but 2 are marked "
            "right (a, b)",
        ),
        (
            QuestionKind.MULTIPLE,
            [0],
            "A multiple response question needs at least two right options, but a is marked "
            "right; mark another, or make it a single best answer question",
        ),
    ],
)
def test_right_answers_fit_the_kind(kind, rights, expected):
    options = lettered([(f"Option {i}", i in rights, "Why.") for i in range(3)])
    assert messages(question(kind, options)) == [expected]


def test_true_or_false_has_true_and_false_options_and_one_right():
    renamed = lettered([("True", True, "Yes."), ("False", False, "No.")])
    assert "ids true and false" in messages(question(QuestionKind.TRUE_FALSE, renamed))[0]
    both = (OptionContent("true", "True", True, "."), OptionContent("false", "False", True, "."))
    assert "one of them is right" in messages(question(QuestionKind.TRUE_FALSE, both))[0]


def test_every_blank_field_and_option_is_named():
    options = (OptionContent("a", " ", True, ""), OptionContent("a", "Wait", False, "Why."))
    found = problems(question(options=options, role="", prompt=" "))
    assert [(p.field, p.option) for p in found] == [
        ("role", None),
        ("prompt", None),
        ("option", 1),
        ("option", 1),
        ("option", 2),
    ]
    assert "Enter the text of option 1" in [p.message for p in found]
    assert "Option 2 has the same id as an earlier option" in [p.message for p in found]


def test_drafts_may_wait_for_feedback_but_published_questions_may_not():
    options = lettered([("Ask", True, ""), ("Wait", False, "")])
    assert problems(question(options=options), feedback_required=False) == []
    assert len(problems(question(options=options))) == 2


def test_unknown_kind_is_refused():
    assert messages(question("essay"))[0].startswith("Choose the kind of question")


def test_content_hash_of_the_seed_bank_is_what_earlier_releases_saved():
    """Hashes computed by the code before the one definition existed (tests/data), of the bank
    as it was then (kept in tests/data/bank_before_revision): the hash function has not
    drifted, so a bank loaded by an earlier release gets new versions only where a question
    really changed."""
    saved = json.loads((ROOT / "tests/data/seed_content_hashes.json").read_text())
    bank = read_bank(BANK_BEFORE_REVISION)
    now = {q.key: q.content_hash() for briefing in bank for q in briefing.questions}
    assert now == saved


def test_the_revision_kept_some_questions_word_for_word():
    before = {q.key: q.content_hash() for b in read_bank(BANK_BEFORE_REVISION) for q in b.questions}
    now = {q.key: q.content_hash() for b in read_bank(QUESTIONS_DIR) for q in b.questions}
    assert sorted(k for k in before if before[k] == now.get(k)) == sorted(UNCHANGED_BY_REVISION)
