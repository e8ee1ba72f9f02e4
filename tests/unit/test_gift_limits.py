"""The GIFT reader bounds what a file can cost: size, lines, question length, and time.

Before, a question text of 80,000 "<" took over three minutes (Moodle's question-name
expressions, copied as regular expressions, tried each "<" to the end of the text), a
comment line of 13,000 "[id:" took 20 s, and a range of numbers with thousands of
digits raised ValueError.
"""

import pytest

from quiz.gift.model import GiftFileError
from quiz.gift.reader import MAX_LINES, MAX_QUESTION_CHARACTERS, parse_gift, read_gift_file
from tests.deadline import within_seconds

SECONDS = 5
LONGEST = MAX_QUESTION_CHARACTERS - 100


def _parse(text: str):
    with within_seconds(SECONDS):
        return parse_gift(text)


def test_a_file_past_the_size_limit_is_not_read(tmp_path):
    path = tmp_path / "big.gift"
    path.write_text("Question {T}\n\n" * 200_000, encoding="utf-8")
    with pytest.raises(GiftFileError) as raised:
        read_gift_file(path)
    assert str(raised.value) == (
        f"{path}: this file is larger than 2 MB; split its questions into smaller files"
    )


def test_a_file_past_the_line_limit_is_refused_at_the_line():
    gift = _parse("Question {T}\n" + "\n" * MAX_LINES)
    assert [(p.line, p.message) for p in gift.problems] == [
        (
            MAX_LINES + 1,
            "this file has more than 50,000 lines; split its questions into smaller files",
        )
    ]
    assert gift.questions == []


def test_a_question_past_the_length_limit_is_refused_on_its_first_line():
    gift = _parse("Short {T}\n\n// a comment\n" + "Long line\n" * 6_000 + "{T}\n\nAfter {F}\n")
    assert [(p.line, p.message) for p in gift.problems] == [
        (
            3,
            "this question is longer than 50,000 characters; a blank line may be missing "
            "between two questions",
        )
    ]
    assert [q.name for q in gift.questions] == ["Short", "After"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("<" * LONGEST + "{=a ~b}", id="many <"),
        pytest.param("::" + "<" * LONGEST + "::Question {T}", id="many < in a title"),
        pytest.param("// " + "[id:" * (LONGEST // 4) + "\nQuestion {T}", id="many [id:"),
        pytest.param("// " + "[tag:" * (LONGEST // 5) + "\nQuestion {T}", id="many [tag:"),
        pytest.param("Question {" + "~" * LONGEST + "}", id="many empty answers"),
        pytest.param("Question {#" + "1" * 20_000 + "..2}", id="a number of 20,000 digits"),
        pytest.param("Question {\n" + "~\n" * (LONGEST // 2) + "}", id="a problem on each line"),
    ],
)
def test_pathological_questions_are_read_in_seconds(text):
    assert len(text) <= MAX_QUESTION_CHARACTERS
    _parse(text)
