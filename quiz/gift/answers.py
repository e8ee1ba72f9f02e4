"""The answers between a question's { and }, read as Moodle's qformat_gift reads each kind.

Positions are offsets in the question's text, so that every problem names its line.
"""

from __future__ import annotations

from typing import Protocol

from quiz.gift.model import (
    FORMAT_MOODLE,
    GRADE_OPTIONS,
    GRADE_TOLERANCE,
    GRADES_SHOWN,
    WEIGHT,
    GiftAnswer,
    GiftPair,
    GiftText,
    quoted,
)
from quiz.gift.php import (
    PHP_WHITESPACE,
    as_saved,
    divide,
    fit,
    is_numeric,
    to_number,
    to_string,
    trim,
)
from quiz.gift.text import unescape

TRUE_FALSE_ANSWERS = ("T", "TRUE", "F", "FALSE")


class QuestionBeingRead(Protocol):
    """What the answers need from the question they belong to."""

    problems: list

    @property
    def label(self) -> str: ...

    def problem(self, position: int | None, message: str) -> None: ...

    def text_with_format(self, raw: str, default: int, position: int) -> GiftText: ...


def is_true_false(answertext: str) -> bool:
    """T, TRUE, F or FALSE, before any # feedback: Moodle's test for a true/false question."""
    check = answertext
    if answertext.find("#") > 0:
        check = trim(answertext[: answertext.find("#")])
    return check in TRUE_FALSE_ANSWERS


