"""Fixtures for tests that run on SQLite and PostgreSQL against the real migrations.

Each test that asks for `db_app` runs twice: once on a fresh SQLite file and once on
a PostgreSQL database whose `public` schema has just been dropped and recreated.
PostgreSQL comes from TEST_POSTGRES_URL (default: the local trust-auth server). If it
is not reachable the PostgreSQL half is skipped, unless REQUIRE_POSTGRES=1 (as in CI),
when it fails instead, so CI can never pass without running it.
"""

from __future__ import annotations

import functools
import logging
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

import flask_migrate
import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from quiz import create_app
from quiz.extensions import db
from tests.seed import QUESTIONS_DIR

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CONNECT_TIMEOUT_SECONDS = 3


def postgres_url() -> str:
    return os.environ.get("TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL


@functools.cache
def _postgres_problem(url: str) -> str | None:
    """Why PostgreSQL at url cannot be used, or None. Asked once per run."""
    engine = create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure to connect means "not reachable"
        reason = getattr(error, "orig", None) or error  # the driver's words, not SQLAlchemy's
        return str(reason).splitlines()[0]
    finally:
        engine.dispose()
    return None


def _reset_postgres(url: str) -> None:
    """Drop everything, alembic_version included, so each test migrates from nothing."""
    engine = create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    try:
        with engine.begin() as connection:
            # A connection left open by a broken test would make DROP wait forever.
            connection.execute(text("SET LOCAL lock_timeout = '5s'"))
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/db.sqlite3"
    url = postgres_url()
    problem = _postgres_problem(url)
    if problem is not None:
        shown = make_url(url).render_as_string(hide_password=True)
        message = (
            f"PostgreSQL not reachable at {shown} ({problem}): start it or set TEST_POSTGRES_URL"
        )
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    _reset_postgres(url)
    return url


@contextmanager
def _logging_left_alone() -> Iterator[None]:
    """Undo what migrations/env.py's fileConfig() does to logging.

    fileConfig() replaces the root logger's handlers (pytest's capture among them)
    and disables every logger alembic.ini does not name, which would silence
    loggers in tests that run later in the same process.
    """
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    loggers = [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    disabled = {logger: logger.disabled for logger in loggers}
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for logger in logging.Logger.manager.loggerDict.values():
            if isinstance(logger, logging.Logger):
                logger.disabled = disabled.get(logger, False)


@contextmanager
def _alembic_env() -> Iterator[None]:
    with _logging_left_alone(), warnings.catch_warnings():
        # migrations/env.py (Flask-Migrate's stock template) tries the deprecated
        # db.get_engine() before db.engine. Harmless: on Flask-SQLAlchemy 3.2 it raises
        # AttributeError and env.py falls back to db.engine. Only this warning is hidden.
        warnings.filterwarnings(
            "ignore", message="'get_engine' is deprecated", category=DeprecationWarning
        )
        yield


def migrate(revision: str = "head") -> None:
    """Run the real migrations (not create_all) to revision."""
    with _alembic_env():
        flask_migrate.upgrade(revision=revision)


def downgrade(revision: str = "base") -> None:
    with _alembic_env():
        flask_migrate.downgrade(revision=revision)


@pytest.fixture
def db_app(database_url) -> Iterator[Flask]:
    app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url, QUESTIONS_DIR=str(QUESTIONS_DIR))
    with app.app_context():
        migrate()
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def dialect(db_app) -> str:
    """'sqlite' or 'postgresql'."""
    return db.engine.dialect.name


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def count(db_app):
    """count(Model) -> number of rows in its table."""
    return _count


@contextmanager
def _refused(*messages: str) -> Iterator[None]:
    """Expect the database to refuse what the block adds, then roll back.

    Pass fragments of the error message (any one must match, since SQLite and
    PostgreSQL word it differently) so that the right constraint is proved to fire,
    not some unrelated NOT NULL or foreign key.
    """
    with pytest.raises(IntegrityError) as caught:
        yield
        db.session.flush()
    db.session.rollback()
    if messages:
        error = str(caught.value.orig)
        assert any(m in error for m in messages), f"refused for another reason: {error}"


@pytest.fixture
def refused(db_app):
    """with refused("constraint name", ...): add rows the database must refuse."""
    return _refused


@pytest.fixture
def migrations(db_app):
    """The real migrations: migrations.upgrade(rev) and migrations.downgrade(rev)."""
    return SimpleNamespace(upgrade=migrate, downgrade=downgrade)
