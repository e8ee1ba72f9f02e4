"""Reading a YAML file node by node, so every value keeps its line and every problem names it.

Plain Python. Text values are taken as written (``id: true`` is the text ``"true"``, not a
YAML 1.1 boolean); booleans must be real ``true``/``false``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# A questions file needs 7 levels and a few dozen values a question; these are far more,
# and keep a hostile or mistaken file from taking minutes or gigabytes to read.
MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 20
MAX_VALUES = 50_000
MAX_PROBLEMS = 200
NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"
YAML_HINTS = (
    ("mapping values are not allowed", "; if the text has a colon in it, put it in quotes"),
    ("'\\t'", "; indent with spaces, not tabs"),
)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class _Refused(yaml.MarkedYAMLError):
    """Composing stopped at a value the reader does not accept; the problem says why."""


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, refusing aliases, deep nesting and too many values as it composes.

    An alias (*name) repeats a value written once (&name), so a few lines can stand for
    billions of values ("billion laughs"); PyYAML composes nested values by recursion, so
    deep nesting raised RecursionError. Refused as they are read, before any of it is built.
    """

    def __init__(self, stream: str):
        super().__init__(stream)
        self.depth = 0
        self.values = 0

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        mark = self.peek_event().start_mark
        if self.check_event(AliasEvent):
            raise _Refused(
                problem="aliases (*name) are not allowed; write the value out in full",
                problem_mark=mark,
            )
        self.values += 1
        if self.values > MAX_VALUES:
            raise _Refused(
                problem=f"the file has more than {MAX_VALUES:,} values; a briefing's questions "
                "need far fewer",
                problem_mark=mark,
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(
                problem=f"the values here are nested more than {MAX_DEPTH} levels deep; "
                "a questions file needs 7",
                problem_mark=mark,
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class YamlFileReader:
    """Collects the problems in one file as ``path:line: message``; raises nothing.

    Past MAX_PROBLEMS, problems are counted but not kept; a last one says how many more.
    """

    def __init__(self, path: Path):
        self.path = path
        self.shown = display(path)
        self.problems: list[Problem] = []
        self.problem_count = 0
        self._first_unkept_line: int | None = None

    @property
    def full(self) -> bool:
        return self.problem_count >= MAX_PROBLEMS

    def add(self, line: int, message: str) -> None:
        self.problem_count += 1
        if self.problem_count <= MAX_PROBLEMS:
            self.problems.append(Problem(self.shown, line, message))
        elif self._first_unkept_line is None:
            self._first_unkept_line = line

    def add_count_of_unkept_problems(self) -> None:
        unkept = self.problem_count - MAX_PROBLEMS
        if unkept > 0:
            self.problems.append(
                Problem(
                    self.shown,
                    self._first_unkept_line or 1,
                    f"and {unkept:,} more problems from here on; fix those above and check again",
                )
            )

    def compose(self) -> Node | None:
        try:
            size = self.path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.add(
                    1,
                    f"this file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB; "
                    "a briefing's questions fit in far less",
                )
                return None
            text = self.path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.add(1, "this file is not UTF-8 text; save it as UTF-8")
            return None
        except OSError as exc:
            self.add(1, f"cannot read this file: {exc}")
            return None
        try:
            root = yaml.compose(text, Loader=_BoundedLoader)
        except _Refused as exc:
            self.add(exc.problem_mark.line + 1, exc.problem)
            return None
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
            self.add(1, f"the file is empty; it needs a {quoted('themes:')} list of questions")
        return root

    def fields(self, node: Node, where: str, allowed: tuple[str, ...]) -> dict | None:
        """A mapping's keys -> (key node, value node); reports unknown and repeated keys."""
        if not isinstance(node, MappingNode):
            self.add(
                line_of(node),
                f"{where} should be a mapping with {', '.join(allowed)}, "
                f"but it is {describe(node)}",
            )
            return None
        fields: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, ScalarNode) else None
            if name in fields:
                self.add(
                    line_of(key_node),
                    f"{quoted(name)} appears twice in {where} "
                    f"(first on line {line_of(fields[name][0])}); keep one",
                )
            elif name not in allowed:
                shown = quoted(name) if name is not None else describe(key_node)
                self.add(
                    line_of(key_node),
                    f"{where} has an unknown key {shown}; the keys are {', '.join(allowed)}",
                )
            else:
                fields[name] = (key_node, value_node)
        return fields

    def items(self, field: tuple[Node, Node], name: str, what: str) -> list[Node]:
        key_node, node = field
        if isinstance(node, SequenceNode):
            return list(node.value)
        if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
            return []  # "questions:" with nothing under it yet
        self.add(
            line_of(node), f"{quoted(name + ':')} should be {what}, but it is {describe(node)}"
        )
        return []

    def text_value(self, node: Node, name: str) -> str | None:
        if not isinstance(node, ScalarNode):
            self.add(
                line_of(node), f"{quoted(name + ':')} should be text, but it is {describe(node)}"
            )
            return None
        if node.tag == NULL_TAG:
            return ""
        return node.value.rstrip()

    def required_text(
        self, fields: dict, node: Node, name: str, label: str, absent: str | None = None
    ) -> str | None:
        """Text that must be there and not blank; ``absent`` replaces both messages."""
        if name not in fields:
            self.add(line_of(node), absent or f"{label} has no {name}; add {quoted(name + ':')}")
            return None
        value_node = fields[name][1]
        value = self.text_value(value_node, name)
        if value is not None and not value.strip():
            self.add(line_of(value_node), absent or f"{label} has an empty {name}")
            return None
        return value

    def id(self, fields: dict, node: Node, what: str, longest: int) -> str | None:
        key = self.required_text(fields, node, "id", f"this {what}")
        if key is None:
            return None
        if not ID_PATTERN.match(key) or len(key) > longest:
            self.add(
                line_of(fields["id"][1]),
                f"{what} id {quoted(key)} should use only lower-case letters, digits and hyphens, "
                f"start with a letter or digit, and be at most {longest} characters",
            )
            return None
        return key

    def bool(self, fields: dict, node: Node, name: str, label: str) -> bool | None:
        if name not in fields:
            self.add(line_of(node), f"{label} has no {name}; add {name}: true or {name}: false")
            return None
        value_node = fields[name][1]
        if isinstance(value_node, ScalarNode) and value_node.tag == BOOL_TAG:
            return yaml.constructor.SafeConstructor.bool_values[value_node.value.lower()]
        shown = (
            quoted(value_node.value) if isinstance(value_node, ScalarNode) else describe(value_node)
        )
        self.add(line_of(value_node), f"{label}: {name} should be true or false, not {shown}")
        return None


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


def quoted(text: str) -> str:
    return f'"{text}"'


def describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping (key: value pairs)"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL_TAG:
        return "empty"
    return quoted(node.value.rstrip())


def display(path: Path) -> str:
    """The path relative to the working directory when it is inside it, else as given."""
    try:
        return str(Path(path).absolute().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)
