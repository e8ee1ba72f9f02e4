"""An attempt's confidence ratings, as the confidence pages read and save them.

The briefing's themes with the ratings given so far are read in one statement of plain
rows, and saved in plain statements of only what changed: as the attempt's objects, the
themes and ratings cost two statements and a rating one INSERT each. The rules (every
theme rated, from 1 to 5, before the answers are submitted) are quiz.services.attempts'.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import and_, bindparam, insert, select

from quiz.extensions import db
from quiz.models import ConfidenceRating, ConfidenceStage, Theme

_theme, _rating = Theme.__table__, ConfidenceRating.__table__


@dataclass(frozen=True)
class ThemeToRate:
    """A theme of the attempt's briefing, with the rating given to it at one stage (None
    before one is given). The confidence form reads it as it reads a Theme."""

    id: int
    text: str
    rating: int | None


@cache
def _themes_to_rate_statement():
    return (
        select(_theme.c.id, _theme.c.text, _rating.c.rating)
        .select_from(_theme)
        .outerjoin(
            _rating,
            and_(
                _rating.c.theme_id == _theme.c.id,
                _rating.c.attempt_id == bindparam("attempt_id"),
                _rating.c.stage == bindparam("stage"),
            ),
        )
        .where(_theme.c.briefing_id == bindparam("briefing_id"))
        .order_by(_theme.c.position)
    )


def themes_to_rate(attempt_id: int, briefing_id: int, stage: ConfidenceStage) -> list[ThemeToRate]:
    """The briefing's themes in order, each with the attempt's rating at this stage."""
    rows = db.session.execute(
        _themes_to_rate_statement(),
        {"attempt_id": attempt_id, "stage": stage, "briefing_id": briefing_id},
    )
    return [ThemeToRate(*row) for row in rows]


def save(
    attempt_id: int, stage: ConfidenceStage, ratings: dict[int, int], themes: list[ThemeToRate]
) -> None:
    """The ratings (by theme id) of the themes read by themes_to_rate(): one statement for
    those not rated yet, one for those changed; none for a rating given again."""
    added, changed = [], []
    for theme in themes:
        if theme.rating != ratings[theme.id]:
            row = {"attempt": attempt_id, "theme": theme.id, "at": stage, "new": ratings[theme.id]}
            (added if theme.rating is None else changed).append(row)
    add, change = _statements()
    if added:
        db.session.execute(add, added)
    if changed:
        db.session.execute(change, changed)


@cache
def _statements():
    attempt, theme, stage = bindparam("attempt"), bindparam("theme"), bindparam("at")
    add = insert(_rating).values(
        attempt_id=attempt, theme_id=theme, stage=stage, rating=bindparam("new")
    )
    change = (
        _rating.update()
        .where(
            _rating.c.attempt_id == attempt,
            _rating.c.theme_id == theme,
            _rating.c.stage == stage,
        )
        .values(rating=bindparam("new"))
    )
    return add, change
