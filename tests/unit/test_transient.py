"""Which database errors earn a "try again" page, and which stay bugs."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from psycopg import errors as pg
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from quiz.transient import is_transient


def wrapped(kind, driver_error, invalidated: bool = False):
    """The error as SQLAlchemy raises it around the driver's own."""
    return kind("SELECT 1", {}, driver_error, connection_invalidated=invalidated)


def real_sqlite_lock_error() -> sqlite3.OperationalError:
    holder = sqlite3.connect("file:locked?mode=memory&cache=shared", uri=True, timeout=0)
    other = sqlite3.connect("file:locked?mode=memory&cache=shared", uri=True, timeout=0)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    try:
        other.execute("SELECT * FROM t")
    except sqlite3.OperationalError as error:
        return error
    finally:
        holder.close()
        other.close()
    raise AssertionError("the table was not locked")


TRANSIENT = {
    "SQLite: another writer holds the lock": wrapped(
        OperationalError, sqlite3.OperationalError("database is locked")
    ),
    "SQLite: a table lock, as SQLite reports it": wrapped(
        OperationalError, real_sqlite_lock_error()
    ),
    "PostgreSQL: server not reachable": wrapped(
        OperationalError,
        psycopg.OperationalError("connection failed: Connection refused"),
    ),
    "PostgreSQL: shutting down": wrapped(OperationalError, pg.AdminShutdown("terminating")),
    "PostgreSQL: starting up": wrapped(OperationalError, pg.CannotConnectNow("starting up")),
    "PostgreSQL: connection lost mid-query": wrapped(
        OperationalError, pg.ConnectionFailure("server closed the connection")
    ),
    "PostgreSQL: too many connections": wrapped(
        OperationalError, pg.TooManyConnections("too many clients")
    ),
    "PostgreSQL: serialisation failure": wrapped(
        OperationalError, pg.SerializationFailure("could not serialize")
    ),
    "PostgreSQL: deadlock": wrapped(OperationalError, pg.DeadlockDetected("deadlock")),
    "any driver: SQLAlchemy saw the connection drop": wrapped(
        DBAPIError, Exception("gone"), invalidated=True
    ),
    "every pooled connection busy": PoolTimeout("QueuePool limit reached"),
}

NOT_TRANSIENT = {
    "SQLite: missing table": wrapped(
        OperationalError, sqlite3.OperationalError("no such table: answers")
    ),
    "SQLite: constraint": wrapped(IntegrityError, sqlite3.IntegrityError("UNIQUE failed")),
    "PostgreSQL: constraint": wrapped(IntegrityError, pg.UniqueViolation("duplicate key")),
    "PostgreSQL: bad SQL": wrapped(ProgrammingError, pg.UndefinedTable("no such table")),
    "PostgreSQL: statement timeout": wrapped(OperationalError, pg.QueryCanceled("timeout")),
    "PostgreSQL: a driver error without a code that is not about the connection": wrapped(
        ProgrammingError, psycopg.ProgrammingError("the cursor is closed")
    ),
    "not a database error": ValueError("database is locked"),
}


@pytest.mark.parametrize("error", TRANSIENT.values(), ids=TRANSIENT.keys())
def test_busy_or_unreachable_databases_are_transient(error):
    assert is_transient(error)


@pytest.mark.parametrize("error", NOT_TRANSIENT.values(), ids=NOT_TRANSIENT.keys())
def test_errors_in_the_request_itself_are_not(error):
    assert not is_transient(error)
