"""Unbound extensions; create_app() initialises them."""

import os
import sqlite3
import time

from flask import current_app, g, has_request_context, request
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool

# Named constraints so migrations behave the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()


SQLITE_BUSY_TIMEOUT_MS = 15_000


def sqlite_busy_timeout_ms() -> int:
    """How long a writer waits for SQLite's write lock; SQLITE_BUSY_TIMEOUT_MS overrides it.

    Read when a connection opens, so a test can shorten it for the connections it makes.
    """
    return int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", SQLITE_BUSY_TIMEOUT_MS))


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, _record):
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        # WAL lets pages be read while someone writes; writers queue for up to the busy
        # timeout (long enough for a burst of a whole team, short of gunicorn's 30 s).
        # SQLite leaves foreign keys off unless asked.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={sqlite_busy_timeout_ms()}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # pysqlite's own transaction handling sends no BEGIN before a SAVEPOINT,
        # so releasing one would commit. Let SQLAlchemy begin transactions itself.
        dbapi_connection.isolation_level = None


WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def request_may_write() -> bool:
    """A form post, a page that writes even when read (a report records who viewed it), or
    one that said it writes from now on."""
    if request.method in WRITING_METHODS or g.get("writes_from_now_on", False):
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "writes_when_read", False)


def only_reads_from_now_on() -> None:
    """The rest of this request only reads, so on SQLite it need not wait for the write lock.

    For showing a form again after its save failed because another writer held the lock.
    """
    g.only_reads = True


def writes_from_now_on() -> None:
    """The rest of this request writes: a page that read without a transaction's write lock
    and then records who read it. Its next transaction takes SQLite's write lock as it
    begins (waiting its turn in short steps) and is a transaction on PostgreSQL. Call it
    once the reading transaction has ended."""
    g.writes_from_now_on = True


@event.listens_for(Engine, "begin")
def _begin_transaction(connection):
    if connection.dialect.name == "sqlite":
        _begin_sqlite_transaction(connection)
    elif connection.dialect.name == "postgresql" and has_request_context():
        # A request that only reads runs each statement on its own, with no BEGIN before it
        # and no ROLLBACK after: two round trips fewer of a question page's six. Its reads
        # see what they saw before, since under READ COMMITTED every statement takes a fresh
        # snapshot inside a transaction too. Writing requests keep their transaction.
        connection.connection.dbapi_connection.autocommit = not request_may_write()


@event.listens_for(Pool, "checkin")
def _end_autocommit(dbapi_connection, _record):
    # The next request may write: it gets a transaction again unless it only reads.
    if isinstance(dbapi_connection, sqlite3.Connection) or dbapi_connection is None:
        return
    if dbapi_connection.autocommit:
        dbapi_connection.autocommit = False


def _begin_sqlite_transaction(connection):
    # In WAL mode a transaction that reads first and writes later fails at once with
    # "database is locked" when another connection wrote in between (the busy timeout does
    # not apply to a stale snapshot). So a request that may write takes the write lock when
    # its transaction begins and waits its turn; page views only read and run side by side.
    if has_request_context() and request_may_write() and not g.get("only_reads", False):
        _begin_immediate(connection)
    else:
        connection.exec_driver_sql("BEGIN")


# Between tries for the write lock. SQLite's own busy handler sleeps 1, 2, 5, 10 ms... and
# is not woken when the lock frees: a writer that waits for a save of half a millisecond
# sleeps at least 1 ms, so two workers wrote hardly more than one.
WRITE_LOCK_PAUSES_S = (0.0001, 0.0002, 0.0005)
WRITE_LOCK_LONGEST_PAUSE_S = 0.001


def _begin_immediate(connection) -> None:
    """BEGIN IMMEDIATE, trying again after short pauses while another connection writes,
    for up to the busy timeout; then it fails as before ("database is locked")."""
    timeout_ms = sqlite_busy_timeout_ms()
    raw = connection.connection.dbapi_connection
    deadline = time.monotonic() + timeout_ms / 1000
    raw.execute("PRAGMA busy_timeout=0")
    try:
        tries = 0
        while time.monotonic() < deadline:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode != sqlite3.SQLITE_BUSY:
                    break
            pauses = WRITE_LOCK_PAUSES_S
            time.sleep(pauses[tries] if tries < len(pauses) else WRITE_LOCK_LONGEST_PAUSE_S)
            tries += 1
        # The last try, through SQLAlchemy, so a failure is reported as every other is.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        raw.execute(f"PRAGMA busy_timeout={timeout_ms}")
