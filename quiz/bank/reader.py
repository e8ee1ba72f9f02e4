"""Read and check the question bank: ``<root>/<slug>/briefing.txt`` + ``questions.yaml``.

Plain Python: no Flask, no database. Every problem found is reported as
``path:line: message`` so a trainer can go straight to the line to fix. All
problems in a run are collected before anything is raised.

The YAML is read with ``yaml.compose`` (safe loader) and the node tree is walked
by hand, so every value keeps the line it started on. Text values (ids, role,
scenario, prompt, option text, feedback, theme, kind) are taken as written:
``id: true`` is the id ``"true"`` and ``text: Yes`` is the text ``"Yes"``, not
YAML 1.1 booleans. ``correct`` must be a real ``true``/``false``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quiz.briefings import BriefingError, ParsedBriefing, parse_briefing_file
from quiz.question import (
    MAX_OPTION_KEY,
    MAX_QUESTION_KEY,
    OptionContent,
    QuestionContent,
    QuestionKind,
    problems,
)

KINDS = tuple(QuestionKind)
BRIEFING_FILE = "briefing.txt"
QUESTIONS_FILE = "questions.yaml"

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_SLUG = 100  # briefings.slug

NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"

TOP_KEYS = ("briefing", "title", "learning_themes", "themes")
THEME_KEYS = ("theme", "questions")
QUESTION_KEYS = ("id", "kind", "role", "scenario", "prompt", "options")
OPTION_KEYS = ("id", "text", "correct", "feedback")
YAML_HINTS = (
    ("mapping values are not allowed", "; if the text has a colon in it, put it in quotes"),
    ("'\\t'", "; indent with spaces, not tabs"),
)
FEEDBACK_MESSAGE = "{} has no feedback; every option needs feedback that explains why"


@dataclass(frozen=True)
class BankQuestion:
    """A question as the bank file gives it: its id, its theme, where it starts, what it says."""

    key: str
    theme: str
    question: QuestionContent
    line: int

    def content_hash(self) -> str:
        return self.question.content_hash(self.key, self.theme)


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


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class BankError(Exception):
    """One or more problems in the bank; ``str()`` lists them one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def read_bank(root: Path | str) -> list[BankBriefing]:
    """Every briefing folder under ``root`` by slug; raises BankError listing every problem."""
    root = Path(root)
    if not root.is_dir():
        raise BankError([Problem(_display(root), 1, "the question bank folder does not exist")])
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
                _display(folder),
                1,
                f"folder name {_q(slug)} cannot be used as a briefing slug; use lower-case "
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
        found.append(Problem(_display(folder), 1, message))
    else:
        try:
            briefing_text = briefing_path.read_text(encoding="utf-8")
            parsed = parse_briefing_file(briefing_path)
        except BriefingError as exc:
            found.append(Problem(_display(briefing_path), 1, str(exc)))
        except UnicodeDecodeError:
            found.append(
                Problem(_display(briefing_path), 1, "this file is not UTF-8 text; save it as UTF-8")
            )
        except OSError as exc:
            found.append(Problem(_display(briefing_path), 1, f"cannot read this file: {exc}"))

    questions: list[BankQuestion] = []
    title = None
    learning_themes = None
    if questions_path.is_file():
        themes = parsed.learning_themes if parsed is not None else None
        reader = _QuestionsReader(questions_path, slug, themes)
        questions = reader.read()
        title = reader.title
        learning_themes = reader.learning_themes
        found.extend(reader.problems)

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


# -- questions.yaml -----------------------------------------------------------------------------


