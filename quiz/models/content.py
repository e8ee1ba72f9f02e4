"""Briefings, their sections and learning themes, and versioned questions."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.checks import one_of
from quiz.models.people import utcnow
from quiz.question import OptionContent, QuestionContent, QuestionKind


class QuestionStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class BriefingStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


DEFAULT_QUESTIONS_PER_THEME = 2
DEFAULT_PASS_MARK_PERCENT = 50  # at least half right


class Briefing(db.Model):
    __tablename__ = "briefings"
    __table_args__ = (one_of("status", BriefingStatus),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    source_text: Mapped[str] = mapped_column(Text)
    # Imported briefings stay drafts until every theme has enough published questions.
    status: Mapped[str] = mapped_column(
        String(20), default=BriefingStatus.PUBLISHED, server_default=BriefingStatus.PUBLISHED
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The quiz's settings (quiz/draw.py): questions drawn for each theme, and the share of a
    # theme's questions a person must get right (in percent) for the theme to pass.
    questions_per_theme: Mapped[int] = mapped_column(
        default=DEFAULT_QUESTIONS_PER_THEME, server_default=str(DEFAULT_QUESTIONS_PER_THEME)
    )
    pass_mark_percent: Mapped[int] = mapped_column(
        default=DEFAULT_PASS_MARK_PERCENT, server_default=str(DEFAULT_PASS_MARK_PERCENT)
    )

    sections: Mapped[list[Section]] = relationship(
        back_populates="briefing", order_by="Section.position", cascade="all, delete-orphan"
    )
    themes: Mapped[list[Theme]] = relationship(
        back_populates="briefing", order_by="Theme.position", cascade="all, delete-orphan"
    )

    def add_sections(self, parsed_sections) -> None:
        """Sections from the parser's, in document order; the themes section marked."""
        start = len(self.sections)
        for position, section in enumerate(parsed_sections, start=start + 1):
            self.sections.append(
                Section(
                    position=position,
                    number=section.number,
                    # The parser takes any short line as a heading; the full text stays in
                    # the section and the source, so a heading past the column is shortened.
                    heading=_fitted(section.heading, MAX_HEADING),
                    text=section.text,
                    is_themes=section.is_themes,
                )
            )

    def reading_order(self) -> list[Section]:
        """Numbered sections by number (briefings are written out of order), then the rest."""
        return sorted(
            self.sections,
            key=lambda s: (s.number is None, int(s.number) if s.number else 0, s.position),
        )


MAX_HEADING = 300


def _fitted(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Section(db.Model):
    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("briefing_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    briefing_id: Mapped[int] = mapped_column(ForeignKey("briefings.id", ondelete="CASCADE"))
    position: Mapped[int]
    number: Mapped[str | None] = mapped_column(String(10))
    heading: Mapped[str] = mapped_column(String(MAX_HEADING))
    text: Mapped[str] = mapped_column(Text)
    is_themes: Mapped[bool] = mapped_column(default=False)
    briefing: Mapped[Briefing] = relationship(back_populates="sections")


class Theme(db.Model):
    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("briefing_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    briefing_id: Mapped[int] = mapped_column(ForeignKey("briefings.id", ondelete="CASCADE"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    briefing: Mapped[Briefing] = relationship(back_populates="themes")
    questions: Mapped[list[Question]] = relationship(
        back_populates="theme", order_by="Question.position"
    )
    tags: Mapped[list[ThemeTag]] = relationship(
        back_populates="theme", order_by="ThemeTag.library_id", cascade="all, delete-orphan"
    )

    @property
    def library_ids(self) -> list[str]:
        return [t.library_id for t in self.tags]


class ThemeTag(db.Model):
    """A briefing theme tagged with a recurring theme from the library (quiz/library)."""

    __tablename__ = "theme_tags"
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True
    )
    library_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    theme: Mapped[Theme] = relationship(back_populates="tags")


class Question(db.Model):
    """A question's identity; what it says lives in its immutable versions."""

    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("briefing_id", "key"),
        one_of("status", QuestionStatus),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    briefing_id: Mapped[int] = mapped_column(ForeignKey("briefings.id", ondelete="CASCADE"))
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), default=QuestionStatus.DRAFT)
    # Questions from the questions/ folder follow the file; ones written in the
    # app are left alone when the folder is loaded again.
    from_bank: Mapped[bool] = mapped_column(default=False)
    # Who drafted it: "library" (a seed) or "model" (the partnership's language model);
    # None when a person wrote it. Shown to trainers; an untouched draft is redrafted when
    # its theme's tags change.
    draft_source: Mapped[str | None] = mapped_column(String(20), default=None)

    theme: Mapped[Theme] = relationship(back_populates="questions")
    versions: Mapped[list[QuestionVersion]] = relationship(
        back_populates="question", order_by="QuestionVersion.number"
    )

    @property
    def current_version(self) -> QuestionVersion | None:
        return self.versions[-1] if self.versions else None


