"""GIFT questions as Briefing Quiz questions: which ones it can store, and what they become.

The rules a stored question meets are quiz.question's (how many options, which are right), so
a refusal here uses the same words as the question form and the bank files. This module adds
only what is particular to GIFT: Moodle's kinds we do not store, and partial credit.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.gift.model import GiftAnswer, GiftFile, GiftQuestion, GiftText, quoted
from quiz.gift.php import trim
from quiz.question import (
    KEY_PATTERN,
    KIND_LABELS,
    MAX_OPTIONS,
    MAX_QUESTION_KEY,
    OptionContent,
    QuestionContent,
    QuestionKind,
    QuestionProblem,
    lettered,
    problems,
    true_false,
)
from quiz.slugs import slugify


@dataclass(frozen=True)
class StorableQuestion:
    """A GIFT question as Briefing Quiz stores it.

    GIFT has no role, so ``content.role`` is "", and ``content.prompt`` is "" when the question
    text has no blank line: whoever stores the question fills them in.
    """

    key: str
    content: QuestionContent


_OUR_KINDS = list(KIND_LABELS.values())
_UNSTORABLE_SUFFIX = (
    f"Briefing Quiz stores {', '.join(_OUR_KINDS[:-1])} and {_OUR_KINDS[-1]} questions only"
)
# The problems that decide whether a question can be stored at all (its kind is decided
# first, in GIFT's terms); an empty text is left for the draft's own checks, and GIFT has no
# role to check.
_STORABILITY = ("options", "correct")


def unstorable_reason(question: GiftQuestion) -> str | None:
    """Why Briefing Quiz cannot store this question as it is, or None when it can."""
    reason = _gift_reason(question)
    if reason is not None:
        return reason
    content = _content(question)
    for problem in problems(content, feedback_required=False):
        if problem.field in _STORABILITY:
            message = problem.message[:1].lower() + problem.message[1:]
            return f"{_context(problem, content)}: {message}"
    return None


def to_storable(question: GiftQuestion) -> StorableQuestion | None:
    """The question as Briefing Quiz stores it, or None when it cannot be stored.

    The key is the GIFT idnumber (or a slug of it, or of the name). The question text is
    split at its last blank line into scenario and prompt (as write_gift joins them); with
    no blank line it is all scenario. Answers are options a, b, c... in the order written.
    """
    if unstorable_reason(question) is not None:
        return None
    return StorableQuestion(_key_for(question), _content(question))


def unstorable_report(gift_file: GiftFile) -> list[str]:
    """One line per question Briefing Quiz cannot store, saying why."""
    lines = []
    for question in gift_file.questions:
        reason = unstorable_reason(question)
        if reason is not None:
            lines.append(f"line {question.line}: {quoted(question.name)} {reason}")
    return lines


def _gift_reason(question: GiftQuestion) -> str | None:
    kind = question.kind
    if kind == "essay":
        return (
            "is an essay question; Briefing Quiz does not import essays, because every "
            'briefing already ends with a free-text reflection ("What will you do '
            "differently?\") that the practitioner's supervisor sees"
        )
    if kind == "description":
        return "is a description (text with no answers), not a question; it is skipped"
    if not isinstance(kind, QuestionKind):
        label = question.kind_label
        article = "an" if label[0] in "aeiou" else "a"
        return f"is {article} {label} question; {_UNSTORABLE_SUFFIX}"
    if kind == QuestionKind.SINGLE and any(0 < a.fraction < 1 for a in question.answers):
        earning = sum(1 for a in question.answers if a.fraction > 0)
        return (
            f"is a {kind.label} question with {earning} answers that earn marks; Briefing "
            "Quiz marks one answer right (=) and the others wrong (~), with no partial credit"
        )
    return None


def _context(problem: QuestionProblem, content: QuestionContent) -> str:
    """What the GIFT author wrote that breaks the rule, in GIFT's words (answers)."""
    if problem.field == "options":
        return f"has {len(content.options)} answers"
    right = len(content.right_keys)
    return f"has {right} right answer" + ("" if right == 1 else "s")


def _content(question: GiftQuestion) -> QuestionContent:
    """What the question says, as quiz.question's QuestionContent, every answer kept."""
    scenario, prompt = question.questiontext, ""
    before, sep, after = question.questiontext.rpartition("\n\n")
    if sep and trim(before) and trim(after):
        scenario, prompt = trim(before), trim(after)
    if question.kind == QuestionKind.TRUE_FALSE:
        options = true_false(
            bool(question.correctanswer),
            _feedback(question.feedbacktrue),
            _feedback(question.feedbackfalse),
        )
    else:
        options = _options(question.answers)
    return QuestionContent(QuestionKind(question.kind), "", scenario, prompt, options)


def _options(answers: tuple[GiftAnswer, ...]) -> tuple[OptionContent, ...]:
    written = [(a.text, a.fraction > 0, a.feedback.text) for a in answers]
    if len(written) <= MAX_OPTIONS:
        return lettered(written)
    # More answers than letters: keep every one, numbered, so that problems() refuses the
    # question for its count rather than an answer being dropped.
    return tuple(
        OptionContent(str(number), text, correct, feedback)
        for number, (text, correct, feedback) in enumerate(written, start=1)
    )


def _feedback(feedback: GiftText | None) -> str:
    return feedback.text if feedback else ""


def _key_for(question: GiftQuestion) -> str:
    if KEY_PATTERN.match(question.idnumber) and len(question.idnumber) <= MAX_QUESTION_KEY:
        return question.idnumber
    return slugify(question.idnumber or question.name, MAX_QUESTION_KEY, "question")
