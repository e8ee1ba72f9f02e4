"""Moodle GIFT files: read them as Moodle's own importer does, and write our questions as GIFT.

Plain Python: no Flask, no database. The reader follows Moodle's ``qformat_gift``
(question/format/gift/format.php) and the checks Moodle's import makes after it, so a
file that imports cleanly here imports the same way into Moodle, and the other way round.

How Moodle reads a GIFT file, and so how this module reads it:

- Lines are trimmed; a blank line ends a question. Lines starting ``//`` are comments;
  ``[tag:name]`` and ``[id:xyz]`` in a question's comments become its tags and idnumber.
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
from dataclasses import dataclass, field
from pathlib import Path

from quiz.slugs import slugify as make_slug

# Moodle's FORMAT_* constants (lib/weblib.php).
FORMAT_MOODLE = 0
FORMAT_HTML = 1
FORMAT_PLAIN = 2
FORMAT_MARKDOWN = 4
FORMATS = {
    "moodle": FORMAT_MOODLE,
    "html": FORMAT_HTML,
    "plain": FORMAT_PLAIN,
    "markdown": FORMAT_MARKDOWN,
}

# Our question kinds that Briefing Quiz can store (quiz.models.QuestionKind).
STORABLE = frozenset({"single", "multiple", "true_false"})

KIND_LABELS = {
    "single": "single best answer",
    "multiple": "multiple response",
    "true_false": "true/false",
    "short_answer": "short answer",
    "numerical": "numerical",
    "matching": "matching",
    "missing_word": "missing word",
    "essay": "essay",
    "description": "description",
}

# question_bank::fraction_options(): the only grades Moodle accepts for an answer (and their
# negatives). An import is refused for any other weight (matchgrades = 'error').
GRADES = (
    1.0,
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
    0.0,
)
GRADE_OPTIONS = GRADES + tuple(-g for g in GRADES if g)
GRADE_TOLERANCE = 0.00001  # match_grade_options(): "slightly fuzzy test"
GRADES_SHOWN = (
    "100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, "
    "14.28571, 12.5, 11.11111, 10, 5 or 0"
)

# Even weights for 1..10 right answers, each one of Moodle's grades.
EVEN_WEIGHTS = {
    1: "100",
    2: "50",
    3: "33.33333",
    4: "25",
    5: "20",
    6: "16.66667",
    7: "14.28571",
    8: "12.5",
    9: "11.11111",
    10: "10",
}

DEFAULT_NAME = "Question name"  # get_string('questionname', 'question')
NAME_LENGTH = 80  # create_default_question_name(): shorten_text($questiontext, 80)
MAX_NAME = 255
BLANK = "_____"
MIN_OPTIONS, MAX_OPTIONS = 2, 8
MAX_KEY = 100
OPTION_KEYS = "abcdefgh"

PHP_WHITESPACE = " \t\n\r\x00\x0b"  # what PHP's trim() removes
WEIGHT = re.compile(r"^%-*[0-9]{1,2}\.?[0-9]*%")  # $giftanswerweightregex
NUMBER = re.compile(
    r"^[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\v\f]*$"
)
IDNUMBER = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f\x7f])+)\]")
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# Escapes become private-use placeholders while the question is taken apart (Moodle uses
# "&&058;" and friends), then the characters they stand for.
_ESCAPES = {char: chr(0xE000 + i) for i, char in enumerate(":#={}~n")}
_UNESCAPE = {placeholder: ("\n" if char == "n" else char) for char, placeholder in _ESCAPES.items()}
_ESCAPE_PATTERN = re.compile(r"\\([\\:#={}~n])")
_UNESCAPE_TABLE = str.maketrans(_UNESCAPE)


def _trim(text: str) -> str:
    return text.strip(PHP_WHITESPACE)


def _escape_pre(text: str) -> str:
    return _ESCAPE_PATTERN.sub(lambda m: "\\" if m[1] == "\\" else _ESCAPES[m[1]], text)


def _unescape(text: str) -> str:
    return text.translate(_UNESCAPE_TABLE)


# -- what a file holds ------------------------------------------------------------------------


@dataclass(frozen=True)
class GiftProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"

    def to_json(self) -> dict:
        return {"line": self.line, "message": self.message}


@dataclass(frozen=True)
class GiftText:
    text: str
    format: int = FORMAT_MOODLE

    def to_moodle(self) -> dict:
        return {"text": self.text, "format": self.format}


@dataclass(frozen=True)
class GiftAnswer:
    text: str
    format: int
    fraction: float
    feedback: GiftText
    tolerance: float | None = None  # numerical answers only; None for the "*" catch-all


@dataclass(frozen=True)
class GiftPair:
    subquestion: GiftText
    subanswer: str


@dataclass(frozen=True)
class GiftQuestion:
    # Moodle's qtype: multichoice, truefalse, shortanswer, numerical, match, essay, description.
    qtype: str
    name: str
    questiontext: str
    questiontextformat: int
    line: int
    generalfeedback: str = ""
    generalfeedbackformat: int = FORMAT_MOODLE
    category: str | None = None
    tags: tuple[str, ...] = ()
    idnumber: str = ""
    single: bool | None = None  # multichoice only
    answers: tuple[GiftAnswer, ...] = ()
    correctanswer: bool | None = None  # truefalse only
    feedbacktrue: GiftText | None = None
    feedbackfalse: GiftText | None = None
    pairs: tuple[GiftPair, ...] = ()  # match only
    missing_word: bool = False  # the answers sat inside the text, now marked _____

    @property
    def kind(self) -> str:
        """Our name for what kind of question this is (see KIND_LABELS)."""
        if self.qtype in ("description", "essay"):
            return self.qtype
        if self.missing_word:
            return "missing_word"
        if self.qtype == "multichoice":
            return "single" if self.single else "multiple"
        return {
            "truefalse": "true_false",
            "shortanswer": "short_answer",
            "numerical": "numerical",
            "match": "matching",
        }[self.qtype]

    def to_moodle(self) -> dict:
        """The question as Moodle's importer builds it, with Moodle's field names."""
        data: dict = {
            "qtype": self.qtype,
            "name": self.name,
            "questiontext": self.questiontext,
            "questiontextformat": self.questiontextformat,
            "generalfeedback": self.generalfeedback,
            "generalfeedbackformat": self.generalfeedbackformat,
            "category": self.category,
            "tags": list(self.tags),
            "idnumber": self.idnumber,
            "line": self.line,
        }
        if self.qtype == "multichoice":
            data["single"] = int(bool(self.single))
        if self.qtype in ("multichoice", "shortanswer", "numerical"):
            data["answers"] = [self._answer(a) for a in self.answers]
        if self.qtype == "truefalse":
            data["correctanswer"] = int(bool(self.correctanswer))
            data["feedbacktrue"] = self.feedbacktrue.to_moodle()
            data["feedbackfalse"] = self.feedbackfalse.to_moodle()
        if self.qtype == "match":
            data["pairs"] = [
                {"subquestion": p.subquestion.to_moodle(), "subanswer": p.subanswer}
                for p in self.pairs
            ]
        return data

    def _answer(self, answer: GiftAnswer) -> dict:
        data = {
            "text": answer.text,
            "format": answer.format,
            "fraction": answer.fraction,
            "feedback": answer.feedback.to_moodle(),
        }
        if self.qtype == "numerical":
            data["tolerance"] = _number(answer.tolerance) if answer.tolerance is not None else None
        return data


@dataclass
class GiftFile:
    source: str
    questions: list[GiftQuestion] = field(default_factory=list)
    problems: list[GiftProblem] = field(default_factory=list)


class GiftFileError(ValueError):
    """A file that is not GIFT text at all (missing, binary, not UTF-8); names the file."""


# -- reading ----------------------------------------------------------------------------------


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
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    category: str | None = None
    block: list[tuple[int, str]] = []
    blocks: list[list[tuple[int, str]]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = _trim(raw)
        if line:
            block.append((number, line))
        elif block:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)
    for lines in blocks:
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
        body = [" " if text.startswith("//") else _escape_pre(text) for _, text in lines]
        self.joined = "\n".join(body)
        self.base = len(self.joined) - len(self.joined.lstrip(PHP_WHITESPACE))

    def line_at(self, position: int) -> int:
        """The file line of a position in the question's text (after self.base)."""
        return self.first_line + self.joined.count("\n", 0, self.base + position)

    def problem(self, position: int | None, message: str) -> None:
        """A problem at a position in the text, or (None) with the whole question."""
        line = self.start_line if position is None else self.line_at(position)
        self.problems.append(GiftProblem(line, message))

    @property
    def label(self) -> str:
        return f"{_quote(self.name)}" if self.name else "this question"

    # -- the block ------------------------------------------------------------------------

    def read(self) -> GiftQuestion | None:
        text = _trim(self.joined)
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
                name = _clean_name(_unescape(rest[:finish]))
                self.name = name
                after = rest[finish + 2 :]
                self.base += 2 + finish + 2 + len(after) - len(after.lstrip(PHP_WHITESPACE))
                text = _trim(after)

        if name is None:  # until the text is known: what Moodle would call it
            self.name = _default_name(_unescape(text))
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
            answertext = _trim(inner)
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
            answertext = _trim(answertext[:separator])

        question_text = self.text_with_format(questiontext, FORMAT_MOODLE, 0)
        general = self.text_with_format(generalfeedback, question_text.format, feedback_at)
        if name is None or name == "":
            name = _default_name(question_text.text)
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
        if description:
            details: dict | None = {"qtype": "description"}
        elif answertext == "":
            details = {"qtype": "essay"}
        elif answertext.startswith("#"):
            details = self._numerical(answertext, answers_at, question_text.format)
        elif "~" in answertext:
            details = self._multichoice(answertext, answers_at, question_text.format)
        elif "=" in answertext and "->" in answertext:
            details = self._match(answertext, answers_at, question_text.format)
        elif _truefalse_value(answertext) is not None:
            details = self._truefalse(answertext, answers_at, question_text.format)
        else:
            details = self._shortanswer(answertext, answers_at, question_text.format)
        if details is None or self.problems:
            return None
        return GiftQuestion(**common, **details)

    def _category(self, text: str) -> None:
        value = text[len("$CATEGORY:") :]
        first, newline, _ = value.partition("\n")
        self.category = _trim(_unescape(first))
        if newline:
            self.problem(
                len("$CATEGORY:") + len(first) + 1,
                "put a blank line after the $CATEGORY: line; Moodle reads the lines below it as "
                "part of the category name, so the question there would be lost",
            )

    # -- texts ----------------------------------------------------------------------------

    def text_with_format(self, raw: str, default: int, position: int) -> GiftText:
        """parse_text_with_format(): an optional [format] prefix, escapes undone, trimmed."""
        text, text_format = raw, default
        if raw.startswith("["):
            end = raw.find("]")
            if end != -1:
                name = raw[1:end]
                if name in FORMATS:
                    text_format = FORMATS[name]
                    text = raw[end + 1 :]
                elif re.fullmatch(r"[a-z]+", name):
                    self.problem(
                        position,
                        f"[{name}] is not a text format Moodle knows; use [html], [markdown], "
                        f"[plain] or [moodle] (if [{name}] is part of the text, put [moodle] "
                        "before it)",
                    )
        return GiftText(_trim(_unescape(text)), text_format)

    def _answer_and_feedback(
        self, answer: str, position: int, default: int
    ) -> tuple[GiftText, GiftText]:
        """commentparser(): 'answer # feedback', each with its own optional format."""
        text, hash_sign, feedback = answer.partition("#")
        parsed = self.text_with_format(_trim(text), default, position)
        if not hash_sign:
            return parsed, GiftText("", default)
        feedback_at = position + len(text) + 1
        return parsed, self.text_with_format(_trim(feedback), default, feedback_at)

    def _weight(self, answer: str, position: int) -> tuple[float | None, str]:
        """A %weight% prefix as a fraction (None when Moodle would refuse it), and the rest."""
        end = answer.index("%", 1)
        written, rest = answer[1:end], answer[end + 1 :]
        try:
            fraction = float(written) / 100 if not written.startswith("--") else None
        except ValueError:
            fraction = None
        grade = _grade(fraction) if fraction is not None else None
        if grade is None:
            self.problem(
                position,
                f"{self.label} has the weight %{written}%, which Moodle does not accept; use one "
                f"of {GRADES_SHOWN} (or minus one of them)",
            )
        return grade, rest

    # -- kinds ----------------------------------------------------------------------------

    def _multichoice(self, answertext: str, at: int, text_format: int) -> dict | None:
        single = "=" in answertext
        pieces = _split(answertext, drop="~", keep="=")
        if pieces and not _trim(pieces[0][1]):
            pieces = pieces[1:]
        if len(pieces) < 2:
            self.problem(None, f"{self.label} needs at least two answers")
            return None
        answers = []
        for offset, piece in pieces:
            answer = _trim(piece)
            position = at + offset + len(piece) - len(piece.lstrip(PHP_WHITESPACE))
            if not answer:
                message = f"{self.label} has an empty answer (a ~ or = with nothing after it)"
                self.problem(position, message)
                continue
            if answer.startswith("="):
                fraction: float | None = 1.0
                answer = answer[1:]
            elif WEIGHT.match(answer):
                fraction, answer = self._weight(answer, position)
            else:
                fraction = 0.0
            text, feedback = self._answer_and_feedback(answer, position, text_format)
            if fraction is not None:
                answers.append(GiftAnswer(text.text, text.format, fraction, feedback))
        if self.problems:
            return None
        fractions = [a.fraction for a in answers]
        if single:
            if max(fractions) != 1.0:  # pragma: no cover - an "=" answer is always 100%
                self.problem(None, f"{self.label} has no answer worth 100%")
        else:
            total = round(sum(f for f in fractions if f > 0), 2)
            if total == 0:
                self.problem(
                    None,
                    f"{self.label} has no right answer; mark the right answer with = (or, for "
                    "several right answers, give each a weight such as ~%50% so they add up to "
                    "100%)",
                )
            elif total != 1.0:
                self.problem(
                    None,
                    f"{self.label} has right answers whose weights add up to "
                    f"{_number(total * 100)}%; they must add up to 100%",
                )
        return {"qtype": "multichoice", "single": single, "answers": tuple(answers)}

    def _truefalse(self, answertext: str, at: int, text_format: int) -> dict:
        bits = answertext.split("#", 2)
        positions = [at]
        for bit in bits[:-1]:
            positions.append(positions[-1] + len(bit) + 1)
        parsed = [
            self.text_with_format(_trim(bit), text_format, pos)
            for bit, pos in zip(bits, positions, strict=True)
        ]
        empty = GiftText("", text_format)
        wrong = parsed[1] if len(parsed) > 1 else empty
        right = parsed[2] if len(parsed) > 2 else empty
        # The first feedback is for choosing the wrong answer, the second for the right one.
        if parsed[0].text in ("T", "TRUE"):
            true_feedback, false_feedback = right, wrong
        else:
            true_feedback, false_feedback = wrong, right
        return {
            "qtype": "truefalse",
            "correctanswer": parsed[0].text in ("T", "TRUE"),
            "feedbacktrue": true_feedback,
            "feedbackfalse": false_feedback,
        }

    def _shortanswer(self, answertext: str, at: int, text_format: int) -> dict | None:
        pieces = _split(answertext, drop="=")
        if pieces and not _trim(pieces[0][1]):
            pieces = pieces[1:]
        if not pieces:  # pragma: no cover - answertext is never empty here
            self.problem(None, f"{self.label} needs at least one answer")
            return None
        answers = []
        for offset, piece in pieces:
            answer = _trim(piece)
            position = at + offset + len(piece) - len(piece.lstrip(PHP_WHITESPACE))
            if not answer:
                self.problem(
                    position, f"{self.label} has an empty answer (= with nothing after it)"
                )
                continue
            fraction: float | None = 1.0
            if WEIGHT.match(answer):
                fraction, answer = self._weight(answer, position)
            text, feedback = self._answer_and_feedback(answer, position, text_format)
            if fraction is not None:
                answers.append(GiftAnswer(text.text, FORMAT_MOODLE, fraction, feedback))
        return {"qtype": "shortanswer", "answers": tuple(answers)}

    def _numerical(self, answertext: str, at: int, text_format: int) -> dict | None:
        body = answertext[1:]
        at += 1
        wrong = ""
        tilde = body.find("~")
        if tilde != -1:
            wrong, body = body[tilde:], body[:tilde]
        pieces = _split(body, drop="=")
        if pieces and not _trim(pieces[0][1]):
            pieces = pieces[1:]
        if not pieces:
            self.problem(None, f"{self.label} is numerical ({{#...}}) but gives no number")
            return None
        answers = []
        for offset, piece in pieces:
            answer = _trim(piece)
            position = at + offset + len(piece) - len(piece.lstrip(PHP_WHITESPACE))
            fraction: float | None = 1.0
            if WEIGHT.match(answer):
                fraction, answer = self._weight(answer, position)
            text, feedback = self._answer_and_feedback(answer, position, text_format)
            value = self._number_and_tolerance(text.text, position)
            if fraction is not None and value is not None:
                answers.append(GiftAnswer(value[0], FORMAT_MOODLE, fraction, feedback, value[1]))
        if wrong:
            _, feedback = self._answer_and_feedback(wrong, at + tilde, text_format)
            answers.append(GiftAnswer("*", FORMAT_MOODLE, 0.0, feedback, None))
        return {"qtype": "numerical", "answers": tuple(answers)}

    def _number_and_tolerance(self, answer: str, position: int) -> tuple[str, float] | None:
        if answer.find("..") > 0:
            low, _, high = answer.partition("..")
            if not (_is_number(low) and _is_number(high)):
                self.problem(
                    position,
                    f"{self.label} has the range {_quote(answer)}; write it as two numbers, "
                    "lowest first: {#1..5}",
                )
                return None
            middle = (float(low) + float(high)) / 2
            return str(_number(middle)), float(high) - middle
        if answer.find(":") > 0:
            value, _, tolerance = answer.partition(":")
            value, tolerance = _trim(value), _trim(tolerance)
        else:
            value, tolerance = _trim(answer), "0"
        if not (_is_number(value) or value == "*") or not _is_number(tolerance):
            self.problem(
                position,
                f"{self.label} has the answer {_quote(answer)}, which is not a number; write "
                "number:tolerance ({#1822:5}) or lowest..highest ({#1817..1827})",
            )
            return None
        return value, float(tolerance)

    def _match(self, answertext: str, at: int, text_format: int) -> dict | None:
        pieces = _split(answertext, drop="=")
        if pieces and not _trim(pieces[0][1]):
            pieces = pieces[1:]
        if len(pieces) < 2:
            self.problem(None, f"{self.label} needs at least two pairs (=item -> match)")
            return None
        pairs = []
        for offset, piece in pieces:
            answer = _trim(piece)
            position = at + offset + len(piece) - len(piece.lstrip(PHP_WHITESPACE))
            marker = answer.find("->")
            if marker == -1:
                shown = _quote(_unescape(answer))
                self.problem(
                    position,
                    f"{self.label} is a matching question, but {shown} has no ->; "
                    "write =item -> match",
                )
                continue
            subquestion = self.text_with_format(answer[:marker], text_format, position)
            pairs.append(GiftPair(subquestion, _trim(_unescape(answer[marker + 2 :]))))
        return {"qtype": "match", "pairs": tuple(pairs)}


