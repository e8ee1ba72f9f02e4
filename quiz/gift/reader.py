"""Reading GIFT files as Moodle's own importer does.

Plain Python: no Flask, no database. The reader follows Moodle's ``qformat_gift``
(question/format/gift/format.php) and the checks Moodle's import makes after it, so a
file that imports cleanly here imports the same way into Moodle, and the other way round.

How Moodle reads a GIFT file, and so how this module reads it:

- Every line is trimmed before the question is read (qformat_default::readquestions() does
  it), so indentation is not kept, not even inside ``<pre>``. A blank line ends a question,
  and so does a line holding only ``0`` (PHP's empty() is true for "0").
- Lines starting ``//`` are comments; ``[tag:name]`` and ``[id:xyz]`` in a question's
  comments become its tags and idnumber.
- ``$CATEGORY: path`` on its own (blank lines around it) sets the category of what follows.
- ``::title::`` names a question; without one the name is the start of the question text.
- ``[html]``, ``[markdown]``, ``[plain]`` or ``[moodle]`` at the start of a text sets its format;
  answers and feedback default to the question text's format.
- ``\\~ \\= \\# \\{ \\} \\:`` are the special characters as text, ``\\\\`` is a backslash and
  ``\\n`` a new line.
- The first ``{`` to the first ``}`` holds the answers. Nothing after the ``}`` means the answers
  follow the question; text after it makes a missing word question (``_____`` marks the gap).

Every problem is collected as a :class:`GiftProblem` (line, message); nothing raises on bad
input. A question with a problem is left out of ``GiftFile.questions``: Moodle either refuses
it or would import something other than what the author meant.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from pathlib import Path

from quiz.gift.answers import AnswersReader, is_true_false
from quiz.gift.model import (
    BLANK,
    FORMAT_MOODLE,
    GiftFile,
    GiftFileError,
    GiftProblem,
    GiftQuestion,
    GiftText,
    quoted,
)
from quiz.gift.names import clean_name, default_name
from quiz.gift.php import PHP_WHITESPACE, trim
from quiz.gift.text import escape_pre, text_with_format, unescape, unknown_format_message

IDNUMBER = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f\x7f])+)\]")
# Where the value of an [id:...] or [tag:...] cannot go on: without a "]" before one of
# these, the value is not closed (see _bracketed).
_ID_STOP = re.compile(r"[\]\x00-\x1f\x7f]")
_TAG_STOP = re.compile(r"[\]<>\x00-\x1f\x7f]")

# A GIFT file for a briefing's questions is tens of KB. These bound what a file can cost.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_LINES = 50_000
MAX_QUESTION_CHARACTERS = 50_000
ZERO_LINE = (
    "this line holds only 0, which Moodle reads as a blank line (PHP counts '0' as empty), "
    "so the question is cut in two here and the 0 is lost; put the 0 on the line above or below"
)


def read_gift_file(path: Path | str) -> GiftFile:
    """Read and parse a GIFT file; raises GiftFileError when it is not readable UTF-8 text."""
    path = Path(path)
    if not path.exists():
        raise GiftFileError(f"{path}: no such file")
    if path.is_dir():
        raise GiftFileError(f"{path}: this is a folder, not a GIFT file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GiftFileError(f"{path}: cannot read this file: {exc.strerror or exc}") from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise GiftFileError(f"{path}: this file is saved as UTF-16; save it as UTF-8 text")
    if len(data) > MAX_FILE_BYTES:
        raise GiftFileError(
            f"{path}: this file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB; "
            "split its questions into smaller files"
        )
    if b"\x00" in data:
        raise GiftFileError(
            f"{path}: this is not a text file (it looks binary); a GIFT file is UTF-8 text"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GiftFileError(f"{path}: this file is not UTF-8 text; save it as UTF-8") from exc
    return parse_gift(text, source=str(path))


def parse_gift(text: str, source: str = "<gift>") -> GiftFile:
    """Every question in a GIFT text, and every problem found, each with its line."""
    result = GiftFile(source=source)
    lines = _lines(text)
    if len(lines) > MAX_LINES:
        message = (
            f"this file has more than {MAX_LINES:,} lines; split its questions into smaller files"
        )
        result.problems.append(GiftProblem(MAX_LINES + 1, message))
        return result
    category: str | None = None
    block: list[tuple[int, str]] = []
    blocks: list[list[tuple[int, str]]] = []
    for index, raw in enumerate(lines):
        line = trim(raw)
        if line and line != "0":
            block.append((index + 1, line))
            continue
        if line == "0" and _next_to_text(lines, index):
            result.problems.append(GiftProblem(index + 1, ZERO_LINE))
        if block:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)
    for lines in blocks:
        if sum(len(text) + 1 for _, text in lines) > MAX_QUESTION_CHARACTERS:
            message = (
                f"this question is longer than {MAX_QUESTION_CHARACTERS:,} characters; a blank "
                "line may be missing between two questions"
            )
            result.problems.append(GiftProblem(lines[0][0], message))
            continue
        reader = _QuestionReader(lines, category)
        question = reader.read()
        category = reader.category
        result.problems.extend(reader.problems)
        if question is not None:
            result.questions.append(question)
    if not result.questions and not result.problems:
        result.problems.append(GiftProblem(1, "there are no questions in this file"))
    result.problems.sort(key=lambda p: p.line)
    return result


def _lines(text: str) -> list[str]:
    """The lines as Moodle's readdata() splits them: at each new line, or at each carriage
    return in a file with no new lines (old Mac files); any other carriage return belongs to
    its line, and trimming removes it from the ends."""
    text = text.removeprefix("\ufeff")
    if "\n" not in text and "\r" in text:
        return text.split("\r")
    return text.split("\n")


def _next_to_text(lines: list[str], index: int) -> bool:
    """Whether a line touches a question: the line above or below it holds something."""
    around = lines[max(index - 1, 0) : index] + lines[index + 1 : index + 2]
    return any(trim(line) not in ("", "0") for line in around)


def extract_idnumber_and_tags(comments: str) -> tuple[str, list[str]]:
    """The first [id:...] and every [tag:...] in a question's comment lines (\\] escapes ])."""
    idnumber = ""
    found = next(_bracketed(IDNUMBER, "[id:", _ID_STOP, comments), None)
    if found:
        idnumber = trim(found).replace("\\]", "]")
    tags = [trim(raw).replace("\\]", "]") for raw in _bracketed(TAG, "[tag:", _TAG_STOP, comments)]
    return idnumber, [tag for tag in tags if tag]


