"""One question of an attempt as its page and its answer read it (plain rows, one
statement), and its answer saved in a few plain statements.

A question page and an answer need one question's version, options and the answer given so
far. Read as ORM objects with their relations joined, that cost more CPU than the rest of the
request's queries together; read as the few columns they need, a small part of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import bindparam, select

from quiz.extensions import db
from quiz.models import Briefing
from quiz.services.shown import (
    ShownBriefing,
    ShownOption,
    ShownQuestion,
    ShownTheme,
    ShownVersion,
    answer,
    aq,
    asked_with_options,
    choice,
    option,
    qv,
    theme,
)


@dataclass(frozen=True)
class AskedQuestion:
    """One question of an attempt, as its page and its answer need it: the version shown and
    the answer given so far (answer_id None when there is none)."""

    position: int
    version_id: int
    from_earlier_briefing: bool
    version: ShownVersion
    answer_id: int | None
    answer_correct: bool | None
    chosen_ids: frozenset[int]


briefing = Briefing.__table__


@cache
def statement():
    # A row per option, with whether the answer so far chose it: plain columns, no objects.
    return (
        select(
            aq.c.position,
            aq.c.version_id,
            aq.c.from_earlier_briefing,
            qv.c.kind,
            qv.c.role,
            qv.c.scenario,
            qv.c.prompt,
            theme.c.id,
            theme.c.text,
            theme.c.position,
            # A refresh question names its earlier briefing.
            briefing.c.title,
            option.c.id,
            option.c.text,
            option.c.is_correct,
            answer.c.id,
            answer.c.is_correct,
            choice.c.option_id,
        )
        .select_from(asked_with_options().join(briefing, briefing.c.id == theme.c.briefing_id))
        .where(
            aq.c.attempt_id == bindparam("attempt_id"),
            aq.c.position == bindparam("position"),
        )
        .order_by(option.c.position)
    )


def from_rows(rows) -> AskedQuestion:
    (position, version_id, earlier, kind, role, scenario, prompt) = rows[0][:7]
    theme_id, theme_text, theme_position, title = rows[0][7:11]
    answer_id, answer_correct = rows[0][14], rows[0][15]
    version = ShownVersion(
        version_id,
        kind,
        role,
        scenario,
        prompt,
        tuple(ShownOption(r[11], r[12], r[13]) for r in rows),
        ShownQuestion(ShownTheme(theme_id, theme_text, theme_position, ShownBriefing(title))),
    )
    chosen = frozenset(r[16] for r in rows if r[16] is not None)
    return AskedQuestion(position, version_id, earlier, version, answer_id, answer_correct, chosen)


def save_answer(attempt_id: int, item: AskedQuestion, correct: bool, chosen) -> int:
    """The answer's row and its choices, in a few plain statements: only what changed."""
    statements = _answer_statements()
    if item.answer_id is None:
        answer_id = db.session.execute(
            statements.insert_answer,
            {"attempt_id": attempt_id, "version_id": item.version_id, "is_correct": correct},
        ).inserted_primary_key[0]
        added, removed = chosen, frozenset()
    else:
        answer_id = item.answer_id
        if correct != item.answer_correct:
            db.session.execute(
                statements.update_answer, {"answer_id": answer_id, "correct": correct}
            )
        added, removed = chosen - item.chosen_ids, item.chosen_ids - chosen
    if removed:
        db.session.execute(
            statements.delete_choices, {"answer_id": answer_id, "option_ids": sorted(removed)}
        )
    if added:
        db.session.execute(
            statements.insert_choice,
            [{"answer_id": answer_id, "option_id": i} for i in sorted(added)],
        )
    return answer_id


@dataclass(frozen=True)
class _AnswerStatements:
    insert_answer: object
    update_answer: object
    delete_choices: object
    insert_choice: object


@cache
def _answer_statements() -> _AnswerStatements:
    return _AnswerStatements(
        insert_answer=answer.insert(),
        # answered_at follows (its onupdate), as when the ORM saved a changed answer.
        update_answer=answer.update()
        .where(answer.c.id == bindparam("answer_id"))
        .values(is_correct=bindparam("correct")),
        delete_choices=choice.delete().where(
            choice.c.answer_id == bindparam("answer_id"),
            choice.c.option_id.in_(bindparam("option_ids", expanding=True)),
        ),
        insert_choice=choice.insert(),
    )
