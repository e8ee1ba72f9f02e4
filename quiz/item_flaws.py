"""The question checker: classic item-writing flaws that let a test-wise reader answer without
reading the scenario, found in one question or across a briefing or a bank.

Plain Python on :class:`quiz.question.QuestionContent`: no Flask, no database. The authoring
pages show these as warnings beside the question (never as a block), and
``flask questions lint`` runs them on the bank folder and the library's seeds.

Per question (each :class:`Flaw` has a code and a message that says how to fix it):

- ``right-longest``: the right option is longer than every wrong one by more than a fifth.
- ``lengths-unbalanced``: an option is half as long again as the others' average, or a third
  shorter.
- ``reasons-only-wrong``: most wrong options justify themselves ("because", ", as", "since",
  "so that"...) and no right option does.
- ``absolute-words``: an option says "always", "never", "all of the above" or "none of the
  above".
- ``negative-stem``: the prompt asks a negative ("not", "except", "n't") without emphasis
  (**bold** or CAPITALS).
- ``options-alike``: two options share most of their content words.
- ``stem-echo``: one option repeats at least three more of the scenario's key words than any
  other option does.

Across a group of questions (:func:`bank_figures`), counted on single best answer questions:
where the right answers sit, and how often the right one is the longest, the most cautious,
the most active, or the one this rule picks: "the option with no reason clause and the most
actions". The heuristics are deliberately simple so a trainer can check them by hand:

- *actions* in an option: how many of ACTION_VERBS it uses (refer, record, ask, tell...);
- *caution* of an option: how many of PROTECTIVE_MARKERS it names (children's social care,
  police, today, urgent, escalate...): the "better safe than sorry" choice;
- an option is the most active or most cautious only when no other option ties with it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quiz.question import OptionContent, QuestionContent, QuestionKind

__all__ = ["Flaw", "bank_figures", "flaws"]

# Set before the bank and the library were measured, with the questions in
# tests/unit/test_item_flaws.py written to have each flaw. One change after measuring: "as his"
# and "as her" no longer count as a reason ("report their views as his wishes" is not one).
RIGHT_LONGEST_MARGIN = 1.2  # "keep every option within about a fifth of the others' length"
LONG_OPTION = 1.5  # an option half as long again as the others' average
SHORT_OPTION = 0.67  # ...or a third shorter
ALIKE_SHARE = 0.6  # content words two options share, of all content words in either
ECHO_LEAD = 3  # key words of the scenario one option repeats beyond any other option
# Bank-level: judged only on enough single best answer questions to mean something.
MIN_GROUP = 8
POSITION_SHARE = 0.4  # with four options, chance is 0.25
CUE_SHARE = 0.4  # longest, most cautious, most active, the cue rule: each by chance ~0.25

REASON = re.compile(
    r"\bbecause\b|\bsince\b|,\s*as\b|\bas (?:it|this|that|they|he|she|you|there|we|"
    r"these|those|the\s+\w+\s+(?:is|are|was|has|have|will|can|may))\b|\bso that\b|"
    r"\bin order to\b|\bgiven that\b|\bwhich (?:means|shows|will|would)\b",
    re.IGNORECASE,
)
ABSOLUTES = ("all of the above", "none of the above", "always", "never")
NEGATIVE = re.compile(r"\b(?:not|except)\b|\b\w+n't\b", re.IGNORECASE)
WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z]+)*")

_ACTION_WORDS = """refer re-refer contact call phone tell share record write note ask see speak
    talk check
    arrange escalate report visit offer explore follow book discuss agree give help convene
    reconvene raise plan examine listen reassure photograph seek inform notify request
    involve invite assess send email add suggest take make get start chase review test
    explain find look support name treat link weigh act"""
ACTION_VERBS = frozenset(_ACTION_WORDS.split())
PROTECTIVE_MARKERS = (
    "refer",
    "re-refer",
    "referral",
    "children's social care",
    "csc",
    "police",
    "999",
    "escalate",
    "strategy discussion",
    "child protection",
    "today",
    "same day",
    "at once",
    "straight away",
    "immediately",
    "urgent",
    "before they leave",
    "before she leaves",
    "before he leaves",
    "before the family leaves",
)
_STOP_WORDS = """a about after again all also an and any are as at be been before being both
    but by can
    could did do does doing for from had has have he her here him his how if in into is it its
    just may me more most much must my no not now of on once one only or other our out over own
    same she should so some such than that the their them then there these they this those
    through time to too under until up very was we were what when where which while who whom
    why will with would you your yours next last first week weeks day days today"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class Flaw:
    """One warning about a question: `code` names the flaw, `message` says how to fix it,
    `option` numbers the option it is about (from 1), when it is about one."""

    code: str
    message: str
    option: int | None = None

    def to_json(self) -> dict:
        return {"code": self.code, "message": self.message}


