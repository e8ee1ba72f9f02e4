"""Draft questions from a language model the partnership chooses, beside the library's.

Plain Python (stdlib urllib; no Flask). Used only when the app is configured with an
OpenAI-compatible chat completions address and a model name (DRAFTS_LLM_URL,
DRAFTS_LLM_MODEL, DRAFTS_LLM_KEY in config.py): a local llama.cpp or Ollama server, or
a hosted one. Without them nothing leaves the server.

For each learning theme the model is sent the briefing's text (its learning themes
left out), the theme, up to two of the library's matching seeds drafted as examples,
and the rules for writing questions (writing_rules.md, a copy of the shared
QUESTIONS.md), and asked for JSON in the question bank's shape
(QuestionContent.bank_fields). Every question it returns is checked by the question
rules (quiz.question.problems) and for names from the briefing; anything that fails,
any answer that is not JSON, a refusal or a timeout is logged and dropped, leaving the
library's drafts in place. What the model drafts is a draft like any other: a trainer
reads it and nothing is published automatically.
"""

from __future__ import annotations

import json
import logging
import re
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quiz.briefings import ParsedBriefing
from quiz.briefings.context import extract_context
from quiz.library.drafts import Draft, draft_questions
from quiz.library.matching import Library
from quiz.question import MAX_OPTIONS, OPTION_LETTERS, OptionContent, QuestionContent, problems

__all__ = ["ModelDrafter", "ModelSettings", "drafter_from_config", "parse_answer"]

log = logging.getLogger(__name__)

RULES_FILE = Path(__file__).with_name("writing_rules.md")
MAX_BRIEFING_CHARACTERS = 12_000  # enough for a 7-minute briefing; keeps the prompt small
MAX_ANSWER_BYTES = 200_000
QUESTIONS_PER_THEME = 2
SOURCE = "model"
SCORED_KINDS = frozenset({"single", "multiple"})  # true/false keys are not lettered

INSTRUCTIONS = """\
Write {count} scenario questions for the learning theme below, for practitioners who have
read the briefing. Follow the rules for writing questions. Echo the briefing's pattern
(the child's age, the harm, the agencies) but never use a name or any detail that could
identify the family. Each question: kind "single", a role, a 2 to 5 sentence scenario
written to the reader ("You are a ..."), a prompt, and four options with ids a, b, c, d,
exactly one with "correct": true, each with feedback saying why.

Reply with JSON only, no other text, in this shape:
{{"questions": [{{"kind": "single", "role": "...", "scenario": "...", "prompt": "...",
"options": [{{"id": "a", "text": "...", "correct": false, "feedback": "..."}}]}}]}}
"""


@dataclass(frozen=True)
class ModelSettings:
    url: str
    model: str
    key: str = ""
    timeout: float = 20.0  # seconds for one theme
    budget: float = 90.0  # seconds for a whole briefing; themes past it get no model drafts


def drafter_from_config(config: Mapping[str, Any]) -> ModelDrafter | None:
    """The configured model, or None (the default: drafts come from the library alone)."""
    url = (config.get("DRAFTS_LLM_URL") or "").strip()
    model = (config.get("DRAFTS_LLM_MODEL") or "").strip()
    if not url or not model:
        return None
    if not re.match(r"https?://", url):
        log.warning("DRAFTS_LLM_URL must start with http:// or https://; model drafts are off")
        return None
    return ModelDrafter(
        ModelSettings(
            url=url,
            model=model,
            key=(config.get("DRAFTS_LLM_KEY") or "").strip(),
            timeout=float(config.get("DRAFTS_LLM_TIMEOUT") or 20),
            budget=float(config.get("DRAFTS_LLM_BUDGET") or 90),
        )
    )