class QuestionVersion(db.Model):
    """What a question said at one time. Never edited once saved: edits add a version."""

    __tablename__ = "question_versions"
    __table_args__ = (
        UniqueConstraint("question_id", "number"),
        one_of("kind", QuestionKind),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(100))
    scenario: Mapped[str] = mapped_column(Text)
    prompt: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question: Mapped[Question] = relationship(back_populates="versions")
    options: Mapped[list[Option]] = relationship(
        back_populates="version", order_by="Option.position", cascade="all, delete-orphan"
    )
    void: Mapped[VoidedVersion | None] = relationship(back_populates="version")

    @property
    def is_void(self) -> bool:
        return self.void is not None

    @classmethod
    def build(cls, question: Question, number: int, content: QuestionContent) -> QuestionVersion:
        """A new version of a question saying `content`."""
        return cls(
            question_id=question.id,
            number=number,
            kind=content.kind,
            role=content.role,
            scenario=content.scenario,
            prompt=content.prompt,
            content_hash=content.content_hash(question.key, question.theme.text),
            options=[
                Option(
                    key=o.key,
                    position=i,
                    text=o.text,
                    is_correct=o.correct,
                    feedback=o.feedback,
                )
                for i, o in enumerate(content.options, start=1)
            ],
        )

    def content(self) -> QuestionContent:
        """What this version says, as the one definition of a question."""
        return QuestionContent(
            kind=QuestionKind(self.kind),
            role=self.role,
            scenario=self.scenario,
            prompt=self.prompt,
            options=tuple(
                OptionContent(o.key, o.text, o.is_correct, o.feedback) for o in self.options
            ),
        )

    @property
    def correct_option_ids(self) -> frozenset[int]:
        return frozenset(o.id for o in self.options if o.is_correct)


class Option(db.Model):
    __tablename__ = "options"
    __table_args__ = (UniqueConstraint("version_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("question_versions.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    is_correct: Mapped[bool]
    feedback: Mapped[str] = mapped_column(Text)
    version: Mapped[QuestionVersion] = relationship(back_populates="options")


def published_questions(briefing_id: int):
    """Published questions of a briefing, in theme order then question order."""
    return (
        select(Question)
        .join(Theme, Question.theme_id == Theme.id)
        .where(Question.briefing_id == briefing_id, Question.status == QuestionStatus.PUBLISHED)
        .order_by(Theme.position, Question.position, Question.id)
    )


class VoidedVersion(db.Model):
    """A version a trainer withdrew from scoring as wrong or unfair.

    Kept in its own table so the version itself never changes.
    """

    __tablename__ = "voided_versions"
    version_id: Mapped[int] = mapped_column(
        ForeignKey("question_versions.id", ondelete="CASCADE"), primary_key=True
    )
    voided_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    version: Mapped[QuestionVersion] = relationship(back_populates="void")


class ImmutableVersion(Exception):
    """A saved question version was about to change; edits must add a version instead."""


@event.listens_for(QuestionVersion, "before_update")
@event.listens_for(Option, "before_update")
def _refuse_edits_to_saved_versions(mapper, connection, target):
    # Relationship changes (a version being voided) are not edits of what it says.
    state = inspect(target)
    if not any(state.attrs[c.key].history.has_changes() for c in state.mapper.column_attrs):
        return
    raise ImmutableVersion(
        f"{type(target).__name__} {target.id} is part of a saved question version and cannot "
        "change; save a new version instead"
    )
