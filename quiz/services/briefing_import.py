"""Importing a briefing: read the file, propose sections and themes, save only on confirmation.

Nothing of the briefing's text is lost on the way: every section is shown to the trainer
with its heading and text, and saved. One section at most is the themes section, whose
text practitioners see as the list of learning themes; by default it is the first whose
heading names the learning ("Key learning themes"), never a "Findings" or "What the
review found" section, whose text practitioners need to read. The trainer can choose
another section, or none, and correct any heading. When no themes are found, sentences
that may be themes (list items, the first sentence of short sections) are offered to tick.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select

from quiz.briefings import BriefingError, ParsedBriefing, parse_briefing
from quiz.briefings.extract import extract_text
from quiz.briefings.headings import HeadingKind, heading_kind, is_learning_theme_heading
from quiz.briefings.limits import size_problem
from quiz.briefings.markup import plain_text
from quiz.briefings.parser import INTRODUCTION, parse_sections
from quiz.extensions import db
from quiz.models import Briefing, BriefingStatus, Theme, User
from quiz.services.accounts import audit
from quiz.services.drafting import add_tags_and_drafts
from quiz.services.problems import FieldProblem
from quiz.slugs import slugify

MAX_THEMES = 12
MAX_THEME_LENGTH = 500
MAX_TITLE = 300  # briefings.title
MAX_HEADING = 300  # sections.heading
MAX_CANDIDATES = 30
SHORT_SECTION = 600  # characters: a section this short may state one theme in its first sentence
WHOLE_BRIEFING = "The briefing"  # the one section of a text with no headings found

# Headings of sections that report what a review found: their text is for practitioners to
# read, even where the parser also finds themes in them.
_FINDINGS = re.compile(
    r"^(?:\d+[.)]?\s*)?(?:the |key |main |our |summary of (?:the )?)?(?:findings?|"
    r"what (?:the review|the panel|the reviewers?|we|was|they) (?:found|find)|what was found)\b",
    re.IGNORECASE,
)


def names_the_themes(heading: str) -> bool:
    """Whether a heading says its section lists the learning themes ("Key learning",
    "Learning themes"), and not that it reports findings ("What the review found")."""
    text = plain_text(heading).strip()
    return is_learning_theme_heading(text) and not _FINDINGS.match(text)


@dataclass(frozen=True)
class ReviewSection:
    """A section as the trainer reviews and saves it."""

    number: str | None
    heading: str
    text: str
    is_themes: bool = False

    @property
    def label(self) -> str:
        return f"{self.number} {self.heading}" if self.number else self.heading


class ImportProblem(FieldProblem):
    """The import cannot be saved as it stands; the message says what to fix."""


@dataclass(frozen=True)
class Proposal:
    title: str
    slug: str
    source_text: str
    parsed: ParsedBriefing | None
    problem: str | None = None
    source_note: str | None = None  # which of a file and pasted text was used
    sections: tuple[ReviewSection, ...] = field(default=())
    candidates: tuple[str, ...] = field(default=())

    @property
    def themes(self) -> tuple[str, ...]:
        return self.parsed.learning_themes if self.parsed else ()

    @property
    def themes_section(self) -> int | None:
        return next((i for i, s in enumerate(self.sections) if s.is_themes), None)


def sections_of(source_text: str) -> tuple[tuple[ReviewSection, ...], ParsedBriefing | None]:
    """Every section of the text in document order, the themes section marked by its
    heading; the whole text as one section when the parser finds no sections."""
    try:
        parsed = parse_briefing(source_text)
    except BriefingError:
        parsed = None
    try:
        found = parse_sections(source_text).sections  # with any text before the first heading
    except BriefingError:
        found = ()
    if not found or (len(found) == 1 and found[0].heading == INTRODUCTION):
        # No headings at all: the text is kept whole, title line and all.
        return (ReviewSection(None, WHOLE_BRIEFING, source_text.strip()),), parsed
    themes_at = next((i for i, s in enumerate(found) if names_the_themes(s.heading)), None)
    return (
        tuple(
            ReviewSection(s.number, s.heading, s.text, is_themes=i == themes_at)
            for i, s in enumerate(found)
        ),
        parsed,
    )


def candidate_themes(sections: tuple[ReviewSection, ...]) -> tuple[str, ...]:
    """Sentences that may be learning themes, for the trainer to tick when none were found:
    every list item, then the first sentence of each short section."""
    found: dict[str, None] = {}
    # Questions for reflection, good practice and actions are not themes.
    sections = tuple(s for s in sections if heading_kind(s.heading) is not HeadingKind.NOT_THEMES)
    for section in sections:
        for line in section.text.splitlines():
            if line.startswith("- "):
                found.setdefault(_one_line(line[2:]), None)
    for section in sections:
        if len(section.text) <= SHORT_SECTION:
            first = section.text.split("\n\n")[0]
            if not first.startswith("- "):
                sentence = re.split(r"(?<=[.!?])\s", _one_line(first), maxsplit=1)[0]
                found.setdefault(sentence, None)
    fitting = [c for c in found if c and len(c) <= MAX_THEME_LENGTH and len(c.split()) >= 2]
    return tuple(c for c in fitting if not c.endswith("?"))[:MAX_CANDIDATES]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def unique_slug(base: str) -> str:
    taken = set(db.session.scalars(select(Briefing.slug).where(Briefing.slug.like(f"{base}%"))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def propose(filename: str | None, data: bytes | None, pasted: str | None) -> Proposal:
    """What the app found in the briefing; a themeless text is still shown, with the problem."""
    note = None
    if data:
        text = extract_text(filename or "upload", data)
        if pasted and pasted.strip():
            note = (
                f"We used the file you uploaded ({filename or 'your file'}), not the text you "
                "pasted. To use the pasted text instead, start again without choosing a file."
            )
    elif pasted and pasted.strip():
        text = pasted
    else:
        raise BriefingError("Paste the briefing's text or choose a file to upload.")
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    too_big = size_problem(text)
    if too_big:
        raise BriefingError(too_big)
    return review_of(text, note)


def review_of(text: str, source_note: str | None = None) -> Proposal:
    """The proposal for a text already read: shown again when the trainer's choices need fixing."""
    sections, _ = sections_of(text)
    try:
        parsed = parse_briefing(text)
    except BriefingError as error:
        if not text:
            raise
        title = next((line.strip() for line in text.splitlines() if line.strip()), "")[:300]
        return Proposal(
            title,
            unique_slug(slugify(title, 80, "briefing")),
            text,
            None,
            str(error),
            source_note,
            sections,
            candidate_themes(sections),
        )
    return Proposal(
        parsed.title,
        unique_slug(slugify(parsed.title, 80, "briefing")),
        text,
        parsed,
        None,
        source_note,
        sections,
        () if parsed.learning_themes else candidate_themes(sections),
    )


