"""The database itself refuses bad rows, whatever the web tier does, on both databases."""

from __future__ import annotations

import enum
from types import SimpleNamespace

import pytest
from sqlalchemy import CheckConstraint, text

from quiz.extensions import SQLITE_BUSY_TIMEOUT_MS, db
from quiz.models import (
    Agency,
    Answer,
    Attempt,
    AttemptState,
    Briefing,
    BriefingStatus,
    Completion,
    ConfidenceRating,
    ConfidenceStage,
    EmailKind,
    EmailStatus,
    IllegalTransition,
    LinkPurpose,
    Meeting,
    MeetingState,
    Option,
    OutboxEmail,
    PasswordLink,
    Question,
    QuestionKind,
    QuestionStatus,
    QuestionVersion,
    Role,
    Team,
    Theme,
    User,
)
from quiz.professions import Profession

pytestmark = pytest.mark.postgres

ONE_OPEN_ATTEMPT = (
    "uq_attempts_one_open",  # PostgreSQL names the index
    "UNIQUE constraint failed: attempts.user_id, attempts.briefing_id",  # SQLite the columns
)

# Every column whose values come from an enum; the database holds each to its enum.
ENUM_COLUMNS = {
    ("attempts", "state"): AttemptState,
    ("completions", "state"): AttemptState,
    ("briefings", "status"): BriefingStatus,
    ("confidence_ratings", "stage"): ConfidenceStage,
    ("outbox_emails", "kind"): EmailKind,
    ("outbox_emails", "status"): EmailStatus,
    ("password_links", "purpose"): LinkPurpose,
    ("meetings", "state"): MeetingState,
    ("question_versions", "kind"): QuestionKind,
    ("questions", "status"): QuestionStatus,
    ("users", "profession"): Profession,
    ("users", "role"): Role,
}


@pytest.fixture
def world(db_app):
    """One of everything an attempt needs, committed."""
    team = Team(name="Assessment Team", agency=Agency(name="Test Council"))
    user = User(
        email="practitioner@example.org", name="P", password_hash="x", role=Role.PRACTITIONER
    )
    user.team = team
    briefing = Briefing(slug="joe", title="Joe", source_text="text")
    theme = Theme(briefing=briefing, position=1, text="A theme")
    db.session.add_all([team, user, theme])
    db.session.flush()
    question = Question(
        briefing_id=briefing.id, theme=theme, key="q1", status=QuestionStatus.PUBLISHED
    )
    version = QuestionVersion(
        question=question,
        number=1,
        kind=QuestionKind.SINGLE,
        role="Midwife",
        scenario="s",
        prompt="p",
        content_hash="0" * 64,
        options=[Option(key="a", position=1, text="A", is_correct=True, feedback="f")],
    )
    db.session.add(version)
    # A team meeting, so the meetings table has a row for the enum checks to change.
    db.session.add(Meeting(team=team, briefing=briefing, join_code="ABC234"))
    db.session.commit()
    return SimpleNamespace(
        team=team, user=user, briefing=briefing, theme=theme, question=question, version=version
    )


def attempt(world, state: str = AttemptState.IN_PROGRESS) -> Attempt:
    made = Attempt(user_id=world.user.id, briefing_id=world.briefing.id, state=state)
    db.session.add(made)
    return made


def test_foreign_keys_are_enforced(world, refused, count):
    with refused("FOREIGN KEY constraint failed", "fk_teams_agency_id_agencies"):
        db.session.add(Team(name="Orphan Team", agency_id=999_999))
    assert count(Team) == 1


@pytest.mark.parametrize("second_state", [AttemptState.IN_PROGRESS, AttemptState.SUBMITTED])
def test_only_one_open_attempt_per_person_and_briefing(world, refused, count, second_state):
    first = attempt(world)
    db.session.commit()

    with refused(*ONE_OPEN_ATTEMPT):
        attempt(world, second_state)

    first.move_to(AttemptState.SUBMITTED)
    db.session.commit()
    with refused(*ONE_OPEN_ATTEMPT):
        attempt(world, second_state)
    assert count(Attempt) == 1


def test_a_new_attempt_is_allowed_once_the_first_is_completed(world, count):
    first = attempt(world)
    db.session.commit()
    first.move_to(AttemptState.SUBMITTED)
    first.move_to(AttemptState.COMPLETED)
    db.session.commit()

    second = attempt(world)
    db.session.commit()
    second.move_to(AttemptState.SUBMITTED)
    second.move_to(AttemptState.COMPLETED)
    db.session.commit()
    attempt(world)  # completed attempts never block, however many there are
    db.session.commit()
    assert count(Attempt) == 3