def extract_idnumber_and_tags(comments: str) -> tuple[str, list[str]]:
    """The first [id:...] and every [tag:...] in a question's comment lines (\\] escapes ])."""
    idnumber = ""
    found = IDNUMBER.search(comments)
    if found:
        idnumber = _trim(found[1]).replace("\\]", "]")
    tags = [_trim(raw).replace("\\]", "]") for raw in TAG.findall(comments)]
    return idnumber, [tag for tag in tags if tag]


def _split(text: str, drop: str, keep: str = "") -> list[tuple[int, str]]:
    """Split before each character in drop (removing it) or keep (keeping it), with offsets.

    The same pieces as Moodle's str_replace('=', '~=') + explode('~') for multichoice, and
    explode('=') for the others.
    """
    pieces: list[tuple[int, str]] = []
    start = 0
    for index, char in enumerate(text):
        if char in drop:
            pieces.append((start, text[start:index]))
            start = index + 1
        elif char in keep:
            pieces.append((start, text[start:index]))
            start = index
    pieces.append((start, text[start:]))
    return pieces


def _truefalse_value(answertext: str) -> str | None:
    check = answertext
    if answertext.find("#") > 0:
        check = _trim(answertext[: answertext.find("#")])
    return check if check in ("T", "TRUE", "F", "FALSE") else None