def themes_from_lines(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines() if line.strip()]


AUTO = "auto"


def save_import(
    title: str,
    slug: str,
    source_text: str,
    themes: list[str],
    actor: User,
    *,
    themes_section: int | str | None = AUTO,
    headings: dict[int, str] | None = None,
) -> Briefing:
    """Create the briefing as a draft with the trainer's themes; all or nothing.

    themes_section: the position (from 0) of the section whose text practitioners see as
    the list of themes, None for no such section, or AUTO for the one whose heading names
    the learning. headings: corrected headings by position.
    """
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
    # A briefing without recognisable sections is kept whole, so nothing is lost.
    sections, parsed = sections_of(source_text)
    sections = _as_reviewed(sections, themes_section, headings or {})
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


def _as_reviewed(
    sections: tuple[ReviewSection, ...], themes_section: int | str | None, headings: dict
) -> tuple[ReviewSection, ...]:
    if themes_section != AUTO:
        if themes_section is not None and not (
            isinstance(themes_section, int) and 0 <= themes_section < len(sections)
        ):
            raise ImportProblem("themes_section", "Choose one of the sections, or none of them")
        sections = tuple(
            ReviewSection(s.number, s.heading, s.text, is_themes=i == themes_section)
            for i, s in enumerate(sections)
        )
    fixed = []
    for i, section in enumerate(sections):
        heading = _one_line(headings.get(i, section.heading) or "")
        if not heading:
            raise ImportProblem(f"heading-{i}", f"Enter a heading for section {i + 1}")
        if len(heading) > MAX_HEADING:
            raise ImportProblem(
                f"heading-{i}",
                f"Keep the heading of section {i + 1} to {MAX_HEADING} characters or fewer",
            )
        fixed.append(ReviewSection(section.number, heading, section.text, section.is_themes))
    return tuple(fixed)