def test_one_answer_per_attempt_and_question_version(world, refused, count):
    made = attempt(world)
    db.session.flush()
    db.session.add(Answer(attempt_id=made.id, version_id=world.version.id, is_correct=True))
    db.session.commit()

    with refused(
        "uq_answers_attempt_id", "UNIQUE constraint failed: answers.attempt_id, answers.version_id"
    ):
        db.session.add(Answer(attempt_id=made.id, version_id=world.version.id, is_correct=False))
    assert count(Answer) == 1


@pytest.mark.parametrize("rating", [0, 6])
def test_confidence_is_rated_one_to_five(world, refused, count, rating):
    made = attempt(world)
    db.session.commit()

    with refused("ck_confidence_ratings_rating_range"):
        db.session.add(
            ConfidenceRating(
                attempt_id=made.id,
                theme_id=world.theme.id,
                stage=ConfidenceStage.BEFORE,
                rating=rating,
            )
        )
    for allowed in (1, 5):
        db.session.add(
            ConfidenceRating(
                attempt_id=made.id,
                theme_id=world.theme.id,
                stage=ConfidenceStage.BEFORE if allowed == 1 else ConfidenceStage.AFTER,
                rating=allowed,
            )
        )
    db.session.commit()
    assert count(ConfidenceRating) == 2


def enum_checks() -> dict[tuple[str, str], type[enum.StrEnum]]:
    """(table, column) -> enum, for every CHECK the models build with one_of()."""
    return {
        (table.name, check.info["column"]): check.info["enum"]
        for table in db.metadata.tables.values()
        for check in table.constraints
        if isinstance(check, CheckConstraint) and "enum" in check.info
    }


def test_every_enum_column_has_a_check_written_from_its_enum():
    assert enum_checks() == ENUM_COLUMNS
    for table in db.metadata.tables.values():
        for column in table.columns:
            default = column.default.arg if column.default is not None else None
            if isinstance(default, enum.Enum):
                assert (table.name, column.name) in ENUM_COLUMNS, f"{table.name}.{column.name}"


@pytest.mark.parametrize(("table", "column"), ENUM_COLUMNS, ids=lambda name: name)
def test_every_enum_value_fits_its_column(table, column):
    length = db.metadata.tables[table].c[column].type.length
    assert all(len(value) <= length for value in ENUM_COLUMNS[table, column])


@pytest.mark.parametrize(("table", "column"), ENUM_COLUMNS, ids=lambda name: name)
def test_enum_columns_hold_their_enum_and_nothing_else(world, refused, table, column):
    made = attempt(world)
    db.session.flush()
    made.confidence.append(
        ConfidenceRating(theme_id=world.theme.id, stage=ConfidenceStage.BEFORE, rating=3)
    )
    # The person's completion row, as the attempt service would have written it.
    db.session.add(
        Completion(
            user_id=world.user.id,
            briefing_id=made.briefing_id,
            state=made.state,
            last_activity_at=made.started_at,
        )
    )
    # One row in each of the email tables, for their checks.
    db.session.add(
        OutboxEmail(recipient="a@example.org", subject="s", kind="invitation", status="sent")
    )
    db.session.add(
        PasswordLink(
            token_hash="0" * 64,
            user_id=world.user.id,
            purpose="invitation",
            expires_at=made.started_at,
        )
    )
    db.session.commit()
    # Raw SQL, so neither the models nor the services stand between the value and the table.
    set_every_row = text(f"UPDATE {table} SET {column} = :value")

    for value in ENUM_COLUMNS[table, column]:
        assert db.session.execute(set_every_row, {"value": value.value}).rowcount == 1
    db.session.rollback()

    with refused(f"ck_{table}_{column}_known"):
        db.session.execute(set_every_row, {"value": "nonesuch"})


def test_attempts_move_only_forwards(world):
    made = attempt(world)
    db.session.commit()

    with pytest.raises(IllegalTransition):
        made.move_to(AttemptState.COMPLETED)
    assert made.state == AttemptState.IN_PROGRESS
    assert made.completed_at is None

    made.move_to(AttemptState.SUBMITTED)
    db.session.commit()
    with pytest.raises(IllegalTransition):
        made.move_to(AttemptState.IN_PROGRESS)
    made.move_to(AttemptState.COMPLETED)
    db.session.commit()
    db.session.expire_all()

    assert made.state == AttemptState.COMPLETED
    assert made.submitted_at is not None
    assert made.completed_at is not None
    assert made.submitted_at <= made.completed_at
    for state in AttemptState:
        with pytest.raises(IllegalTransition):
            made.move_to(state)
    assert made.state == AttemptState.COMPLETED


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_connections_are_configured(db_app):
    # Read back on two separate pooled connections: the settings are per connection.
    with db.engine.connect() as first, db.engine.connect() as second:
        for connection in (first, second):
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            timeout = connection.execute(text("PRAGMA busy_timeout")).scalar()
            assert timeout == SQLITE_BUSY_TIMEOUT_MS
