"""The real migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import quiz.models  # noqa: F401  (registers every table on db.metadata)
from quiz.extensions import db

pytestmark = pytest.mark.postgres

MODEL_TABLES = set(db.metadata.tables)


def tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def schema_differences() -> list:
    """What autogenerate would put in a new migration; empty when in step with the models.

    Nothing is ignored: tables, columns, types, nullability, server defaults, indexes,
    unique constraints and foreign keys must all match. Alembic cannot compare CHECK
    constraints or a partial index's WHERE clause; test_constraints.py proves those
    by inserting rows the migrated database must refuse (or accept).
    """
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(context, db.metadata)


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_upgrade_to_head_creates_every_model_table(db_app):
    assert MODEL_TABLES, "no models imported"
    assert tables() == MODEL_TABLES | {"alembic_version"}
    assert current_revision() is not None


def test_migrated_schema_matches_the_models(db_app):
    assert schema_differences() == []


def test_downgrade_to_base_then_upgrade_again(db_app, migrations):
    head = current_revision()

    migrations.downgrade("base")
    assert tables() == {"alembic_version"}
    assert current_revision() is None

    migrations.upgrade("head")
    assert tables() == MODEL_TABLES | {"alembic_version"}
    assert current_revision() == head
    assert schema_differences() == []
