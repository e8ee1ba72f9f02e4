"""Tagging an imported briefing's themes from the library and saving its draft questions.

Drafts come from the library's seeds (``draft_source="library"``) and, when the
partnership has configured one, from its language model (``"model"``,
quiz.library.model_drafts). A draft nobody has edited is redrafted when the trainer
changes its theme's tags; a draft a trainer edited or published stays as it is.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace

from flask import current_app
from sqlalchemy import select

from quiz.briefings import ParsedBriefing, Section
from quiz.briefings.context import extract_context
from quiz.extensions import db
from quiz.library import Draft, ThemeDrafts, draft_briefing, draft_questions, load_library
from quiz.library.model_drafts import ModelDrafter, drafter_from_config
from quiz.models import AttemptQuestion, Briefing, Question, QuestionStatus, ThemeTag, User
from quiz.question import QuestionContent
from quiz.services.accounts import audit
from quiz.services.content import ContentError, create_draft

LIBRARY = "library"
MODEL = "model"
SOURCE_LABELS = {LIBRARY: "Drafted from the library", MODEL: "Drafted by the language model"}

log = logging.getLogger(__name__)


def _parsed(parsed: ParsedBriefing | None, briefing: Briefing) -> ParsedBriefing:
    """The briefing as the drafts read it: its sections and its themes as the trainer settled."""
    themes = tuple(t.text for t in briefing.themes)
    if parsed is None:
        sections = tuple(
            Section(s.number, s.heading, s.text) for s in briefing.sections if not s.is_themes
        ) or (Section(None, "The briefing", briefing.source_text),)
        parsed = ParsedBriefing(title=briefing.title, sections=sections, learning_themes=themes)
    return replace(parsed, learning_themes=themes)


def proposals_for(parsed: ParsedBriefing | None, briefing: Briefing) -> list[ThemeDrafts]:
    """Library tags and drafts for the briefing's themes as the trainer settled them."""
    return draft_briefing(_parsed(parsed, briefing), load_library())


def add_tags_and_drafts(
    briefing: Briefing,
    parsed: ParsedBriefing | None,
    actor: User,
    drafter: ModelDrafter | None = None,
) -> list[ThemeDrafts]:
    """Tag every theme and save its scored drafts as draft questions (never published here).

    drafter: the partnership's language model; by default the one the app is configured
    with, if any. Its drafts are added beside the library's, never instead of them.
    """
    parsed = _parsed(parsed, briefing)
    proposals = draft_briefing(parsed, load_library())
    for theme, proposal in zip(briefing.themes, proposals, strict=True):
        theme.tags = [ThemeTag(library_id=tag) for tag in proposal.tags]
        _save(theme, proposal.drafts, actor, LIBRARY)
    drafter = drafter if drafter is not None else drafter_from_config(current_app.config)
    if drafter is not None:
        for theme, proposal in zip(briefing.themes, proposals, strict=True):
            drafts = drafter.draft(parsed, theme.text, proposal.tags, load_library())
            _save(theme, drafts, actor, MODEL)
    return proposals


def _save(theme, drafts: Iterable[Draft], actor: User | None, source: str) -> None:
    for draft in drafts:
        # A reflective question is shown to the trainer, not stored as a question.
        if not isinstance(draft.question, QuestionContent):
            continue
        try:
            question = create_draft(theme, draft.question, actor, key=draft.id)
        except ContentError as error:  # the library's own seeds pass; a model's may not
            log.warning("draft %s for theme %s left out: %s", draft.id, theme.id, error)
            continue
        question.draft_source = source


def library_tags(theme_text: str) -> list[ThemeTag]:
    return [ThemeTag(library_id=m.theme_id) for m in load_library().match(theme_text)]


def untouched_drafts(theme) -> list[Question]:
    """The theme's library drafts nobody has edited, published or answered."""
    answered = select(AttemptQuestion.id).limit(1)
    found = []
    for question in theme.questions:
        if (
            question.draft_source == LIBRARY
            and question.status == QuestionStatus.DRAFT
            and len(question.versions) == 1
            and db.session.scalar(
                answered.where(AttemptQuestion.version_id == question.versions[0].id)
            )
            is None
        ):
            found.append(question)
    return found


def set_tags(theme, library_ids: list[str], actor: User) -> int:
    """The trainer's choice of library tags for a theme; unknown ids are ignored.

    When the tags change, the theme's untouched library drafts are replaced by drafts for
    the new tags; returns how many drafts were made.
    """
    library = load_library()
    known = {t.id for t in library.themes}
    chosen = list(dict.fromkeys(i for i in library_ids if i in known))
    before = theme.library_ids
    theme.tags = [ThemeTag(library_id=i) for i in chosen]
    audit(actor, "theme.tags", f"theme:{theme.id}", ", ".join(theme.library_ids))
    if sorted(before) == sorted(chosen):
        return 0
    for question in untouched_drafts(theme):
        for version in list(question.versions):
            db.session.delete(version)
        db.session.delete(question)
    db.session.flush()
    db.session.expire(theme, ["questions"])
    if not chosen:
        return 0
    briefing = theme.briefing
    parsed = _parsed(None, briefing)
    seed_ids = {seed.id for t in library.themes for seed in t.seeds}
    keys = db.session.scalars(select(Question.key).where(Question.briefing_id == briefing.id))
    used = {key.removeprefix("draft-") for key in keys} & seed_ids
    result = draft_questions(
        theme.text, extract_context(parsed), library, exclude_seeds=used, tags=chosen
    )
    _save(theme, result.drafts, actor, LIBRARY)
    return sum(isinstance(d.question, QuestionContent) for d in result.drafts)