def _grade(fraction: float) -> float | None:
    for grade in GRADE_OPTIONS:
        if abs(fraction - grade) < GRADE_TOLERANCE:
            return grade
    return None


def _is_number(text: str) -> bool:
    """PHP's is_numeric() for decimal strings."""
    return bool(NUMBER.match(text))


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _quote(text: str) -> str:
    return f"'{text}'"


# -- names, as Moodle makes them ---------------------------------------------------------------

_TAG_OR_TEXT = re.compile(r"(<.+?>)?([^<>]*)", re.S)
_ENTITY = re.compile(r"&[0-9a-z]{2,8};|&#[0-9]{1,7};|&#x[0-9a-f]{1,6};", re.I)
_HTML_TAG = re.compile(r"<(?![\s<])[^>]*(?:>|$)")


def _default_name(questiontext: str) -> str:
    """create_default_question_name(): the text shortened to 80 characters, else a default."""
    return _clean_name(_shorten_text(questiontext, NAME_LENGTH)) or DEFAULT_NAME


def _clean_name(name: str) -> str:
    """clean_question_name(): tags stripped, trimmed, at most 255 characters."""
    name = _trim(_HTML_TAG.sub("", name))
    length = 251
    while len(name) > MAX_NAME and length > 0:
        name = _shorten_text(name, length)
        length -= 10
    return name


