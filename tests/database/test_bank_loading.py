"""Loading the real question bank, re-loading it, versioning edits, and the demo command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from quiz.bank.reader import read_bank
from quiz.extensions import db
from quiz.models import (
    Agency,
    Answer,
    Assignment,
    Attempt,
    Briefing,
    Option,
    Question,
    QuestionStatus,
    QuestionVersion,
    Section,
    Team,
    Theme,
    ThemeTotal,
    User,
)
from quiz.services.accounts import create_user
from quiz.services.attempts import record_answer, start_or_resume, submit
from quiz.services.bank_loading import load_bank
from tests.seed import (
    BANK_BEFORE_REVISION,
    PASSWORD,
    QUESTIONS_DIR,
    SEED_QUESTION_COUNT,
    SEED_QUESTIONS_PER_THEME,
    SEED_SLUG,
    UNCHANGED_BY_REVISION,
)

pytestmark = pytest.mark.postgres

EDITED_KEY = "lac-midwife-booking"
OLD_WORDING = "You are a community midwife at a booking appointment."
NEW_WORDING = "You are a community midwife at a first booking appointment."
CONTENT_TABLES = (Briefing, Section, Theme, Question, QuestionVersion, Option)


def load(folder: Path = QUESTIONS_DIR):
    summary = load_bank(read_bank(folder))
    db.session.commit()
    return summary


def versions_by_key() -> dict[str, list[int]]:
    questions = db.session.scalars(select(Question).order_by(Question.key))
    return {q.key: [v.number for v in q.versions] for q in questions}


def edited_copy(tmp_path: Path) -> Path:
    """The real bank copied, with one question's scenario reworded."""
    copy = tmp_path / "questions"
    shutil.copytree(QUESTIONS_DIR, copy)
    questions_file = copy / SEED_SLUG / "questions.yaml"
    source = questions_file.read_text(encoding="utf-8")
    assert source.count(OLD_WORDING) == 1, "the real bank changed: pick another sentence"
    questions_file.write_text(source.replace(OLD_WORDING, NEW_WORDING), encoding="utf-8")
    return copy


def practitioner(email: str) -> User:
    user = create_user(email, email.split("@")[0], PASSWORD, "practitioner")
    db.session.commit()
    return user


def the_briefing() -> Briefing:
    return db.session.scalars(select(Briefing).where(Briefing.slug == SEED_SLUG)).one()


def test_loading_the_real_bank_twice(db_app, count):
    first = load()
    assert first.changed
    assert count(Briefing) == 1
    assert count(Theme) == 4
    questions = db.session.scalars(select(Question)).all()
    assert len(questions) == SEED_QUESTION_COUNT
    assert {q.status for q in questions} == {QuestionStatus.PUBLISHED}
    assert all(numbers == [1] for numbers in versions_by_key().values())
    before = {model.__tablename__: count(model) for model in CONTENT_TABLES}

    again = load()
    assert not again.changed
    assert again.unchanged == SEED_QUESTION_COUNT
    assert {model.__tablename__: count(model) for model in CONTENT_TABLES} == before


def test_the_revised_bank_over_the_old_one_versions_only_what_changed(db_app, count):
    """A database loaded with the bank before the checker's revision: loading the revised bank
    adds versions to changed questions, creates the new ones, and leaves the rest alone."""
    old_keys = {q.key for b in read_bank(BANK_BEFORE_REVISION) for q in b.questions}
    load(BANK_BEFORE_REVISION)
    summary = load()
    new_keys = {q.key for b in read_bank(QUESTIONS_DIR) for q in b.questions}
    assert sorted(summary.questions_created) == sorted(new_keys - old_keys)
    assert sorted(summary.versions_added) == sorted(old_keys - set(UNCHANGED_BY_REVISION))
    assert summary.unchanged == len(UNCHANGED_BY_REVISION)
    assert not summary.questions_retired
    versions = versions_by_key()
    assert all(versions[key] == [1] for key in UNCHANGED_BY_REVISION)
    assert all(versions[key] == [1, 2] for key in summary.versions_added)


