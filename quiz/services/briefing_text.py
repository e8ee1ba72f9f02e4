"""A briefing's text as its page shows it: the sections and the learning themes, as plain
rows in one statement.

Read as the briefing's objects, the sections and the themes cost a statement each, and
more CPU than the rest of the page's queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import and_, bindparam, select

from quiz.extensions import db
from quiz.models import Briefing, Section, Theme
from quiz.services.shown import ShownTheme

_section, _theme = Section.__table__, Theme.__table__


@dataclass(frozen=True)
class ShownSection:
    position: int
    number: str | None
    heading: str
    text: str
    is_themes: bool


@dataclass(frozen=True)
class BriefingText:
    """What the briefing page reads of a briefing, named as Briefing names it."""

    slug: str
    title: str
    questions_per_theme: int
    sections: tuple[ShownSection, ...]  # by position
    themes: tuple[ShownTheme, ...]

    reading_order = Briefing.reading_order  # the model's rule, over these sections


@cache
def _statement():
    # A row per section; the themes section's row once for each theme (every other
    # section's text is read once).
    return (
        select(
            _section.c.position,
            _section.c.number,
            _section.c.heading,
            _section.c.text,
            _section.c.is_themes,
            _theme.c.id,
            _theme.c.text,
            _theme.c.position,
        )
        .select_from(_section)
        .outerjoin(
            _theme, and_(_section.c.is_themes, _theme.c.briefing_id == _section.c.briefing_id)
        )
        .where(_section.c.briefing_id == bindparam("briefing_id"))
        .order_by(_section.c.position, _theme.c.position)
    )


def text_of(briefing: Briefing) -> BriefingText:
    sections: dict[int, ShownSection] = {}
    themes: dict[int, ShownTheme] = {}
    for row in db.session.execute(_statement(), {"briefing_id": briefing.id}):
        sections.setdefault(row[0], ShownSection(*row[:5]))
        if row[5] is not None:
            themes.setdefault(row[5], ShownTheme(*row[5:]))
    return BriefingText(
        briefing.slug,
        briefing.title,
        briefing.questions_per_theme,
        tuple(sections.values()),
        tuple(sorted(themes.values(), key=lambda t: t.position)),
    )