def _shorten_text(text: str, ideal: int, ending: str = "...") -> str:
    """Moodle's shorten_text(): cut at a space or full stop so the plain text fits ``ideal``."""
    if len(re.sub(r"<.*?>", "", text)) <= ideal:
        return text
    total = len(ending)
    out = ""
    for match in _TAG_OR_TEXT.finditer(text):
        tag, content = match[1], match[2]
        if tag:
            out += tag
        length = len(_ENTITY.sub(" ", content))
        if total + length > ideal:
            left = ideal - total
            entities = 0
            for entity in _ENTITY.finditer(content):
                if entity.start() + 1 - entities <= left:
                    left -= 1
                    entities += len(entity[0])
                else:
                    break
            limit = left + entities
            cut = limit
            while cut > 0:
                char = content[cut : cut + 1]
                if char in (".", " ") or len(char.encode()) > 2:
                    cut += 1
                    break
                cut -= 1
            if cut == 0 or cut > limit:
                cut = limit
            out += content[:cut]
            break
        out += content
        total += length
        if total >= ideal:
            break
    return out + ending


# -- Briefing Quiz's side ----------------------------------------------------------------------

_UNSTORABLE_SUFFIX = (
    "Briefing Quiz stores single best answer, multiple response and true/false questions only"
)