def flaws(question: QuestionContent) -> list[Flaw]:
    """Every item-writing flaw found in one question, in a fixed order."""
    options = list(question.options)
    if question.kind == QuestionKind.TRUE_FALSE or len(options) < 2:
        return _negative_stem(question)
    found: list[Flaw] = []
    found.extend(_right_longest(options))
    flagged_long = {f.option for f in found}
    found.extend(_unbalanced(options, skip=flagged_long))
    found.extend(_reasons_only_wrong(options))
    found.extend(_absolutes(options))
    found.extend(_negative_stem(question))
    found.extend(_alike(options))
    found.extend(_stem_echo(question))
    return found


# -- one question ---------------------------------------------------------------------------


def _length(option: OptionContent) -> int:
    return len(" ".join(option.text.split()))


def _right_longest(options: list[OptionContent]) -> list[Flaw]:
    right = [(n, o) for n, o in enumerate(options, 1) if o.correct]
    wrong = [_length(o) for o in options if not o.correct]
    if not right or not wrong:
        return []
    shortest_right = min(_length(o) for _, o in right)
    longest_wrong = max(wrong)
    if shortest_right <= longest_wrong * RIGHT_LONGEST_MARGIN:
        return []
    number = right[0][0] if len(right) == 1 else None
    which = f"The right option ({number})" if number else "Every right option"
    return [
        Flaw(
            "right-longest",
            f"{which} is the longest by a clear margin ({shortest_right} characters against "
            f"at most {longest_wrong} for a wrong one), so it can be picked without reading "
            "the scenario. Shorten it, or give the wrong options as much detail.",
            number,
        )
    ]


def _unbalanced(options: list[OptionContent], skip: set[int | None]) -> list[Flaw]:
    lengths = [_length(o) for o in options]
    found = []
    for number, length in enumerate(lengths, 1):
        others = [n for i, n in enumerate(lengths, 1) if i != number]
        average = sum(others) / len(others)
        if number in skip or not average:
            continue
        if length > average * LONG_OPTION or length < average * SHORT_OPTION:
            found.append(
                Flaw(
                    "lengths-unbalanced",
                    f"Option {number} has {length} characters and the others {average:.0f} "
                    "on average. Make the options about the same length, within about a "
                    "fifth of each other.",
                    number,
                )
            )
    return found


def gives_reason(text: str) -> bool:
    """Whether an option justifies itself ("..., as this...", "because...")."""
    return bool(REASON.search(text))


def _reasons_only_wrong(options: list[OptionContent]) -> list[Flaw]:
    wrong = [n for n, o in enumerate(options, 1) if not o.correct]
    reasoned = [n for n, o in enumerate(options, 1) if not o.correct and gives_reason(o.text)]
    if any(gives_reason(o.text) for o in options if o.correct):
        return []
    if not reasoned or len(reasoned) * 2 < len(wrong):
        return []
    return [
        Flaw(
            "reasons-only-wrong",
            f'Options {_and(reasoned)} give a reason ("because", ", as", "since") and '
            "the right option does not, so the one without a reason stands out. Give reasons "
            "on right and wrong options alike, or on none.",
        )
    ]


