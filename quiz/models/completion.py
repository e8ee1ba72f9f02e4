"""One row per (person, briefing): where they stand, kept up to date as they go.

Reports read this table instead of walking attempts, answers and confidence ratings, so a
team report costs the same few statements whatever the number of briefings or attempts.
quiz.services.completion writes it, in the transaction that changes the attempt.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.attempts import AttemptState
from quiz.models.checks import one_of
from quiz.models.content import Briefing


class Completion(db.Model):
    __tablename__ = "completions"
    __table_args__ = (
        one_of("state", AttemptState),
        # The partnership summary groups by briefing; the person's key covers the rest.
        Index("ix_completions_briefing_id", "briefing_id"),
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    briefing_id: Mapped[int] = mapped_column(
        ForeignKey("briefings.id", ondelete="CASCADE"), primary_key=True
    )
    # The state of their latest attempt; first_completed_at says whether any attempt finished.
    state: Mapped[str] = mapped_column(String(20))
    latest_attempt_id: Mapped[int | None] = mapped_column(
        ForeignKey("attempts.id", ondelete="SET NULL")
    )
    answered: Mapped[int] = mapped_column(default=0)
    question_count: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=1)
    first_completed_at: Mapped[datetime | None]
    latest_score: Mapped[int | None]
    latest_max_score: Mapped[int | None]
    best_score: Mapped[int | None]
    best_max_score: Mapped[int | None]
    last_activity_at: Mapped[datetime]

    briefing: Mapped[Briefing] = relationship()
