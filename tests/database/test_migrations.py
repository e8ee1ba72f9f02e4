"""The real migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

import re

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, inspect

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
    constraints or a partial index's WHERE clause: conditions_differences() does, and
    test_constraints.py proves them by writing rows the database must refuse (or accept).
    """
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(context, db.metadata)


def values_named(sql) -> list[str]:
    """The quoted values and numbers in a condition, however the database rewrote it.

    PostgreSQL keeps ``status IN ('a', 'b')`` as ``(status)::text = ANY ((ARRAY['a'::character
    varying, 'b'::character varying])::text[])`` and ``rating BETWEEN 1 AND 5`` as
    ``(rating >= 1) AND (rating <= 5)``; SQLite keeps the text as written. Either way the
    condition is the one the models describe when it names the same values in the same order.
    """
    return re.findall(r"'(?:[^']|'')*'|\b\d+\b", str(sql))


def conditions_in_models(dialect: str) -> dict[str, list[str]]:
    """Constraint or index name -> values named by its CHECK or partial-index WHERE."""
    conditions = {}
    for table in db.metadata.tables.values():
        for check in table.constraints:
            if isinstance(check, CheckConstraint):
                conditions[check.name] = values_named(check.sqltext)
        for index in table.indexes:
            where = index.dialect_options[dialect].get("where")
            if where is not None:
                conditions[index.name] = values_named(where)
    return conditions


def conditions_in_database(dialect: str) -> dict[str, list[str]]:
    inspector = inspect(db.engine)
    conditions = {}
    for table in MODEL_TABLES:
        for check in inspector.get_check_constraints(table):
            conditions[check["name"]] = values_named(check["sqltext"])
        for index in inspector.get_indexes(table):
            where = index.get("dialect_options", {}).get(f"{dialect}_where")
            if where is not None:
                conditions[index["name"]] = values_named(where)
    return conditions


def conditions_differences(dialect: str) -> dict[str, tuple]:
    """name -> (in the models, in the database), for every condition that differs."""
    models, database = conditions_in_models(dialect), conditions_in_database(dialect)
    return {
        name: (models.get(name), database.get(name))
        for name in models.keys() | database.keys()
        if models.get(name) != database.get(name)
    }


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_upgrade_to_head_creates_every_model_table(db_app):
    assert MODEL_TABLES, "no models imported"
    assert tables() == MODEL_TABLES | {"alembic_version"}
    assert current_revision() is not None


def test_migrated_schema_matches_the_models(db_app):
    assert schema_differences() == []


def test_migrated_checks_and_partial_indexes_match_the_models(dialect):
    assert conditions_in_models(dialect), "no CHECK constraints found in the models"
    assert conditions_differences(dialect) == {}


def test_downgrade_to_base_then_upgrade_again(db_app, migrations):
    head = current_revision()

    migrations.downgrade("base")
    assert tables() == {"alembic_version"}
    assert current_revision() is None

    migrations.upgrade("head")
    assert tables() == MODEL_TABLES | {"alembic_version"}
    assert current_revision() == head
    assert schema_differences() == []
    assert conditions_differences(db.engine.dialect.name) == {}
