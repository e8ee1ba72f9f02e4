"""Reading one questions.yaml: its themes and their questions, every problem by line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quiz.bank.yaml_file import NULL_TAG, YamlFileReader, describe, line_of, quoted
from quiz.briefings.limits import MAX_TITLE_CHARACTERS
from quiz.question import (
    MAX_OPTION_KEY,
    MAX_QUESTION_KEY,
    MAX_ROLE,
    OptionContent,
    QuestionContent,
    QuestionKind,
    problems,
)

KINDS = tuple(QuestionKind)
TOP_FIELDS = ("briefing", "title", "learning_themes", "themes")
THEME_FIELDS = ("theme", "questions")
QUESTION_FIELDS = ("id", "kind", "role", "scenario", "prompt", "options")
OPTION_FIELDS = ("id", "text", "correct", "feedback")
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


class QuestionsFileReader(YamlFileReader):
    """Walks one questions.yaml node tree, building questions and collecting problems."""

    def __init__(self, path: Path, slug: str, themes: tuple[str, ...] | None):
        super().__init__(path)
        self.slug = slug
        self.themes = themes  # None when the briefing could not be read: skip theme checks
        self.theme_set = frozenset(themes or ())  # a tuple's "in" is slow with many themes
        self.question_lines: dict[str, int] = {}
        self.theme_lines: dict[str, int] = {}
        self.title: str | None = None
        self.learning_themes: tuple[str, ...] | None = None

    def read(self) -> list[BankQuestion]:
        questions = self._read()
        self.add_count_of_unkept_problems()
        return questions

    def _read(self) -> list[BankQuestion]:
        root = self.compose()
        if root is None:
            return []
        if not isinstance(root, MappingNode):
            self.add(
                line_of(root),
                f"the file should start with {quoted('themes:')} (a list of themes and their "
                f"questions), but it is {describe(root)}",
            )
            return []
        fields = self.fields(root, "the top level", TOP_FIELDS)
        if "briefing" in fields:
            node = fields["briefing"][1]
            named = self.text_value(node, "briefing")
            if named is not None and named != self.slug:
                self.add(
                    line_of(node),
                    f"briefing: {quoted(named)} does not match the folder name "
                    f"{quoted(self.slug)}; "
                    "they must be the same (or leave briefing: out)",
                )
        if "title" in fields:
            self.title = self.text_value(fields["title"][1], "title")
            if self.title and len(self.title) > MAX_TITLE_CHARACTERS:
                self.add(
                    line_of(fields["title"][1]),
                    f"the title is longer than {MAX_TITLE_CHARACTERS} characters; shorten it",
                )
        if "learning_themes" in fields:
            nodes = self.items(fields["learning_themes"], "learning_themes", "a list of themes")
            texts = [self.text_value(node, "learning theme") for node in nodes]
            if texts and all(texts):
                self.learning_themes = tuple(texts)
                self.themes = self.learning_themes
                self.theme_set = frozenset(self.themes)
        if "themes" not in fields:
            self.add(
                line_of(root), f"the file has no {quoted('themes:')} list, so it has no questions"
            )
            return []
        questions: list[BankQuestion] = []
        for entry in self.items(fields["themes"], "themes", "a list of themes"):
            questions.extend(self._theme(entry))
        return questions

    # -- one theme --------------------------------------------------------------------------

    def _theme(self, node: Node) -> list[BankQuestion]:
        fields = self.fields(node, "this theme entry", THEME_FIELDS)
        if fields is None:
            return []
        theme: str | None = None
        if "theme" not in fields:
            self.add(line_of(node), f"this theme entry has no {quoted('theme:')}")
        else:
            value_node = fields["theme"][1]
            theme = self.text_value(value_node, "theme")
            if theme == "":
                self.add(line_of(value_node), "this theme entry has an empty theme:")
                theme = None
            elif theme is not None:
                self._check_theme(theme, line_of(value_node))
        if "questions" not in fields:
            self.add(line_of(node), f"this theme entry has no {quoted('questions:')} list")
            return []
        questions = []
        for entry in self.items(fields["questions"], "questions", "a list of questions"):
            question = self._question(entry, theme)
            if question is not None:
                questions.append(question)
        return questions

    def _check_theme(self, theme: str, line: int) -> None:
        if theme in self.theme_lines:
            self.add(
                line,
                f"theme {quoted(theme)} is already listed on line {self.theme_lines[theme]}; "
                "put all of its questions under one entry",
            )
        else:
            self.theme_lines[theme] = line
        if self.themes is not None and theme not in self.theme_set:
            # The list of themes can be long; once problems are no longer kept, it is not built.
            listed = "" if self.full else "; ".join(quoted(t) for t in self.themes) or "(none)"
            self.add(
                line,
                f"theme {quoted(theme)} is not one of the briefing's learning themes; "
                f"copy one of them exactly: {listed}",
            )

    # -- one question -----------------------------------------------------------------------

    def _question(self, node: Node, theme: str | None) -> BankQuestion | None:
        fields = self.fields(node, "this question", QUESTION_FIELDS)
        if fields is None:
            return None
        before = self.problem_count
        key = self.id(fields, node, "question", MAX_QUESTION_KEY)
        label = f"question {quoted(key)}" if key else "this question"
        if key is not None:
            if key in self.question_lines:
                self.add(
                    line_of(fields["id"][1]),
                    f"question id {quoted(key)} is already used on line "
                    f"{self.question_lines[key]}; "
                    "each question needs its own id",
                )
            else:
                self.question_lines[key] = line_of(fields["id"][1])

        kind = self.required_text(fields, node, "kind", label)
        if kind is not None and kind not in KINDS:
            self.add(
                line_of(fields["kind"][1]),
                f"{label} has kind {quoted(kind)}; kind must be one of {', '.join(KINDS)}",
            )
            kind = None
        role = self.required_text(fields, node, "role", label)
        if role is not None and len(role) > MAX_ROLE:
            self.add(
                line_of(fields["role"][1]),
                f"{label}: the role must be {MAX_ROLE} characters or fewer",
            )
        scenario = self.required_text(fields, node, "scenario", label)
        prompt = self.required_text(fields, node, "prompt", label)
        options = self._options(fields, node, label, kind)

        if self.problem_count > before or None in (key, theme, kind, role, scenario, prompt):
            return None
        content = QuestionContent(QuestionKind(kind), role, scenario, prompt, tuple(options))
        return BankQuestion(key=key, theme=theme, question=content, line=line_of(node))

    def _options(
        self, fields: dict, node: Node, label: str, kind: str | None
    ) -> list[OptionContent]:
        if "options" not in fields:
            self.add(line_of(node), f"{label} has no options")
            return []
        key_node, list_node = fields["options"]
        line = line_of(key_node)
        if isinstance(list_node, ScalarNode) and list_node.tag == NULL_TAG:
            self.add(line, f"{label} has no options")
            return []
        if not isinstance(list_node, SequenceNode):
            self.items(fields["options"], "options", "a list of options")  # reports the type
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
        fields = self.fields(node, "this option", OPTION_FIELDS)
        if fields is None:
            return None
        before = self.problem_count
        key = self.id(fields, node, "option", MAX_OPTION_KEY)
        option_label = f"option {quoted(key)}" if key else "this option"
        if key is not None:
            id_line = line_of(fields["id"][1])
            if key in seen:
                self.add(
                    id_line,
                    f"option id {quoted(key)} is used twice in {label} "
                    f"(first on line {seen[key]}); "
                    "each option needs its own id",
                )
            else:
                seen[key] = id_line
        text = self.required_text(fields, node, "text", option_label)
        correct = self.bool(fields, node, "correct", option_label)
        feedback = self.required_text(
            fields, node, "feedback", option_label, absent=FEEDBACK_MESSAGE.format(option_label)
        )
        if self.problem_count > before or None in (key, text, correct, feedback):
            return None
        return OptionContent(key=key, text=text, correct=correct, feedback=feedback)
