"""Tagging an imported briefing's themes from the library and saving its draft questions."""

from __future__ import annotations

from dataclasses import replace

from quiz.briefings import ParsedBriefing, Section
from quiz.library import ThemeDrafts, draft_briefing, load_library
from quiz.models import Briefing, ThemeTag, User
from quiz.question import QuestionContent
from quiz.services.accounts import audit
from quiz.services.content import create_draft


def proposals_for(parsed: ParsedBriefing | None, briefing: Briefing) -> list[ThemeDrafts]:
    """Library tags and drafts for the briefing's themes as the trainer settled them."""
    themes = tuple(t.text for t in briefing.themes)
    if parsed is None:
        parsed = ParsedBriefing(
            title=briefing.title,
            sections=(Section(None, "The briefing", briefing.source_text),),
            learning_themes=themes,
        )
    return draft_briefing(replace(parsed, learning_themes=themes), load_library())


def add_tags_and_drafts(
    briefing: Briefing, parsed: ParsedBriefing | None, actor: User
) -> list[ThemeDrafts]:
    """Tag every theme and save its scored drafts as draft questions (never published here)."""
    proposals = proposals_for(parsed, briefing)
    for theme, proposal in zip(briefing.themes, proposals, strict=True):
        theme.tags = [ThemeTag(library_id=tag) for tag in proposal.tags]
        for draft in proposal.drafts:
            # A reflective question is shown to the trainer, not stored as a question.
            if isinstance(draft.question, QuestionContent):
                create_draft(theme, draft.question, actor, key=draft.id)
    return proposals


def library_tags(theme_text: str) -> list[ThemeTag]:
    return [ThemeTag(library_id=m.theme_id) for m in load_library().match(theme_text)]


def set_tags(theme, library_ids: list[str], actor: User) -> None:
    """The trainer's choice of library tags for a theme; unknown ids are ignored."""
    known = {t.id for t in load_library().themes}
    theme.tags = [ThemeTag(library_id=i) for i in library_ids if i in known]
    audit(actor, "theme.tags", f"theme:{theme.id}", ", ".join(theme.library_ids))
