"""Tables the database itself keeps append-only: a row once written is never changed.

The audit log must hold even against a bug or a hand-typed UPDATE in a database shell, so
triggers refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) on it. The same SQL is
written by the migration for existing databases and here for tables made by create_all.
Whoever owns the database server can still drop the triggers: this stops accidents and the
application's own account, not the database's owner.
"""

from __future__ import annotations

from sqlalchemy import DDL, Table, event

REFUSAL = "is append-only: its rows cannot be changed or deleted"


def sqlite_statements(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} {REFUSAL}'); END"
        for verb in ("UPDATE", "DELETE")
    ]


def postgresql_statements(table: str) -> list[str]:
    return [
        f"CREATE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{table} {REFUSAL}'; END $$",
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse_change()",
    ]


def drop_statements(table: str, dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_no_{verb}" for verb in ("update", "delete")]
    return [f"DROP FUNCTION IF EXISTS {table}_refuse_change() CASCADE"]


def make_append_only(table: Table) -> None:
    """Create the refusing triggers whenever create_all creates the table."""
    for statement in sqlite_statements(table.name):
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="sqlite"))
    for statement in postgresql_statements(table.name):
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="postgresql"))
