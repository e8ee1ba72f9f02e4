"""Loading the questions/ folder into the database, idempotently.

A question whose content changed gets a new version; answers already given
keep pointing at the version the person saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from quiz.bank import BankBriefing, BankQuestion
from quiz.extensions import db
from quiz.models import (
    Answer,
    Briefing,
    ConfidenceRating,
    Question,
    QuestionStatus,
    QuestionVersion,
    Theme,
)
from quiz.services import theme_totals
from quiz.services.accounts import audit
from quiz.services.drafting import library_tags


class LoadError(ValueError):
    pass


@dataclass
class LoadSummary:
    briefings_created: list[str] = field(default_factory=list)
    questions_created: list[str] = field(default_factory=list)
    versions_added: list[str] = field(default_factory=list)
    questions_retired: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.briefings_created
            or self.questions_created
            or self.versions_added
            or self.questions_retired
        )

    def lines(self) -> list[str]:
        return [
            f"briefings created: {len(self.briefings_created)}",
            f"questions created: {len(self.questions_created)}",
            f"new versions of changed questions: {len(self.versions_added)}",
            f"questions retired (no longer in the files): {len(self.questions_retired)}",
            f"questions unchanged: {self.unchanged}",
        ]


def load_bank(bank: list[BankBriefing]) -> LoadSummary:
    summary = LoadSummary()
    for item in bank:
        briefing = _upsert_briefing(item, summary)
        themes = _sync_themes(briefing, list(item.themes))
        _sync_questions(briefing, themes, item.questions, summary)
    if summary.changed:
        # Loading the bank publishes questions to practitioners: on the record, like a
        # trainer's publishing (a command has no person, so the actor is the system).
        audit(None, "bank.load", "question bank", "; ".join(summary.lines()))
    db.session.flush()
    return summary


def _upsert_briefing(item: BankBriefing, summary: LoadSummary) -> Briefing:
    briefing = db.session.scalar(select(Briefing).where(Briefing.slug == item.slug))
    parsed = item.briefing
    title = item.display_title
    if briefing is None:
        briefing = Briefing(slug=item.slug, title=title, source_text=item.briefing_text)
        db.session.add(briefing)
        summary.briefings_created.append(item.slug)
    elif briefing.source_text == item.briefing_text and briefing.title == title:
        return briefing
    briefing.title = title
    briefing.source_text = item.briefing_text
    # Nothing points at sections, so they are simply rebuilt from the text.
    briefing.sections.clear()
    db.session.flush()
    briefing.add_sections(parsed.sections)
    db.session.flush()
    return briefing


def _sync_themes(briefing: Briefing, texts: list[str]) -> dict[str, Theme]:
    existing = {t.text: t for t in briefing.themes}
    for text, theme in existing.items():
        if text not in texts and _theme_in_use(theme):
            raise LoadError(
                f"{briefing.slug}: the learning theme '{text}' is no longer in briefing.txt, "
                "but people have already answered questions on it. Keep the theme's wording."
            )
    for text, theme in list(existing.items()):
        if text not in texts:
            briefing.themes.remove(theme)
            db.session.delete(theme)
            del existing[text]
    # Move positions out of the way first so renumbering never collides.
    for offset, theme in enumerate(existing.values(), start=1):
        theme.position = -offset
    db.session.flush()
    for position, text in enumerate(texts, start=1):
        theme = existing.get(text)
        if theme is None:
            # New themes are tagged from the library; a trainer's later changes are kept.
            theme = Theme(text=text, position=position, tags=library_tags(text))
            briefing.themes.append(theme)
            existing[text] = theme
        theme.position = position
    db.session.flush()
    return existing


def _theme_in_use(theme: Theme) -> bool:
    answered = db.session.scalar(
        select(func.count(Answer.id))
        .join(QuestionVersion, Answer.version_id == QuestionVersion.id)
        .join(Question, QuestionVersion.question_id == Question.id)
        .where(Question.theme_id == theme.id)
    )
    rated = db.session.scalar(
        select(func.count(ConfidenceRating.id)).where(ConfidenceRating.theme_id == theme.id)
    )
    return bool(answered or rated)


def _sync_questions(
    briefing: Briefing,
    themes: dict[str, Theme],
    questions: tuple[BankQuestion, ...],
    summary: LoadSummary,
) -> None:
    existing = {
        q.key: q
        for q in db.session.scalars(select(Question).where(Question.briefing_id == briefing.id))
    }
    positions: dict[str, int] = {}
    moved: list[int] = []
    for bank_question in questions:
        position = positions[bank_question.theme] = positions.get(bank_question.theme, 0) + 1
        theme = themes[bank_question.theme]
        digest = bank_question.content_hash()
        question = existing.get(bank_question.key)
        if question is None:
            question = Question(
                briefing_id=briefing.id,
                theme=theme,
                key=bank_question.key,
                position=position,
                status=QuestionStatus.PUBLISHED,
                from_bank=True,
            )
            db.session.add(question)
            db.session.flush()
            _add_version(question, bank_question, number=1)
            summary.questions_created.append(bank_question.key)
            continue
        if question.theme_id != theme.id:
            moved.append(question.id)
        question.theme = theme
        question.position = position
        question.status = QuestionStatus.PUBLISHED
        current = question.current_version
        if current is None or current.content_hash != digest:
            _add_version(question, bank_question, number=(current.number + 1 if current else 1))
            summary.versions_added.append(bank_question.key)
        else:
            summary.unchanged += 1
    theme_totals.recount_answers_to(moved)
    keys = {q.key for q in questions}
    for key, question in existing.items():
        if question.from_bank and key not in keys and question.status != QuestionStatus.RETIRED:
            question.status = QuestionStatus.RETIRED
            summary.questions_retired.append(key)


def _add_version(question: Question, source: BankQuestion, number: int) -> None:
    question.versions.append(QuestionVersion.build(question, number, source.question))
    db.session.flush()