def _bracketed(pattern: re.Pattern[str], opening: str, stop: re.Pattern[str], text: str):
    """The values pattern.finditer(text) finds, in linear time.

    finditer tries each opening in turn, and each that is not closed is searched to the
    end of its line: quadratic for a long line of them. An opening is closed only by a "]"
    before the first stop character after it, so when it is not, no opening before that
    character is either, and the search goes on from there.
    """
    position = 0
    while (start := text.find(opening, position)) != -1:
        match = pattern.match(text, start)
        if match:
            yield match[1]
            position = match.end()
        else:
            end = stop.search(text, start + len(opening))
            position = end.start() if end and end.start() > start else start + 1


class _QuestionReader:
    """One blank-line-separated block: a question, a $CATEGORY: line or only comments."""

    def __init__(self, lines: list[tuple[int, str]], category: str | None):
        self.first_line = lines[0][0]
        self.category = category
        self.problems: list[GiftProblem] = []
        self.name = ""
        self.start_line = self.first_line
        comments = [text for _, text in lines if text.startswith("//")]
        self.comments = "".join(text + "\n" for text in comments)
        body = [" " if text.startswith("//") else escape_pre(text) for _, text in lines]
        self.joined = "\n".join(body)
        self.base = len(self.joined) - len(self.joined.lstrip(PHP_WHITESPACE))
        self._line_starts = list(accumulate((len(text) + 1 for text in body[:-1]), initial=0))

    def line_at(self, position: int) -> int:
        """The file line of a position in the question's text (after self.base)."""
        # By the lines' starts, not by counting new lines for each problem (quadratic).
        return self.first_line + bisect_right(self._line_starts, self.base + position) - 1

    def problem(self, position: int | None, message: str) -> None:
        """A problem at a position in the text, or (None) with the whole question."""
        line = self.start_line if position is None else self.line_at(position)
        self.problems.append(GiftProblem(line, message))

    @property
    def label(self) -> str:
        return quoted(self.name) if self.name else "this question"

    def text_with_format(self, raw: str, default: int, position: int) -> GiftText:
        text, unknown = text_with_format(raw, default)
        if unknown is not None:
            self.problem(position, unknown_format_message(unknown))
        return text

    def read(self) -> GiftQuestion | None:
        text = trim(self.joined)
        if not text:
            return None
        if text.startswith("$CATEGORY:"):
            self._category(text)
            return None
        self.start_line = start_line = self.line_at(0)

        name = None
        if text.startswith("::"):
            rest = text[2:]
            finish = rest.find("::")
            if finish == -1:
                self.problem(
                    0,
                    "the title starts with :: but has no closing ::; write ::title:: before the "
                    "question text (or \\: for a colon in the text)",
                )
                text = rest
                self.base += 2
            else:
                name = clean_name(unescape(rest[:finish]))
                self.name = name
                after = rest[finish + 2 :]
                self.base += 2 + finish + 2 + len(after) - len(after.lstrip(PHP_WHITESPACE))
                text = trim(after)

        if name is None:  # until the text is known: what Moodle would call it
            self.name = default_name(unescape(text))
        start, finish = text.find("{"), text.find("}")
        description = start == -1 and finish == -1
        if description:
            answertext, answers_at = "", 0
        elif start == -1:
            self.problem(
                finish,
                f"{self.label} has a }} with no {{ before it; write \\}} for a brace in the text",
            )
            return None
        elif finish == -1:
            self.problem(
                start,
                f"{self.label} has a {{ that is never closed: the answers need a }} after them "
                "(or write \\{ for a brace in the text)",
            )
            return None
        elif finish < start:
            self.problem(
                finish,
                f"{self.label} has a }} before its first {{; write \\}} for a brace in the text",
            )
            return None
        else:
            inner = text[start + 1 : finish]
            answertext = trim(inner)
            answers_at = start + 1 + len(inner) - len(inner.lstrip(PHP_WHITESPACE))
            nested = answertext.find("{")
            if nested != -1:
                self.problem(
                    answers_at + nested,
                    f"{self.label} has a {{ inside its answers; the answers end at the first }}, "
                    "so write \\{ and \\} for braces in answers and feedback",
                )
                return None

        missing_word = False
        if description:
            questiontext = text
        elif text.endswith("}"):
            questiontext = text[:start] + text[finish + 1 :]
        else:
            questiontext = text[:start] + BLANK + text[finish + 1 :]
            missing_word = True

        generalfeedback, feedback_at = "", 0
        separator = answertext.rfind("####")
        if separator != -1:
            generalfeedback = answertext[separator + 4 :]
            feedback_at = answers_at + separator + 4
            answertext = trim(answertext[:separator])

        question_text = self.text_with_format(questiontext, FORMAT_MOODLE, 0)
        general = self.text_with_format(generalfeedback, question_text.format, feedback_at)
        if name is None or name == "":
            name = default_name(question_text.text)
        self.name = name
        idnumber, tags = extract_idnumber_and_tags(self.comments)
        common = {
            "name": name,
            "questiontext": question_text.text,
            "questiontextformat": question_text.format,
            "line": start_line,
            "generalfeedback": general.text,
            "generalfeedbackformat": general.format,
            "category": self.category,
            "tags": tuple(tags),
            "idnumber": idnumber,
            "missing_word": missing_word,
        }
        answers = AnswersReader(self, question_text.format)
        if description:
            details: dict | None = {"qtype": "description"}
        elif answertext == "":
            details = {"qtype": "essay"}
        elif answertext.startswith("#"):
            details = answers.numerical(answertext, answers_at)
        elif "~" in answertext:
            details = answers.multichoice(answertext, answers_at)
        elif "=" in answertext and "->" in answertext:
            details = answers.match(answertext, answers_at)
        elif is_true_false(answertext):
            details = answers.truefalse(answertext, answers_at)
        else:
            details = answers.shortanswer(answertext, answers_at)
        if details is None or self.problems:
            return None
        return GiftQuestion(**common, **details)

    def _category(self, text: str) -> None:
        value = text[len("$CATEGORY:") :]
        first, newline, _ = value.partition("\n")
        self.category = trim(unescape(first))
        if newline:
            self.problem(
                len("$CATEGORY:") + len(first) + 1,
                "put a blank line after the $CATEGORY: line; Moodle reads the lines below it as "
                "part of the category name, so the question there would be lost",
            )