def _absolutes(options: list[OptionContent]) -> list[Flaw]:
    found = []
    for number, option in enumerate(options, 1):
        text = " ".join(option.text.lower().split())
        for phrase in ABSOLUTES:
            if re.search(rf"\b{phrase}\b", text):
                if "above" in phrase:
                    advice = (
                        "Write each choice as an option of its own, or make it a multiple "
                        "response question."
                    )
                else:
                    advice = (
                        f"Readers learn that absolutes are usually wrong; reword it without "
                        f'"{phrase}" and say what the practitioner does.'
                    )
                found.append(
                    Flaw("absolute-words", f'Option {number} says "{phrase}". {advice}', number)
                )
                break
    return found


def _negative_stem(question: QuestionContent) -> list[Flaw]:
    for match in NEGATIVE.finditer(question.prompt):
        word = match.group(0)
        before = question.prompt[match.start() - 1 : match.start()] if match.start() else ""
        after = question.prompt[match.end() : match.end() + 1]
        # NOT in capitals, or **not** / *not* / _not_ in Markdown.
        emphasised = word.isupper() or (bool(before) and before in "*_" and after == before)
        if not emphasised:
            return [
                Flaw(
                    "negative-stem",
                    f'The question asks a negative ("{word}"), which readers easily miss. '
                    "Reword it as a positive question, or put the word in bold or capitals.",
                )
            ]
    return []


def content_words(text: str) -> set[str]:
    """The words that carry meaning, cut to five letters so "refer" and "referral" match."""
    return {
        word[:5] for word in WORD.findall(text.lower()) if word not in STOP_WORDS and len(word) > 2
    }


def _alike(options: list[OptionContent]) -> list[Flaw]:
    words = [content_words(o.text) for o in options]
    found = []
    for i in range(len(options)):
        for j in range(i + 1, len(options)):
            union = words[i] | words[j]
            if len(words[i]) < 2 or len(words[j]) < 2 or not union:
                continue
            if len(words[i] & words[j]) / len(union) >= ALIKE_SHARE:
                found.append(
                    Flaw(
                        "options-alike",
                        f"Options {i + 1} and {j + 1} say nearly the same thing, so a reader "
                        "can rule both out (or in) together. Rewrite one as a different "
                        "mistake a practitioner really makes.",
                        j + 1,
                    )
                )
    return found


def _stem_echo(question: QuestionContent) -> list[Flaw]:
    stem_words = content_words(question.scenario + " " + question.prompt)
    echoes = [content_words(o.text) & stem_words for o in question.options]
    found = []
    for number, echo in enumerate(echoes, 1):
        others = [len(e) for i, e in enumerate(echoes, 1) if i != number]
        if len(echo) - max(others) >= ECHO_LEAD:
            shown = ", ".join(sorted(_full_words(question.options[number - 1].text, echo)))
            found.append(
                Flaw(
                    "stem-echo",
                    f"Option {number} repeats the scenario's words ({shown}) and the other "
                    "options do not, which points readers to it. Reword it, or use the "
                    "scenario's words in the other options too.",
                    number,
                )
            )
    return found


def _full_words(text: str, stems: set[str]) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if w[:5] in stems and w not in STOP_WORDS}


def _and(numbers: Sequence[int]) -> str:
    names = [str(n) for n in numbers]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# -- a group of questions -------------------------------------------------------------------


def actions(text: str) -> int:
    """How many things an option has the practitioner do: uses of ACTION_VERBS."""
    return sum(1 for word in WORD.findall(text.lower()) if word in ACTION_VERBS)