def unstorable_reason(question: GiftQuestion) -> str | None:
    """Why Briefing Quiz cannot store this question as it is, or None when it can."""
    kind = question.kind
    if kind == "essay":
        return (
            "is an essay question; Briefing Quiz does not import essays, because every "
            'briefing already ends with a free-text reflection ("What will you do '
            "differently?\") that the practitioner's supervisor sees"
        )
    if kind == "description":
        return "is a description (text with no answers), not a question; it is skipped"
    if kind not in STORABLE:
        article = "an" if KIND_LABELS[kind][0] in "aeiou" else "a"
        return f"is {article} {KIND_LABELS[kind]} question; {_UNSTORABLE_SUFFIX}"
    if kind == "true_false":
        return None
    count = len(question.answers)
    if not MIN_OPTIONS <= count <= MAX_OPTIONS:
        return f"has {count} answers; Briefing Quiz questions have {MIN_OPTIONS} to {MAX_OPTIONS}"
    right = sum(1 for a in question.answers if a.fraction > 0)
    if kind == "single" and right != 1:
        return (
            f"is a single best answer question with {right} answers that earn marks; Briefing "
            "Quiz marks one answer right (=) and the others wrong (~), with no partial credit"
        )
    if kind == "multiple" and right < 2:
        return (
            "is a multiple response question with only one right answer; Briefing Quiz needs at "
            "least two (or write it as a single best answer question, with = for the right one)"
        )
    return None


