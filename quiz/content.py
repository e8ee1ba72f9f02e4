"""Writing questions in the app: drafts, new versions, publishing. Never edits a saved version."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from quiz.accounts import audit
from quiz.bank.loader import content_hash
from quiz.extensions import db
from quiz.models import (
    Briefing,
    BriefingStatus,
    Option,
    Question,
    QuestionKind,
    QuestionStatus,
    QuestionVersion,
    Theme,
    User,
)


class ContentError(ValueError):
    pass


@dataclass(frozen=True)
class DraftOption:
    text: str
    feedback: str
    correct: bool


@dataclass(frozen=True)
class DraftQuestion:
    role: str
    scenario: str
    prompt: str
    options: list[DraftOption]

    def content(self) -> dict:
        return {
            "kind": QuestionKind.SINGLE.value,
            "role": self.role,
            "scenario": self.scenario,
            "prompt": self.prompt,
            "options": [
                {"key": key, "text": o.text, "correct": o.correct, "feedback": o.feedback}
                for key, o in zip(OPTION_KEYS, self.options, strict=False)
            ],
        }


OPTION_KEYS = "abcdefgh"


def _key_for(theme: Theme, role: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", role.lower()).strip("-")[:40] or "question"
    taken = set(
        db.session.scalars(select(Question.key).where(Question.briefing_id == theme.briefing_id))
    )
    number = 1
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def create_draft(theme: Theme, draft: DraftQuestion, actor: User) -> Question:
    if sum(o.correct for o in draft.options) != 1:
        raise ContentError("Choose which one answer is the best answer.")
    last = db.session.scalar(
        select(func.max(Question.position)).where(Question.theme_id == theme.id)
    )
    question = Question(
        briefing_id=theme.briefing_id,
        theme=theme,
        key=_key_for(theme, draft.role),
        position=(last or 0) + 1,
        status=QuestionStatus.DRAFT,
    )
    db.session.add(question)
    db.session.flush()
    content = draft.content()
    question.versions.append(
        QuestionVersion(
            question_id=question.id,
            number=1,
            kind=content["kind"],
            role=draft.role,
            scenario=draft.scenario,
            prompt=draft.prompt,
            content_hash=content_hash(content),
            options=[
                Option(
                    key=o["key"],
                    position=i,
                    text=o["text"],
                    is_correct=o["correct"],
                    feedback=o["feedback"],
                )
                for i, o in enumerate(content["options"], start=1)
            ],
        )
    )
    db.session.flush()
    audit(actor, "question.draft", f"question:{question.id}", question.key)
    return question


def publish(question: Question, actor: User) -> None:
    if question.status == QuestionStatus.PUBLISHED:
        return
    if question.current_version is None:
        raise ContentError("This question has nothing to publish yet.")
    question.status = QuestionStatus.PUBLISHED
    audit(actor, "question.publish", f"question:{question.id}", question.key)
    db.session.flush()


@dataclass(frozen=True)
class ThemeCoverage:
    theme: Theme
    published: int
    drafts: int
    minimum: int

    @property
    def missing(self) -> int:
        return max(0, self.minimum - self.published)


def coverage(briefing: Briefing, minimum: int) -> list[ThemeCoverage]:
    """How many published and draft questions each theme has against the minimum."""
    counts = dict(
        db.session.execute(
            select(Question.theme_id, func.count(Question.id))
            .where(Question.briefing_id == briefing.id, Question.status == QuestionStatus.PUBLISHED)
            .group_by(Question.theme_id)
        ).all()
    )
    drafts = dict(
        db.session.execute(
            select(Question.theme_id, func.count(Question.id))
            .where(Question.briefing_id == briefing.id, Question.status == QuestionStatus.DRAFT)
            .group_by(Question.theme_id)
        ).all()
    )
    return [
        ThemeCoverage(theme, counts.get(theme.id, 0), drafts.get(theme.id, 0), minimum)
        for theme in briefing.themes
    ]


def publish_briefing(briefing: Briefing, minimum: int, actor: User) -> None:
    short = [c for c in coverage(briefing, minimum) if c.missing]
    if short:
        names = "; ".join(f"theme {c.theme.position} needs {c.missing} more" for c in short)
        raise ContentError(
            f"Every theme needs at least {minimum} published questions before the briefing "
            f"can be published: {names}."
        )
    briefing.status = BriefingStatus.PUBLISHED
    audit(actor, "briefing.publish", f"briefing:{briefing.id}", briefing.slug)
    db.session.flush()
