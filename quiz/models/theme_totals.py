"""One row per (attempt, theme): that attempt's answers and confidence on the theme.

The theme reports (the annual report, the partnership's themes, a team's theme picture)
read this table instead of every answer, its question version, its question and whether it
was voided. quiz.services.theme_totals writes it, in the transaction that changes what it
counts: confidence rated, answers submitted, a question version voided.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db


class ThemeTotal(db.Model):
    __tablename__ = "theme_totals"
    __table_args__ = (
        CheckConstraint("correct BETWEEN 0 AND answered", name="correct_of_answered"),
        # Reports reach the rows from their attempts: SQLite keeps them in key order, so one
        # lookup finds an attempt's rows and their figures. No index on theme_id: one made
        # SQLite read the rows theme by theme, out of order (no faster than the answers).
        {"sqlite_with_rowid": False},
    )
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True
    )
    # The question's theme: a refresh question counts for its earlier briefing's theme.
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True
    )
    # Answers to versions not voided, counted once the attempt is submitted (0 before:
    # answers may still change, and no report counts them).
    answered: Mapped[int] = mapped_column(default=0)
    correct: Mapped[int] = mapped_column(default=0)
    # The ratings (1 to 5) given before answering and after the results, if given.
    confidence_before: Mapped[int | None]
    confidence_after: Mapped[int | None]