@dataclass
class ModelDrafter:
    settings: ModelSettings
    started: float | None = field(default=None)

    def draft(
        self, briefing: ParsedBriefing, theme_text: str, tags: list[str], library: Library
    ) -> list[Draft]:
        """The model's valid drafts for one theme; [] when it fails in any way (logged)."""
        now = time.monotonic()
        if self.started is None:
            self.started = now
        left = self.settings.budget - (now - self.started)
        if left <= 0:
            log.info("model drafts: the time for this briefing is used up; theme skipped")
            return []
        context = extract_context(briefing)
        try:
            messages = self._messages(briefing, theme_text, tags, library, context)
            answer = self._ask(messages, min(self.settings.timeout, left))
        except ModelFailure as failure:
            log.warning("model drafts for %r left out: %s", theme_text[:60], failure)
            return []
        drafts = []
        for number, question in enumerate(parse_answer(answer, context.names), start=1):
            drafts.append(
                Draft(
                    id=f"model-{_slug(theme_text)}-{number}",
                    question=question,
                    library_theme=tags[0] if tags else None,
                    source=SOURCE,
                )
            )
        return drafts[:QUESTIONS_PER_THEME]

    def _messages(self, briefing, theme_text, tags, library, context) -> list[dict[str, str]]:
        examples = draft_questions(theme_text, context, library, tags=tags).drafts
        shown = [
            d.question.bank_fields(d.id)
            for d in examples
            if isinstance(d.question, QuestionContent)
        ][:2]
        text = context.text[:MAX_BRIEFING_CHARACTERS]
        user = (
            INSTRUCTIONS.format(count=QUESTIONS_PER_THEME)
            + f"\nLearning theme: {theme_text}\n\nThe briefing:\n{text}\n"
        )
        if shown:
            user += "\nExamples of the shape and standard wanted:\n" + json.dumps(
                {"questions": shown}, indent=1
            )
        return [
            {"role": "system", "content": RULES_FILE.read_text(encoding="utf-8")},
            {"role": "user", "content": user},
        ]

    def _ask(self, messages: list[dict[str, str]], timeout: float) -> str:
        body = json.dumps(
            {"model": self.settings.model, "messages": messages, "temperature": 0.3}
        ).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.settings.key:
            headers["Authorization"] = f"Bearer {self.settings.key}"
        request = urllib.request.Request(self.settings.url, data=body, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                raw = response.read(MAX_ANSWER_BYTES + 1)
        except TimeoutError:
            raise ModelFailure(f"no answer within {timeout:.0f} seconds") from None
        except urllib.error.HTTPError as error:
            raise ModelFailure(f"the model's server answered {error.code}") from None
        except (urllib.error.URLError, OSError) as error:
            raise ModelFailure(f"could not reach the model's server ({error})") from None
        if len(raw) > MAX_ANSWER_BYTES:
            raise ModelFailure("the answer was too long")
        try:
            data = json.loads(raw)
            choice = data["choices"][0]
            message = choice["message"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise ModelFailure("the answer was not a chat completion") from None
        if message.get("refusal") or choice.get("finish_reason") == "content_filter":
            raise ModelFailure("the model declined to answer")
        content = message.get("content")
        if not isinstance(content, str) or not content.strip():
            raise ModelFailure("the answer was empty")
        return content


class ModelFailure(Exception):
    """The model gave nothing usable; the message says why, for the log."""


def parse_answer(content: str, names: tuple[str, ...] = ()) -> list[QuestionContent]:
    """The valid questions in a model's answer; anything else is logged and dropped."""
    text = content.strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, re.DOTALL)
    if fenced:
        text = fenced.group(1)
    start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
    if start < 0:
        log.warning("model drafts: the answer held no JSON")
        return []
    try:
        data, _ = json.JSONDecoder().raw_decode(text[start:])
    except ValueError:
        log.warning("model drafts: the answer's JSON could not be read")
        return []
    items = data.get("questions") if isinstance(data, dict) else data
    if isinstance(data, dict) and items is None and "scenario" in data:
        items = [data]
    if not isinstance(items, list):
        log.warning("model drafts: no list of questions in the answer")
        return []
    questions = []
    for number, item in enumerate(items, start=1):
        question = _question(item)
        if question is None:
            log.warning("model drafts: question %d is not in the bank's shape", number)
            continue
        found = problems(question)
        if found:
            log.warning("model drafts: question %d left out: %s", number, found[0])
            continue
        if any(re.search(rf"\b{re.escape(name)}\b", question.text()) for name in names):
            log.warning("model drafts: question %d left out: it names someone", number)
            continue
        questions.append(question)
    return questions


def _question(item: Any) -> QuestionContent | None:
    if not isinstance(item, dict):
        return None
    fields = [item.get(k) for k in ("kind", "role", "scenario", "prompt")]
    options = item.get("options")
    if not all(isinstance(f, str) and f.strip() for f in fields) or not isinstance(options, list):
        return None
    if not options or len(options) > MAX_OPTIONS or item["kind"] not in SCORED_KINDS:
        return None
    read = []
    for letter, option in zip(OPTION_LETTERS, options, strict=False):
        if not isinstance(option, dict) or not isinstance(option.get("text"), str):
            return None
        read.append(
            OptionContent(
                key=letter,
                text=" ".join(option["text"].split()),
                correct=option.get("correct") is True,
                feedback=" ".join(str(option.get("feedback") or "").split()),
            )
        )
    kind, role, scenario, prompt = (" ".join(f.split()) for f in fields)
    return QuestionContent(
        kind=kind, role=role, scenario=scenario, prompt=prompt, options=tuple(read)
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-") or "theme"
