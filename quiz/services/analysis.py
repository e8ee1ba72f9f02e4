"""Item analysis: which questions work. Pure statistics over submitted answers.

Facility is the share who got a question right. Discrimination compares the
strongest and weakest 27% of people (by total score on the same briefing):
a good question is answered better by the strongest. A wrong option that
draws the strongest people more than the weakest usually means the question
or its best answer is arguable.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import (
    Answer,
    AnswerChoice,
    Attempt,
    AttemptState,
    Question,
    QuestionVersion,
    Theme,
)

GROUP_SHARE = 0.27
TOO_EASY = 0.9
TOO_HARD = 0.3


@dataclass(frozen=True)
class Response:
    attempt_id: int
    attempt_score: int
    version_id: int
    chosen: frozenset[int]
    correct: bool


@dataclass
class ItemStats:
    version_id: int
    answered: int
    facility: float | None = None
    discrimination: float | None = None
    option_shares: dict[int, float] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    hidden: bool = False


def _groups(responses: list[Response]) -> tuple[set[int], set[int]]:
    """Attempt ids in the upper and lower groups by total score."""
    scores = {r.attempt_id: r.attempt_score for r in responses}
    ranked = sorted(scores, key=lambda a: (scores[a], a))
    size = max(1, round(len(ranked) * GROUP_SHARE))
    return set(ranked[-size:]), set(ranked[:size])


def _share(rows: list[Response], test) -> float:
    return sum(1 for r in rows if test(r)) / len(rows) if rows else 0.0


def analyse(
    responses: list[Response], correct_options: dict[int, frozenset[int]], minimum: int = 10
) -> dict[int, ItemStats]:
    """Statistics per question version; figures are hidden below `minimum` answers."""
    upper, lower = _groups(responses)
    by_version: dict[int, list[Response]] = defaultdict(list)
    for response in responses:
        by_version[response.version_id].append(response)
    results = {}
    for version_id, rows in by_version.items():
        stats = ItemStats(version_id=version_id, answered=len(rows))
        results[version_id] = stats
        if len(rows) < minimum:
            stats.hidden = True
            continue
        stats.facility = _share(rows, lambda r: r.correct)
        upper_rows = [r for r in rows if r.attempt_id in upper]
        lower_rows = [r for r in rows if r.attempt_id in lower]
        stats.discrimination = _share(upper_rows, lambda r: r.correct) - _share(
            lower_rows, lambda r: r.correct
        )
        options = {o for r in rows for o in r.chosen}
        stats.option_shares = {
            o: _share(rows, lambda r, o=o: o in r.chosen) for o in sorted(options)
        }
        if stats.facility >= TOO_EASY:
            stats.flags.append("Too easy: almost everyone gets it right")
        if stats.facility <= TOO_HARD:
            stats.flags.append("Too hard: most people get it wrong")
        right = correct_options.get(version_id, frozenset())
        for option in options - right:
            drawn_upper = _share(upper_rows, lambda r, o=option: o in r.chosen)
            drawn_lower = _share(lower_rows, lambda r, o=option: o in r.chosen)
            if drawn_upper > drawn_lower and drawn_upper > 0:
                stats.flags.append(
                    "A wrong option draws the strongest people: check the best answer"
                )
                break
    return results


def briefing_responses(briefing_id: int) -> tuple[list[Response], dict[int, frozenset[int]]]:
    """Every submitted answer on a briefing's questions, partnership-wide, in two queries."""
    rows = db.session.execute(
        select(
            Attempt.id, Attempt.score, Answer.version_id, Answer.is_correct, AnswerChoice.option_id
        )
        .join(Answer, Answer.attempt_id == Attempt.id)
        .join(AnswerChoice, AnswerChoice.answer_id == Answer.id)
        .where(
            Attempt.briefing_id == briefing_id,
            Attempt.state.in_([AttemptState.SUBMITTED, AttemptState.COMPLETED]),
        )
    ).all()
    chosen: dict[tuple[int, int], set[int]] = defaultdict(set)
    facts: dict[tuple[int, int], tuple[int, bool]] = {}
    for attempt_id, score, version_id, is_correct, option_id in rows:
        chosen[(attempt_id, version_id)].add(option_id)
        facts[(attempt_id, version_id)] = (score or 0, is_correct)
    responses = [
        Response(a, facts[(a, v)][0], v, frozenset(options), facts[(a, v)][1])
        for (a, v), options in chosen.items()
    ]
    versions = db.session.scalars(
        select(QuestionVersion)
        .join(Question, QuestionVersion.question_id == Question.id)
        .where(Question.briefing_id == briefing_id)
    ).all()
    correct = {v.id: v.correct_option_ids for v in versions}
    return responses, correct


@dataclass(frozen=True)
class BriefingAnalysis:
    """Every version of a briefing's questions, in order, with the statistics of each."""

    versions: list[QuestionVersion]
    stats: dict[int, ItemStats]


def analyse_briefing(briefing_id: int, minimum: int) -> BriefingAnalysis:
    responses, correct = briefing_responses(briefing_id)
    return BriefingAnalysis(versions_in_order(briefing_id), analyse(responses, correct, minimum))


def versions_in_order(briefing_id: int) -> list[QuestionVersion]:
    """Every version of a briefing's questions, in the order the briefing shows them."""
    return list(
        db.session.scalars(
            select(QuestionVersion)
            .join(Question, QuestionVersion.question_id == Question.id)
            .join(Theme, Question.theme_id == Theme.id)
            .where(Question.briefing_id == briefing_id)
            .order_by(Theme.position, Question.position, QuestionVersion.number)
        )
    )