def caution(text: str) -> int:
    """How protective an option sounds: how many PROTECTIVE_MARKERS it names."""
    lowered = " ".join(text.lower().replace("’", "'").split())
    return sum(
        1 for marker in PROTECTIVE_MARKERS if re.search(rf"\b{re.escape(marker)}\b", lowered)
    )


def _unique_top(scores: list[int | float]) -> int | None:
    """The index of the single highest score, or None when two share it."""
    top = max(scores)
    return scores.index(top) if scores.count(top) == 1 else None


def cue_rule_pick(options: Sequence[OptionContent]) -> int:
    """What a test-wise reader picks: among the options with no reason clause (all options, if
    every one has one), the one with the most actions, the longest on a tie."""
    candidates = [i for i, o in enumerate(options) if not gives_reason(o.text)] or list(
        range(len(options))
    )
    return max(candidates, key=lambda i: (actions(options[i].text), _length(options[i])))


def _share(count: int, total: int) -> dict:
    return {"count": count, "of": total, "share": round(count / total, 2) if total else 0.0}


def bank_figures(questions: Iterable[QuestionContent], *, judge_positions: bool = True) -> dict:
    """Figures for a briefing or a whole bank, and the bank-level flaws they show.

    `judge_positions=False` for the library's seeds, whose best action is written first and
    placed by the drafts."""
    questions = list(questions)
    singles = [q for q in questions if q.kind == QuestionKind.SINGLE and len(q.options) > 1]
    positions: Counter[int] = Counter()
    longest = cautious = active = cue = 0
    for question in singles:
        options = list(question.options)
        right = next(i for i, o in enumerate(options) if o.correct)
        positions[right + 1] += 1
        longest += _unique_top([_length(o) for o in options]) == right
        cautious += _unique_top([caution(o.text) for o in options]) == right
        active += _unique_top([actions(o.text) for o in options]) == right
        cue += cue_rule_pick(options) == right
    total = len(singles)
    figures = {
        "questions": len(questions),
        "single_answer": total,
        "right_positions": {str(p): positions[p] for p in sorted(positions)},
        "longest_is_right": _share(longest, total),
        "most_cautious_is_right": _share(cautious, total),
        "most_active_is_right": _share(active, total),
        "cue_rule_is_right": _share(cue, total),
    }
    figures["flaws"] = [f.to_json() for f in _group_flaws(figures, judge_positions)]
    return figures


def _group_flaws(figures: dict, judge_positions: bool) -> list[Flaw]:
    total = figures["single_answer"]
    if total < MIN_GROUP:
        return []
    found = []
    if judge_positions:
        for position, count in figures["right_positions"].items():
            if count / total > POSITION_SHARE:
                found.append(
                    Flaw(
                        "positions-uneven",
                        f"The right answer is option {position} in {count} of {total} "
                        "questions. Move some right answers so every position is used about "
                        "as often.",
                    )
                )
    cues = (
        ("longest-often-right", "longest_is_right", "the longest option"),
        ("cautious-often-right", "most_cautious_is_right", "the most cautious option"),
        ("active-often-right", "most_active_is_right", "the option with the most actions"),
        (
            "cue-rule-often-right",
            "cue_rule_is_right",
            "the option with no reason and the most actions",
        ),
    )
    advice = {
        "longest-often-right": "Shorten some right answers, or lengthen the wrong ones.",
        "cautious-often-right": (
            "Make some right answers proportionate and restrained, and let some over-reactions "
            "be wrong."
        ),
        "active-often-right": (
            "Make some right answers a single proportionate step, and give some wrong answers "
            "a busy plan with one fatal flaw."
        ),
        "cue-rule-often-right": (
            "Give reasons on some right options, and fewer actions on some right answers."
        ),
    }
    for code, name, what in cues:
        share = figures[name]
        if share["share"] > CUE_SHARE:
            found.append(
                Flaw(
                    code,
                    f"The right answer is {what} in {share['count']} of {total} questions, "
                    f"so readers can score without reading. {advice[code]}",
                )
            )
    return found