class _QuestionsReader:
    """Walks one questions.yaml node tree, building questions and collecting problems."""

    def __init__(self, path: Path, slug: str, themes: tuple[str, ...] | None):
        self.path = path
        self.shown = _display(path)
        self.slug = slug
        self.themes = themes  # None when the briefing could not be read: skip theme checks
        self.problems: list[Problem] = []
        self.question_lines: dict[str, int] = {}
        self.theme_lines: dict[str, int] = {}
        self.title: str | None = None
        self.learning_themes: tuple[str, ...] | None = None

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message))

    def read(self) -> list[BankQuestion]:
        root = self._compose()
        if root is None:
            return []
        if not isinstance(root, MappingNode):
            self.add(
                _line(root),
                f"the file should start with {_q('themes:')} (a list of themes and their "
                f"questions), but it is {_describe(root)}",
            )
            return []
        fields = self._fields(root, "the top level", TOP_KEYS)
        if "briefing" in fields:
            node = fields["briefing"][1]
            named = self._text_value(node, "briefing")
            if named is not None and named != self.slug:
                self.add(
                    _line(node),
                    f"briefing: {_q(named)} does not match the folder name {_q(self.slug)}; "
                    "they must be the same (or leave briefing: out)",
                )
        if "title" in fields:
            self.title = self._text_value(fields["title"][1], "title")
        if "learning_themes" in fields:
            nodes = self._items(fields["learning_themes"], "learning_themes", "a list of themes")
            texts = [self._text_value(node, "learning theme") for node in nodes]
            if texts and all(texts):
                self.learning_themes = tuple(texts)
                self.themes = self.learning_themes
        if "themes" not in fields:
            self.add(_line(root), f"the file has no {_q('themes:')} list, so it has no questions")
            return []
        questions: list[BankQuestion] = []
        for entry in self._items(fields["themes"], "themes", "a list of themes"):
            questions.extend(self._theme(entry))
        return questions

    def _compose(self) -> Node | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.add(1, "this file is not UTF-8 text; save it as UTF-8")
            return None
        except OSError as exc:
            self.add(1, f"cannot read this file: {exc}")
            return None
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = (exc.problem or exc.context or "").removeprefix("but ")
            message = f"this is not valid YAML: {problem}"
            if exc.problem and exc.context and exc.context_mark:
                message += f" ({exc.context} on line {exc.context_mark.line + 1})"
            message += next((hint for clue, hint in YAML_HINTS if clue in problem), "")
            self.add(mark.line + 1 if mark else 1, message)
            return None
        except yaml.YAMLError as exc:  # e.g. ReaderError: a control character in the file
            position = getattr(exc, "position", None)
            line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 1
            self.add(line, f"this is not valid YAML: {exc}")
            return None
        if root is None:
            self.add(1, f"the file is empty; it needs a {_q('themes:')} list of questions")
        return root

    # -- one theme --------------------------------------------------------------------------

    def _theme(self, node: Node) -> list[BankQuestion]:
        fields = self._fields(node, "this theme entry", THEME_KEYS)
        if fields is None:
            return []
        theme: str | None = None
        if "theme" not in fields:
            self.add(_line(node), f"this theme entry has no {_q('theme:')}")
        else:
            value_node = fields["theme"][1]
            theme = self._text_value(value_node, "theme")
            if theme == "":
                self.add(_line(value_node), "this theme entry has an empty theme:")
                theme = None
            elif theme is not None:
                self._check_theme(theme, _line(value_node))
        if "questions" not in fields:
            self.add(_line(node), f"this theme entry has no {_q('questions:')} list")
            return []
        questions = []
        for entry in self._items(fields["questions"], "questions", "a list of questions"):
            question = self._question(entry, theme)
            if question is not None:
                questions.append(question)
        return questions

    def _check_theme(self, theme: str, line: int) -> None:
        if theme in self.theme_lines:
            self.add(
                line,
                f"theme {_q(theme)} is already listed on line {self.theme_lines[theme]}; "
                "put all of its questions under one entry",
            )
        else:
            self.theme_lines[theme] = line
        if self.themes is not None and theme not in self.themes:
            listed = "; ".join(_q(t) for t in self.themes) or "(none)"
            self.add(
                line,
                f"theme {_q(theme)} is not one of the briefing's learning themes; "
                f"copy one of them exactly: {listed}",
            )

    # -- one question -----------------------------------------------------------------------

    def _question(self, node: Node, theme: str | None) -> BankQuestion | None:
        fields = self._fields(node, "this question", QUESTION_KEYS)
        if fields is None:
            return None
        before = len(self.problems)
        key = self._id(fields, node, "question", MAX_QUESTION_KEY)
        label = f"question {_q(key)}" if key else "this question"
        if key is not None:
            if key in self.question_lines:
                self.add(
                    _line(fields["id"][1]),
                    f"question id {_q(key)} is already used on line {self.question_lines[key]}; "
                    "each question needs its own id",
                )
            else:
                self.question_lines[key] = _line(fields["id"][1])

        kind = self._required_text(fields, node, "kind", label)
        if kind is not None and kind not in KINDS:
            self.add(
                _line(fields["kind"][1]),
                f"{label} has kind {_q(kind)}; kind must be one of {', '.join(KINDS)}",
            )
            kind = None
        role = self._required_text(fields, node, "role", label)
        scenario = self._required_text(fields, node, "scenario", label)
        prompt = self._required_text(fields, node, "prompt", label)
        options = self._options(fields, node, label, kind)

        if len(self.problems) > before or None in (key, theme, kind, role, scenario, prompt):
            return None
        content = QuestionContent(QuestionKind(kind), role, scenario, prompt, tuple(options))
        return BankQuestion(key=key, theme=theme, question=content, line=_line(node))

    def _options(
        self, fields: dict, node: Node, label: str, kind: str | None
    ) -> list[OptionContent]:
        if "options" not in fields:
            self.add(_line(node), f"{label} has no options")
            return []
        key_node, list_node = fields["options"]
        line = _line(key_node)
        if isinstance(list_node, ScalarNode) and list_node.tag == NULL_TAG:
            self.add(line, f"{label} has no options")
            return []
        if not isinstance(list_node, SequenceNode):
            self._items(fields["options"], "options", "a list of options")  # reports the type
            return []
        options: list[OptionContent] = []
        option_lines: dict[str, int] = {}
        complete = True  # every option read cleanly, so the counts below mean something
        for item in list_node.value:
            option = self._option(item, label, option_lines)
            if option is None:
                complete = False
            else:
                options.append(option)
        if kind is None or not complete:
            return options

        # The rules of a question are quiz.question's; the file only adds where they broke.
        content = QuestionContent(QuestionKind(kind), "-", "-", "-", tuple(options))
        for problem in problems(content):
            if problem.field in ("options", "correct"):
                self.add(line, f"{label}: {problem.message}")
        return options

    def _option(self, node: Node, label: str, seen: dict[str, int]) -> OptionContent | None:
        fields = self._fields(node, "this option", OPTION_KEYS)
        if fields is None:
            return None
        before = len(self.problems)
        key = self._id(fields, node, "option", MAX_OPTION_KEY)
        option_label = f"option {_q(key)}" if key else "this option"
        if key is not None:
            id_line = _line(fields["id"][1])
            if key in seen:
                self.add(
                    id_line,
                    f"option id {_q(key)} is used twice in {label} (first on line {seen[key]}); "
                    "each option needs its own id",
                )
            else:
                seen[key] = id_line
        text = self._required_text(fields, node, "text", option_label)
        correct = self._bool(fields, node, "correct", option_label)
        feedback = self._required_text(
            fields, node, "feedback", option_label, absent=FEEDBACK_MESSAGE.format(option_label)
        )
        if len(self.problems) > before or None in (key, text, correct, feedback):
            return None
        return OptionContent(key=key, text=text, correct=correct, feedback=feedback)

    # -- values -----------------------------------------------------------------------------

    def _fields(self, node: Node, where: str, allowed: tuple[str, ...]) -> dict | None:
        """A mapping's keys -> (key node, value node); reports unknown and repeated keys."""
        if not isinstance(node, MappingNode):
            self.add(
                _line(node),
                f"{where} should be a mapping with {', '.join(allowed)}, "
                f"but it is {_describe(node)}",
            )
            return None
        fields: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, ScalarNode) else None
            if name in fields:
                self.add(
                    _line(key_node),
                    f"{_q(name)} appears twice in {where} "
                    f"(first on line {_line(fields[name][0])}); keep one",
                )
            elif name not in allowed:
                shown = _q(name) if name is not None else _describe(key_node)
                self.add(
                    _line(key_node),
                    f"{where} has an unknown key {shown}; the keys are {', '.join(allowed)}",
                )
            else:
                fields[name] = (key_node, value_node)
        return fields

    def _items(self, field: tuple[Node, Node], name: str, what: str) -> list[Node]:
        key_node, node = field
        if isinstance(node, SequenceNode):
            return list(node.value)
        if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
            return []  # "questions:" with nothing under it yet
        self.add(_line(node), f"{_q(name + ':')} should be {what}, but it is {_describe(node)}")
        return []

    def _text_value(self, node: Node, name: str) -> str | None:
        if not isinstance(node, ScalarNode):
            self.add(_line(node), f"{_q(name + ':')} should be text, but it is {_describe(node)}")
            return None
        if node.tag == NULL_TAG:
            return ""
        return node.value.rstrip()

    def _required_text(
        self, fields: dict, node: Node, name: str, label: str, absent: str | None = None
    ) -> str | None:
        """Text that must be there and not blank; ``absent`` replaces both messages."""
        if name not in fields:
            self.add(_line(node), absent or f"{label} has no {name}; add {_q(name + ':')}")
            return None
        value_node = fields[name][1]
        value = self._text_value(value_node, name)
        if value is not None and not value.strip():
            self.add(_line(value_node), absent or f"{label} has an empty {name}")
            return None
        return value

    def _id(self, fields: dict, node: Node, what: str, longest: int) -> str | None:
        key = self._required_text(fields, node, "id", f"this {what}")
        if key is None:
            return None
        if not ID_PATTERN.match(key) or len(key) > longest:
            self.add(
                _line(fields["id"][1]),
                f"{what} id {_q(key)} should use only lower-case letters, digits and hyphens, "
                f"start with a letter or digit, and be at most {longest} characters",
            )
            return None
        return key

    def _bool(self, fields: dict, node: Node, name: str, label: str) -> bool | None:
        if name not in fields:
            self.add(_line(node), f"{label} has no {name}; add {name}: true or {name}: false")
            return None
        value_node = fields[name][1]
        if isinstance(value_node, ScalarNode) and value_node.tag == BOOL_TAG:
            return yaml.constructor.SafeConstructor.bool_values[value_node.value.lower()]
        shown = (
            _q(value_node.value) if isinstance(value_node, ScalarNode) else _describe(value_node)
        )
        self.add(_line(value_node), f"{label}: {name} should be true or false, not {shown}")
        return None


# -- helpers ------------------------------------------------------------------------------------


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _q(text: str) -> str:
    return f'"{text}"'


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping (key: value pairs)"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL_TAG:
        return "empty"
    return _q(node.value.rstrip())


def _display(path: Path) -> str:
    """The path relative to the working directory when it is inside it, else as given."""
    try:
        return str(Path(path).absolute().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)