def to_bank_question(question: GiftQuestion) -> dict | None:
    """The question in Briefing Quiz's shape, or None when it cannot be stored.

    The key is the GIFT idnumber (or a slug of it, or of the name). The question text is
    split at its last blank line into scenario and prompt (as write_gift joins them); with
    no blank line it is all scenario. GIFT has no role, so role is left for the trainer.
    """
    if unstorable_reason(question) is not None:
        return None
    scenario, prompt = question.questiontext, ""
    before, sep, after = question.questiontext.rpartition("\n\n")
    if sep and _trim(before) and _trim(after):
        scenario, prompt = _trim(before), _trim(after)
    if question.kind == "true_false":
        right = bool(question.correctanswer)
        options = [
            _option("true", "True", right, question.feedbacktrue),
            _option("false", "False", not right, question.feedbackfalse),
        ]
    else:
        options = [
            _option(key, answer.text, answer.fraction > 0, answer.feedback)
            for key, answer in zip(OPTION_KEYS, question.answers, strict=False)
        ]
    return {
        "key": _key_for(question),
        "kind": question.kind,
        "role": "",
        "scenario": scenario,
        "prompt": prompt,
        "options": options,
    }


def _option(key: str, text: str, correct: bool, feedback: GiftText | None) -> dict:
    return {
        "key": key,
        "text": text,
        "correct": correct,
        "feedback": feedback.text if feedback else "",
    }


