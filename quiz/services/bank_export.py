"""A briefing's published questions (current versions) as a folder of the question bank."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from quiz.bank.writer import BankFolder, write_folder
from quiz.briefings import BriefingError, parse_briefing
from quiz.extensions import db
from quiz.models import Briefing, Question, QuestionStatus


def bank_folder(briefing: Briefing) -> BankFolder:
    themes = [t.text for t in briefing.themes]
    try:
        written = list(parse_briefing(briefing.source_text).learning_themes)
    except BriefingError:
        written = []
    published = db.session.scalars(
        select(Question)
        .where(Question.briefing_id == briefing.id, Question.status == QuestionStatus.PUBLISHED)
        .order_by(Question.position, Question.id)
    ).all()
    return BankFolder(
        slug=briefing.slug,
        title=briefing.title,
        source_text=briefing.source_text,
        themes=[
            (
                theme.text,
                [(q.key, q.current_version.content()) for q in published if q.theme_id == theme.id],
            )
            for theme in briefing.themes
        ],
        learning_themes=None if written == themes else themes,
    )


def export_briefing(briefing: Briefing, root: Path, overwrite: bool = False) -> Path:
    return write_folder(bank_folder(briefing), root, overwrite)
