"""GIFT questions as Briefing Quiz questions: which ones it can store, and what they become."""

from __future__ import annotations

import re

from quiz.gift.model import KIND_LABELS, GiftFile, GiftQuestion, GiftText, quoted
from quiz.gift.php import trim
from quiz.slugs import slugify as make_slug

# Our question kinds that Briefing Quiz can store (quiz.models.QuestionKind).
STORABLE = frozenset({"single", "multiple", "true_false"})
MIN_OPTIONS, MAX_OPTIONS = 2, 8
MAX_KEY = 100
OPTION_KEYS = "abcdefgh"
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

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
    if sep and trim(before) and trim(after):
        scenario, prompt = trim(before), trim(after)
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
            lines.append(f"line {question.line}: {quoted(question.name)} {reason}")
    return lines


def _key_for(question: GiftQuestion) -> str:
    if KEY_PATTERN.match(question.idnumber) and len(question.idnumber) <= MAX_KEY:
        return question.idnumber
    return slugify(question.idnumber or question.name)


def slugify(text: str) -> str:
    """Lower-case letters, digits and hyphens, at most 100 characters; never empty."""
    return make_slug(text, MAX_KEY, "question")
