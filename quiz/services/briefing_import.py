"""Importing a briefing: read the file, propose sections and themes, save only on confirmation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from quiz.briefings import BriefingError, ParsedBriefing, parse_briefing
from quiz.briefings import Section as ParsedSection
from quiz.briefings.extract import extract_text
from quiz.briefings.limits import size_problem
from quiz.extensions import db
from quiz.models import Briefing, BriefingStatus, Theme, User
from quiz.services.accounts import audit
from quiz.services.drafting import add_tags_and_drafts
from quiz.services.problems import FieldProblem
from quiz.slugs import slugify

MAX_THEMES = 12
MAX_THEME_LENGTH = 500
MAX_TITLE = 300  # briefings.title


class ImportProblem(FieldProblem):
    """The import cannot be saved as it stands; the message says what to fix."""


@dataclass(frozen=True)
class Proposal:
    title: str
    slug: str
    source_text: str
    parsed: ParsedBriefing | None
    problem: str | None = None

    @property
    def themes(self) -> tuple[str, ...]:
        return self.parsed.learning_themes if self.parsed else ()


def unique_slug(base: str) -> str:
    taken = set(db.session.scalars(select(Briefing.slug).where(Briefing.slug.like(f"{base}%"))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def propose(filename: str | None, data: bytes | None, pasted: str | None) -> Proposal:
    """What the app found in the briefing; a themeless text is still shown, with the problem."""
    if data:
        text = extract_text(filename or "upload", data)
    elif pasted and pasted.strip():
        text = pasted
    else:
        raise BriefingError("Paste the briefing's text or choose a file to upload.")
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    too_big = size_problem(text)
    if too_big:
        raise BriefingError(too_big)
    try:
        parsed = parse_briefing(text)
    except BriefingError as error:
        if not text:
            raise
        title = next((line.strip() for line in text.splitlines() if line.strip()), "")[:300]
        return Proposal(title, unique_slug(slugify(title, 80, "briefing")), text, None, str(error))
    return Proposal(parsed.title, unique_slug(slugify(parsed.title, 80, "briefing")), text, parsed)


def themes_from_lines(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines() if line.strip()]


def save_import(
    title: str, slug: str, source_text: str, themes: list[str], actor: User
) -> Briefing:
    """Create the briefing as a draft with the trainer's themes; all or nothing."""
    title = title.strip()
    slug = slug.strip()
    if not title:
        raise ImportProblem("title", "Enter the briefing's title")
    if len(title) > MAX_TITLE:
        raise ImportProblem("title", f"Keep the title to {MAX_TITLE:,} characters or fewer")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", slug):
        raise ImportProblem(
            "slug", "The short name can only have lowercase letters, numbers and hyphens"
        )
    if db.session.scalar(select(Briefing.id).where(Briefing.slug == slug)) is not None:
        raise ImportProblem("slug", f"Another briefing already uses the short name '{slug}'")
    if not themes:
        raise ImportProblem("themes", "Enter at least one learning theme, one per line")
    if len(themes) > MAX_THEMES:
        raise ImportProblem("themes", f"A briefing can have at most {MAX_THEMES} learning themes")
    if any(len(t) > MAX_THEME_LENGTH for t in themes):
        raise ImportProblem(
            "themes", f"Keep each learning theme under {MAX_THEME_LENGTH} characters"
        )
    if len(set(themes)) != len(themes):
        raise ImportProblem("themes", "Two learning themes are the same; remove one")
    too_big = size_problem(source_text)
    if too_big:
        raise ImportProblem("source_text", too_big)
    try:
        parsed = parse_briefing(source_text)
        sections = parsed.sections
    except BriefingError:
        # A briefing without recognisable sections is kept whole, so nothing is lost.
        parsed = None
        sections = (ParsedSection(None, "The briefing", source_text),)
    briefing = Briefing(
        slug=slug, title=title, source_text=source_text, status=BriefingStatus.DRAFT
    )
    briefing.add_sections(sections)
    for position, text in enumerate(themes, start=1):
        briefing.themes.append(Theme(position=position, text=text))
    db.session.add(briefing)
    db.session.flush()
    add_tags_and_drafts(briefing, parsed, actor)
    audit(actor, "briefing.import", f"briefing:{briefing.id}", slug)
    return briefing