def unstorable_report(gift_file: GiftFile) -> list[str]:
    """One line per question Briefing Quiz cannot store, saying why."""
    lines = []
    for question in gift_file.questions:
        reason = unstorable_reason(question)
        if reason is not None:
            lines.append(f"line {question.line}: {_quote(question.name)} {reason}")
    return lines


def _key_for(question: GiftQuestion) -> str:
    if KEY_PATTERN.match(question.idnumber) and len(question.idnumber) <= MAX_KEY:
        return question.idnumber
    return slugify(question.idnumber or question.name)


def slugify(text: str) -> str:
    """Lower-case letters, digits and hyphens, at most 100 characters; never empty."""
    return make_slug(text, MAX_KEY, "question")


# -- writing ------------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Moodle's repchar(): the GIFT special characters escaped, new lines as \\n."""
    text = text.replace("\\", "\\\\")
    for char in "#=~{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def write_gift(questions: list[dict], category: str | None = None) -> str:
    """GIFT for questions in Briefing Quiz's shape, optionally under one $CATEGORY:.

    Each question is written as ``// [id:key]`` (and its role and theme as comments),
    ``::key::`` and ``[markdown]`` scenario and prompt, separated by a blank line (written
    ``\\n\\n``). Single best answer: ``=`` right, ``~`` wrong. Multiple response: ``~%N%`` on
    right answers, N the even share of 100 that Moodle accepts, and ``~%-100%`` on wrong ones.
    True/false: ``{TRUE#...#...}`` or ``{FALSE#...#...}``, the feedback for a wrong answer
    first, as Moodle writes it.
    """
    chunks = []
    if category is not None:
        chunks.append(f"$CATEGORY: {_one_line(category)}\n")
    for question in questions:
        chunks.append(_write_question(question))
    return "\n".join(chunks)