def test_an_edited_question_gets_a_new_version_and_old_answers_keep_theirs(db_app, count, tmp_path):
    load()
    # Every question in each attempt, not a drawn few, so the edited one is among them.
    the_briefing().questions_per_theme = max(SEED_QUESTIONS_PER_THEME)
    earlier = start_or_resume(practitioner("early@example.org"), the_briefing())
    item = next(q for q in earlier.questions if q.version.question.key == EDITED_KEY)
    v1 = item.version
    v1_option_ids = {o.id for o in v1.options}
    chosen = v1.options[0].id
    answer_id = record_answer(earlier, item.position, v1.id, [chosen])
    db.session.commit()
    earlier_id = earlier.id

    summary = load(edited_copy(tmp_path))
    assert summary.versions_added == [EDITED_KEY]
    assert not summary.questions_created and not summary.questions_retired
    db.session.expire_all()

    assert versions_by_key() == {
        key: ([1, 2] if key == EDITED_KEY else [1]) for key in versions_by_key()
    }
    edited = db.session.scalars(select(Question).where(Question.key == EDITED_KEY)).one()
    v2 = edited.current_version
    assert v2.number == 2
    assert NEW_WORDING in v2.scenario
    assert {o.id for o in v2.options}.isdisjoint(v1_option_ids)

    # What was answered stays exactly as the person saw it.
    answer = db.session.get(Answer, answer_id)
    assert answer.version.number == 1
    assert answer.version.question.key == EDITED_KEY
    assert OLD_WORDING in answer.version.scenario
    assert answer.chosen_option_ids == {chosen}
    assert {o.id for o in answer.version.options} == v1_option_ids
    earlier = db.session.get(Attempt, earlier_id)
    assert {q.version.number for q in earlier.questions} == {1}

    # Someone starting afterwards gets the new wording, and the old for the rest.
    later = start_or_resume(practitioner("later@example.org"), the_briefing())
    db.session.commit()
    numbers = {q.version.question.key: q.version.number for q in later.questions}
    assert numbers == {key: (2 if key == EDITED_KEY else 1) for key in numbers}
    assert len(numbers) == SEED_QUESTION_COUNT


def test_start_or_resume_twice_gives_the_same_attempt(db_app, count):
    load()
    user = practitioner("twice@example.org")
    first = start_or_resume(user, the_briefing())
    db.session.commit()
    second = start_or_resume(user, the_briefing())
    db.session.commit()
    assert second.id == first.id
    assert count(Attempt) == 1


def test_start_or_resume_leaves_the_transaction_to_the_caller(db_app, count):
    """attempts promise to flush but never commit; the caller's rollback must undo it."""
    load()
    user = practitioner("rollback@example.org")
    start_or_resume(user, the_briefing())
    db.session.rollback()
    assert count(Attempt) == 0


def test_demo_command_is_idempotent(db_app, count):
    runner = db_app.test_cli_runner()
    tables = (User, Team, Agency, Assignment)

    first = runner.invoke(args=["demo", "--json"])
    assert first.exit_code == 0, first.output
    after_first = {model.__tablename__: count(model) for model in tables}
    people = json.loads(first.stdout)
    assert people, "the demo made nobody"
    assert all(set(p) == {"email", "password", "role", "name", "team"} for p in people)
    assert all(after_first.values()), after_first

    second = runner.invoke(args=["demo", "--json"])
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout) == people
    db.session.expire_all()
    assert {model.__tablename__: count(model) for model in tables} == after_first


def moved_copy(tmp_path: Path, key: str) -> Path:
    """The real bank copied, with one question moved under the briefing's last theme."""
    copy = tmp_path / "moved"
    shutil.copytree(QUESTIONS_DIR, copy)
    questions_file = copy / SEED_SLUG / "questions.yaml"
    source = questions_file.read_text(encoding="utf-8")
    start = source.index(f"\n      - id: {key}\n")
    end = source.index("\n      - id: ", start + 1)
    block, rest = source[start:end], source[:start] + source[end:]
    questions_file.write_text(rest.rstrip("\n") + block + "\n", encoding="utf-8")
    return copy


def test_a_question_moved_to_another_theme_takes_its_answers_with_it(db_app, count, tmp_path):
    load()
    the_briefing().questions_per_theme = max(SEED_QUESTIONS_PER_THEME)
    attempt = start_or_resume(practitioner("mover@example.org"), the_briefing())
    for item in attempt.questions:
        record_answer(attempt, item.position, item.version.id, [item.version.options[0].id])
    submit(attempt)
    db.session.commit()
    attempt_id = attempt.id

    def stored() -> dict[int, int]:
        rows = db.session.scalars(select(ThemeTotal).where(ThemeTotal.attempt_id == attempt_id))
        return {row.theme_id: row.answered for row in rows if row.answered}

    moved = db.session.scalars(select(Question).where(Question.key == EDITED_KEY)).one()
    old_theme_id = moved.theme_id
    before = stored()
    load(moved_copy(tmp_path, EDITED_KEY))
    db.session.expire_all()
    new_theme_id = db.session.get(Question, moved.id).theme_id
    assert new_theme_id != old_theme_id

    after = stored()
    assert after[old_theme_id] == before[old_theme_id] - 1
    assert after[new_theme_id] == before[new_theme_id] + 1
    assert sum(after.values()) == sum(before.values()) == SEED_QUESTION_COUNT
