"""Team meetings: a briefing discussed together, answers given in the room, and the log kept.

Answers given in a meeting live here, apart from each person's own self-assessment
(quiz.models.attempts), which they still complete on their own.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.checks import one_of
from quiz.models.content import Briefing, Option, QuestionVersion
from quiz.models.people import Team, User, utcnow


class MeetingState(enum.StrEnum):
    OPEN = "open"
    ENDED = "ended"


class Meeting(db.Model):
    """A live meeting: who runs it, its join code and where the presenter has got to."""

    __tablename__ = "meetings"
    __table_args__ = (one_of("state", MeetingState),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    briefing_id: Mapped[int] = mapped_column(ForeignKey("briefings.id", ondelete="CASCADE"))
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Unique for ever, so an old code never opens a newer meeting.
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    state: Mapped[str] = mapped_column(String(20), default=MeetingState.OPEN)
    # Where the presenter is: the briefing's sections first, then its questions (0-based).
    step: Mapped[int] = mapped_column(default=0)
    revealed: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]

    team: Mapped[Team] = relationship()
    briefing: Mapped[Briefing] = relationship()
    facilitator: Mapped[User | None] = relationship()
    participants: Mapped[list[MeetingParticipant]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        return self.state == MeetingState.OPEN


class MeetingParticipant(db.Model):
    """Someone who joined a meeting with its code."""

    __tablename__ = "meeting_participants"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    meeting: Mapped[Meeting] = relationship(back_populates="participants")
    user: Mapped[User] = relationship()


class MeetingAnswer(db.Model):
    """One person's answer to one question in a meeting (changeable until the reveal)."""

    __tablename__ = "meeting_answers"
    __table_args__ = (
        UniqueConstraint(
            "meeting_id", "user_id", "version_id", name="uq_meeting_answers_one_per_question"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[QuestionVersion] = relationship()
    choices: Mapped[list[MeetingAnswerChoice]] = relationship(
        back_populates="answer", cascade="all, delete-orphan"
    )


class MeetingAnswerChoice(db.Model):
    __tablename__ = "meeting_answer_choices"
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_answers.id", ondelete="CASCADE"), primary_key=True
    )
    option_id: Mapped[int] = mapped_column(
        ForeignKey("options.id", ondelete="CASCADE"), primary_key=True
    )
    answer: Mapped[MeetingAnswer] = relationship(back_populates="choices")
    option: Mapped[Option] = relationship()


# Who attended a logged meeting: counts in each attendee's record.
meeting_log_attendees = Table(
    "meeting_log_attendees",
    db.metadata,
    Column("log_id", ForeignKey("meeting_logs.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class MeetingLog(db.Model):
    """The team's "7-minute briefing action plan": one per meeting held, live or in person."""

    __tablename__ = "meeting_logs"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    briefing_id: Mapped[int] = mapped_column(ForeignKey("briefings.id", ondelete="CASCADE"))
    # Set when the log comes from a live meeting; a team meeting in person has none.
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), unique=True
    )
    held_on: Mapped[date]
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    key_thoughts: Mapped[str] = mapped_column(Text, default="")
    embedding: Mapped[str] = mapped_column(Text, default="")
    improvement_plan: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    team: Mapped[Team] = relationship()
    briefing: Mapped[Briefing] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    facilitator: Mapped[User | None] = relationship()
    attendees: Mapped[list[User]] = relationship(
        secondary=meeting_log_attendees, order_by="User.name"
    )
    actions: Mapped[list[MeetingAction]] = relationship(
        back_populates="log", order_by="MeetingAction.id", cascade="all, delete-orphan"
    )


class MeetingAction(db.Model):
    """An action the team agreed, with who owns it and by when."""

    __tablename__ = "meeting_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    log_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_logs.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_on: Mapped[date | None]
    log: Mapped[MeetingLog] = relationship(back_populates="actions")
    owner: Mapped[User | None] = relationship()
