"""Briefing Quiz questions written as GIFT, the way Moodle's own export writes them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quiz.gift.model import WEIGHT
from quiz.question import OptionContent, QuestionContent, QuestionKind

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


def escape(text: str) -> str:
    """Moodle's repchar(): the GIFT special characters escaped, new lines as \\n."""
    text = text.replace("\\", "\\\\")
    for char in "#=~{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


@dataclass(frozen=True)
class QuestionToExport:
    """A Briefing Quiz question as the writer needs it: its key, its theme and what it says."""

    key: str
    theme: str
    content: QuestionContent


def write_gift(questions: Iterable[QuestionToExport], category: str | None = None) -> str:
    """GIFT for Briefing Quiz questions, optionally under one $CATEGORY:.

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


def _write_question(question: QuestionToExport) -> str:
    key, content = question.key, question.content
    kind = content.kind
    lines = []
    if key:
        idnumber = key.replace("]", "\\]")
        lines.append(f"// [id:{idnumber}]")
    if content.role:
        lines.append(f"// role: {_one_line(content.role)}")
    if question.theme:
        lines.append(f"// theme: {_one_line(question.theme)}")
    text = content.scenario.strip()
    if content.prompt.strip():
        text += "\n\n" + content.prompt.strip()
    head = (f"::{escape(key)}::" if key else "") + "[markdown]" + escape(text)
    if kind == QuestionKind.TRUE_FALSE:
        lines.append(head + _true_false_answers(content.options))
    elif kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        lines.append(head + "{")
        lines.extend(_choice_answers(content.options, kind))
        lines.append("}")
    else:
        raise ValueError(f"{key or 'a question'} has kind {kind!r}, which GIFT export cannot write")
    return "\n".join(lines) + "\n"


def _choice_answers(options: tuple[OptionContent, ...], kind: str) -> list[str]:
    right = sum(1 for o in options if o.correct)
    if kind == QuestionKind.MULTIPLE and right not in EVEN_WEIGHTS:
        raise ValueError(f"cannot share 100% evenly between {right} right answers")
    lines = []
    for option in options:
        text = _answer_text(option.text)
        if kind == QuestionKind.SINGLE:
            prefix = "=" if option.correct else "~"
            if not option.correct and WEIGHT.match(text):
                prefix = "~%0%"  # keep a text that starts like a %weight% as text
        else:
            prefix = f"~%{EVEN_WEIGHTS[right]}%" if option.correct else "~%-100%"
        feedback = option.feedback.strip()
        lines.append(f"\t{prefix}{text}" + (f"#{_answer_text(feedback)}" if feedback else ""))
    return lines


def _true_false_answers(options: tuple[OptionContent, ...]) -> str:
    by_key = {o.key: o for o in options}
    true_option, false_option = by_key.get("true"), by_key.get("false")
    if true_option is None or false_option is None:
        raise ValueError("a true/false question needs options keyed true and false")
    if true_option.correct:
        answer, right, wrong = "TRUE", true_option, false_option
    else:
        answer, right, wrong = "FALSE", false_option, true_option
    right_feedback = _answer_text(right.feedback.strip())
    wrong_feedback = _answer_text(wrong.feedback.strip())
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
