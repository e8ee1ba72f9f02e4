"""A question version as the practitioner's pages show it, read as plain rows.

A question page and its answer (one_question) and check answers, the result and the
completion record (results) read the few columns they show in one statement instead of
loading versions, options and themes as objects, several times cheaper. The classes are
named as the models name their attributes, so templates and the answer form read either.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ShownBriefing:
    title: str


@dataclass(frozen=True)
class ShownTheme:
    id: int
    text: str
    position: int
    # The briefing a refresh question comes back from, named on the question page only.
    briefing: ShownBriefing | None = None


@dataclass(frozen=True)
class ShownQuestion:
    theme: ShownTheme


@dataclass(frozen=True)
class ShownOption:
    id: int
    text: str
    is_correct: bool
    # Shown once the answers are in; a question page does not read it.
    feedback: str | None = None


@dataclass(frozen=True)
class ShownVersion:
    id: int
    kind: str
    role: str
    scenario: str
    prompt: str
    options: tuple[ShownOption, ...]
    question: ShownQuestion
    # Withdrawn by a trainer: shown in results, not counted. A question page does not read it.
    is_void: bool | None = None

    @property
    def correct_option_ids(self) -> frozenset[int]:
        return frozenset(o.id for o in self.options if o.is_correct)
