"""What a scenario question is, written once: its kinds, what it says, and the rules it must meet.

Plain Python: no Flask, no database. The question bank files, the question form, GIFT import
and export, the bank export and the library's drafts all convert to and from
:class:`QuestionContent`, and every refusal of a question uses :func:`problems`, so they cannot
disagree about how many options a question may have or what makes it answerable.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass


class QuestionKind(enum.StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"

    @property
    def label(self) -> str:
        """How the kind is named to people, in the middle of a sentence."""
        return KIND_LABELS[self]


KIND_LABELS = {
    QuestionKind.SINGLE: "single best answer",
    QuestionKind.MULTIPLE: "multiple response",
    QuestionKind.TRUE_FALSE: "true or false",
}

MIN_OPTIONS = 2
MAX_OPTIONS = 8
# Keys given to options in the order they are written (the form, GIFT, drafts); a bank file
# may use any keys of its own.
OPTION_LETTERS = "abcdefgh"
TRUE_FALSE_KEYS = ("true", "false")

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_QUESTION_KEY = 100  # questions.key
MAX_OPTION_KEY = 40  # options.key
MAX_ROLE = 100  # question_versions.role
# The rest are Text columns, which hold anything: these keep a question readable on one page
# and keep a pasted novel (or a hostile request) out of the database.
MAX_SCENARIO = 3000
MAX_PROMPT = 500
MAX_OPTION_TEXT = 1000
MAX_FEEDBACK = 1000

assert len(OPTION_LETTERS) == MAX_OPTIONS


@dataclass(frozen=True)
class OptionContent:
    key: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class QuestionContent:
    """Everything a practitioner reads in one question, and which options are right."""

    kind: str
    role: str
    scenario: str
    prompt: str
    options: tuple[OptionContent, ...]

    def fingerprint_fields(self, key: str, theme: str) -> dict:
        """What the content hash covers; the shape stays fixed so saved hashes keep matching."""
        return {
            "key": key,
            "theme": theme,
            "kind": str(self.kind),
            "role": self.role,
            "scenario": self.scenario,
            "prompt": self.prompt,
            "options": [
                {"key": o.key, "text": o.text, "correct": o.correct, "feedback": o.feedback}
                for o in self.options
            ],
        }

    def bank_fields(self, key: str) -> dict:
        """The question as the bank's questions.yaml writes it, under its id."""
        return {
            "id": key,
            "kind": str(self.kind),
            "role": self.role,
            "scenario": self.scenario,
            "prompt": self.prompt,
            "options": [
                {"id": o.key, "text": o.text, "correct": o.correct, "feedback": o.feedback}
                for o in self.options
            ],
        }

    def content_hash(self, key: str, theme: str) -> str:
        """A fingerprint of what the question says, to tell a changed question from the same."""
        fields = self.fingerprint_fields(key, theme)
        return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()

    @property
    def right_keys(self) -> list[str]:
        return [o.key for o in self.options if o.correct]

    def text(self) -> str:
        """Everything a practitioner would read, for checks such as 'no names'."""
        parts = [self.role, self.scenario, self.prompt]
        for option in self.options:
            parts.extend((option.text, option.feedback))
        return "\n".join(parts)


def lettered(options: Iterable[tuple[str, bool, str]]) -> tuple[OptionContent, ...]:
    """Options written in order (text, correct, feedback), keyed a, b, c...; never more than
    MAX_OPTIONS are expected here: check the count with problems() first."""
    options = list(options)
    if len(options) > MAX_OPTIONS:
        raise ValueError(f"{len(options)} options; a question has at most {MAX_OPTIONS}")
    return tuple(
        OptionContent(key, text, correct, feedback)
        for key, (text, correct, feedback) in zip(OPTION_LETTERS, options, strict=False)
    )


def true_false(true_is_right: bool, true_feedback: str, false_feedback: str) -> tuple:
    """The two options of a true or false question."""
    return (
        OptionContent("true", "True", true_is_right, true_feedback),
        OptionContent("false", "False", not true_is_right, false_feedback),
    )


@dataclass(frozen=True)
class QuestionProblem:
    """Why a question cannot be saved as it stands.

    `field` is kind, role, scenario, prompt, options (how many), correct (which are right),
    or option (one option, numbered from 1 in `option`).
    """

    field: str
    message: str
    option: int | None = None

    def __str__(self) -> str:
        return self.message