class AnswersReader:
    """Each method reads one kind's answers and returns the fields of GiftQuestion they set,
    or None when Moodle would refuse them (the problem is reported to the question)."""

    def __init__(self, question: QuestionBeingRead, text_format: int):
        self.question = question
        self.text_format = text_format  # answers and feedback default to the question's format

    def problem(self, position: int | None, message: str) -> None:
        self.question.problem(position, message)

    @property
    def label(self) -> str:
        return self.question.label

    def text(self, raw: str, position: int) -> GiftText:
        return self.question.text_with_format(raw, self.text_format, position)

    def answer_and_feedback(self, answer: str, position: int) -> tuple[GiftText, GiftText]:
        """commentparser(): 'answer # feedback', each with its own optional format."""
        text, hash_sign, feedback = answer.partition("#")
        parsed = self.text(trim(text), position)
        if not hash_sign:
            return parsed, GiftText("", self.text_format)
        return parsed, self.text(trim(feedback), position + len(text) + 1)

    def weight(self, answer: str, position: int) -> tuple[float | None, str]:
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

    def multichoice(self, answertext: str, at: int) -> dict | None:
        single = "=" in answertext
        pieces = _split(answertext, drop="~", keep="=")
        if pieces and not trim(pieces[0][1]):
            pieces = pieces[1:]
        if len(pieces) < 2:
            self.problem(None, f"{self.label} needs at least two answers")
            return None
        answers = []
        for offset, piece in pieces:
            answer = trim(piece)
            position = at + offset + len(piece) - len(piece.lstrip(PHP_WHITESPACE))
            if not answer:
                message = f"{self.label} has an empty answer (a ~ or = with nothing after it)"
                self.problem(position, message)
                continue
            if answer.startswith("="):
                fraction: float | None = 1.0
                answer = answer[1:]
            elif WEIGHT.match(answer):
                fraction, answer = self.weight(answer, position)
            else:
                fraction = 0.0
            text, feedback = self.answer_and_feedback(answer, position)
            if fraction is not None:
                answers.append(GiftAnswer(text.text, text.format, fraction, feedback))
        if self.question.problems:
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
                    f"{to_string(total * 100)}%; they must add up to 100%",
                )
        return {"qtype": "multichoice", "single": single, "answers": tuple(answers)}

    def truefalse(self, answertext: str, at: int) -> dict:
        bits = answertext.split("#", 2)
        positions = [at]
        for bit in bits[:-1]:
            positions.append(positions[-1] + len(bit) + 1)
        parsed = [self.text(trim(bit), pos) for bit, pos in zip(bits, positions, strict=True)]
        empty = GiftText("", self.text_format)
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

    def shortanswer(self, answertext: str, at: int) -> dict | None:
        pieces = _split(answertext, drop="=")
        if pieces and not trim(pieces[0][1]):
            pieces = pieces[1:]
        if not pieces:  # pragma: no cover - answertext is never empty here
            self.problem(None, f"{self.label} needs at least one answer")
            return None
        answers = []
        for offset, piece in pieces:
            answer = trim(piece)
            position = at + offset + len(piece) - len(piece.lstrip(PHP_WHITESPACE))
            if not answer:
                self.problem(
                    position, f"{self.label} has an empty answer (= with nothing after it)"
                )
                continue
            fraction: float | None = 1.0
            if WEIGHT.match(answer):
                fraction, answer = self.weight(answer, position)
            text, feedback = self.answer_and_feedback(answer, position)
            if fraction is not None:
                answers.append(GiftAnswer(text.text, FORMAT_MOODLE, fraction, feedback))
        return {"qtype": "shortanswer", "answers": tuple(answers)}

    def numerical(self, answertext: str, at: int) -> dict | None:
        body = answertext[1:]
        at += 1
        wrong = ""
        tilde = body.find("~")
        if tilde != -1:
            wrong, body = body[tilde:], body[:tilde]
        pieces = _split(body, drop="=")
        if pieces and not trim(pieces[0][1]):
            pieces = pieces[1:]
        if not pieces:
            self.problem(None, f"{self.label} is numerical ({{#...}}) but gives no number")
            return None
        answers = []
        for offset, piece in pieces:
            answer = trim(piece)
            position = at + offset + len(piece) - len(piece.lstrip(PHP_WHITESPACE))
            fraction: float | None = 1.0
            if WEIGHT.match(answer):
                fraction, answer = self.weight(answer, position)
            text, feedback = self.answer_and_feedback(answer, position)
            value = self._number_and_tolerance(text.text, position)
            if fraction is not None and value is not None:
                answers.append(GiftAnswer(value[0], FORMAT_MOODLE, fraction, feedback, value[1]))
        if wrong:
            _, feedback = self.answer_and_feedback(wrong, at + tilde)
            answers.append(GiftAnswer("*", FORMAT_MOODLE, 0.0, feedback, None))
        return {"qtype": "numerical", "answers": tuple(answers)}

    def _number_and_tolerance(self, answer: str, position: int) -> tuple[str, int | float] | None:
        if answer.find("..") > 0:
            low, _, high = answer.partition("..")
            if not (is_numeric(low) and is_numeric(high)):
                self.problem(
                    position,
                    f"{self.label} has the range {quoted(answer)}; write it as two numbers, "
                    "lowest first: {#1..5}",
                )
                return None
            # Moodle: $ans = ($max + $min)/2; $tol = $max - $ans; both saved as PHP prints them.
            lowest, highest = to_number(low), to_number(high)
            middle = divide(fit(highest + lowest), 2)
            return to_string(middle), as_saved(fit(highest - middle))
        if answer.find(":") > 0:
            value, _, tolerance = answer.partition(":")
            value, tolerance = trim(value), trim(tolerance)
        else:
            value, tolerance = trim(answer), "0"
        if not (is_numeric(value) or value == "*") or not is_numeric(tolerance):
            self.problem(
                position,
                f"{self.label} has the answer {quoted(answer)}, which is not a number; write "
                "number:tolerance ({#1822:5}) or lowest..highest ({#1817..1827})",
            )
            return None
        return value, float(tolerance)

    def match(self, answertext: str, at: int) -> dict | None:
        pieces = _split(answertext, drop="=")
        if pieces and not trim(pieces[0][1]):
            pieces = pieces[1:]
        if len(pieces) < 2:
            self.problem(None, f"{self.label} needs at least two pairs (=item -> match)")
            return None
        pairs = []
        for offset, piece in pieces:
            answer = trim(piece)
            position = at + offset + len(piece) - len(piece.lstrip(PHP_WHITESPACE))
            marker = answer.find("->")
            if marker == -1:
                shown = quoted(unescape(answer))
                self.problem(
                    position,
                    f"{self.label} is a matching question, but {shown} has no ->; "
                    "write =item -> match",
                )
                continue
            subquestion = self.text(answer[:marker], position)
            pairs.append(GiftPair(subquestion, trim(unescape(answer[marker + 2 :]))))
        return {"qtype": "match", "pairs": tuple(pairs)}


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


def _grade(fraction: float) -> float | None:
    for grade in GRADE_OPTIONS:
        if abs(fraction - grade) < GRADE_TOLERANCE:
            return grade
    return None