def _write_question(question: dict) -> str:
    key = question.get("key") or ""
    kind = question["kind"]
    lines = []
    if key:
        idnumber = key.replace("]", "\\]")
        lines.append(f"// [id:{idnumber}]")
    if question.get("role"):
        lines.append(f"// role: {_one_line(question['role'])}")
    if question.get("theme"):
        lines.append(f"// theme: {_one_line(question['theme'])}")
    text = question["scenario"].strip()
    if question.get("prompt", "").strip():
        text += "\n\n" + question["prompt"].strip()
    head = (f"::{escape(key)}::" if key else "") + "[markdown]" + escape(text)
    options = list(question["options"])
    if kind == "true_false":
        lines.append(head + _true_false_answers(options))
    elif kind in ("single", "multiple"):
        lines.append(head + "{")
        lines.extend(_choice_answers(options, kind))
        lines.append("}")
    else:
        raise ValueError(f"{key or 'a question'} has kind {kind!r}, which GIFT export cannot write")
    return "\n".join(lines) + "\n"


def _choice_answers(options: list[dict], kind: str) -> list[str]:
    right = sum(1 for o in options if o["correct"])
    if kind == "multiple" and right not in EVEN_WEIGHTS:
        raise ValueError(f"cannot share 100% evenly between {right} right answers")
    lines = []
    for option in options:
        text = _answer_text(option["text"])
        if kind == "single":
            prefix = "=" if option["correct"] else "~"
            if not option["correct"] and WEIGHT.match(text):
                prefix = "~%0%"  # keep a text that starts like a %weight% as text
        else:
            prefix = f"~%{EVEN_WEIGHTS[right]}%" if option["correct"] else "~%-100%"
        feedback = option.get("feedback", "").strip()
        lines.append(f"\t{prefix}{text}" + (f"#{_answer_text(feedback)}" if feedback else ""))
    return lines


def _true_false_answers(options: list[dict]) -> str:
    by_key = {str(o.get("key", o["text"])).strip().lower(): o for o in options}
    true_option, false_option = by_key.get("true"), by_key.get("false")
    if true_option is None or false_option is None:
        raise ValueError("a true/false question needs options keyed true and false")
    if true_option["correct"]:
        answer, right, wrong = "TRUE", true_option, false_option
    else:
        answer, right, wrong = "FALSE", false_option, true_option
    right_feedback = _answer_text(right.get("feedback", "").strip())
    wrong_feedback = _answer_text(wrong.get("feedback", "").strip())
    out = "{" + answer
    if wrong_feedback:
        out += "#" + wrong_feedback
    elif right_feedback:
        out += "#"
    if right_feedback:
        out += "#" + right_feedback
    return out + "}"


def _answer_text(text: str) -> str:
    """An answer or feedback text; one starting with [ gets its [markdown] format written out,
    so that it is not read as a format name."""
    text = text.strip()
    return ("[markdown]" if text.startswith("[") else "") + escape(text)


def _one_line(text: str) -> str:
    return " ".join(text.split())
