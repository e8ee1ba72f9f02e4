"""Fuzzing every reader of untrusted text: never an unexpected exception, never slow.

Hypothesis builds texts from the pieces each reader reacts to (headings, bullets,
brackets, GIFT's special characters, YAML's anchors and flow collections), with long
lines and one piece repeated thousands of times, and splices them into real files (see
tests/fuzzing.py). The whole file runs in about 15 seconds on a shared two-core machine.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from quiz.bank import BankError, read_briefing_folder
from quiz.briefings import BriefingError, ParsedBriefing, parse_briefing
from quiz.briefings.extract import extract_text
from quiz.briefings.limits import MAX_HEADING_CHARACTERS
from quiz.gift.model import GiftFile
from quiz.gift.reader import parse_gift
from tests.deadline import within_seconds
from tests.documents import make_docx, make_pdf
from tests.fuzzing import (
    BRIEFING_PIECES,
    BRIEFING_SAMPLES,
    EXAMPLES,
    FUZZ,
    HARD_LIMIT_SECONDS,
    texts,
)
from tests.unit.test_bank_reader import BRIEFING, VALID

GIFT_SAMPLE = """\
// [id:q-1] [tag:curiosity]
$CATEGORY: joe/theme 1

::Mood::[markdown]A baby cries a lot. What should you do?{
=Ask about her mood#Curiosity helps.
~%-50%Wait and see#Waiting leaves the child at risk.
}

::Range:: How many? {#1..5 =3:0.5 ~Too many}

Match these {=a -> 1 =b -> 2} and then _____ more {T#No.#Yes.}
"""


@FUZZ
@given(texts(BRIEFING_PIECES, BRIEFING_SAMPLES))
# Found by fuzzing: a lead-in with a full stop inside a word raised TypeError (a 500).
@example(".Theme 1: .Theme 1: ")
@example("Key learning\n\nWe found.it out:\n- a\n- b")
def test_the_briefing_parser_reads_any_text_or_says_why(text):
    with within_seconds(HARD_LIMIT_SECONDS):
        try:
            parsed = parse_briefing(text)
        except BriefingError as error:
            assert str(error)
        else:
            assert isinstance(parsed, ParsedBriefing)
            # As long as the database keeps them: sections.heading and sections.number.
            for section in parsed.sections:
                assert len(section.heading) <= MAX_HEADING_CHARACTERS
                assert len(section.number or "") <= 10


GIFT_PIECES = [
    *("::", "::Title::", "{", "}", "=", "~", "#", "####", "->", "%50%", "%-100%", "%", "[html]"),
    *("[markdown]", "[moodle]", "[plain]", "[wiki]", "\\", "\\:", "\\{", "\\}", "\\n", "\\~"),
    *("//", "// [id:x]", "[id:", "[tag:t]", "[tag:", "$CATEGORY: a/b", "T", "F", "TRUE"),
    *("FALSE", "1..2", "1:0.5", "1" * 30, "\n", "\n\n", "\n0\n", "0", "<b>", "<", ">", "_____"),
    *(" ", "\r", "\t", "&amp;", "é", ".", "a"),
]


@FUZZ
@given(texts(GIFT_PIECES, [GIFT_SAMPLE]))
def test_the_gift_reader_reads_any_text_or_lists_its_problems(text):
    with within_seconds(HARD_LIMIT_SECONDS):
        gift = parse_gift(text)
    assert isinstance(gift, GiftFile)
    assert all(problem.line >= 1 and problem.message for problem in gift.problems)


YAML_PIECES = [
    *("themes:", "  - theme: ", "    questions:", "      - id: q", "kind: single", "options:"),
    *("correct: true", "feedback: f", "learning_themes:", "title: ", "briefing: joe", "&a ", "*a"),
    *("[", "]", "{", "}", ": ", "- ", "\n", "  ", "\t", "'", '"', "|", ">", "#", "!!str ", "? "),
    *("!!python/object/apply:os.system ['true']", "---", "...", "%YAML 1.1", ",", "null", "~"),
    *("yes", "<<: *a", "\\", "\x00", "\x85", "a"),
]


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as root:
        path = Path(root) / "joe"
        path.mkdir()
        (path / "briefing.txt").write_text(BRIEFING, encoding="utf-8")
        yield path


@FUZZ
@given(text=texts(YAML_PIECES, [VALID]))
def test_the_bank_reader_reads_any_questions_file_or_lists_its_problems(folder, text):
    (folder / "questions.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    with within_seconds(HARD_LIMIT_SECONDS):
        try:
            read_briefing_folder(folder)
        except BankError as error:
            assert all(problem.line >= 1 and problem.message for problem in error.problems)


def _damaged(document: bytes) -> st.SearchStrategy[bytes]:
    """A real document cut short, or with a few bytes changed: every reader's error paths."""
    cut = st.integers(min_value=1, max_value=len(document)).map(lambda n: document[:n])

    @st.composite
    def changed(draw):
        data = bytearray(document)
        for _ in range(draw(st.integers(min_value=1, max_value=8))):
            data[draw(st.integers(min_value=0, max_value=len(data) - 1))] = draw(
                st.integers(min_value=0, max_value=255)
            )
        return bytes(data)

    return st.one_of(cut, changed())


# Each example starts a reading process (a fifth of a second), so fewer of them.
DOCUMENTS = settings(FUZZ, max_examples=min(EXAMPLES, 200) or 15, deadline=None)
WORD = make_docx([("Title", "A briefing"), ("List Bullet", "A theme"), ("Normal", "Text.")])
PDF = make_pdf(["A briefing", "", "Key learning", "- A theme"])


@DOCUMENTS
@given(name=st.sampled_from(["briefing.docx", "briefing.pdf"]), data=st.data())
def test_a_damaged_document_is_read_or_refused_with_a_message_naming_it(name, data):
    document = data.draw(_damaged(WORD if name.endswith(".docx") else PDF))
    with within_seconds(HARD_LIMIT_SECONDS):
        try:
            extract_text(name, document)
        except BriefingError as error:
            assert str(error).startswith(name)
