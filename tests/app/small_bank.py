"""Small briefings built in the database for quiz tests that need particular professions,
themes and library tags (the seed bank is other people's to grow)."""

from __future__ import annotations

from datetime import date, timedelta

from quiz.extensions import db
from quiz.models import (
    Assignment,
    Briefing,
    Question,
    QuestionStatus,
    QuestionVersion,
    Theme,
    ThemeTag,
)
from quiz.question import OptionContent, QuestionContent, QuestionKind


def content(role: str, scenario: str, kind: str = QuestionKind.SINGLE) -> QuestionContent:
    right_b = kind == QuestionKind.MULTIPLE
    return QuestionContent(
        kind=kind,
        role=role,
        scenario=scenario,
        prompt="What should you do now?",
        options=(
            OptionContent(
                "a", "Share your concern with children's social care today.", True, "Yes."
            ),
            OptionContent("b", "Record it and talk to your safeguarding lead.", right_b, "Also."),
            OptionContent("c", "Wait for the family to raise it.", False, "Not safe."),
        ),
    )


def small_briefing(
    slug: str,
    themes: dict[str, list[str]],
    tags: dict[str, list[str]] | None = None,
    team=None,
    multiple: bool = False,
) -> Briefing:
    """A published briefing whose themes (text -> roles of their questions) each have one
    published question per role listed, tagged with library themes; assigned to team."""
    briefing = Briefing(slug=slug, title=f"Briefing {slug}", source_text="Text.")
    db.session.add(briefing)
    for position, (text, roles) in enumerate(themes.items(), start=1):
        theme = Theme(briefing=briefing, position=position, text=text)
        for library_id in (tags or {}).get(text, []):
            theme.tags.append(ThemeTag(library_id=library_id))
        db.session.add(theme)
        db.session.flush()
        for number, role in enumerate(roles, start=1):
            question = Question(
                briefing_id=briefing.id,
                theme=theme,
                key=f"{slug}-{position}-{number}",
                position=number,
                status=QuestionStatus.PUBLISHED,
            )
            db.session.add(question)
            db.session.flush()
            kind = QuestionKind.MULTIPLE if multiple and number == 1 else QuestionKind.SINGLE
            scenario = f"You are a {role.lower()} ({slug}, theme {position}, question {number})."
            question.versions.append(
                QuestionVersion.build(question, 1, content(role, scenario, kind))
            )
    if team is not None:
        db.session.add(
            Assignment(briefing=briefing, team=team, due_on=date.today() + timedelta(days=7))
        )
    db.session.commit()
    return briefing
