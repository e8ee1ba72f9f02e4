"""Storing the questions of a GIFT file as draft questions of a briefing: all or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from quiz.gift.convert import to_storable, unstorable_report
from quiz.gift.model import GiftFile
from quiz.models import Briefing, Question
from quiz.services.content import ContentError, create_draft

# `$CATEGORY: <slug>/theme 3`, as `flask gift export` writes it.
THEME_CATEGORY = re.compile(r"theme\s+(\d+)\s*$", re.IGNORECASE)
# GIFT has no role, and a question text with no blank line has no separate prompt.
DEFAULT_ROLE = "Practitioner"
DEFAULT_PROMPT = "What should you do?"


class GiftImportError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class GiftImportResult:
    created: list[Question] = field(default_factory=list)
    unstorable: list[str] = field(default_factory=list)
    missing_feedback: list[str] = field(default_factory=list)


def import_gift(gift: GiftFile, briefing: Briefing, default_theme: int | None) -> GiftImportResult:
    """Drafts for every storable question; raises GiftImportError and stores nothing on problems."""
    problems = [f"{gift.source}:{p.line}: {p.message}" for p in gift.problems]
    themes = {t.position: t for t in briefing.themes}
    planned = []
    for question in gift.questions:
        storable = to_storable(question)
        if storable is None:
            continue
        match = THEME_CATEGORY.search(question.category or "")
        number = int(match.group(1)) if match else default_theme
        if number is None:
            problems.append(
                f"{gift.source}:{question.line}: '{question.name}' has no theme; put it under "
                f"'$CATEGORY: {briefing.slug}/theme N' or give --theme N"
            )
        elif number not in themes:
            problems.append(
                f"{gift.source}:{question.line}: '{question.name}' is for theme {number}, but "
                f"{briefing.slug} has themes 1 to {len(themes)}"
            )
        else:
            planned.append((question, storable, themes[number]))
    if problems:
        raise GiftImportError(problems)
    result = GiftImportResult(unstorable=unstorable_report(gift))
    for question, storable, theme in planned:
        content = replace(
            storable.content,
            role=storable.content.role or DEFAULT_ROLE,
            prompt=storable.content.prompt or DEFAULT_PROMPT,
        )
        try:
            created = create_draft(
                theme, content, actor=None, key=storable.key, feedback_required=False
            )
        except ContentError as error:
            raise GiftImportError(
                [f"{gift.source}:{question.line}: '{question.name}': {error}"]
            ) from error
        result.created.append(created)
        if any(not o.feedback for o in content.options):
            result.missing_feedback.append(
                f"{gift.source}:{question.line}: '{question.name}' has options without "
                "feedback; add it before publishing"
            )
    return result
