"""Read and check the question bank: ``<root>/<slug>/briefing.txt`` + ``questions.yaml``.

Plain Python: no Flask, no database. Every problem found is reported as
``path:line: message`` so a trainer can go straight to the line to fix. All
problems in a run are collected before anything is raised.

The YAML is read with ``yaml.compose`` (the safe loader, refusing aliases, deep nesting
and files past a size; see yaml_file.py) and the node tree is walked by hand, so every
value keeps the line it started on. Text values (ids, role,
scenario, prompt, option text, feedback, theme, kind) are taken as written:
``id: true`` is the id ``"true"`` and ``text: Yes`` is the text ``"Yes"``, not
YAML 1.1 booleans. ``correct`` must be a real ``true``/``false``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quiz.bank.questions_file import BankQuestion, QuestionsFileReader
from quiz.bank.yaml_file import ID_PATTERN, Problem, display, quoted
from quiz.briefings import BriefingError, ParsedBriefing, parse_briefing_file
from quiz.briefings.limits import MAX_TITLE_CHARACTERS
from quiz.briefings.parser import check_file_size

BRIEFING_FILE = "briefing.txt"
QUESTIONS_FILE = "questions.yaml"
MAX_SLUG = 100  # briefings.slug


@dataclass(frozen=True)
class BankBriefing:
    slug: str
    folder: Path
    briefing: ParsedBriefing
    briefing_text: str
    questions: tuple[BankQuestion, ...]
    # questions.yaml may give the briefing a clearer title than its first line.
    title: str | None = None
    # ...and the themes a trainer settled on, where they differ from briefing.txt's.
    learning_themes: tuple[str, ...] | None = None

    @property
    def themes(self) -> tuple[str, ...]:
        return (
            self.learning_themes
            if self.learning_themes is not None
            else (self.briefing.learning_themes)
        )

    @property
    def display_title(self) -> str:
        return self.title or self.briefing.title

    def questions_for(self, theme: str) -> tuple[BankQuestion, ...]:
        return tuple(q for q in self.questions if q.theme == theme)


class BankError(Exception):
    """One or more problems in the bank; ``str()`` lists them one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def read_bank(root: Path | str) -> list[BankBriefing]:
    """Every briefing folder under ``root`` by slug; raises BankError listing every problem."""
    root = Path(root)
    if not root.is_dir():
        raise BankError([Problem(display(root), 1, "the question bank folder does not exist")])
    folders = sorted(
        (
            p
            for p in root.iterdir()
            if p.is_dir()
            and not p.name.startswith((".", "_"))
            and ((p / BRIEFING_FILE).exists() or (p / QUESTIONS_FILE).exists())
        ),
        key=lambda p: p.name,
    )
    bank: list[BankBriefing] = []
    problems: list[Problem] = []
    for folder in folders:
        briefing = _read_folder(folder, problems)
        if briefing is not None:
            bank.append(briefing)
    if problems:
        raise BankError(problems)
    return bank


def read_briefing_folder(folder: Path) -> BankBriefing:
    """One briefing folder; raises BankError listing all its problems."""
    problems: list[Problem] = []
    briefing = _read_folder(Path(folder), problems)
    if problems or briefing is None:
        raise BankError(problems)
    return briefing


def check_report(bank: list[BankBriefing]) -> dict:
    """How many questions each theme has, themes in the briefing's order (zeros included)."""
    return {
        "briefings": [
            {
                "slug": b.slug,
                "themes": [
                    {"theme": theme, "questions": len(b.questions_for(theme))} for theme in b.themes
                ],
            }
            for b in bank
        ]
    }


# -- one folder ---------------------------------------------------------------------------------


def _read_folder(folder: Path, problems: list[Problem]) -> BankBriefing | None:
    found: list[Problem] = []
    slug = folder.name
    if not ID_PATTERN.match(slug) or len(slug) > MAX_SLUG:
        found.append(
            Problem(
                display(folder),
                1,
                f"folder name {quoted(slug)} cannot be used as a briefing slug; use lower-case "
                f"letters, digits and hyphens (at most {MAX_SLUG} characters)",
            )
        )
    briefing_path = folder / BRIEFING_FILE
    questions_path = folder / QUESTIONS_FILE

    parsed: ParsedBriefing | None = None
    briefing_text = ""
    if not briefing_path.is_file():
        if questions_path.is_file():
            message = (
                f"this folder has {QUESTIONS_FILE} but no {BRIEFING_FILE}; "
                "add the briefing text the questions are about"
            )
        else:
            message = f"this folder has no {BRIEFING_FILE}; a briefing folder needs one"
        found.append(Problem(display(folder), 1, message))
    else:
        try:
            check_file_size(briefing_path)
            briefing_text = briefing_path.read_text(encoding="utf-8")
            parsed = parse_briefing_file(briefing_path)
        except BriefingError as exc:
            found.append(Problem(display(briefing_path), 1, str(exc)))
        except UnicodeDecodeError:
            found.append(
                Problem(display(briefing_path), 1, "this file is not UTF-8 text; save it as UTF-8")
            )
        except OSError as exc:
            found.append(Problem(display(briefing_path), 1, f"cannot read this file: {exc}"))

    questions: list[BankQuestion] = []
    title = None
    learning_themes = None
    if questions_path.is_file():
        themes = parsed.learning_themes if parsed is not None else None
        reader = QuestionsFileReader(questions_path, slug, themes)
        questions = reader.read()
        title = reader.title
        learning_themes = reader.learning_themes
        found.extend(reader.problems)

    if parsed is not None and not title and len(parsed.title) > MAX_TITLE_CHARACTERS:
        found.append(
            Problem(
                display(briefing_path),
                1,
                f"the title (the first line) is longer than {MAX_TITLE_CHARACTERS} characters; "
                f"shorten it, or give {QUESTIONS_FILE} a title:",
            )
        )
    found.sort(key=lambda p: (p.path, p.line))
    problems.extend(found)
    if found or parsed is None:
        return None
    return BankBriefing(
        slug=slug,
        folder=folder,
        briefing=parsed,
        briefing_text=briefing_text,
        questions=tuple(questions),
        title=title,
        learning_themes=learning_themes,
    )
