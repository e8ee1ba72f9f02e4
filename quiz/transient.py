"""Is a database error one that trying again in a moment can cure?

Pure: it looks only at the exception. The web tier turns a transient error into a
"try again" page (quiz/web/busy.py); anything else stays a bug and a 500.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# PostgreSQL error codes that mean "not now" rather than "never": the server shutting
# down, crashing or starting up, too many connections, and the two conflicts the server
# asks the client to retry (serialisation failure, deadlock). Class 08 (connection
# exceptions) is matched by its prefix.
TRANSIENT_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "53300", "40001", "40P01"})
CONNECTION_EXCEPTION_CLASS = "08"

# Another connection holds the write lock past the busy timeout, or a table lock.
SQLITE_BUSY_NAMES = ("SQLITE_BUSY", "SQLITE_LOCKED")
SQLITE_BUSY_MESSAGES = ("database is locked", "database table is locked")


def is_transient(error: BaseException) -> bool:
    """True when the database was busy or out of reach, not when the request was wrong."""
    if isinstance(error, PoolTimeout):
        return True  # every pooled connection was in use for the whole pool timeout
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True  # SQLAlchemy saw the connection drop (and throws it away)
    driver_error = error.orig
    if isinstance(driver_error, sqlite3.Error):
        name = getattr(driver_error, "sqlite_errorname", "") or ""
        return name.startswith(SQLITE_BUSY_NAMES) or str(driver_error) in SQLITE_BUSY_MESSAGES
    if hasattr(driver_error, "sqlstate"):  # psycopg
        state = driver_error.sqlstate
        if state is None:
            # No code from the server: the connection could not be made or was lost.
            return isinstance(error, OperationalError)
        return state.startswith(CONNECTION_EXCEPTION_CLASS) or state in TRANSIENT_SQLSTATES
    return False
