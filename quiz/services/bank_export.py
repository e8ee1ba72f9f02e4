"""Writing a briefing's bank back out as questions/<slug>/ files, in the format the reader takes.

Export, load into an empty database, export again: the files are identical.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import select

from quiz.briefings import BriefingError, parse_briefing
from quiz.extensions import db
from quiz.models import Briefing, Question, QuestionStatus, Theme

BRIEFING_FILE = "briefing.txt"
QUESTIONS_FILE = "questions.yaml"


class _BankDumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BankDumper.add_representer(str, _text)


def bank_data(briefing: Briefing) -> dict:
    """The questions.yaml content for a briefing's published questions (current versions)."""
    data: dict = {"briefing": briefing.slug, "title": briefing.title}
    themes = [t.text for t in briefing.themes]
    try:
        written = list(parse_briefing(briefing.source_text).learning_themes)
    except BriefingError:
        written = []
    if written != themes:
        data["learning_themes"] = themes
    data["themes"] = []
    for theme in briefing.themes:
        questions = db.session.scalars(
            select(Question)
            .join(Theme, Question.theme_id == Theme.id)
            .where(Question.theme_id == theme.id, Question.status == QuestionStatus.PUBLISHED)
            .order_by(Question.position, Question.id)
        ).all()
        data["themes"].append({"theme": theme.text, "questions": [_question(q) for q in questions]})
    return data


def _question(question: Question) -> dict:
    version = question.current_version
    return {
        "id": question.key,
        "kind": version.kind,
        "role": version.role,
        "scenario": version.scenario,
        "prompt": version.prompt,
        "options": [
            {"id": o.key, "text": o.text, "correct": o.is_correct, "feedback": o.feedback}
            for o in version.options
        ],
    }


def questions_yaml(briefing: Briefing) -> str:
    header = f"# Scenario questions for {briefing.slug}, exported from Briefing Quiz.\n"
    body = yaml.dump(
        bank_data(briefing),
        Dumper=_BankDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return header + body


def export_briefing(briefing: Briefing, root: Path, overwrite: bool = False) -> Path:
    folder = Path(root) / briefing.slug
    targets = [folder / BRIEFING_FILE, folder / QUESTIONS_FILE]
    existing = [p for p in targets if p.exists()]
    if existing and not overwrite:
        raise FileExistsError(
            f"{existing[0]} already exists; use --force to replace it, or export to another folder"
        )
    folder.mkdir(parents=True, exist_ok=True)
    text = (
        briefing.source_text if briefing.source_text.endswith("\n") else briefing.source_text + "\n"
    )
    targets[0].write_text(text, encoding="utf-8")
    targets[1].write_text(questions_yaml(briefing), encoding="utf-8")
    return folder
