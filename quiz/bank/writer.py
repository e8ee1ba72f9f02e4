"""Writing a briefing folder of the question bank, in exactly the format the reader takes.

Plain Python: no Flask, no database. Export, load into an empty database, export again: the
files are identical.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from quiz.bank.reader import BRIEFING_FILE, QUESTIONS_FILE
from quiz.question import QuestionContent


@dataclass(frozen=True)
class BankFolder:
    """What one briefing folder says: the briefing's text and its questions by theme."""

    slug: str
    title: str
    source_text: str
    # (theme text, [(question id, what it says)]) in the briefing's order
    themes: list[tuple[str, list[tuple[str, QuestionContent]]]]
    # the trainer's themes, where they differ from those found in the text
    learning_themes: list[str] | None = None


class _BankDumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BankDumper.add_representer(str, _text)


def questions_yaml(folder: BankFolder) -> str:
    data: dict = {"briefing": folder.slug, "title": folder.title}
    if folder.learning_themes is not None:
        data["learning_themes"] = list(folder.learning_themes)
    data["themes"] = [
        {"theme": theme, "questions": [q.bank_fields(key) for key, q in questions]}
        for theme, questions in folder.themes
    ]
    header = f"# Scenario questions for {folder.slug}, exported from Briefing Quiz.\n"
    body = yaml.dump(
        data,
        Dumper=_BankDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return header + body


def write_folder(folder: BankFolder, root: Path, overwrite: bool = False) -> Path:
    """Write `root/<slug>/`; refuses to replace files unless `overwrite`."""
    path = Path(root) / folder.slug
    targets = [path / BRIEFING_FILE, path / QUESTIONS_FILE]
    existing = [p for p in targets if p.exists()]
    if existing and not overwrite:
        raise FileExistsError(
            f"{existing[0]} already exists; use --force to replace it, or export to another folder"
        )
    path.mkdir(parents=True, exist_ok=True)
    text = folder.source_text if folder.source_text.endswith("\n") else folder.source_text + "\n"
    targets[0].write_text(text, encoding="utf-8")
    targets[1].write_text(questions_yaml(folder), encoding="utf-8")
    return path
