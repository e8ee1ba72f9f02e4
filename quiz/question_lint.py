"""The question checker run over the bank folder or the library's seeds: what
``flask questions lint`` prints, as data.

Plain Python: no Flask, no database. A report is
``{"questions": [{"briefing", "key", "flaws": [{"code", "message"}]}], "bank": {...}}``;
``bank`` holds the figures of :func:`quiz.item_flaws.bank_figures` for the whole bank, and
the same for each briefing (or library theme) under ``"briefings"``.
"""

from __future__ import annotations

from quiz.bank.reader import BankBriefing
from quiz.item_flaws import bank_figures, flaws
from quiz.library.matching import Library
from quiz.library.model import Seed
from quiz.question import QuestionContent, QuestionKind, lettered

__all__ = ["bank_report", "has_flaws", "library_report", "report_lines", "seed_question"]


def bank_report(bank: list[BankBriefing]) -> dict:
    """The checker's findings on every question of the bank folder."""
    return _report(
        [(b.slug, [(q.key, q.question) for q in b.questions]) for b in bank],
        judge_positions=True,
    )


def library_report(library: Library) -> dict:
    """The checker's findings on every seed of the library, each as a question with its best
    action first (positions are not judged: the drafts place the best action)."""
    return _report(
        [
            (theme.id, [(seed.id, seed_question(library, seed)) for seed in theme.seeds])
            for theme in library.themes
        ],
        judge_positions=False,
    )


def seed_question(library: Library, seed: Seed) -> QuestionContent:
    """A seed as a single best answer question: best action first, ages at their default."""
    scenario = seed.scenario
    if seed.uses_age and seed.age is not None:
        with_article = seed.age.default.with_article()
        scenario = scenario.format(
            age=seed.age.default.describe(),
            a_age=with_article,
            A_age=with_article[0].upper() + with_article[1:],
        )
    return QuestionContent(
        kind=QuestionKind.SINGLE,
        role=seed.title or library.profession(seed.profession).title,
        scenario=scenario,
        prompt=seed.prompt,
        options=lettered(
            [(seed.best.text, True, seed.best.feedback)]
            + [(w.text, False, w.feedback) for w in seed.wrong]
        ),
    )


def _report(groups: list[tuple[str, list[tuple[str, QuestionContent]]]], judge_positions: bool):
    questions = []
    every = []
    per_group = {}
    for name, items in groups:
        for key, question in items:
            questions.append(
                {
                    "briefing": name,
                    "key": key,
                    "flaws": [flaw.to_json() for flaw in flaws(question)],
                }
            )
        contents = [question for _, question in items]
        every.extend(contents)
        per_group[name] = bank_figures(contents, judge_positions=judge_positions)
    whole = bank_figures(every, judge_positions=judge_positions)
    whole["briefings"] = per_group
    return {"questions": questions, "bank": whole}


def has_flaws(report: dict) -> bool:
    """Whether anything was found: a flawed question, or a flaw of a briefing or the bank."""
    bank = report["bank"]
    return (
        any(q["flaws"] for q in report["questions"])
        or bool(bank["flaws"])
        or any(figures["flaws"] for figures in bank["briefings"].values())
    )


def report_lines(report: dict) -> list[str]:
    """The report as a person reads it: flawed questions, then the figures."""
    lines = []
    for question in report["questions"]:
        for flaw in question["flaws"]:
            lines.append(
                f"{question['briefing']}/{question['key']}: [{flaw['code']}] {flaw['message']}"
            )
    bank = report["bank"]
    for name, figures in [*bank["briefings"].items(), ("the whole bank", bank)]:
        for flaw in figures["flaws"]:
            lines.append(f"{name}: [{flaw['code']}] {flaw['message']}")
    flawed = sum(1 for q in report["questions"] if q["flaws"])
    lines.append(
        f"{flawed} of {len(report['questions'])} questions have flaws; "
        f"{bank['single_answer']} single best answer questions."
    )
    if bank["right_positions"]:
        spread = ", ".join(f"{p}: {n}" for p, n in bank["right_positions"].items())
        lines.append(f"Right answer by position: {spread}.")
    for label, name in (
        ("the longest option", "longest_is_right"),
        ("the most cautious option", "most_cautious_is_right"),
        ("the option with the most actions", "most_active_is_right"),
        ("the option with no reason and the most actions", "cue_rule_is_right"),
    ):
        share = bank[name]
        lines.append(f"Right answer is {label}: {share['count']} of {share['of']}.")
    return lines