def problems(question: QuestionContent, *, feedback_required: bool = True) -> list[QuestionProblem]:
    """Every problem with a question, in the order a person would fix them.

    `feedback_required=False` lets a draft (a GIFT import, say) lack feedback until it is
    published.
    """
    found: list[QuestionProblem] = []
    known = question.kind in set(QuestionKind)
    if not known:
        found.append(
            QuestionProblem(
                "kind",
                "Choose the kind of question: " + ", ".join(KIND_LABELS[k] for k in QuestionKind),
            )
        )
    for name in ("role", "scenario", "prompt"):
        if not getattr(question, name).strip():
            found.append(QuestionProblem(name, f"Enter the {_FIELD_NAMES[name]}"))
    for name, longest in (("role", MAX_ROLE), ("scenario", MAX_SCENARIO), ("prompt", MAX_PROMPT)):
        if len(getattr(question, name)) > longest:
            found.append(
                QuestionProblem(
                    name, f"Keep the {_FIELD_NAMES[name]} to {longest:,} characters or fewer"
                )
            )
    found.extend(_option_problems(question, feedback_required))
    if known:
        found.extend(_count_problems(question))
    return found


_FIELD_NAMES = {"role": "practitioner's role", "scenario": "scenario", "prompt": "question"}


def _option_problems(question: QuestionContent, feedback_required: bool) -> list[QuestionProblem]:
    found = []
    seen: set[str] = set()
    for number, option in enumerate(question.options, start=1):
        if not option.text.strip():
            found.append(QuestionProblem("option", f"Enter the text of option {number}", number))
        if len(option.text) > MAX_OPTION_TEXT:
            found.append(
                QuestionProblem(
                    "option",
                    f"Keep option {number} to {MAX_OPTION_TEXT:,} characters or fewer",
                    number,
                )
            )
        if len(option.feedback) > MAX_FEEDBACK:
            found.append(
                QuestionProblem(
                    "option",
                    f"Keep the feedback on option {number} to {MAX_FEEDBACK:,} characters or fewer",
                    number,
                )
            )
        if feedback_required and not option.feedback.strip():
            found.append(
                QuestionProblem(
                    "option",
                    f"Enter the feedback on option {number}: why it is or is not right",
                    number,
                )
            )
        if not KEY_PATTERN.match(option.key) or len(option.key) > MAX_OPTION_KEY:
            found.append(
                QuestionProblem(
                    "option",
                    f"Option {number} has the id {option.key!r}; ids use only lower-case "
                    f"letters, digits and hyphens (at most {MAX_OPTION_KEY} characters)",
                    number,
                )
            )
        elif option.key in seen:
            found.append(
                QuestionProblem(
                    "option", f"Option {number} has the same id as an earlier option", number
                )
            )
        seen.add(option.key)
    return found


def _count_problems(question: QuestionContent) -> list[QuestionProblem]:
    count = len(question.options)
    right = question.right_keys
    label = KIND_LABELS[QuestionKind(question.kind)]
    if question.kind == QuestionKind.TRUE_FALSE:
        keys = [o.key for o in question.options]
        if sorted(keys) != sorted(TRUE_FALSE_KEYS):
            return [
                QuestionProblem(
                    "options",
                    "A true or false question has two options, True and False (ids true and "
                    f"false); this one has {_listed(keys)}",
                )
            ]
        if len(right) != 1:
            return [
                QuestionProblem(
                    "correct",
                    "A true or false question has two options, True and False, and one of "
                    "them is right",
                )
            ]
        return []
    if not MIN_OPTIONS <= count <= MAX_OPTIONS:
        return [
            QuestionProblem(
                "options",
                f"A {label} question has {MIN_OPTIONS} to {MAX_OPTIONS} options; "
                f"this one has {count}",
            )
        ]
    if question.kind == QuestionKind.SINGLE and not right:
        return [
            QuestionProblem("correct", "No option is marked right; mark the best answer as right")
        ]
    if question.kind == QuestionKind.SINGLE and len(right) > 1:
        return [
            QuestionProblem(
                "correct",
                f"A {label} question has exactly one right option, but {len(right)} are "
                f"marked right ({_listed(right)})",
            )
        ]
    if question.kind == QuestionKind.MULTIPLE and len(right) < 2:
        return [
            QuestionProblem(
                "correct",
                f"A {label} question needs at least two right options, but "
                f"{_listed(right)} is marked right; mark another, or make it a "
                f"{KIND_LABELS[QuestionKind.SINGLE]} question",
            )
        ]
    return []


def _listed(keys: list[str]) -> str:
    return ", ".join(keys) if keys else "none"
