"""What a GIFT file holds once read: its questions, in Moodle's terms, and its problems.

Also Moodle's constants the reader and writer share: text formats and the grades Moodle accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quiz.gift.php import whole_as_int
from quiz.question import KIND_LABELS, QuestionKind

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

# How Moodle's kinds that Briefing Quiz does not store are named; ours are named in
# quiz.question.KIND_LABELS.
MOODLE_KIND_LABELS = {
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
WEIGHT = re.compile(r"^%-*[0-9]{1,2}\.?[0-9]*%")  # $giftanswerweightregex
BLANK = "_____"  # where a missing word question's answers were


def quoted(text: str) -> str:
    """A name or a piece of text inside a message."""
    return f"'{text}'"


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
    # Numerical answers only, as Moodle saves it (see php.as_saved); None for the "*" catch-all.
    tolerance: int | float | None = None


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
    def kind(self) -> QuestionKind | str:
        """Our kind when Briefing Quiz has it, else the name of a Moodle-only kind (a key of
        MOODLE_KIND_LABELS)."""
        if self.qtype in ("description", "essay"):
            return self.qtype
        if self.missing_word:
            return "missing_word"
        if self.qtype == "multichoice":
            return QuestionKind.SINGLE if self.single else QuestionKind.MULTIPLE
        if self.qtype == "truefalse":
            return QuestionKind.TRUE_FALSE
        return {"shortanswer": "short_answer", "numerical": "numerical", "match": "matching"}[
            self.qtype
        ]

    @property
    def kind_label(self) -> str:
        """The kind as people call it: 'single best answer', 'short answer'..."""
        kind = self.kind
        return KIND_LABELS[kind] if isinstance(kind, QuestionKind) else MOODLE_KIND_LABELS[kind]

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
            tolerance = answer.tolerance
            data["tolerance"] = whole_as_int(tolerance) if tolerance is not None else None
        return data


@dataclass
class GiftFile:
    source: str
    questions: list[GiftQuestion] = field(default_factory=list)
    problems: list[GiftProblem] = field(default_factory=list)


class GiftFileError(ValueError):
    """A file that is not GIFT text at all (missing, binary, not UTF-8); names the file."""
